/**
 * How often a session may call GetRecords on one shard. Production consumers share a shard's
 * 5 calls/s and 2 MB/s, so an inspector stays polite: at most 5 calls/s while draining a backlog
 * (and no faster than 2 MB/s of data), at most 1 call/s once caught up.
 */
export interface ReaderTuning {
  /** Shortest gap between two GetRecords on one shard while draining: 200 ms is 5 calls/s. */
  drainIntervalMs: number
  /** Gap between calls once a shard is caught up (live tail). */
  caughtUpIntervalMs: number
  /** Read bandwidth per shard not to exceed on average. */
  bytesPerSecond: number
  /** Limit of the first call on a shard: small, so the first rows show at once. */
  firstCallLimit: number
  /** Limit of every later call: the API's maximum. */
  recordsPerCall: number
  /** First back-off after a throttle or a network error; doubles up to maxBackoffMs. */
  backoffMs: number
  maxBackoffMs: number
  /** Network errors in a row on one shard before the session gives up. */
  networkRetries: number
  /** Progress events are coalesced to at most one per this interval. */
  progressIntervalMs: number
}

export const defaultTuning: ReaderTuning = {
  // 210 ms, not 200: five calls in a rolling second with no room for jitter would be throttled.
  drainIntervalMs: 210,
  caughtUpIntervalMs: 1000,
  // The shard's 2 MiB/s. The wait counts from when the answer arrived, which is later than when
  // Kinesis metered the call by at least the network latency: that is the safety margin.
  bytesPerSecond: 2 * 1024 * 1024,
  firstCallLimit: 200,
  recordsPerCall: 10_000,
  backoffMs: 500,
  maxBackoffMs: 5000,
  networkRetries: 5,
  progressIntervalMs: 250
}

export const GET_RECORDS_LIMIT_PER_SECOND = 5

/** Per-shard call log: when the next call may go, and how many went in the last second. */
export class ShardBudget {
  private calls: number[] = []
  private nextCallAt = 0

  constructor(private readonly tuning: ReaderTuning) {}

  waitMs(now: number): number {
    return Math.max(0, this.nextCallAt - now)
  }

  recordCall(at: number): void {
    this.calls.push(at)
    this.trim(at)
  }

  /**
   * After a page: draining waits for the byte budget too; caught up waits a full second.
   * The byte wait counts from when the page arrived, not from when the call left: Kinesis meters
   * from when the call reached it, which a busy event loop can delay by tens of milliseconds.
   */
  afterPage(calledAt: number, receivedAt: number, bytes: number, caughtUp: boolean): void {
    const interval = caughtUp ? this.tuning.caughtUpIntervalMs : this.tuning.drainIntervalMs
    const byteWait = (bytes / this.tuning.bytesPerSecond) * 1000
    this.nextCallAt = Math.max(calledAt + interval, receivedAt + byteWait)
  }

  backOff(now: number, delayMs: number): void {
    this.nextCallAt = now + delayMs
  }

  callsLastSecond(now: number): number {
    this.trim(now)
    return this.calls.length
  }

  private trim(now: number): void {
    while (this.calls.length > 0 && (this.calls[0] as number) <= now - 1000) this.calls.shift()
  }
}

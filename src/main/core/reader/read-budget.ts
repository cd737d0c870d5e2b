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
  /**
   * The part of the shortest round trip seen on a shard taken as the answer's way back: time after
   * Kinesis metered a page that the byte budget need not wait for again (see ShardBudget).
   * 0 counts every page from its answer (the most cautious); 1 would take the whole round trip
   * as network, which it is not quite (the service's own work is in it too).
   */
  latencyMarginShare: number
  /**
   * The most the margin above may be: when the service is slow even for small calls, the shortest
   * round trip is mostly its work, not the network, and must not be taken as the way back.
   */
  maxLatencyMarginMs: number
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
  // The shard's 2 MiB/s.
  bytesPerSecond: 2 * 1024 * 1024,
  // Less than half: on a symmetric path half the round trip also holds some of the service's work.
  latencyMarginShare: 0.4,
  maxLatencyMarginMs: 20,
  firstCallLimit: 200,
  recordsPerCall: 10_000,
  backoffMs: 500,
  maxBackoffMs: 5000,
  networkRetries: 5,
  progressIntervalMs: 250
}

export const GET_RECORDS_LIMIT_PER_SECOND = 5

/**
 * Per shard: when the next GetRecords may go, and how many went in the last second.
 *
 * Two limits, both as Kinesis applies them:
 * - calls: at most 5 a second (one per `drainIntervalMs` while draining, one a second once caught
 *   up), counted from when each call left;
 * - bytes: a token bucket of the shard's 2 MiB/s with no burst beyond one page — the service
 *   serves a call that overdraws and refuses the next ones until the debt is paid. The bucket
 *   charges a page at the moment Kinesis metered it, which was after the call left and before
 *   the answer arrived: at the latest, the answer's arrival minus its way back over the network.
 *   That way back is measured: a share (`latencyMarginShare`) of the shortest round trip seen on
 *   the shard, the round trip of a call the service had almost nothing to do for. So the wait
 *   after a page no longer also pays the page's own round trip, and is still never early: never
 *   throttled.
 */
export class ShardBudget {
  private calls: number[] = []
  /** The call limit: the earliest the next call may leave. */
  private nextCallAt = 0
  /** The byte bucket: when the debt of the pages read so far is paid (our clock). */
  private bytesFreeAt = -Infinity
  private shortestRoundTrip = Infinity
  /** Set by a throttle: from then on this shard counts every page from its answer. */
  private cautious = false

  constructor(private readonly tuning: ReaderTuning) {}

  waitMs(now: number): number {
    return Math.max(0, this.nextCallAt - now, this.bytesFreeAt - now)
  }

  recordCall(at: number): void {
    this.calls.push(at)
    this.trim(at)
  }

  /** After a page: draining waits for the call limit and the byte bucket; caught up waits a full second. */
  afterPage(sentAt: number, answeredAt: number, bytes: number, caughtUp: boolean): void {
    const roundTrip = Math.max(0, answeredAt - sentAt)
    this.shortestRoundTrip = Math.min(this.shortestRoundTrip, roundTrip)
    const wayBack = this.cautious ? 0 : Math.min(this.shortestRoundTrip * this.tuning.latencyMarginShare, this.tuning.maxLatencyMarginMs)
    const meteredAt = Math.max(sentAt, answeredAt - wayBack)
    this.bytesFreeAt = Math.max(this.bytesFreeAt, meteredAt) + (bytes / this.tuning.bytesPerSecond) * 1000
    this.nextCallAt = sentAt + (caughtUp ? this.tuning.caughtUpIntervalMs : this.tuning.drainIntervalMs)
  }

  /** After a throttle or a network error: no call before `delayMs`; a throttle also drops the margin. */
  backOff(now: number, delayMs: number, throttled = false): void {
    this.nextCallAt = now + delayMs
    if (throttled) this.cautious = true
  }

  callsLastSecond(now: number): number {
    this.trim(now)
    return this.calls.length
  }

  private trim(now: number): void {
    while (this.calls.length > 0 && (this.calls[0] as number) <= now - 1000) this.calls.shift()
  }
}

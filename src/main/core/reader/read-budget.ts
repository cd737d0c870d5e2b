/**
 * How often a session may call GetRecords on one shard. Production consumers share a shard's
 * 5 calls/s and 2 MB/s, so an inspector stays polite: at most 5 calls/s while draining a backlog
 * (and no faster than 2 MB/s of data), at most 1 call/s once caught up.
 */
import { readBudgets, type ReadBudget } from '../../../shared/domain'

export interface ReaderTuning {
  /** Shortest gap between two GetRecords on one shard while draining: 200 ms is 5 calls/s. */
  drainIntervalMs: number
  /** Gap between calls once a shard is caught up (live tail). */
  caughtUpIntervalMs: number
  /** Read bandwidth per shard not to exceed on average. */
  bytesPerSecond: number
  /**
   * The latency margin, as a share of the shortest round trip seen on a shard: how much sooner
   * the next call may reach Kinesis, after leaving, than the last one did. A page's byte debt
   * starts when its call reached Kinesis; we know when it left, so the next call leaves no sooner
   * than the last one left plus this margin plus the page's cost (see ShardBudget).
   */
  latencyMarginShare: number
  /** The least and the most the margin above may be. */
  minLatencyMarginMs: number
  maxLatencyMarginMs: number
  /** Limit of the first call on a shard: small, so the first rows show at once. */
  firstCallLimit: number
  /** Limit of every later call: the API's maximum. */
  recordsPerCall: number
  /** First back-off after a network error; doubles up to maxBackoffMs. */
  backoffMs: number
  /**
   * First back-off after a throttle; doubles up to maxBackoffMs. Short: a refused call cost the
   * shard no budget and the shard's margin has just been widened (ShardBudget.backOff), so the
   * next try is likely to pass; when other consumers are spending the shard's budget, the
   * doubling still backs off to maxBackoffMs.
   */
  throttleBackoffMs: number
  maxBackoffMs: number
  /** Network errors in a row on one shard before the session gives up. */
  networkRetries: number
  /** Progress events are coalesced to at most one per this interval. */
  progressIntervalMs: number
}

/** GetRecords calls a second the tuning allows a shard while draining (what the budget meter counts against). */
export function callLimit(tuning: Pick<ReaderTuning, 'drainIntervalMs'>): number {
  return Math.max(1, Math.round(1000 / tuning.drainIntervalMs))
}

/** The tuning of a session on `budget`: the gentle one spends 1 call/s and 1 MiB/s of each shard. */
export function budgetTuning(tuning: ReaderTuning, budget: ReadBudget): ReaderTuning {
  if (budget === 'full') return tuning
  const { callsPerSecond, bytesPerSecond } = readBudgets[budget]
  return { ...tuning, drainIntervalMs: Math.max(tuning.drainIntervalMs, 1000 / callsPerSecond), bytesPerSecond: Math.min(tuning.bytesPerSecond, bytesPerSecond) }
}

export const defaultTuning: ReaderTuning = {
  // 210 ms, not 200: five calls in a rolling second with no room for jitter would be throttled.
  drainIntervalMs: 210,
  caughtUpIntervalMs: 1000,
  // The shard's 2 MiB/s.
  bytesPerSecond: 2 * 1024 * 1024,
  // Half the shortest round trip, up to 50 ms: on a busy 2-core machine calls reached the test
  // proxy up to 47 ms after they left (0.4 still saw a throttle in half the benchmark runs), and a
  // throttle costs a back-off and a wider margin from then on, more than 10 ms on every page.
  latencyMarginShare: 0.5,
  minLatencyMarginMs: 5,
  maxLatencyMarginMs: 50,
  firstCallLimit: 200,
  recordsPerCall: 10_000,
  backoffMs: 500,
  throttleBackoffMs: 100,
  maxBackoffMs: 5000,
  networkRetries: 5,
  progressIntervalMs: 250
}

export const GET_RECORDS_LIMIT_PER_SECOND = 5

/** A page as the byte bucket charges it: its call's times, its cost, and the debt it queued behind. */
interface ChargedPage {
  sentAt: number
  answeredAt: number
  costMs: number
  freeBefore: number
}

/**
 * Per shard: when the next GetRecords may go, and how many went in the last second.
 *
 * Two limits, both as Kinesis applies them:
 * - calls: at most 5 a second (one per `drainIntervalMs` while draining, one a second once caught
 *   up), counted from when each call left;
 * - bytes: a token bucket of the shard's 2 MiB/s with no burst beyond one page. Kinesis serves a
 *   call that overdraws and refuses the next ones until the debt is paid, the debt counted from
 *   the call ("a call that returns 10 MB makes the calls of the next 5 s throw"). We cannot see
 *   when a call reached Kinesis, only when it left: the bucket counts each page from when its
 *   call left plus a latency margin (half the shortest round trip seen, 5–50 ms), the most the
 *   next call's outward way can be shorter than this one's. So a page's wait no longer includes
 *   its own round trip or the service's time to serve it (about 10% of a 4 MB page's 2 s on an
 *   emulator), and the next call still reaches Kinesis after the debt is paid.
 *   A throttle means the margin was too small: the call reached Kinesis sooner after the last
 *   one than the margin allowed for (a busy network or front end), or the service counts the
 *   debt from later than the call's arrival (from when it served the page). Each throttle makes
 *   that shard's margin four times wider, up to counting each page from its answer (the most
 *   cautious): a jittery path costs one throttled call, a service that counts from the answer
 *   at most three (e.g. 50 → 200 → 800 ms → the answer), and then none.
 */
export class ShardBudget {
  private calls: number[] = []
  /** The call limit: the earliest the next call may leave. */
  private nextCallAt = 0
  /** The byte bucket: when the debt of the pages read so far is paid (our clock). */
  private bytesFreeAt = -Infinity
  private shortestRoundTrip = Infinity
  /** How much wider than measured the latency margin is: ×4 after each throttle. */
  private marginScale = 1
  /** The last page charged, to charge it again from later when a throttle shows the margin was short. */
  private lastPage: ChargedPage | null = null

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
    const { tuning } = this
    this.shortestRoundTrip = Math.min(this.shortestRoundTrip, Math.max(0, answeredAt - sentAt))
    this.lastPage = { sentAt, answeredAt, costMs: (bytes / tuning.bytesPerSecond) * 1000, freeBefore: this.bytesFreeAt }
    this.bytesFreeAt = this.charge(this.lastPage)
    this.nextCallAt = sentAt + (caughtUp ? tuning.caughtUpIntervalMs : tuning.drainIntervalMs)
  }

  /**
   * After a throttle or a network error: no call before `delayMs`. A throttle also widens the
   * margin, and charges the last page again with it: its debt started later than we counted.
   */
  backOff(now: number, delayMs: number, throttled = false): void {
    this.nextCallAt = now + delayMs
    if (!throttled) return
    this.marginScale *= 4
    if (this.lastPage !== null) this.bytesFreeAt = Math.max(this.bytesFreeAt, this.charge(this.lastPage))
  }

  /** When a page's debt is paid: from its call plus the margin (never after its answer), behind the debt before it. */
  private charge(page: ChargedPage): number {
    const { tuning } = this
    const measured = Math.min(tuning.maxLatencyMarginMs, Math.max(tuning.minLatencyMarginMs, this.shortestRoundTrip * tuning.latencyMarginShare))
    const chargedFrom = Math.min(page.answeredAt, page.sentAt + measured * this.marginScale)
    return Math.max(page.freeBefore, chargedFrom) + page.costMs
  }

  callsLastSecond(now: number): number {
    this.trim(now)
    return this.calls.length
  }

  private trim(now: number): void {
    while (this.calls.length > 0 && (this.calls[0] as number) <= now - 1000) this.calls.shift()
  }
}

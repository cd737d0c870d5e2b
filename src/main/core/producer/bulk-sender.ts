/**
 * The bulk sender shared by bulk send and replay: PutRecords batches (≤ 500 records, ≤ 10 MiB),
 * several in flight, paced per shard so that a throttled shard slows down alone while the
 * others stay busy, and accounting that loses nothing:
 *
 * - Per partition key order: only the oldest unconfirmed record of a key (its "order key") may be
 *   in flight; the next one of that key waits until it has a sequence number or a final error.
 *   A failed entry stays at the head of its key, so its retry goes before any later record.
 * - A failed entry (matched by position in the answer) is resent alone, with backoff, until it is
 *   confirmed or the retry time limit passes (then it is a final failure with its error code).
 * - A call that left and got no answer (timeout, reset connection) may or may not have written:
 *   its records are counted "outcome unknown" and never resent (that could write them twice).
 * - Cancel stops dispatching at once, gives calls in flight a grace period, then counts what
 *   they carried as unknown; sent + failed + unknown + notSent always equals requested.
 */
import {
  DEFAULT_MAX_RECORD_BYTES,
  MAX_BATCH_BYTES,
  MAX_BATCH_RECORDS,
  type ProducerFailure,
  type ProducerJobKind,
  type ProducerProgress,
  type ProducerReport
} from '../../../shared/producer'
import type { AppError } from '../../../shared/errors'
import type { SenderClock } from './clock'

/** One Kinesis record to put: a user record, or a KPL aggregate of `records` user records. */
export interface SendItem {
  /** Position in the run of its (first) user record, from 0. */
  index: number
  /** User records it carries: 1, or an aggregate's count. */
  records: number
  partitionKey: string
  explicitHashKey: string | null
  data: Uint8Array
  /** Records with the same order key are confirmed one at a time, in order (the partition key). */
  orderKey: string
  /** The shard hash-key routing predicts ('' when no open shard is known): drives pacing. */
  shardId: string
}

/** What a source yields: a record to send, or one it could not build (counted as failed). */
export type SourceItem = SendItem | { index: number; failure: ProducerFailure }

export interface RecordSource {
  /** The next record, or null when there are no more. */
  next(): SourceItem | null
}

export type EntryResult =
  | { ok: true; shardId: string; sequenceNumber: string }
  | { ok: false; errorCode: string; errorMessage: string }

export type CallOutcome =
  /** The call was answered: one result per entry, in the order sent. */
  | { kind: 'answered'; entries: EntryResult[] }
  /** Refused as a whole before anything was written (throttled, 5xx, connection refused). */
  | { kind: 'retry'; errorCode: string; errorMessage: string }
  /** Left and got no answer: may have been written. */
  | { kind: 'unknown'; errorCode: string; errorMessage: string }
  /** Nothing more can be sent (stream gone, access denied, KMS key unusable). */
  | { kind: 'fatal'; errorCode: string; error: AppError }

export type PutRecordsFn = (items: readonly SendItem[], signal: AbortSignal) => Promise<CallOutcome>

export interface SenderTuning {
  /** Per-shard write limits (AWS: 1,000 records and 1 MiB a second). */
  shardRecordsPerSecond: number
  shardBytesPerSecond: number
  /** How many seconds of a shard's budget may go out at once. */
  burstSeconds: number
  maxInFlight: number
  /** User records held between the source and the stream (bounds memory). */
  maxPending: number
  /** A call with no answer by then is counted outcome unknown. */
  callTimeoutMs: number
  /** A record still failing this long after its first try gets a final error. */
  retryTimeLimitMs: number
  backoffMs: number
  maxBackoffMs: number
  /** The pacing tick: how often tokens are spent while records wait for them. */
  tickMs: number
  progressEveryMs: number
  /** After cancel, calls in flight get this long to answer. */
  cancelGraceMs: number
}

export const defaultSenderTuning: SenderTuning = {
  shardRecordsPerSecond: 1000,
  shardBytesPerSecond: 1024 * 1024,
  burstSeconds: 0.2,
  maxInFlight: 8,
  maxPending: 50_000,
  callTimeoutMs: 30_000,
  retryTimeLimitMs: 30_000,
  backoffMs: 100,
  maxBackoffMs: 2_000,
  tickMs: 20,
  progressEveryMs: 250,
  cancelGraceMs: 600
}

export interface BulkSenderOptions {
  jobId: string
  kind: ProducerJobKind
  clock: SenderClock
  putRecords: PutRecordsFn
  source: RecordSource
  /** Records requested; null sends until cancelled. */
  total: number | null
  /** User records per second; null sends as fast as the stream allows. */
  ratePerSecond: number | null
  tuning?: Partial<SenderTuning>
  progress(progress: ProducerProgress): void
  ended(report: ProducerReport): void
  /** Confirmed records, per shard, as they are confirmed. */
  observe?: (shardId: string, records: number, bytes: number) => void
  /**
   * The stream's maximum record size (default 1 MiB). A shard's byte bucket holds at least this
   * much, so a record of that size fits; above 1 MiB the bucket starts with the extra as a burst,
   * as Kinesis absorbs an occasional large record ("Handle large records": a shard's write
   * capacity is a tank refilled at 1 MB/s that a 10 MiB record drains for a while).
   */
  maxRecordBytes?: number
}

const MAX_FAILURES = 1000
const MIN_SHARD_RATE = 20
const RATE_WINDOW_MS = 5000

interface Pending extends SendItem {
  size: number
  attempts: number
  firstTriedAt: number | null
  retryAt: number
  lastError: { errorCode: string; errorMessage: string } | null
}

interface ShardPace {
  rate: number
  tokens: number
  byteTokens: number
  refilledAt: number
  pausedUntil: number
  ready: Pending[]
}

interface Call {
  items: Pending[]
  controller: AbortController
  timer: unknown
  done: boolean
}

export class BulkSender {
  private readonly tuning: SenderTuning
  private readonly clock: SenderClock
  private readonly startedAt: number
  private readonly keys = new Map<string, Pending[]>()
  private readonly shards = new Map<string, ShardPace>()
  private readonly waiting: Pending[] = []
  private readonly calls = new Set<Call>()
  private readonly perShard = new Map<string, number>()
  private readonly failures: ProducerFailure[] = []
  private readonly rateSamples: { at: number; sent: number }[] = []
  private generated = 0
  private pending = 0
  private sourceDone = false
  private sent = 0
  private failed = 0
  private unknown = 0
  private throttled = 0
  private state: 'running' | 'cancelling' | 'ended' = 'running'
  private endReason: ProducerReport['reason'] = 'completed'
  private error: AppError | null = null
  private tickTimer: unknown = null
  private progressTimer: unknown = null
  private graceTimer: unknown = null
  private globalTokens: number
  private globalRefilledAt: number
  private readonly globalCapacity: number
  private readonly maxRecordBytes: number

  constructor(private readonly options: BulkSenderOptions) {
    this.tuning = { ...defaultSenderTuning, ...options.tuning }
    this.maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES
    this.clock = options.clock
    this.startedAt = this.clock.now()
    this.globalCapacity = options.ratePerSecond === null ? Infinity : Math.max(1, options.ratePerSecond * 0.5)
    this.globalTokens = options.ratePerSecond === null ? Infinity : Math.min(this.globalCapacity, 1)
    this.globalRefilledAt = this.startedAt
  }

  start(): void {
    this.rateSamples.push({ at: this.startedAt, sent: 0 })
    this.scheduleProgress()
    this.pump(true)
  }

  get running(): boolean {
    return this.state !== 'ended'
  }

  /** Stops sending; calls in flight get a short grace to answer (immediate: none). */
  cancel(reason: ProducerReport['reason'] = 'cancelled', immediate = false): 'cancelling' | 'ended' {
    if (this.state === 'ended') return 'ended'
    if (this.state === 'running') {
      this.state = 'cancelling'
      this.endReason = reason
      this.emitProgress()
    }
    if (immediate) this.abandonCalls('Cancelled')
    else this.graceTimer ??= this.clock.setTimeout(() => this.abandonCalls('Cancelled'), this.tuning.cancelGraceMs)
    this.maybeFinish()
    return this.state
  }

  // --- feeding ---------------------------------------------------------------------------------

  private lookahead(): number {
    const rate = this.options.ratePerSecond
    // Enough ready records to fill the shards; with a slow rate, only a couple of seconds' worth.
    return rate === null ? 4 * MAX_BATCH_RECORDS : Math.max(1, Math.min(4 * MAX_BATCH_RECORDS, Math.ceil(rate * 2)))
  }

  private readyCount(): number {
    let n = 0
    for (const shard of this.shards.values()) n += shard.ready.length
    return n
  }

  /** Pulls from the source while there is room, and while some shard has budget but nothing ready. */
  private feed(): void {
    if (this.sourceDone || this.state !== 'running') return
    const now = this.clock.now()
    let ready = this.readyCount()
    while (this.pending < this.tuning.maxPending && (this.options.total === null || this.generated < this.options.total)) {
      if (ready >= this.lookahead() && !this.someShardIdle(now)) break
      const item = this.options.source.next()
      if (item === null) {
        this.sourceDone = true
        return
      }
      if ('failure' in item) {
        this.generated += 1
        this.fail(1, item.failure)
        continue
      }
      this.generated += item.records
      this.pending += item.records
      const entry: Pending = {
        ...item,
        size: item.data.byteLength + Buffer.byteLength(item.partitionKey),
        attempts: 0,
        firstTriedAt: null,
        retryAt: 0,
        lastError: null
      }
      const queue = this.keys.get(item.orderKey)
      if (queue === undefined) {
        this.keys.set(item.orderKey, [entry])
        this.pace(item.shardId).ready.push(entry)
        ready += 1
      } else {
        queue.push(entry) // waits behind the earlier record of its key
      }
    }
    if (this.options.total !== null && this.generated >= this.options.total) this.sourceDone = true
  }

  private someShardIdle(now: number): boolean {
    if (this.options.ratePerSecond !== null) return false
    for (const shard of this.shards.values()) {
      this.refill(shard, now)
      if (shard.ready.length === 0 && shard.tokens >= 1 && shard.pausedUntil <= now) return true
    }
    return false
  }

  private pace(shardId: string): ShardPace {
    let shard = this.shards.get(shardId)
    if (shard === undefined) {
      const rate = this.tuning.shardRecordsPerSecond
      shard = {
        rate,
        tokens: rate * this.tuning.burstSeconds,
        byteTokens: this.tuning.shardBytesPerSecond * this.tuning.burstSeconds + Math.max(0, this.maxRecordBytes - DEFAULT_MAX_RECORD_BYTES),
        refilledAt: this.clock.now(),
        pausedUntil: 0,
        ready: []
      }
      this.shards.set(shardId, shard)
    }
    return shard
  }

  private byteRate(shard: ShardPace): number {
    return (this.tuning.shardBytesPerSecond * shard.rate) / this.tuning.shardRecordsPerSecond
  }

  private refill(shard: ShardPace, now: number): void {
    const seconds = Math.max(0, now - shard.refilledAt) / 1000
    shard.refilledAt = now
    shard.tokens = Math.min(shard.rate * this.tuning.burstSeconds, shard.tokens + seconds * shard.rate)
    // A whole record must always fit eventually, however large: the byte bucket holds at least
    // the stream's largest record (1 MiB, or up to 10 MiB on a stream with large records).
    const byteCapacity = Math.max(this.maxRecordBytes, this.byteRate(shard) * this.tuning.burstSeconds)
    shard.byteTokens = Math.min(byteCapacity, shard.byteTokens + seconds * this.byteRate(shard))
  }

  // --- dispatching -----------------------------------------------------------------------------

  /** Sends what the budgets allow. From the tick (or with nothing in flight) even a small batch goes. */
  private pump(fromTick: boolean): void {
    if (this.state !== 'running') return
    this.feed()
    const now = this.clock.now()
    this.releaseDue(now)
    if (this.options.ratePerSecond !== null) {
      this.globalTokens = Math.min(this.globalCapacity, this.globalTokens + ((now - this.globalRefilledAt) / 1000) * this.options.ratePerSecond)
      this.globalRefilledAt = now
    }
    while (this.calls.size < this.tuning.maxInFlight) {
      const batch = this.collect(now, fromTick || this.calls.size === 0)
      if (batch === null) break
      this.dispatch(batch)
      this.feed()
    }
    this.maybeFinish()
    this.scheduleTick()
  }

  /** Moves records whose backoff is over back to the front of their shard's queue. */
  private releaseDue(now: number): void {
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      const item = this.waiting[i]
      if (item === undefined || item.retryAt > now) continue
      this.waiting.splice(i, 1)
      this.pace(item.shardId).ready.unshift(item)
    }
  }

  /** A batch within the budgets, or null; a small batch is only taken when `small` allows. */
  private collect(now: number, small: boolean): Pending[] | null {
    const batch: Pending[] = []
    let bytes = 0
    let global = this.globalTokens
    const taken = new Map<ShardPace, { records: number; bytes: number }>()
    let waitingForBudget = false
    for (const shard of this.shards.values()) {
      if (shard.ready.length === 0) continue
      if (shard.pausedUntil > now) {
        waitingForBudget = true
        continue
      }
      this.refill(shard, now)
      let records = 0
      let shardBytes = 0
      for (const item of shard.ready) {
        if (batch.length >= MAX_BATCH_RECORDS || bytes + item.size > MAX_BATCH_BYTES) break
        if (shard.tokens - records < 1 || shard.byteTokens - shardBytes < item.size) {
          waitingForBudget = true
          break
        }
        if (global < item.records && !(batch.length === 0 && global >= this.globalCapacity)) {
          waitingForBudget = true
          break
        }
        batch.push(item)
        records += 1
        shardBytes += item.size
        bytes += item.size
        global -= item.records
      }
      if (records > 0) taken.set(shard, { records, bytes: shardBytes })
    }
    if (batch.length === 0) return null
    // Fewer, fuller calls: between ticks a small batch waits for more budget, unless everything
    // ready is in it already (records held back by their key's order: waiting gains nothing).
    if (!small && waitingForBudget && batch.length < 50 && bytes < 256 * 1024) return null
    for (const [shard, use] of taken) {
      shard.tokens -= use.records
      shard.byteTokens -= use.bytes
      shard.ready.splice(0, use.records)
    }
    this.globalTokens = global
    return batch
  }

  private dispatch(items: Pending[]): void {
    const now = this.clock.now()
    for (const item of items) {
      item.attempts += 1
      item.firstTriedAt ??= now
    }
    const call: Call = { items, controller: new AbortController(), timer: null, done: false }
    call.timer = this.clock.setTimeout(() => {
      this.settle(call, { kind: 'unknown', errorCode: 'Timeout', errorMessage: `No answer within ${this.tuning.callTimeoutMs} ms` })
      call.controller.abort()
    }, this.tuning.callTimeoutMs)
    this.calls.add(call)
    this.options.putRecords(items, call.controller.signal).then(
      (outcome) => this.settle(call, outcome),
      (error: unknown) =>
        this.settle(call, { kind: 'unknown', errorCode: 'Error', errorMessage: error instanceof Error ? error.message : String(error) })
    )
  }

  private abandonCalls(why: string): void {
    for (const call of [...this.calls]) {
      this.settle(call, { kind: 'unknown', errorCode: 'Cancelled', errorMessage: `${why} before PutRecords answered` })
      call.controller.abort()
    }
    this.maybeFinish()
  }

  // --- answers ---------------------------------------------------------------------------------

  private settle(call: Call, outcome: CallOutcome): void {
    if (call.done) return // a late answer after a timeout or cancel: already counted
    call.done = true
    this.calls.delete(call)
    this.clock.clearTimeout(call.timer)
    const now = this.clock.now()
    const throttledShards = new Set<string>()
    const okShards = new Set<string>()
    if (outcome.kind === 'answered') {
      call.items.forEach((item, position) => {
        const result = outcome.entries[position]
        if (result === undefined) {
          this.retry(item, now, { errorCode: 'MissingResult', errorMessage: 'PutRecords answered without this entry' })
        } else if (result.ok) {
          this.confirm(item, result.shardId)
          okShards.add(item.shardId)
        } else {
          if (result.errorCode === 'ProvisionedThroughputExceededException') {
            this.throttled += 1
            throttledShards.add(item.shardId)
          }
          this.retry(item, now, result)
        }
      })
    } else if (outcome.kind === 'retry') {
      for (const item of call.items) {
        if (outcome.errorCode === 'ProvisionedThroughputExceededException') {
          this.throttled += 1
          throttledShards.add(item.shardId)
        }
        this.retry(item, now, outcome)
      }
    } else if (outcome.kind === 'unknown') {
      for (const item of call.items) {
        this.unknown += item.records
        this.release(item)
      }
    } else {
      for (const item of call.items) this.fail(item.records, this.failureOf(item, outcome.errorCode, outcome.error.message), item)
      if (this.error === null) {
        this.error = outcome.error
        if (this.state === 'running') {
          this.state = 'cancelling'
          this.endReason = 'failed'
        }
      }
    }
    this.adapt(throttledShards, okShards, now)
    if (this.state === 'running') this.pump(false)
    else this.maybeFinish()
  }

  /** Additive increase, multiplicative decrease of each shard's rate, as TCP does. */
  private adapt(throttled: Set<string>, ok: Set<string>, now: number): void {
    for (const shardId of throttled) {
      const shard = this.pace(shardId)
      this.refill(shard, now)
      shard.rate = Math.max(MIN_SHARD_RATE, shard.rate * 0.7)
      shard.tokens = Math.min(shard.tokens, 0)
      shard.pausedUntil = Math.max(shard.pausedUntil, now + this.tuning.backoffMs)
    }
    for (const shardId of ok) {
      if (throttled.has(shardId)) continue
      const shard = this.pace(shardId)
      shard.rate = Math.min(this.tuning.shardRecordsPerSecond, shard.rate + this.tuning.shardRecordsPerSecond * 0.05)
    }
  }

  private confirm(item: Pending, shardId: string): void {
    this.sent += item.records
    this.perShard.set(shardId, (this.perShard.get(shardId) ?? 0) + item.records)
    this.options.observe?.(shardId, item.records, item.size)
    this.release(item)
  }

  private retry(item: Pending, now: number, error: { errorCode: string; errorMessage: string }): void {
    item.lastError = { errorCode: error.errorCode, errorMessage: error.errorMessage }
    if (now - (item.firstTriedAt ?? now) >= this.tuning.retryTimeLimitMs) {
      this.fail(item.records, this.failureOf(item, error.errorCode, error.errorMessage), item)
      return
    }
    const backoff = Math.min(this.tuning.maxBackoffMs, this.tuning.backoffMs * 2 ** Math.min(20, item.attempts - 1))
    item.retryAt = now + backoff
    this.waiting.push(item)
  }

  private failureOf(item: Pending, errorCode: string, errorMessage: string): ProducerFailure {
    const what = item.records > 1 ? ` (an aggregate of ${item.records} user records)` : ''
    return { index: item.index, partitionKey: item.partitionKey, errorCode, errorMessage: `${errorMessage}${what}` }
  }

  private fail(records: number, failure: ProducerFailure, item?: Pending): void {
    this.failed += records
    if (this.failures.length < MAX_FAILURES) this.failures.push(failure)
    if (item !== undefined) this.release(item)
  }

  /** The record is done (confirmed, failed or unknown): the next one of its key may go. */
  private release(item: Pending): void {
    this.pending -= item.records
    const queue = this.keys.get(item.orderKey)
    if (queue === undefined || queue[0] !== item) return
    queue.shift()
    const next = queue[0]
    if (next === undefined) this.keys.delete(item.orderKey)
    else this.pace(next.shardId).ready.push(next)
  }

  // --- timers, progress, the end ---------------------------------------------------------------

  private scheduleTick(): void {
    if (this.state !== 'running' || this.tickTimer !== null) return
    if (this.readyCount() === 0 && this.waiting.length === 0 && (this.sourceDone || this.pending >= this.tuning.maxPending)) return
    this.tickTimer = this.clock.setTimeout(() => {
      this.tickTimer = null
      this.pump(true)
    }, this.tuning.tickMs)
  }

  private scheduleProgress(): void {
    this.progressTimer = this.clock.setTimeout(() => {
      this.progressTimer = null
      if (this.state === 'ended') return
      this.emitProgress()
      this.scheduleProgress()
    }, this.tuning.progressEveryMs)
  }

  private retrying(): number {
    let n = 0
    for (const item of this.waiting) n += item.records
    return n
  }

  private rate(now: number): number {
    this.rateSamples.push({ at: now, sent: this.sent })
    while (this.rateSamples.length > 2 && (this.rateSamples[1]?.at ?? now) <= now - RATE_WINDOW_MS) this.rateSamples.shift()
    const first = this.rateSamples[0]
    if (first === undefined || now - first.at <= 0) return 0
    return ((this.sent - first.sent) * 1000) / (now - first.at)
  }

  private emitProgress(): void {
    const now = this.clock.now()
    const rate = this.rate(now)
    const total = this.options.total
    const left = total === null ? null : total - this.sent - this.failed - this.unknown
    this.options.progress({
      jobId: this.options.jobId,
      kind: this.options.kind,
      state: this.state === 'running' ? 'running' : 'cancelling',
      sent: this.sent,
      failed: this.failed,
      retrying: this.retrying(),
      unknown: this.unknown,
      total,
      ratePerSecond: Math.round(rate * 10) / 10,
      elapsedMs: Math.round(now - this.startedAt),
      etaMs: left === null || rate <= 0 ? null : Math.round((left / rate) * 1000),
      throttled: this.throttled
    })
  }

  private maybeFinish(): void {
    if (this.state === 'ended' || this.calls.size > 0) return
    if (this.state === 'running' && !(this.sourceDone && this.pending === 0)) return
    // The last tick's progress may be up to a tick old: the final counts go out before the report.
    this.emitProgress()
    this.state = 'ended'
    for (const timer of [this.tickTimer, this.progressTimer, this.graceTimer]) if (timer !== null) this.clock.clearTimeout(timer)
    const requested = this.options.total ?? this.generated
    const report: ProducerReport = {
      jobId: this.options.jobId,
      kind: this.options.kind,
      reason: this.endReason,
      requested,
      sent: this.sent,
      failed: this.failed,
      unknown: this.unknown,
      notSent: requested - this.sent - this.failed - this.unknown,
      perShard: [...this.perShard].map(([shardId, records]) => ({ shardId, records })).sort((a, b) => a.shardId.localeCompare(b.shardId)),
      failures: [...this.failures],
      durationMs: Math.round(this.clock.now() - this.startedAt),
      error: this.error
    }
    this.options.ended(report)
  }
}

/**
 * Pages of one shard for the rewind's short reads (finding the record before a time, counting
 * what a rewind reads again): GetShardIterator, then GetRecords paced by the reader's ShardBudget
 * (at most 5 calls a second and the shard's 2 MiB/s, which production consumers share), and at
 * most `callCap` GetRecords in all, so a dry run on a busy stream costs a bounded number of calls.
 */
import { GetShardIteratorCommand, type KinesisClient } from '@aws-sdk/client-kinesis'
import type { StartPosition } from '../../../shared/domain'
import { AppFailure } from '../../../shared/errors'
import { ShardBudget, type ReaderTuning } from '../reader/read-budget'
import { getRecordsCommand, shardIteratorInput, type RecordsPage } from '../reader/records-page'

export interface PagerShared {
  kinesis: KinesisClient
  stream: string
  tuning: ReaderTuning
  signal: AbortSignal
  /** GetRecords calls made so far, over every shard (what the dry run reports). */
  calls: { count: number }
}

export class PolitePager {
  private readonly budget: ShardBudget
  private iterator: string | null = null
  private made = 0
  private openedAt = -Infinity

  constructor(
    private readonly shared: PagerShared,
    readonly shardId: string,
    private readonly callCap: number
  ) {
    this.budget = new ShardBudget(shared.tuning)
  }

  /** True once the cap is spent: the caller reports "at least" or "could not resolve". */
  get exhausted(): boolean {
    return this.made >= this.callCap
  }

  /**
   * A fresh iterator at `position` (one GetShardIterator; not counted against GetRecords). Also
   * 5 a second per shard at most: opens are spaced like the reader's calls.
   */
  async open(position: StartPosition): Promise<void> {
    await cancellableWait(this.openedAt + this.shared.tuning.drainIntervalMs - Date.now(), this.shared.signal)
    this.openedAt = Date.now()
    const { ShardIterator } = await this.shared.kinesis.send(
      new GetShardIteratorCommand(shardIteratorInput(this.shared.stream, this.shardId, position)),
      { abortSignal: this.shared.signal }
    )
    this.iterator = ShardIterator ?? null
  }

  /** The next page, or null at the end of a closed shard or once the cap is spent. */
  async next(limit: number): Promise<RecordsPage | null> {
    if (this.iterator === null || this.exhausted) return null
    await cancellableWait(this.budget.waitMs(Date.now()), this.shared.signal)
    const timing = { sentAt: 0, answeredAt: 0 }
    const sink: { page: RecordsPage | null } = { page: null }
    this.made += 1
    this.shared.calls.count += 1
    this.budget.recordCall(Date.now())
    await this.shared.kinesis.send(getRecordsCommand({ iterator: this.iterator, limit }, timing, sink, Date.now), { abortSignal: this.shared.signal })
    const page = sink.page
    if (page === null) throw new Error('GetRecords answered without a page')
    const bytes = page.records.reduce((sum, r) => sum + r.data.length, 0)
    this.budget.afterPage(timing.sentAt, timing.answeredAt, bytes, false)
    this.iterator = page.nextShardIterator
    return page
  }
}

/** A page at the tip: nothing more to read now (or the end of a closed shard). */
export function atTip(page: RecordsPage, limit: number): boolean {
  return page.nextShardIterator === null || ((page.millisBehindLatest ?? 0) === 0 && page.records.length < limit)
}

const cancelled = (): AppFailure => new AppFailure('CANCELLED', 'Cancelled: nothing was written.', 'Start again when you are ready.')

export function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw cancelled()
}

/** Waits `ms` (a shard's budget, a watch's tick); a cancel ends the wait at once with CANCELLED. */
export function cancellableWait(ms: number, signal: AbortSignal): Promise<void> {
  throwIfCancelled(signal)
  if (ms <= 0) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(cancelled())
    }
    signal.addEventListener('abort', onAbort, { once: true })
  })
}

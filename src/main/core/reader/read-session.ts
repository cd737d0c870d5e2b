/**
 * One read session: iterates the shards of a plan, decodes each GetRecords page and hands it on
 * as one batch. What it promises the user, and how:
 * - nothing lost, nothing twice: an expired iterator is renewed AFTER the last record delivered on
 *   that shard; a throttle or a network error retries the same iterator after a back-off;
 * - resharding followed: a closed shard is read to its end, then its children (a merge child
 *   after both parents);
 * - polite: the ShardBudget paces calls per shard (read-budget.ts);
 * - stop means stop: an abort signal cancels in-flight calls and every wait.
 */
import { randomUUID } from 'node:crypto'
import { GetShardIteratorCommand, type ChildShard, type KinesisClient } from '@aws-sdk/client-kinesis'
import {
  waitingShardProgress,
  type DecodedRecord,
  type ReadMode,
  type SessionEndReason,
  type SessionState,
  type ShardInfo,
  type ShardProgress,
  type StartPosition,
  type StopCondition
} from '../../../shared/domain'
import { AppFailure, type AppError } from '../../../shared/errors'
import { isNetworkError, silentEndpointWaitMs, toAppFailure, type ConnectionTarget } from '../connections/aws-errors'
import type { SessionSchemas } from '../schemas/schema-catalog'
import { toShardInfo } from '../kinesis/stream-gateway'
import { callLimit, ShardBudget, type ReaderTuning } from './read-budget'
import { PageScan } from './page-scan'
import { getRecordsCommand, shardIteratorInput, type CallTiming, type RecordsPage } from './records-page'
import { addDiscovered, childrenReady, narrowPlan, planShards, type ShardPlan } from './shard-plan'

export interface ReadSessionRequest {
  stream: string
  shardIds: string[] | null
  position: StartPosition
  mode: ReadMode
  stop?: StopCondition | undefined
  /**
   * Search mode: only the decoded user records this passes are delivered (and count as
   * delivered, and against maxRecords); every record is counted as scanned.
   */
  match?: ((record: DecodedRecord, index: number) => boolean) | undefined
  /** Which shards to read at all (a key search's selection, search-plan.ts). */
  keepShard?: ((shard: ShardInfo) => boolean) | undefined
}

/** What a session has looked at: in a search, more than it delivered. */
export interface ScanCounts {
  scannedRecords: number
  scannedBytes: number
  matches: number
  elapsedMs: number
}

export interface ReadSessionEvents {
  /** `bytes`: an estimate of the batch's size on the wire, for the client's flow-control window. */
  batch(records: DecodedRecord[], bytes: number): void
  /**
   * Each GetRecords page as Kinesis returned it: its records (a KPL aggregate is one) and their
   * data plus partition keys. What the read took from the shard, whatever a search kept of it.
   */
  page?(shardId: string, records: number, bytes: number): void
  progress(state: SessionState, delivered: number, shards: ShardProgress[], message: string | null, scan: ScanCounts): void
  ended(reason: SessionEndReason, delivered: number, error: AppError | null, scan: ScanCounts): void
}

export interface ReadSessionDeps {
  kinesis: KinesisClient
  target: ConnectionTarget
  listShards(): Promise<ShardInfo[]>
  tuning: ReaderTuning
  events: ReadSessionEvents
  /** The client's flow-control window: no GetRecords while it is behind (router.ts ClientContext). */
  window: { readonly behind: boolean; whenReady(): Promise<void> }
  now?: () => number
  /** Schemas to decode with (GSR, local files); without them records decode as before. */
  schemas?: SessionSchemas | undefined
}

interface ShardCursor {
  shardId: string
  progress: ShardProgress
  budget: ShardBudget
  /** The last record handed to the client: where a renewed iterator resumes. */
  lastDelivered: string | null
  /** Seconds of budget its first full page asks for (staggeredPageSeconds). */
  firstPageSeconds: number
}

class Stopped extends Error {}

/**
 * Records to ask for next: about two seconds of the shard's byte budget (`pageSeconds`), within
 * the API's limit. Bigger pages spread each call's fixed cost over more data; much bigger ones
 * would make the wait after a page (the bytes it cost at 2 MB/s) long enough to feel like a stall.
 */
export function nextLimit(tuning: ReaderTuning, records: number, bytes: number, previous: number, pageSeconds = PAGE_SECONDS): number {
  if (records === 0 || bytes === 0) return Math.max(previous, tuning.firstCallLimit)
  const perRecord = bytes / records
  return Math.max(1, Math.min(tuning.recordsPerCall, Math.floor((tuning.bytesPerSecond * pageSeconds) / perRecord)))
}

export const PAGE_SECONDS = 2

/** Records sent as one batch (see ReadSession.deliver). */
const DELIVERY_SLICE = 1000

/**
 * The seconds of budget the first full page of the i-th of n shards asks for: 2 s, 1.5 s, 1 s
 * and 0.5 s on four shards. All shards start together; left alone their calls would stay in
 * step, and the pages of every shard would reach main and the window at the same moment (and on
 * an emulator, be served one after another). Pages of different sizes put the shards' calls a
 * page-period apart from then on, without a single wait: each shard still reads at its limit.
 */
export function staggeredPageSeconds(index: number, count: number): number {
  return count <= 1 ? PAGE_SECONDS : PAGE_SECONDS * (1 - index / count)
}

/** A decoded batch's size on the wire, roughly: its texts and base64, plus each record's fields. */
function wireBytes(batch: readonly DecodedRecord[]): number {
  let bytes = 0
  for (const r of batch) bytes += (r.text?.length ?? 0) + (r.dataBase64?.length ?? 0) + 240
  return bytes
}

export class ReadSession {
  readonly id = randomUUID()
  private state: SessionState = 'starting'
  private readonly abort = new AbortController()
  private resumeGate: { promise: Promise<void>; open: () => void } | null = null
  private plan: ShardPlan | null = null
  private readonly cursors = new Map<string, ShardCursor>()
  private readonly finished = new Set<string>()
  private readonly started = new Set<string>()
  private running = 0
  private delivered = 0
  private scannedRecords = 0
  private scannedBytes = 0
  private readingSince: number | null = null
  /** When start() asked for the first iterators: the moment a Latest read begins at. */
  private iteratorsAskedAt = 0
  private endedAt: number | null = null
  private message: string | null = null
  /** A shard stopped at the user's stop condition (end time or end sequence number). */
  private stopConditionHit = false
  private progressTimer: ReturnType<typeof setInterval> | null = null
  private readonly now: () => number

  constructor(
    private readonly request: ReadSessionRequest,
    private readonly deps: ReadSessionDeps
  ) {
    this.now = deps.now ?? Date.now
  }

  get sessionState(): SessionState {
    return this.state
  }

  /** Shards the session has begun reading so far. */
  get shardsStarted(): number {
    return this.started.size
  }

  /** The shards the read would cover before keepShard narrowed it (what a key search skipped from). */
  skippedFrom: ShardInfo[] = []

  /**
   * Plans the shards and takes the first iterators, so that a wrong sequence number or a missing
   * stream is an error of the start call itself. Then reading begins in the background.
   */
  async start(): Promise<ShardInfo[]> {
    const shards = await this.call('list the shards', () => this.deps.listShards())
    const whole = planShards(shards, this.request.shardIds, this.request.position)
    const { keepShard } = this.request
    this.plan = keepShard !== undefined ? narrowPlan(whole, keepShard) : whole
    this.skippedFrom = [...whole.shards.values()]
    const { roots, promoted } = this.plan
    const startOf = (id: string): StartPosition => (promoted.has(id) ? this.childPosition() : this.request.position)
    this.iteratorsAskedAt = this.now()
    const iterators = await Promise.all(roots.map((id) => this.iterator(id, startOf(id))))
    this.state = 'reading'
    this.readingSince = this.now()
    this.progressTimer = setInterval(() => this.emitProgress(), this.deps.tuning.progressIntervalMs)
    roots.forEach((id, i) => {
      this.cursor(id).firstPageSeconds = staggeredPageSeconds(i, roots.length)
      this.launch(id, startOf(id), iterators[i] ?? null)
    })
    if (roots.length === 0) this.end('completed', null)
    return [...this.plan.shards.values()]
  }

  pause(): SessionState {
    if (this.state === 'reading') {
      let open = (): void => undefined
      const promise = new Promise<void>((resolve) => (open = resolve))
      this.resumeGate = { promise, open }
      this.state = 'paused'
      this.emitProgress()
    }
    return this.state
  }

  resume(): SessionState {
    if (this.state === 'paused') {
      this.state = 'reading'
      this.resumeGate?.open()
      this.resumeGate = null
      this.emitProgress()
    }
    return this.state
  }

  /** Ends the session at once: in-flight calls are aborted and no further event is sent. */
  stop(): SessionState {
    this.end('stopped', null)
    return this.state
  }

  // --- shard loops ----------------------------------------------------------------------------

  private launch(shardId: string, position: StartPosition, iterator: string | null): void {
    if (this.started.has(shardId) || this.state === 'ended') return
    this.started.add(shardId)
    const cursor = this.cursor(shardId)
    cursor.progress.state = 'reading'
    this.running += 1
    this.readShard(cursor, position, iterator)
      .catch((error: unknown) => {
        if (error instanceof Stopped || this.state === 'ended') return
        cursor.progress.state = 'failed'
        this.end('failed', this.describeFailure(error, shardId))
      })
      .finally(() => {
        this.running -= 1
        if (this.running === 0 && this.state !== 'ended') {
          this.end(this.stopConditionHit ? 'stop-condition' : 'completed', null)
        }
      })
  }

  private async readShard(cursor: ShardCursor, position: StartPosition, first: string | null): Promise<void> {
    const { tuning } = this.deps
    const { progress, budget } = cursor
    let iterator = first ?? (await this.iterator(cursor.shardId, position))
    let limit = tuning.firstCallLimit
    let pageSeconds = cursor.firstPageSeconds
    let backoff = 0
    let networkFailures = 0

    for (;;) {
      await this.whileRunning()
      await this.roomInWindow(cursor)
      await this.sleep(budget.waitMs(this.now()))
      await this.whileRunning()
      const timing: CallTiming = { sentAt: this.now(), answeredAt: 0 }
      const sink: { page: RecordsPage | null } = { page: null }
      const scan = new PageScan({
        shardId: cursor.shardId,
        position: this.request.position,
        stop: this.request.stop ?? {},
        match: this.request.match,
        schemas: this.deps.schemas
      })
      budget.recordCall(timing.sentAt)
      let page: RecordsPage
      try {
        const command = getRecordsCommand({ iterator, limit }, timing, sink, this.now, scan)
        await this.deps.kinesis.send(command, { abortSignal: this.abort.signal })
        if (sink.page === null) throw new Error('GetRecords answered without a page')
        page = sink.page
      } catch (error) {
        this.throwIfStopped()
        const name = (error as { name?: string }).name
        if (name === 'ExpiredIteratorException') {
          // Resume right after the last record the user has; before any, from the start position.
          const resumeAt: StartPosition =
            cursor.lastDelivered !== null
              ? { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: cursor.lastDelivered, shardId: cursor.shardId }
              : this.unreadStart(position)
          iterator = await this.iterator(cursor.shardId, resumeAt)
          this.note(cursor, `Iterator expired; renewed ${cursor.lastDelivered !== null ? `after ${cursor.lastDelivered}` : resumeAt === position ? 'at the start position' : 'at the time the read started'}`)
          continue
        }
        const throttled = name === 'ProvisionedThroughputExceededException'
        if (throttled || (isNetworkError(error) && networkFailures < tuning.networkRetries)) {
          const first = throttled ? tuning.throttleBackoffMs : tuning.backoffMs
          backoff = backoff === 0 ? first : Math.min(backoff * 2, tuning.maxBackoffMs)
          if (throttled) {
            progress.state = 'throttled'
            this.note(cursor, `Throttled by Kinesis (shared 5 calls/s, 2 MB/s); retrying in ${backoff} ms`)
          } else {
            networkFailures += 1
            const retry = `retry ${networkFailures} of ${tuning.networkRetries} on the same iterator in ${backoff} ms`
            // A timed-out call too: GetRecords only reads, so a page served but never received is asked for again.
            const waited = silentEndpointWaitMs(error)
            this.note(
              cursor,
              waited !== null
                ? `GetRecords timed out (no answer${waited > 0 ? ` within ${waited / 1000} s` : ''}); ${retry}`
                : `Network error (${(error as Error).message}); ${retry}`
            )
          }
          budget.backOff(this.now(), backoff, throttled)
          continue
        }
        throw error
      }
      backoff = 0
      networkFailures = 0
      const bytes = page.meteredBytes
      this.deps.events.page?.(cursor.shardId, page.count, bytes)
      const usedLimit = limit
      limit = nextLimit(tuning, page.count, bytes, limit, pageSeconds)
      if (page.count > 0) pageSeconds = PAGE_SECONDS

      await scan.finish()
      this.throwIfStopped()
      const reachedStop = await this.deliver(cursor, scan)
      progress.millisBehindLatest = page.millisBehindLatest
      const atTip = (page.millisBehindLatest ?? 0) === 0
      // A tail's end time is also reached on an open shard found empty at its tip by a call made
      // after that time: no record before it can come any more, and a later one may never come.
      // (A Read ends at the tip anyway; a closed shard's end goes on to its children.)
      const endTime = this.request.stop?.endTime
      const tailPastEndTime =
        this.request.mode === 'tail' && endTime !== undefined && timing.sentAt > endTime &&
        page.count === 0 && atTip && page.nextShardIterator !== null
      if (reachedStop || tailPastEndTime) {
        progress.state = 'finished'
        progress.note = 'Stop condition reached'
        this.stopConditionHit = true
        return
      }
      if (page.nextShardIterator === null) {
        progress.state = 'finished'
        progress.note = 'Closed shard read to its end'
        await this.shardEnded(cursor.shardId, page.childShards)
        return
      }
      iterator = page.nextShardIterator
      const caughtUp = atTip && page.count < usedLimit
      // A Read ends on an empty page at the tip, not on a short one: the shard may have been
      // closed meanwhile, and only an empty page tells "tip" from "end of a closed shard".
      if (caughtUp && page.count === 0 && this.request.mode === 'read') {
        progress.state = 'caught-up'
        progress.note = 'Reached the tip of the shard'
        return
      }
      progress.state = caughtUp ? 'caught-up' : 'reading'
      // A Read that looks caught up makes one more call, at the draining pace, to confirm the tip
      // and end; only a live tail that stays caught up slows to one call a second.
      const idle = caughtUp && this.request.mode === 'tail'
      budget.afterPage(timing.sentAt, timing.answeredAt || this.now(), bytes, idle)
    }
  }

  /**
   * Delivers one page, decoded and matched as it arrived (page-scan.ts): counts what was scanned,
   * applies maxRecords, and sends what is kept in batches of DELIVERY_SLICE records, letting the
   * event loop run between batches (a Read's 4 MB page is several batches). Returns true when a
   * stop condition cut the page short.
   */
  private async deliver(cursor: ShardCursor, scan: PageScan): Promise<boolean> {
    const { maxRecords } = this.request.stop ?? {}
    const { progress } = cursor
    let batch: DecodedRecord[] = []
    let cut = scan.cut
    for (const entry of scan.entries) {
      progress.recordsScanned += entry.users
      progress.lastArrivalTime = entry.arrivalTime
      this.scannedRecords += entry.users
      this.scannedBytes += entry.userBytes
      if (maxRecords !== undefined) {
        const room = maxRecords - this.delivered - batch.length
        if (entry.kept.length > room) {
          batch.push(...entry.kept.slice(0, room))
          cut = true
          break
        }
      }
      batch.push(...entry.kept)
      // Scanned is as good as delivered: a renewed iterator resumes after it (no match twice).
      cursor.lastDelivered = entry.sequenceNumber
      if (batch.length >= DELIVERY_SLICE) {
        this.send(cursor, batch)
        batch = []
        await new Promise<void>((resolve) => setImmediate(resolve))
        this.throwIfStopped()
      }
    }
    this.send(cursor, batch)
    if (maxRecords !== undefined && this.delivered >= maxRecords) {
      this.end('stop-condition', null)
      throw new Stopped()
    }
    return cut
  }

  private send(cursor: ShardCursor, batch: DecodedRecord[]): void {
    if (batch.length === 0 || this.state === 'ended') return
    this.delivered += batch.length
    cursor.progress.recordsRead += batch.length
    cursor.progress.lastSequenceNumber = batch[batch.length - 1]?.sequenceNumber ?? null
    this.deps.events.batch(batch, wireBytes(batch))
  }

  /** A closed shard was read to its end: start the children whose parents are all done. */
  private async shardEnded(shardId: string, childShards: ChildShard[] | undefined): Promise<void> {
    const plan = this.plan as ShardPlan
    this.finished.add(shardId)
    const known = [...plan.shards.values()].some(
      (s) => s.parentShardId === shardId || s.adjacentParentShardId === shardId
    )
    if (!known) {
      // Children created after the session began: from ChildShards where the server sends them,
      // otherwise (kinesalite) from a fresh ListShards.
      if (childShards !== undefined && childShards.length > 0) {
        addDiscovered(
          plan,
          [...plan.shards.values(), ...childShards.map((c) => toShardInfo({
            ShardId: c.ShardId,
            ParentShardId: c.ParentShards?.[0],
            AdjacentParentShardId: c.ParentShards?.[1],
            HashKeyRange: c.HashKeyRange,
            SequenceNumberRange: undefined
          }))]
        )
      } else {
        addDiscovered(plan, await this.call('list the shards', () => this.deps.listShards()))
      }
    }
    for (const child of childrenReady(plan, this.finished, shardId)) this.launch(child, this.childPosition(), null)
  }

  /**
   * Where a shard that has delivered nothing yet starts again: its start position, except Latest.
   * A Latest iterator means "what arrives after it was taken"; a new one would skip what arrived
   * since (a tail paused, or held by a slow window, past the iterator's 5 minutes). At timestamp
   * of that moment keeps those records; by this machine's clock, so a clock ahead of AWS's could
   * still miss a record put in that lead, and one behind shows records put just before the start.
   */
  private unreadStart(position: StartPosition): StartPosition {
    return position.type === 'LATEST' ? { type: 'AT_TIMESTAMP', timestamp: this.iteratorsAskedAt } : position
  }

  /** Where a shard read after its parents starts: its beginning, or the session's timestamp. */
  private childPosition(): StartPosition {
    return this.request.position.type === 'AT_TIMESTAMP' ? this.request.position : { type: 'TRIM_HORIZON' }
  }

  // --- helpers --------------------------------------------------------------------------------

  /**
   * While the client has not acknowledged enough of what it was sent, the shard makes no call:
   * its iterator (its place) is kept, and reading resumes from it once the client catches up.
   * (An iterator that expires meanwhile is renewed after the last delivered record, as always.)
   */
  private async roomInWindow(cursor: ShardCursor): Promise<void> {
    const { window } = this.deps
    if (!window.behind) return
    const { progress } = cursor
    const was = progress.state
    const since = this.now()
    progress.state = 'waiting-window'
    this.note(cursor, 'Waiting for the window: the app has not yet taken the records sent; reading resumes at the same place')
    await this.untilStopped(window.whenReady())
    progress.state = was
    progress.note = `Waited ${Math.round(this.now() - since)} ms for the window, then resumed at the same place`
  }

  /** Resolves with `promise`, or rejects with Stopped as soon as the session ends. */
  private untilStopped(promise: Promise<void>): Promise<void> {
    const { signal } = this.abort
    if (signal.aborted) return Promise.reject(new Stopped())
    return new Promise((resolve, reject) => {
      const onAbort = (): void => reject(new Stopped())
      signal.addEventListener('abort', onAbort, { once: true })
      void promise.then(() => {
        signal.removeEventListener('abort', onAbort)
        resolve()
      })
    })
  }

  private async iterator(shardId: string, position: StartPosition): Promise<string> {
    const input = shardIteratorInput(this.request.stream, shardId, position)
    try {
      const { ShardIterator } = await this.deps.kinesis.send(new GetShardIteratorCommand(input), {
        abortSignal: this.abort.signal
      })
      if (ShardIterator === undefined) throw new Error(`GetShardIterator returned no iterator for ${shardId}`)
      return ShardIterator
    } catch (error) {
      this.throwIfStopped()
      const name = (error as { name?: string }).name
      // At start the shard was just listed, so a "not found" there means the sequence number
      // (kinesis-local answers ResourceNotFound for one from another shard, AWS InvalidArgument).
      const badSequence =
        name === 'InvalidArgumentException' || (name === 'ResourceNotFoundException' && this.state === 'starting')
      if (badSequence && 'sequenceNumber' in position) {
        throw new AppFailure(
          'INVALID_SEQUENCE_NUMBER',
          `Sequence number ${position.sequenceNumber} is not a record position in ${shardId} of ${this.request.stream}.`,
          'Copy the sequence number from a record of this shard, or pick the shard the record came from.'
        )
      }
      throw toAppFailure(error, `get a shard iterator for ${shardId}`, this.deps.target)
    }
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn()
    } catch (error) {
      throw toAppFailure(error, what, this.deps.target)
    }
  }

  private cursor(shardId: string): ShardCursor {
    let cursor = this.cursors.get(shardId)
    if (cursor === undefined) {
      cursor = {
        shardId,
        budget: new ShardBudget(this.deps.tuning),
        lastDelivered: null,
        firstPageSeconds: PAGE_SECONDS,
        progress: { ...waitingShardProgress(shardId), callLimit: callLimit(this.deps.tuning) }
      }
      this.cursors.set(shardId, cursor)
    }
    return cursor
  }

  /** The last thing that happened on a shard stays on screen until the next one; sent at once. */
  private note(cursor: ShardCursor, text: string): void {
    cursor.progress.note = text
    this.emitProgress()
  }

  private describeFailure(error: unknown, shardId: string): AppError {
    const name = (error as { name?: string }).name
    if (name === 'ResourceNotFoundException') {
      return {
        code: 'STREAM_NOT_FOUND',
        message: `Stream ${this.request.stream} (or its shard ${shardId}) no longer exists; reading stopped after ${this.delivered} records.`,
        hint: 'The records already read are kept. Refresh the stream list to see what is left.'
      }
    }
    return toAppFailure(error, `read ${shardId}`, this.deps.target).toJSON()
  }

  private whileRunning(): Promise<void> {
    this.throwIfStopped()
    return this.resumeGate?.promise.then(() => this.throwIfStopped()) ?? Promise.resolve()
  }

  private throwIfStopped(): void {
    if (this.state === 'ended') throw new Stopped()
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        clearTimeout(timer)
        reject(new Stopped())
      }
      const timer = setTimeout(() => {
        this.abort.signal.removeEventListener('abort', onAbort)
        resolve()
      }, ms)
      this.abort.signal.addEventListener('abort', onAbort, { once: true })
    })
  }

  private snapshot(): ShardProgress[] {
    const now = this.now()
    return [...this.cursors.values()].map((c) => ({ ...c.progress, callsLastSecond: c.budget.callsLastSecond(now) }))
  }

  private scanCounts(): ScanCounts {
    const since = this.readingSince
    return {
      scannedRecords: this.scannedRecords,
      scannedBytes: this.scannedBytes,
      matches: this.delivered,
      elapsedMs: since === null ? 0 : (this.endedAt ?? this.now()) - since
    }
  }

  private emitProgress(): void {
    this.deps.events.progress(this.state, this.delivered, this.snapshot(), this.message, this.scanCounts())
  }

  private end(reason: SessionEndReason, error: AppError | null): void {
    if (this.state === 'ended') return
    this.state = 'ended'
    this.endedAt = this.now()
    this.message =
      error?.message ??
      {
        completed: this.request.mode === 'read' ? 'Read every shard to its tip' : 'Tail ended',
        'stop-condition': 'Stop condition reached',
        stopped: 'Stopped',
        failed: 'Failed'
      }[reason]
    if (this.progressTimer !== null) clearInterval(this.progressTimer)
    this.resumeGate?.open()
    this.abort.abort()
    this.emitProgress()
    this.deps.events.ended(reason, this.delivered, error, this.scanCounts())
  }
}

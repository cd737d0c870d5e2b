/**
 * Rewinding a KCL application's checkpoints, in the order that keeps it safe:
 * 1. plan (the dry run, rewind-plan.ts): current → new checkpoint per lease, records read again;
 * 2. watch: the stream's leases for `watchMs` (2× the KCL's default failover time); any counter
 *    that moves means a worker is still renewing, and the rewind refuses, naming the owners;
 * 3. backup: every lease item of the stream, as read at the end of the watch, to a JSON file;
 * 4. write: one conditional UpdateItem per lease on the counter and owner seen (lease-writes.ts),
 *    so a worker that came back in between makes that lease's write fail and the others proceed;
 * 5. undo: puts the backed-up items of the rewound leases back, conditionally again.
 * Plans and undo records belong to the client that made them and go with it.
 */
import { randomUUID } from 'node:crypto'
import { basename } from 'node:path'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { AppFailure } from '../../../shared/errors'
import {
  DEFAULT_REWIND_WATCH_MS,
  newCheckpointText,
  type LeaseOutcome,
  type RewindPhase,
  type RewindPlan,
  type RewindReport,
  type RewindTarget,
  type UndoReport
} from '../../../shared/lease-rewind'
import type { ClientContext } from '../../router'
import type { Connected } from '../connections/connection-manager'
import { toAppFailure } from '../connections/aws-errors'
import { listShards } from '../kinesis/stream-gateway'
import type { ReaderTuning } from '../reader/read-budget'
import { backupFileName, leaseBackupJson, writeLeaseBackup, type LeaseBackup } from './lease-backup'
import { mapLimited } from './lease-service'
import { scanLeases, streamOf, type Item, type ParsedLease } from './lease-table'
import { restoreItem, rewriteCheckpoint, type SeenLease } from './lease-writes'
import { cancellableWait, throwIfCancelled, type PagerShared } from './polite-pager'
import { closedWithoutLease, planLease } from './rewind-plan'

/** Shards planned at once, and leases written at once. */
const CONCURRENCY = 4
/** During the watch: a progress tick every second, a Scan of the table every 5 s (each Scan is billed). */
const TICK_MS = 1000
const SCAN_EVERY_MS = 5000
/** Dry runs kept per client; the oldest goes first. */
const MAX_PLANS = 20

export interface RewindServiceOptions {
  tuning: ReaderTuning
  /** Where the backup goes: the Electron host asks with a save dialog; null: the user cancelled. */
  chooseBackupFile: ((suggestedName: string) => Promise<string | null>) | null
  /** The watch's length when a request does not give one. */
  watchMs?: number
  /** Test seam: runs after the backup, before the first write (a worker "coming back" in between). */
  beforeWrite?: () => Promise<void>
}

/** What a plan or an undo record belongs to: a client, on one connection (the same table name elsewhere is another table). */
interface Owner {
  clientId: string
  connectionId: string
}

interface StoredPlan extends Owner {
  plan: RewindPlan
}

interface UndoRecord extends Owner {
  table: string
  entries: { written: SeenLease; shardId: string; original: Item }[]
}

export class RewindService {
  private readonly plans = new Map<string, StoredPlan>()
  private readonly running = new Map<string, AbortController>()
  private readonly undos = new Map<string, UndoRecord>()

  constructor(private readonly options: RewindServiceOptions) {}

  get defaultWatchMs(): number {
    return this.options.watchMs ?? DEFAULT_REWIND_WATCH_MS
  }

  cancel(requestId: string): boolean {
    const controller = this.running.get(requestId)
    controller?.abort()
    return controller !== undefined
  }

  async plan(
    connection: Connected,
    input: { table: string; stream: string; leaseKeys: string[] | null; target: RewindTarget; requestId: string },
    client: ClientContext
  ): Promise<RewindPlan> {
    return this.run(input.requestId, client, async (signal) => {
      const dynamo = connection.clients.dynamoDb()
      const scanned = await scanLeases(dynamo, input.table, connection.target)
      const mine = scanned.leases.filter((l) => l.streamIdentifier === null || streamOf(l.streamIdentifier) === input.stream)
      const chosen = (input.leaseKeys === null ? mine : mine.filter((l) => input.leaseKeys?.includes(l.leaseKey))).sort((a, b) =>
        a.shardId.localeCompare(b.shardId)
      )
      if (chosen.length === 0) {
        throw new AppFailure('INVALID_INPUT', `${input.table} has no lease of ${input.stream} to rewind${input.leaseKeys !== null ? ' among the chosen ones' : ''}.`, 'Refresh the lease table and choose again.')
      }
      let shards
      try {
        shards = await listShards(connection.clients.control, input.stream)
      } catch (error) {
        throw toAppFailure(error, `list the shards of ${input.stream}`, connection.target)
      }
      const byId = new Map(shards.map((s) => [s.shardId, s]))
      const shared: PagerShared = { kinesis: connection.clients.control, stream: input.stream, tuning: this.options.tuning, signal, calls: { count: 0 } }
      const progress = throttledProgress(client, input.requestId, 'planning', chosen.length)
      let done = 0
      const rows = await mapLimited(chosen, CONCURRENCY, async (lease) => {
        const row = await planLease(shared, connection.target, lease, input.target, byId.get(lease.shardId))
        progress(++done)
        return row
      })
      const leased = new Set(mine.map((l) => l.shardId))
      let closed: RewindPlan['closedWithoutLease']
      try {
        closed = await closedWithoutLease(shared, shards, leased, input.target)
      } catch (error) {
        if ((error as { code?: string }).code === 'CANCELLED') throw error
        closed = [{ shardId: '—', reason: `Could not check the closed shards: ${toAppFailure(error, 'check the closed shards', connection.target).message}` }]
      }
      const plan: RewindPlan = {
        planId: randomUUID(),
        table: input.table,
        stream: input.stream,
        target: input.target,
        rows,
        closedWithoutLease: closed,
        watchMs: this.defaultWatchMs,
        getRecordsCalls: shared.calls.count,
        confirmNameRequired: connection.active.kind !== 'sandbox'
      }
      this.keepPlan(plan, connection.active.connectionId, client)
      return plan
    })
  }

  async rewind(
    connection: Connected,
    input: { planId: string; requestId: string; confirmName: string | null; watchMs?: number | undefined },
    client: ClientContext
  ): Promise<RewindReport> {
    const stored = this.plans.get(input.planId)
    if (stored === undefined || !ownedBy(stored, connection, client)) {
      throw new AppFailure('REWIND_NOT_FOUND', 'This dry run is no longer known (the window reloaded or the connection changed).', 'Run the dry run again.')
    }
    const { plan } = stored
    if (connection.active.kind !== 'sandbox' && input.confirmName !== plan.table) {
      throw new AppFailure(
        'CONFIRMATION_MISMATCH',
        `The confirmation "${input.confirmName ?? ''}" does not match the lease table name "${plan.table}".`,
        'Type the lease table name exactly to rewrite its checkpoints.'
      )
    }
    const changing = plan.rows.filter((r) => r.next !== null)
    if (changing.length === 0) throw new AppFailure('INVALID_INPUT', 'The dry run changes no checkpoint: nothing to write.', 'Pick another position or other leases.')
    return this.run(input.requestId, client, async (signal) => {
      const dynamo = connection.clients.dynamoDb()
      const seen = await this.watch(dynamo, connection, plan, input.watchMs ?? this.defaultWatchMs, signal, client, input.requestId)
      emit(client, input.requestId, 'backing-up', 0, 1)
      // Every lease of the stream, as read at the end of the watch: the ones about to change and the rest.
      const items = [...seen.leases.keys()].flatMap((key) => {
        const item = seen.items.get(key)
        return item === undefined ? [] : [item]
      })
      const path = await this.chooseBackup(plan.table)
      throwIfCancelled(signal)
      const backup: LeaseBackup = {
        format: 'kinesis-inspector/lease-backup',
        version: 1,
        table: plan.table,
        stream: plan.stream,
        takenAt: new Date().toISOString(),
        target: plan.target,
        rewriting: changing.map((r) => r.leaseKey),
        items
      }
      await writeLeaseBackup(path, backup)
      await this.options.beforeWrite?.()
      const undo: UndoRecord = { clientId: client.clientId, connectionId: connection.active.connectionId, table: plan.table, entries: [] }
      const progress = throttledProgress(client, input.requestId, 'writing', changing.length)
      let written = 0
      // Every lease of the dry run is reported: those it leaves alone say why.
      const outcomes = await mapLimited(plan.rows, CONCURRENCY, async (row): Promise<LeaseOutcome> => {
        const base = { leaseKey: row.leaseKey, shardId: row.shardId }
        const lease = seen.leases.get(row.leaseKey)
        const original = seen.items.get(row.leaseKey)
        if (row.next === null) return { ...base, ok: false, detail: `Left unchanged: ${row.note ?? 'nothing to change'}` }
        if (lease === undefined || original === undefined) return { ...base, ok: false, detail: 'The lease no longer exists (the KCL deleted it); it is not recreated' }
        if (signal.aborted) return { ...base, ok: false, detail: 'Not written: cancelled' }
        const result = await rewriteCheckpoint(dynamo, plan.table, lease, row.next)
        progress(++written)
        if (!result.ok) return { ...base, ok: false, detail: result.reason }
        undo.entries.push({ written: { ...lease, leaseCounter: result.counter }, shardId: row.shardId, original })
        return { ...base, ok: true, detail: `${row.current} → ${newCheckpointText(row.next)}` }
      })
      if (undo.entries.length > 0) {
        this.undos.set(input.requestId, undo)
        client.onDispose(() => this.undos.delete(input.requestId))
      }
      const rewound = outcomes.filter((o) => o.ok).length
      return { requestId: input.requestId, table: plan.table, outcomes, rewound, notRewound: outcomes.length - rewound, backupFile: path, backup: { name: basename(path), json: leaseBackupJson(backup) }, undoable: undo.entries.length > 0 }
    })
  }

  async undo(connection: Connected, rewindId: string, client: ClientContext): Promise<UndoReport> {
    const record = this.undos.get(rewindId)
    if (record === undefined || !ownedBy(record, connection, client)) {
      throw new AppFailure('REWIND_NOT_FOUND', 'There is nothing to undo for this rewind (already undone, or the window reloaded).', 'The backup file still holds the items as they were.')
    }
    const dynamo = connection.clients.dynamoDb()
    const progress = throttledProgress(client, rewindId, 'undoing', record.entries.length)
    let done = 0
    const results = await mapLimited(record.entries, CONCURRENCY, async (entry) => {
      const result = await restoreItem(dynamo, record.table, entry.written, entry.original)
      progress(++done)
      return { entry, result }
    })
    const outcomes: LeaseOutcome[] = results.map(({ entry, result }) => ({
      leaseKey: entry.written.leaseKey,
      shardId: entry.shardId,
      ok: result.ok,
      detail: result.ok ? 'Restored as backed up' : result.reason
    }))
    // What could not be restored stays undoable (e.g. after the worker is stopped again).
    record.entries = results.filter((r) => !r.result.ok).map((r) => r.entry)
    if (record.entries.length === 0) this.undos.delete(rewindId)
    const restored = outcomes.filter((o) => o.ok).length
    return { table: record.table, outcomes, restored, notRestored: outcomes.length - restored }
  }

  /** Watches the stream's leases; refuses as soon as a counter moves. Returns the last reading. */
  private async watch(dynamo: DynamoDBClient, connection: Connected, plan: RewindPlan, watchMs: number, signal: AbortSignal, client: ClientContext, requestId: string) {
    const read = async (): Promise<{ leases: Map<string, ParsedLease>; items: Map<string, Item> }> => {
      const scanned = await scanLeases(dynamo, plan.table, connection.target)
      const mine = scanned.leases.filter((l) => l.streamIdentifier === null || streamOf(l.streamIdentifier) === plan.stream)
      return { leases: new Map(mine.map((l) => [l.leaseKey, l])), items: scanned.items }
    }
    const first = await read()
    let last = first
    const started = Date.now()
    let scannedAt = started
    emit(client, requestId, 'watching', 0, watchMs)
    let watched = watchMs === 0
    while (!watched) {
      await cancellableWait(Math.min(TICK_MS, Math.max(0, watchMs - (Date.now() - started))), signal)
      const now = Date.now()
      const end = now - started >= watchMs
      if (end || now - scannedAt >= SCAN_EVERY_MS) {
        last = await read()
        scannedAt = now
        const moved = movedLeases(first.leases, last.leases)
        if (moved.length > 0) {
          emit(client, requestId, 'watching', Math.min(watchMs, now - started), watchMs, owners(moved))
          throw running(moved, Math.round((now - started) / 1000))
        }
        watched = end
      }
      emit(client, requestId, 'watching', Math.min(watchMs, now - started), watchMs)
    }
    return last
  }

  private async chooseBackup(table: string): Promise<string> {
    const name = backupFileName(table, new Date())
    if (this.options.chooseBackupFile === null) {
      throw new AppFailure('UNSUPPORTED', 'There is nowhere to write the backup of the leases here, so nothing was written.', 'Run the app with a user-data folder.')
    }
    const path = await this.options.chooseBackupFile(name)
    if (path === null) throw new AppFailure('CANCELLED', 'No backup file was chosen: nothing was written.', 'Rewind again and choose where the backup goes.')
    return path
  }

  private keepPlan(plan: RewindPlan, connectionId: string, client: ClientContext): void {
    const mine = [...this.plans.entries()].filter(([, p]) => p.clientId === client.clientId)
    for (const [id] of mine.slice(0, Math.max(0, mine.length - MAX_PLANS + 1))) this.plans.delete(id)
    this.plans.set(plan.planId, { plan, clientId: client.clientId, connectionId })
    client.onDispose(() => {
      this.plans.delete(plan.planId)
    })
  }

  /** Runs cancellable work under `requestId`; a client that goes away cancels it. */
  private async run<T>(requestId: string, client: ClientContext, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.running.has(requestId)) throw new AppFailure('INVALID_INPUT', `Request ${requestId} is already running.`, 'Use a new request id.')
    const controller = new AbortController()
    this.running.set(requestId, controller)
    const off = client.onDispose(() => controller.abort())
    try {
      return await work(controller.signal)
    } catch (error) {
      if (controller.signal.aborted && !(error instanceof AppFailure && error.code === 'CANCELLED')) throwIfCancelled(controller.signal)
      throw error
    } finally {
      off()
      this.running.delete(requestId)
    }
  }
}

const ownedBy = (owner: Owner, connection: Connected, client: ClientContext): boolean =>
  owner.clientId === client.clientId && owner.connectionId === connection.active.connectionId

interface Moved {
  leaseKey: string
  owner: string | null
  from: number
  to: number | null
}

function movedLeases(before: Map<string, ParsedLease>, after: Map<string, ParsedLease>): Moved[] {
  const moved: Moved[] = []
  for (const [key, lease] of before) {
    const now = after.get(key)
    if (now === undefined || now.leaseCounter !== lease.leaseCounter) moved.push({ leaseKey: key, owner: now?.owner ?? lease.owner, from: lease.leaseCounter, to: now?.leaseCounter ?? null })
  }
  return moved
}

const owners = (moved: readonly Moved[]): string[] => [...new Set(moved.map((m) => m.owner ?? 'no owner'))].sort()

function running(moved: readonly Moved[], seconds: number): AppFailure {
  const names = owners(moved)
  return new AppFailure(
    'APPLICATION_RUNNING',
    `The application is still running: within ${seconds} s the counters of ${moved.length} lease${moved.length === 1 ? '' : 's'} moved (${moved
      .slice(0, 5)
      .map((m) => `${m.leaseKey}: ${m.from} → ${m.to ?? 'deleted'}`)
      .join(', ')}${moved.length > 5 ? ', …' : ''}), renewed by ${names.join(', ')}. Nothing was written.`,
    `Stop every worker of the application (${names.join(', ')}), then rewind again: the app rewrites checkpoints only while no lease counter moves.`
  )
}

function emit(client: ClientContext, requestId: string, phase: RewindPhase, done: number, total: number, renewing: string[] = []): void {
  client.emit('leases.rewindProgress', { requestId, phase, done, total, renewing })
}

/** Progress at most every 200 ms, and always the last step. */
function throttledProgress(client: ClientContext, requestId: string, phase: RewindPhase, total: number): (done: number) => void {
  let sentAt = 0
  emit(client, requestId, phase, 0, total)
  return (done) => {
    const now = Date.now()
    if (done < total && now - sentAt < 200) return
    sentAt = now
    emit(client, requestId, phase, done, total)
  }
}

/**
 * A KCL application's progress on a stream: one Scan of its lease table per refresh, the lag of
 * each checkpoint (checkpoint-lag.ts, a few shards at a time), and which leases look stuck — a
 * lease whose counter has not moved since an earlier refresh at least `stuckAfterMs` ago (a KCL
 * worker renews its leases every few seconds; 10 s is the KCL's default failover time).
 */
import type { LeaseRow, LeaseTableView } from '../../../shared/consumers'
import type { Connected } from '../connections/connection-manager'
import { toAppFailure } from '../connections/aws-errors'
import { listShards } from '../kinesis/stream-gateway'
import { checkpointLag } from './checkpoint-lag'
import { scanLeases, streamOf, type ParsedLease } from './lease-table'

export const DEFAULT_STUCK_AFTER_MS = 10_000
/** Shards measured at once: each costs GetShardIterator and one or two small GetRecords. */
const LAG_CONCURRENCY = 4
/**
 * The most checkpoints one refresh measures (in shard order): about three calls each, on the
 * shards production consumers share, so a 2,000-shard application does not cost 6,000 calls a
 * refresh. The rest say why they show no lag.
 */
export const MAX_LAG_MEASURED = 200

export class LeaseService {
  /** Per table: each lease's counter and when it was first seen at that value. */
  private readonly seen = new Map<string, Map<string, { counter: number; since: number }>>()

  constructor(
    private readonly stuckAfterMs = DEFAULT_STUCK_AFTER_MS,
    private readonly now: () => number = Date.now,
    private readonly maxLagMeasured = MAX_LAG_MEASURED
  ) {}

  forget(): void {
    this.seen.clear()
  }

  async read(connection: Connected, table: string, stream: string): Promise<LeaseTableView> {
    const dynamo = connection.clients.dynamoDb()
    const scanned = await scanLeases(dynamo, table, connection.target)
    const mine = scanned.leases
      .filter((l) => l.streamIdentifier === null || streamOf(l.streamIdentifier) === stream)
      .sort((a, b) => a.shardId.localeCompare(b.shardId))
    let shardIds: Set<string>
    try {
      shardIds = new Set((await listShards(connection.clients.control, stream)).map((s) => s.shardId))
    } catch (error) {
      throw toAppFailure(error, `list the shards of ${stream}`, connection.target)
    }
    const readAt = this.now()
    const previous = this.seen.get(table) ?? new Map<string, { counter: number; since: number }>()
    const next = new Map<string, { counter: number; since: number }>()
    const measurable = mine.filter((l) => l.checkpoint.type === 'sequence' && shardIds.has(l.shardId))
    const skipped = new Set(measurable.slice(this.maxLagMeasured))
    const notMeasured: LeaseRow['lag'] = {
      type: 'none',
      reason: `Not measured: a refresh measures the first ${this.maxLagMeasured} of ${measurable.length} checkpoints (about 3 calls each on shards production consumers share)`
    }
    const rows = await mapLimited(mine, LAG_CONCURRENCY, async (lease): Promise<LeaseRow> => {
      const before = previous.get(lease.leaseKey)
      const since = before !== undefined && before.counter === lease.leaseCounter ? before.since : readAt
      next.set(lease.leaseKey, { counter: lease.leaseCounter, since })
      const finished = lease.checkpoint.type === 'sentinel' && lease.checkpoint.value === 'SHARD_END'
      const stuck = before !== undefined && since < readAt && readAt - since >= this.stuckAfterMs && lease.owner !== null && !finished
      const lag = skipped.has(lease) ? notMeasured : await this.lag(connection, stream, lease, shardIds)
      return { ...lease, stuck, counterSince: since, lag }
    })
    this.seen.set(table, next)
    return {
      table,
      layout: scanned.leases.some((l) => l.streamIdentifier !== null) ? 'multi-stream' : 'single-stream',
      leases: rows,
      otherStreams: scanned.leases.length - mine.length,
      otherItems: scanned.otherItems,
      scanPages: scanned.pages,
      readAt,
      stuckAfterMs: this.stuckAfterMs
    }
  }

  private async lag(connection: Connected, stream: string, lease: ParsedLease, shardIds: Set<string>): Promise<LeaseRow['lag']> {
    if (lease.checkpoint.type === 'sentinel') {
      const reasons = {
        SHARD_END: 'Shard read to its end',
        TRIM_HORIZON: 'Not started: will begin at the trim horizon',
        LATEST: 'Not started: will begin at the latest record',
        AT_TIMESTAMP: 'Not started: will begin at a timestamp'
      } as const
      return { type: 'none', reason: reasons[lease.checkpoint.value] }
    }
    if (!shardIds.has(lease.shardId)) return { type: 'none', reason: `${lease.shardId} is not a shard of ${stream} (expired or another stream)` }
    try {
      return await checkpointLag(connection.clients.control, stream, lease.shardId, lease.checkpoint.sequenceNumber, lease.checkpoint.subSequenceNumber)
    } catch (error) {
      return { type: 'none', reason: toAppFailure(error, `measure the lag on ${lease.shardId}`, connection.target).message }
    }
  }
}

/** `fn` over `items`, at most `limit` at once, results in order. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++
      results[i] = await fn(items[i] as T)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

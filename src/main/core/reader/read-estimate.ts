/**
 * How much a read or search will scan, and how long that takes at a budget, before it starts.
 * From CloudWatch where the connection has it (IncomingBytes and IncomingRecords, Sum, over the
 * range: one GetMetricData), otherwise from a sample: one GetShardIterator and one small
 * GetRecords per shard, whose first records' rate is carried to the end of the range. Either way
 * it is an estimate and says what it was made from.
 */
import { GetShardIteratorCommand, type KinesisClient } from '@aws-sdk/client-kinesis'
import type { MetricDataQuery } from '@aws-sdk/client-cloudwatch'
import { readBudgets, type ReadBudget, type ReadEstimate, type ShardInfo, type StartPosition, type StopCondition } from '../../../shared/domain'
import type { RecordFilterSpec } from '../../../shared/filter/record-filter'
import { periodFor } from '../../../shared/metrics'
import { toAppFailure } from '../connections/aws-errors'
import type { Connected } from '../connections/connection-manager'
import { describeStream, listShards } from '../kinesis/stream-gateway'
import { getMetricData, NAMESPACE } from '../metrics/cloudwatch-metrics'
import { closedEmptyPage, getRecordsCommand, shardIteratorInput, type RecordsPage } from './records-page'
import { narrowPlan, planShards, type ShardPlan } from './shard-plan'
import { keySearchSelection, searchedKey, searchStart, searchStop } from './search-plan'

export interface EstimateRequest {
  stream: string
  shardIds: string[] | null
  position: StartPosition
  stop?: StopCondition | undefined
  search?: { filter: RecordFilterSpec } | undefined
  budget?: ReadBudget | undefined
}

/** Records a sample GetRecords asks for on each shard. */
export const SAMPLE_LIMIT = 1000
/** Kinesis's most records a GetRecords call returns. */
const RECORDS_PER_CALL = 10_000

export async function estimateRead(connection: Connected, input: EstimateRequest, now: number = Date.now()): Promise<ReadEstimate> {
  const { stream } = input
  const budget = input.budget ?? 'full'
  const filter = input.search?.filter ?? null
  const position = filter === null ? input.position : searchStart(input.position, filter)
  const stop = filter === null ? input.stop : searchStop(input.stop, filter)
  const control = connection.clients.control
  const [details, shards] = await Promise.all([
    describeStream(control, stream),
    listShards(control, stream)
  ]).catch((error: unknown) => {
    throw toAppFailure(error, `describe stream ${stream}`, connection.target)
  })
  let plan = planShards(shards, input.shardIds, position)
  const key = filter === null ? null : searchedKey(filter)
  const selection = key === null ? null : keySearchSelection(key, details.recordDistribution)
  if (selection !== null) plan = narrowPlan(plan, selection.keep)

  const retentionStart = Math.max(now - details.retentionHours * 3_600_000, details.createdAt)
  // Nothing older than the retention period is left to read, whatever time the position names.
  const from =
    position.type === 'AT_TIMESTAMP' ? Math.max(position.timestamp, retentionStart) : position.type === 'LATEST' ? now : retentionStart
  const to = Math.max(from, Math.min(now, stop?.endTime ?? now))
  const planned = [...plan.shards.values()]
  // The shards read at once: the roots (their children follow them, on their own budget).
  const parallel = Math.max(1, plan.roots.length)

  let measured: Omit<ReadEstimate, 'seconds' | 'budget' | 'shards' | 'from' | 'to'>
  const cloudWatch = connection.active.services.cloudwatch
  const sequenceStart = position.type === 'AT_SEQUENCE_NUMBER' || position.type === 'AFTER_SEQUENCE_NUMBER'
  if (cloudWatch.available && !sequenceStart && input.shardIds === null) {
    try {
      measured = await fromCloudWatch(connection, stream, from, to, now, keyShare(planned, shards, selection !== null))
    } catch (error) {
      const reason = toAppFailure(error, 'fetch IncomingBytes from CloudWatch', connection.target).message
      measured = await fromSample(connection.clients.reader, stream, plan, position, to, `CloudWatch failed (${reason}); `)
    }
  } else {
    measured = await fromSample(connection.clients.reader, stream, plan, position, to, '')
  }
  const { bytesPerSecond, callsPerSecond } = readBudgets[budget]
  const byBytes = measured.bytes / (parallel * bytesPerSecond)
  const byCalls = (measured.records ?? 0) / (parallel * RECORDS_PER_CALL * callsPerSecond)
  // Plus two calls a shard that carry little: the small first page (first rows at once) and the empty one at the tip.
  const fixed = 2 / callsPerSecond
  return { ...measured, shards: planned.length, from, to, budget, seconds: Math.max(byBytes, byCalls) + fixed }
}

/** The key space share of the open shards a key search reads (1 when it reads them all). */
function keyShare(planned: ShardInfo[], all: ShardInfo[], narrowed: boolean): number {
  if (!narrowed) return 1
  const openPlanned = planned.filter((s) => s.open).reduce((sum, s) => sum + s.keySpaceShare, 0)
  const open = all.filter((s) => s.open).reduce((sum, s) => sum + s.keySpaceShare, 0)
  return open > 0 ? openPlanned / open : 1
}

async function fromCloudWatch(
  connection: Connected,
  stream: string,
  from: number,
  to: number,
  now: number,
  share: number
): Promise<Omit<ReadEstimate, 'seconds' | 'budget' | 'shards' | 'from' | 'to'>> {
  // At most 1,440 points, in a period CloudWatch still keeps for data that old: it answers a
  // period it no longer keeps (1 minute past 15 days, 5 minutes past 63) with no points at all.
  const period = periodFor(from, to, now)
  const step = period * 1000
  const window = { start: Math.floor(from / step) * step, end: Math.ceil(Math.max(to, from + 1) / step) * step }
  const query = (id: string, name: string): MetricDataQuery => ({
    Id: id,
    MetricStat: {
      Metric: { Namespace: NAMESPACE, MetricName: name, Dimensions: [{ Name: 'StreamName', Value: stream }] },
      Period: period,
      Stat: 'Sum'
    },
    ReturnData: true
  })
  const data = await getMetricData(connection.clients.cloudWatch(), [query('bytes', 'IncomingBytes'), query('records', 'IncomingRecords')], window)
  const sum = (id: string): number => (data.get(id)?.values ?? []).reduce((a, b) => a + b, 0)
  const scaled = share < 1 ? ` × ${(share * 100).toFixed(1)}% (the key space of the shards a key search reads)` : ''
  return {
    basis: 'cloudwatch',
    bytes: Math.round(sum('bytes') * share),
    records: Math.round(sum('records') * share),
    note: `From CloudWatch IncomingBytes and IncomingRecords (Sum, ${period / 60}-minute periods) over the range${scaled}`
  }
}

async function fromSample(
  kinesis: KinesisClient,
  stream: string,
  plan: ShardPlan,
  position: StartPosition,
  to: number,
  prefix: string
): Promise<Omit<ReadEstimate, 'seconds' | 'budget' | 'shards' | 'from' | 'to'>> {
  const isRoot = new Set(plan.roots.filter((id) => !plan.promoted.has(id)))
  const childStart: StartPosition = position.type === 'AT_TIMESTAMP' ? position : { type: 'TRIM_HORIZON' }
  let bytes = 0
  let records = 0
  let extrapolated = 0
  const sampleShard = async (shard: ShardInfo): Promise<void> => {
    const start = isRoot.has(shard.shardId) ? position : childStart
    const page = await samplePage(kinesis, stream, shard.shardId, start)
    const sampled = page.records
    const sampleBytes = sampled.reduce((sum, r) => sum + r.data.byteLength, 0)
    bytes += sampleBytes
    records += sampled.length
    const last = sampled[sampled.length - 1]
    const first = sampled[0]
    const atEnd = page.nextShardIterator === null || (page.millisBehindLatest === 0 && sampled.length < SAMPLE_LIMIT)
    if (atEnd || first === undefined || last === undefined) return
    // The sample's rate, carried to the end of the range, or to the shard's tip when that comes
    // first: MillisBehindLatest is how far the page's last record is behind the shard's newest.
    const span = Math.max(1, last.arrivalTime - first.arrivalTime)
    const ahead = Math.max(0, Math.min(to - last.arrivalTime, page.millisBehindLatest ?? Infinity))
    extrapolated++
    bytes += (sampleBytes / span) * ahead
    records += (sampled.length / span) * ahead
  }
  // A few shards at a time: two calls each, once.
  const shards = [...plan.shards.values()]
  for (let i = 0; i < shards.length; i += 8) await Promise.all(shards.slice(i, i + 8).map(sampleShard))
  const how =
    extrapolated === 0
      ? `read whole by one GetRecords (up to ${SAMPLE_LIMIT} records) per shard`
      : `from a sample of up to ${SAMPLE_LIMIT} records per shard, whose rate is carried to the shard's tip (or the range's end) on ${extrapolated} of ${shards.length} shards`
  return { basis: 'sample', bytes: Math.round(bytes), records: Math.round(records), note: `${prefix}${how[0]?.toUpperCase() ?? ''}${how.slice(1)}` }
}

async function samplePage(kinesis: KinesisClient, stream: string, shardId: string, position: StartPosition): Promise<RecordsPage> {
  const { ShardIterator } = await kinesis.send(new GetShardIteratorCommand(shardIteratorInput(stream, shardId, position)))
  if (ShardIterator === undefined) return closedEmptyPage()
  const sink: { page: RecordsPage | null } = { page: null }
  await kinesis.send(getRecordsCommand({ iterator: ShardIterator, limit: SAMPLE_LIMIT }, { sentAt: 0, answeredAt: 0 }, sink, Date.now))
  return sink.page ?? closedEmptyPage()
}

/**
 * CloudWatch metrics of a stream (namespace AWS/Kinesis). GetMetricData is billed per metric
 * requested, so a view's metrics always go in one request (paged through NextToken, never split
 * by metric), and the renderer asks at most once a minute while a metrics view is visible.
 */
import {
  GetMetricDataCommand,
  type CloudWatchClient,
  type MetricDataQuery,
  type MetricDataResult
} from '@aws-sdk/client-cloudwatch'
import { DescribeStreamSummaryCommand, type KinesisClient, type MetricsName } from '@aws-sdk/client-kinesis'
import { AppFailure } from '../../../shared/errors'
import {
  metricDefinitions,
  resolveRange,
  streamMetricNames,
  type MetricRange,
  type MetricSeries,
  type ShardLoad,
  type StreamMetrics
} from '../../../shared/metrics'

export const NAMESPACE = 'AWS/Kinesis'
/** GetMetricData takes at most 500 queries a call. */
const MAX_QUERIES = 500
/** A guard against a server whose NextToken never ends. */
const MAX_PAGES = 1000

interface Window {
  start: number
  end: number
}

/**
 * Runs one GetMetricData over all `queries`, through every NextToken page, and gathers each
 * query's points (pages may carry more points for the same id) in ascending time.
 */
export async function getMetricData(
  cloudWatch: CloudWatchClient,
  queries: MetricDataQuery[],
  window: Window
): Promise<Map<string, { timestamps: number[]; values: number[] }>> {
  const points = new Map<string, Map<number, number>>()
  for (const q of queries) points.set(q.Id ?? '', new Map())
  let nextToken: string | undefined
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await cloudWatch.send(
      new GetMetricDataCommand({
        MetricDataQueries: queries,
        StartTime: new Date(window.start),
        EndTime: new Date(window.end),
        ScanBy: 'TimestampAscending',
        ...(nextToken !== undefined ? { NextToken: nextToken } : {})
      })
    )
    for (const result of answer.MetricDataResults ?? []) addPoints(points, result)
    nextToken = answer.NextToken
    if (nextToken === undefined || nextToken === '') break
  }
  const series = new Map<string, { timestamps: number[]; values: number[] }>()
  for (const [id, byTime] of points) {
    const timestamps = [...byTime.keys()].sort((a, b) => a - b)
    series.set(id, { timestamps, values: timestamps.map((t) => byTime.get(t) ?? 0) })
  }
  return series
}

function addPoints(points: Map<string, Map<number, number>>, result: MetricDataResult): void {
  const byTime = points.get(result.Id ?? '')
  if (byTime === undefined) return // an id this call did not ask for
  const timestamps = result.Timestamps ?? []
  const values = result.Values ?? []
  for (let i = 0; i < Math.min(timestamps.length, values.length); i++) {
    const t = timestamps[i]?.getTime()
    const v = values[i]
    if (t !== undefined && Number.isFinite(t) && typeof v === 'number' && Number.isFinite(v)) byTime.set(t, v)
  }
}

const streamQueryId = (index: number): string => `m${index}`

/** Every metric of the Metrics tab, with its statistic, for one stream. */
export function streamMetricQueries(stream: string, period: number): MetricDataQuery[] {
  return streamMetricNames.map((name, index) => ({
    Id: streamQueryId(index),
    MetricStat: {
      Metric: { Namespace: NAMESPACE, MetricName: name, Dimensions: [{ Name: 'StreamName', Value: stream }] },
      Period: period,
      Stat: metricDefinitions[name].statistic
    },
    ReturnData: true
  }))
}

export async function fetchStreamMetrics(
  cloudWatch: CloudWatchClient,
  stream: string,
  range: MetricRange,
  now: number = Date.now()
): Promise<StreamMetrics> {
  const { start, end, period } = resolveRange(range, now)
  const data = await getMetricData(cloudWatch, streamMetricQueries(stream, period), { start, end })
  const series: MetricSeries[] = streamMetricNames.map((name, index) => {
    const { statistic, unit } = metricDefinitions[name]
    const points = data.get(streamQueryId(index)) ?? { timestamps: [], values: [] }
    return { name, statistic, unit, ...points }
  })
  return { stream, start, end, period, series, fetchedAt: now }
}

// --- shard-level ------------------------------------------------------------------------------

/** The shard-level metrics metrics.shardLoad needs enabled (enhanced monitoring). */
export const shardLoadMetrics = ['IncomingRecords', 'IncomingBytes'] as const

/**
 * Which of `needed` the stream's enhanced monitoring lacks (DescribeStreamSummary's
 * EnhancedMonitoring; "ALL" enables every one).
 */
export async function missingShardMetrics(kinesis: KinesisClient, stream: string, needed: readonly MetricsName[]): Promise<MetricsName[]> {
  const { StreamDescriptionSummary: summary } = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: stream }))
  const enabled = new Set<MetricsName>((summary?.EnhancedMonitoring ?? []).flatMap((e) => e.ShardLevelMetrics ?? []))
  if (enabled.has('ALL')) return []
  return needed.filter((m) => !enabled.has(m))
}

export function shardMetricsOff(stream: string, missing: string[], openShards: number): AppFailure {
  const metrics = missing.join(' ')
  const count = openShards * missing.length
  return new AppFailure(
    'SHARD_METRICS_OFF',
    `Shard-level metrics are off for ${stream}: ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not enabled (enhanced monitoring), so CloudWatch has no per-shard figures.`,
    `Enable them with \`aws kinesis enable-enhanced-monitoring --stream-name ${stream} --shard-level-metrics ${metrics}\`. ` +
      `Each shard-level metric is billed per shard as a CloudWatch custom metric: ${missing.length} × ${openShards} open ${openShards === 1 ? 'shard' : 'shards'} = ${count} custom ${count === 1 ? 'metric' : 'metrics'} a month while enabled.`
  )
}

/**
 * Writes per open shard over the last `minutes`, from the shard-level metrics. One period covers
 * the whole window, so each shard's query returns a point or two, whatever the window.
 */
export async function fetchShardLoad(
  cloudWatch: CloudWatchClient,
  stream: string,
  shardIds: string[],
  minutes: number,
  now: number = Date.now()
): Promise<ShardLoad> {
  const end = Math.floor(now / 60_000) * 60_000
  const start = end - minutes * 60_000
  const period = minutes * 60
  const query = (id: string, metric: string, shardId: string): MetricDataQuery => ({
    Id: id,
    MetricStat: {
      Metric: {
        Namespace: NAMESPACE,
        MetricName: metric,
        Dimensions: [
          { Name: 'StreamName', Value: stream },
          { Name: 'ShardId', Value: shardId }
        ]
      },
      Period: period,
      Stat: 'Sum'
    },
    ReturnData: true
  })
  const queries = shardIds.flatMap((shardId, i) => [query(`r${i}`, 'IncomingRecords', shardId), query(`b${i}`, 'IncomingBytes', shardId)])
  const data = new Map<string, { timestamps: number[]; values: number[] }>()
  // Past 250 shards, more than one call: GetMetricData takes 500 queries at most.
  for (let i = 0; i < queries.length; i += MAX_QUERIES) {
    for (const [id, points] of await getMetricData(cloudWatch, queries.slice(i, i + MAX_QUERIES), { start, end })) data.set(id, points)
  }
  const sum = (id: string): number => (data.get(id)?.values ?? []).reduce((a, b) => a + b, 0)
  const seconds = minutes * 60
  return {
    stream,
    minutes,
    start,
    end,
    shards: shardIds.map((shardId, i) => {
      const incomingRecords = sum(`r${i}`)
      const incomingBytes = sum(`b${i}`)
      return { shardId, incomingRecords, incomingBytes, recordsPerSecond: incomingRecords / seconds, bytesPerSecond: incomingBytes / seconds }
    })
  }
}

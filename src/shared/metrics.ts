/**
 * Stream metrics, shared by main and the renderer: which CloudWatch metrics a Metrics view shows
 * (with the statistic and unit each one needs), the ranges and the period each gets, the result
 * shapes, per-shard limits and the seed's shard calculator. Pure: no electron, no node.
 */

/** The AWS/Kinesis stream-level metrics the Metrics tab shows, in the order it shows them. */
export const streamMetricNames = [
  'IncomingRecords',
  'IncomingBytes',
  'PutRecord.Success',
  'PutRecords.Success',
  'PutRecord.Latency',
  'PutRecords.Latency',
  'GetRecords.Records',
  'GetRecords.Bytes',
  'GetRecords.Success',
  'GetRecords.Latency',
  'GetRecords.IteratorAgeMilliseconds',
  'ReadProvisionedThroughputExceeded',
  'WriteProvisionedThroughputExceeded'
] as const
export type StreamMetricName = (typeof streamMetricNames)[number]

export type MetricStatistic = 'Sum' | 'Average' | 'Maximum'
/** How a value reads: a count or bytes per period, or milliseconds. */
export type MetricUnit = 'count' | 'bytes' | 'milliseconds'

export interface MetricDefinition {
  name: StreamMetricName
  /** Counts and bytes add up over a period; latency is an average; iterator age is the worst one. */
  statistic: MetricStatistic
  unit: MetricUnit
  /** What the chart's title says. */
  title: string
}

export const metricDefinitions: Record<StreamMetricName, MetricDefinition> = {
  IncomingRecords: { name: 'IncomingRecords', statistic: 'Sum', unit: 'count', title: 'Incoming records' },
  IncomingBytes: { name: 'IncomingBytes', statistic: 'Sum', unit: 'bytes', title: 'Incoming data' },
  'PutRecord.Success': { name: 'PutRecord.Success', statistic: 'Sum', unit: 'count', title: 'PutRecord successes' },
  'PutRecords.Success': { name: 'PutRecords.Success', statistic: 'Sum', unit: 'count', title: 'PutRecords successes' },
  'PutRecord.Latency': { name: 'PutRecord.Latency', statistic: 'Average', unit: 'milliseconds', title: 'PutRecord latency' },
  'PutRecords.Latency': { name: 'PutRecords.Latency', statistic: 'Average', unit: 'milliseconds', title: 'PutRecords latency' },
  'GetRecords.Records': { name: 'GetRecords.Records', statistic: 'Sum', unit: 'count', title: 'GetRecords records' },
  'GetRecords.Bytes': { name: 'GetRecords.Bytes', statistic: 'Sum', unit: 'bytes', title: 'GetRecords data' },
  'GetRecords.Success': { name: 'GetRecords.Success', statistic: 'Sum', unit: 'count', title: 'GetRecords successes' },
  'GetRecords.Latency': { name: 'GetRecords.Latency', statistic: 'Average', unit: 'milliseconds', title: 'GetRecords latency' },
  'GetRecords.IteratorAgeMilliseconds': {
    name: 'GetRecords.IteratorAgeMilliseconds',
    statistic: 'Maximum',
    unit: 'milliseconds',
    title: 'Iterator age (oldest record behind)'
  },
  ReadProvisionedThroughputExceeded: {
    name: 'ReadProvisionedThroughputExceeded',
    statistic: 'Sum',
    unit: 'count',
    title: 'Reads throttled'
  },
  WriteProvisionedThroughputExceeded: {
    name: 'WriteProvisionedThroughputExceeded',
    statistic: 'Sum',
    unit: 'count',
    title: 'Writes throttled'
  }
}

// --- ranges and periods -----------------------------------------------------------------------

export const rangePresets = ['1h', '3h', '12h', '24h', '7d'] as const
export type RangePreset = (typeof rangePresets)[number]
export type MetricRange = { type: 'preset'; preset: RangePreset } | { type: 'custom'; start: number; end: number }

export const rangeLabels: Record<RangePreset, string> = {
  '1h': '1 hour',
  '3h': '3 hours',
  '12h': '12 hours',
  '24h': '24 hours',
  '7d': '7 days'
}

const HOUR = 3_600_000
const DAY = 24 * HOUR
export const presetDurations: Record<RangePreset, number> = {
  '1h': HOUR,
  '3h': 3 * HOUR,
  '12h': 12 * HOUR,
  '24h': DAY,
  '7d': 7 * DAY
}

/** CloudWatch periods a chart can use, in seconds (Kinesis publishes basic metrics each minute). */
export const periods = [60, 300, 900, 3600, 21_600, 86_400] as const
/** At most this many points per series: a readable chart, and 13 series stay far below GetMetricData's 100,800. */
export const MAX_POINTS = 1440
/** The longest custom range: CloudWatch keeps hourly data for 455 days. */
export const MAX_RANGE_MS = 455 * DAY

/**
 * The period for a range: the finest one with at most MAX_POINTS points, and no finer than
 * CloudWatch still keeps for data that old (1-minute data for 15 days, 5-minute data for 63 days,
 * then hourly).
 */
export function periodFor(start: number, end: number, now: number): number {
  const duration = Math.max(end - start, 1)
  const age = now - start
  const floor = age > 63 * DAY ? 3600 : age > 15 * DAY ? 300 : 60
  for (const p of periods) {
    if (p >= floor && duration / (p * 1000) <= MAX_POINTS) return p
  }
  return 86_400
}

/** Start and end of a range at `now`; a custom range as given. Both aligned down to the period. */
export function resolveRange(range: MetricRange, now: number): { start: number; end: number; period: number } {
  const raw = range.type === 'preset' ? { start: now - presetDurations[range.preset], end: now } : { start: range.start, end: range.end }
  const period = periodFor(raw.start, raw.end, now)
  const step = period * 1000
  // Whole periods: CloudWatch answers fastest and most precisely for aligned start times. The end
  // rounds up so that the current (partial) period is included.
  return { start: Math.floor(raw.start / step) * step, end: Math.ceil(raw.end / step) * step, period }
}

/** Why a custom range cannot be fetched, or null. */
export function rangeProblem(range: MetricRange, now: number): string | null {
  if (range.type === 'preset') return null
  if (!Number.isFinite(range.start) || !Number.isFinite(range.end)) return 'Enter a start and an end.'
  if (range.end <= range.start) return 'The end must be after the start.'
  if (range.start > now) return 'The start is in the future.'
  if (range.end - range.start > MAX_RANGE_MS || now - range.start > MAX_RANGE_MS) return 'CloudWatch keeps metrics for 455 days.'
  return null
}

/** "1 min", "5 min", "1 h", "1 day": how a period reads beside a value. */
export function periodLabel(seconds: number): string {
  if (seconds % 86_400 === 0) return seconds === 86_400 ? '1 day' : `${seconds / 86_400} days`
  if (seconds % 3600 === 0) return `${seconds / 3600} h`
  if (seconds % 60 === 0) return `${seconds / 60} min`
  return `${seconds} s`
}

// --- results ----------------------------------------------------------------------------------

/** One metric over the range: timestamps (ms, ascending) and values, the same length. */
export interface MetricSeries {
  name: StreamMetricName
  statistic: MetricStatistic
  unit: MetricUnit
  timestamps: number[]
  values: number[]
}

/** What metrics.stream answers: every metric of the view, from one GetMetricData (with its pages). */
export interface StreamMetrics {
  stream: string
  start: number
  end: number
  /** Seconds per point. */
  period: number
  series: MetricSeries[]
  fetchedAt: number
}

/** One open shard's writes over the last `minutes`, from CloudWatch shard-level metrics. */
export interface ShardLoadEntry {
  shardId: string
  /** Sums over the window. */
  incomingRecords: number
  incomingBytes: number
  /** The same, per second (sums ÷ the window's seconds). */
  recordsPerSecond: number
  bytesPerSecond: number
}

/** What metrics.shardLoad answers. */
export interface ShardLoad {
  stream: string
  minutes: number
  start: number
  end: number
  shards: ShardLoadEntry[]
}

/** Traffic the app saw itself (its own reads and sends): where CloudWatch is not available. */
export interface ObservedRates {
  records: number
  bytes: number
  recordsPerSecond: number
  bytesPerSecond: number
}

export interface ObservedShard {
  shardId: string
  read: ObservedRates
  sent: ObservedRates
}

export interface ObservedTraffic {
  stream: string
  /** Seconds the per-second rates average over (the last whole seconds). */
  rateSeconds: number
  /** Seconds the totals (records, bytes) and the series cover: the ring's length. */
  windowSeconds: number
  now: number
  shards: ObservedShard[]
  /** The whole stream, one point per second over the window (timestamps in ms). */
  series: { timestamps: number[]; readRecords: number[]; readBytes: number[]; sentRecords: number[]; sentBytes: number[] }
}

// --- limits and the shard calculator ----------------------------------------------------------

/** Per-shard limits of a provisioned stream (AWS documentation). */
export const shardLimits = {
  writeBytesPerSecond: 1024 * 1024,
  writeRecordsPerSecond: 1000,
  readBytesPerSecond: 2 * 1024 * 1024
} as const

export interface CapacityShares {
  /** 0..n: the share of the stream's write or read limit used (1 = at the limit). */
  writeBytes: number
  writeRecords: number
  readBytes: number
}

/** Per-second rates against the limits of `shards` provisioned shards. */
export function capacityShares(
  rates: { incomingBytesPerSecond: number; incomingRecordsPerSecond: number; readBytesPerSecond: number },
  shards: number
): CapacityShares | null {
  if (!(shards > 0)) return null
  return {
    writeBytes: rates.incomingBytesPerSecond / (shardLimits.writeBytesPerSecond * shards),
    writeRecords: rates.incomingRecordsPerSecond / (shardLimits.writeRecordsPerSecond * shards),
    readBytes: rates.readBytesPerSecond / (shardLimits.readBytesPerSecond * shards)
  }
}

export interface ShardEstimateInput {
  recordsPerSecond: number
  /** Average record size in KB (1 KB = 1024 bytes). */
  averageRecordKB: number
  consumers: number
}

export interface ShardEstimate {
  incomingKBps: number
  outgoingKBps: number
  /** Shards each limit alone needs (before rounding up). */
  byWriteBytes: number
  byWriteRecords: number
  byReadBytes: number
  /** What limits the stream: the largest of the three. */
  limitedBy: 'write bytes' | 'write records' | 'read bytes'
  shards: number
}

/**
 * The seed's shard calculator: incoming KB/s = records/s × average KB; outgoing = incoming ×
 * consumers; shards = max(incoming ÷ 1024, records/s ÷ 1000, outgoing ÷ 2048) rounded up, at
 * least 1. Null when an input is not a usable number.
 */
export function estimateShards(input: ShardEstimateInput): ShardEstimate | null {
  const { recordsPerSecond, averageRecordKB, consumers } = input
  if (![recordsPerSecond, averageRecordKB, consumers].every((n) => Number.isFinite(n) && n >= 0)) return null
  const incomingKBps = recordsPerSecond * averageRecordKB
  const outgoingKBps = incomingKBps * consumers
  const byWriteBytes = incomingKBps / 1024
  const byWriteRecords = recordsPerSecond / 1000
  const byReadBytes = outgoingKBps / 2048
  const most = Math.max(byWriteBytes, byWriteRecords, byReadBytes)
  const limitedBy = most === byReadBytes && byReadBytes > Math.max(byWriteBytes, byWriteRecords)
    ? 'read bytes'
    : most === byWriteRecords && byWriteRecords > byWriteBytes
      ? 'write records'
      : 'write bytes'
  // A tiny epsilon keeps 1000 records/s at exactly 1 shard despite floating point.
  return { incomingKBps, outgoingKBps, byWriteBytes, byWriteRecords, byReadBytes, limitedBy, shards: Math.max(1, Math.ceil(most - 1e-9)) }
}

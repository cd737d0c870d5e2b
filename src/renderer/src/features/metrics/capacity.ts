/** A provisioned stream's load against its per-shard limits, from its CloudWatch sums. Pure. */
import { capacityShares, shardLimits, type StreamMetricName, type StreamMetrics } from '../../../../shared/metrics'
import { latestAndPeak } from './metrics-format'

export interface CapacityRow {
  label: string
  /** The stream's limit per second, in words: "2 MiB/s (2 shards × 1 MiB/s)". */
  limit: string
  latest: number | null
  peak: number | null
}

function perSecond(metrics: StreamMetrics, name: StreamMetricName): { latest: number; peak: number } | null {
  const series = metrics.series.find((s) => s.name === name)
  const figures = series === undefined ? null : latestAndPeak(series, { period: metrics.period, fetchedAt: metrics.fetchedAt })
  return figures === null ? null : { latest: figures.latest.value / metrics.period, peak: figures.peak.value / metrics.period }
}

/** Writes against 1 MiB/s and 1,000 records/s per shard, reads against 2 MiB/s per shard, as shares. */
export function capacityRows(metrics: StreamMetrics, shards: number): CapacityRow[] {
  const bytesIn = perSecond(metrics, 'IncomingBytes')
  const recordsIn = perSecond(metrics, 'IncomingRecords')
  const bytesOut = perSecond(metrics, 'GetRecords.Bytes')
  const at = (pick: 'latest' | 'peak') =>
    capacityShares(
      {
        incomingBytesPerSecond: bytesIn?.[pick] ?? 0,
        incomingRecordsPerSecond: recordsIn?.[pick] ?? 0,
        readBytesPerSecond: bytesOut?.[pick] ?? 0
      },
      shards
    )
  const latest = at('latest')
  const peak = at('peak')
  const s = `${shards} ${shards === 1 ? 'shard' : 'shards'}`
  const mib = (bytes: number): string => `${(bytes / (1024 * 1024)) * shards} MiB/s`
  return [
    {
      label: 'Writes (data)',
      limit: `${mib(shardLimits.writeBytesPerSecond)} (${s} × 1 MiB/s)`,
      latest: bytesIn === null ? null : (latest?.writeBytes ?? null),
      peak: bytesIn === null ? null : (peak?.writeBytes ?? null)
    },
    {
      label: 'Writes (records)',
      limit: `${(shardLimits.writeRecordsPerSecond * shards).toLocaleString('en-US')} records/s (${s} × 1,000 records/s)`,
      latest: recordsIn === null ? null : (latest?.writeRecords ?? null),
      peak: recordsIn === null ? null : (peak?.writeRecords ?? null)
    },
    {
      label: 'Reads (data, shared throughput)',
      limit: `${mib(shardLimits.readBytesPerSecond)} (${s} × 2 MiB/s)`,
      latest: bytesOut === null ? null : (latest?.readBytes ?? null),
      peak: bytesOut === null ? null : (peak?.readBytes ?? null)
    }
  ]
}

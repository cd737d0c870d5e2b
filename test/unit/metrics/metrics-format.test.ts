/** How the Metrics tab words figures (what people copy into tickets), and capacity shares. Pure. */
import { describe, expect, it } from 'vitest'
import type { MetricSeries, StreamMetrics } from '../../../src/shared/metrics'
import { capacityRows } from '../../../src/renderer/src/features/metrics/capacity'
import {
  formatFigure,
  formatPointTime,
  formatShare,
  formatTick,
  formatTimeTick,
  latestAndPeak
} from '../../../src/renderer/src/features/metrics/metrics-format'

const records = { name: 'IncomingRecords', unit: 'count', statistic: 'Sum' } as const
const bytes = { name: 'IncomingBytes', unit: 'bytes', statistic: 'Sum' } as const
const age = { name: 'GetRecords.IteratorAgeMilliseconds', unit: 'milliseconds', statistic: 'Maximum' } as const
const latency = { name: 'PutRecords.Latency', unit: 'milliseconds', statistic: 'Average' } as const
const T = Date.UTC(2026, 10, 26, 9, 12)

describe('figures', () => {
  it('sums read per period and per second, with units', () => {
    expect(formatFigure(records, 1234, 60)).toBe('1,234 records per 1 min (20.6/s)')
    expect(formatFigure(records, 1, 60)).toBe('1 record per 1 min (0.0167/s)')
    expect(formatFigure(bytes, 1_048_576, 300)).toBe('1.0 MB per 5 min (3.4 KB/s)')
    expect(formatFigure(bytes, 600, 60)).toBe('600 B per 1 min (10 B/s)')
    expect(formatFigure({ name: 'WriteProvisionedThroughputExceeded', unit: 'count', statistic: 'Sum' }, 3, 60)).toBe('3 throttled records per 1 min (0.05/s)')
  })

  it('latency and age say their statistic', () => {
    expect(formatFigure(latency, 12.5, 60)).toBe('12.5 ms (average per 1 min)')
    expect(formatFigure(age, 250_000, 900)).toBe('4 min 10 s (maximum per 15 min)')
  })

  it('latest and peak (the earliest of equal peaks)', () => {
    expect(latestAndPeak({ timestamps: [], values: [] })).toBeNull()
    expect(latestAndPeak({ timestamps: [1, 2, 3, 4], values: [5, 9, 9, 2] })).toEqual({ latest: { time: 4, value: 2 }, peak: { time: 2, value: 9 } })
  })

  it('the latest of a sum is the last whole period: the one still running holds part of its sum', () => {
    // 15-minute periods (a 7-day range), fetched 5 minutes into the third: 30,000 so far is not 33/s.
    const sums = { ...records, timestamps: [T, T + 900_000, T + 1_800_000], values: [90_000, 90_000, 30_000] }
    expect(latestAndPeak(sums, { period: 900, fetchedAt: T + 2_100_000 })).toEqual({ latest: { time: T + 900_000, value: 90_000 }, peak: { time: T, value: 90_000 } })
    // An average or a maximum is one already: the running period's is as good as any.
    expect(latestAndPeak({ ...sums, ...age }, { period: 900, fetchedAt: T + 2_100_000 })?.latest.value).toBe(30_000)
    // Only a running period: it is all there is.
    expect(latestAndPeak({ ...records, timestamps: [T], values: [5] }, { period: 900, fetchedAt: T + 60_000 })?.latest.value).toBe(5)
  })

  it('times name their zone; ticks are short', () => {
    expect(formatPointTime(T, 'utc')).toBe('2026-11-26 09:12 UTC')
    expect(formatTimeTick(T, 'utc', false)).toBe('09:12')
    expect(formatTimeTick(T, 'utc', true)).toBe('11-26 09:12')
    expect(formatTick(records, 12_000)).toBe('12K')
    expect(formatTick(bytes, 1_000_000)).toBe('977 KB')
    expect(formatTick(latency, 12.5)).toBe('12.5 ms')
    expect(formatShare(0.1)).toBe('10.0%')
    expect(formatShare(12.3)).toBe('1230%')
  })
})

describe('capacity rows', () => {
  const series = (s: Pick<MetricSeries, 'name'>, values: number[]): MetricSeries => ({
    ...(s.name === 'IncomingBytes' ? bytes : records),
    name: s.name,
    timestamps: values.map((_, i) => T + i * 60_000),
    values
  })
  it('latest and peak rates against 2 shards', () => {
    const metrics: StreamMetrics = {
      stream: 'S',
      start: T,
      end: T + 180_000,
      period: 60,
      fetchedAt: T + 180_000,
      series: [series({ name: 'IncomingRecords' }, [60_000, 6_000]), series({ name: 'IncomingBytes' }, [0, 60 * 1024 * 1024])]
    }
    const rows = capacityRows(metrics, 2)
    expect(rows.map((r) => [r.label, r.limit, r.latest, r.peak])).toEqual([
      ['Writes (data)', '2 MiB/s (2 shards × 1 MiB/s)', 0.5, 0.5],
      ['Writes (records)', '2,000 records/s (2 shards × 1,000 records/s)', 0.05, 0.5],
      // No GetRecords.Bytes points: unknown, not 0%.
      ['Reads (data, shared throughput)', '4 MiB/s (2 shards × 2 MiB/s)', null, null]
    ])
  })
})

describe('capacity against the last whole period', () => {
  it('does not read a period still running as the stream running below its limits', () => {
    const at = (values: number[]): number[] => values.map((_, i) => T + i * 900_000)
    const metrics: StreamMetrics = {
      stream: 'S',
      start: T,
      end: T + 2_700_000,
      period: 900,
      // 3 minutes into the third period.
      fetchedAt: T + 1_800_000 + 180_000,
      series: [{ ...records, timestamps: at([900_000, 900_000, 180_000]), values: [900_000, 900_000, 180_000] }]
    }
    // 1,000 records/s on 1 shard: at the limit, in the last whole period.
    expect(capacityRows(metrics, 1).find((r) => r.label === 'Writes (records)')?.latest).toBe(1)
  })
})

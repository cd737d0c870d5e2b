/**
 * How metric values read in the Metrics tab: with their unit and period, so that a figure copied
 * into a ticket means the same thing there ("1,234 records per 1 min (20.6/s)"). Pure.
 */
import { periodLabel, type MetricSeries, type StreamMetricName } from '../../../../shared/metrics'
import { formatBytes, formatCount, formatMillisBehind, formatTime, zoneName, type TimeZone } from '../records/format'

/** What a count metric counts. */
const nouns: Partial<Record<StreamMetricName, string>> = {
  IncomingRecords: 'records',
  'PutRecord.Success': 'successful calls',
  'PutRecords.Success': 'successful calls',
  'GetRecords.Records': 'records',
  'GetRecords.Success': 'successful calls',
  ReadProvisionedThroughputExceeded: 'throttled calls',
  WriteProvisionedThroughputExceeded: 'throttled records'
}

/** 20.6 → "20.6", 1234.5 → "1,235", 0.25 → "0.25". */
export function formatNumber(n: number): string {
  if (Number.isInteger(n)) return formatCount(n)
  if (Math.abs(n) >= 100) return formatCount(Math.round(n))
  return String(Number(n.toPrecision(3)))
}

/** Bytes as the rest of the app shows them, with a fraction below 1 KB only when there is one. */
function bytes(n: number): string {
  return n < 1024 ? `${formatNumber(n)} B` : formatBytes(n)
}

/** The value without time context: "1,234 records", "1.2 MB", "12.3 ms". */
export function formatValue(series: Pick<MetricSeries, 'name' | 'unit'>, value: number): string {
  switch (series.unit) {
    case 'bytes':
      return bytes(value)
    case 'milliseconds':
      return series.name === 'GetRecords.IteratorAgeMilliseconds' ? formatMillisBehind(value) : `${formatNumber(value)} ms`
    default: {
      const noun = nouns[series.name] ?? ''
      // "1 record", "1 throttled call": the noun's last word loses its s for exactly one.
      return `${formatNumber(value)} ${value === 1 ? noun.replace(/s$/, '') : noun}`.trimEnd()
    }
  }
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 })

/** An axis tick: short, no noun (the chart's title says what is counted). "1.2K", "977 KB", "250 ms". */
export function formatTick(series: Pick<MetricSeries, 'name' | 'unit'>, value: number): string {
  switch (series.unit) {
    case 'bytes':
      return bytes(value)
    case 'milliseconds':
      return series.name === 'GetRecords.IteratorAgeMilliseconds' ? formatMillisBehind(value) : `${compact.format(value)} ms`
    default:
      return compact.format(value)
  }
}

/** An x-axis tick in the chosen zone, 24-hour: "09:30", or "11-26 09:30" when the range spans days. */
export function formatTimeTick(ms: number, zone: TimeZone, withDate: boolean): string {
  const text = formatTime(ms, zone, false)
  return withDate ? text.slice(5, 16) : text.slice(11, 16)
}

/**
 * The value as a figure to copy: per period and per second for sums, with the statistic for
 * latency and age. "1,234 records per 1 min (20.6/s)", "1.2 MB per 5 min (4.1 KB/s)",
 * "12.3 ms (average per 1 min)".
 */
export function formatFigure(series: Pick<MetricSeries, 'name' | 'unit' | 'statistic'>, value: number, period: number): string {
  if (series.statistic !== 'Sum') return `${formatValue(series, value)} (${series.statistic.toLowerCase()} per ${periodLabel(period)})`
  const perSecond = value / period
  const rate = series.unit === 'bytes' ? `${bytes(perSecond)}/s` : `${formatNumber(perSecond)}/s`
  return `${formatValue(series, value)} per ${periodLabel(period)} (${rate})`
}

export interface Point {
  time: number
  value: number
}

/**
 * The latest point and the highest one (the earliest of equal peaks); null for an empty series.
 * With `whole` (the period, seconds, and when the figures were fetched), a sum's latest is the last
 * period that had ended: the range includes the period still running, whose sum so far would read
 * as a far lower rate than the stream has (a 15-minute period 3 minutes in: a fifth). An average
 * or a maximum needs no whole period; nor does a series with nothing else.
 */
export function latestAndPeak(
  series: Pick<MetricSeries, 'timestamps' | 'values'> & Partial<Pick<MetricSeries, 'statistic'>>,
  whole?: { period: number; fetchedAt: number }
): { latest: Point; peak: Point } | null {
  const n = Math.min(series.timestamps.length, series.values.length)
  if (n === 0) return null
  let peak = 0
  for (let i = 1; i < n; i++) if ((series.values[i] ?? 0) > (series.values[peak] ?? 0)) peak = i
  let latest = n - 1
  if (whole !== undefined && series.statistic === 'Sum') {
    while (latest > 0 && (series.timestamps[latest] ?? 0) + whole.period * 1000 > whole.fetchedAt) latest -= 1
  }
  return {
    latest: { time: series.timestamps[latest] ?? 0, value: series.values[latest] ?? 0 },
    peak: { time: series.timestamps[peak] ?? 0, value: series.values[peak] ?? 0 }
  }
}

/** "2026-11-26 09:12 UTC": the minute a point starts, with the zone's name. */
export function formatPointTime(ms: number, zone: TimeZone): string {
  return `${formatTime(ms, zone, false).slice(0, 16)} ${zoneName(zone)}`
}

/** 0.4567 → "45.7%". */
export function formatShare(share: number): string {
  return `${(share * 100).toFixed(share >= 10 ? 0 : 1)}%`
}

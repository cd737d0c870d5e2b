/** Periods per range, range checks, capacity shares and the seed's shard calculator: pure functions. */
import { describe, expect, it } from 'vitest'
import {
  MAX_POINTS,
  capacityShares,
  estimateShards,
  periodFor,
  periodLabel,
  presetDurations,
  rangePresets,
  rangeProblem,
  resolveRange,
  streamMetricNames
} from '../../../src/shared/metrics'

const NOW = Date.UTC(2026, 10, 26, 9, 30, 17)
const DAY = 86_400_000

describe('the period of each range', () => {
  it('gives each preset a sensible period within the point limit', () => {
    const got = Object.fromEntries(rangePresets.map((p) => [p, resolveRange({ type: 'preset', preset: p }, NOW).period]))
    expect(got).toEqual({ '1h': 60, '3h': 60, '12h': 60, '24h': 60, '7d': 900 })
    for (const p of rangePresets) {
      const { start, end, period } = resolveRange({ type: 'preset', preset: p }, NOW)
      const points = (end - start) / (period * 1000)
      expect(points).toBeLessThanOrEqual(MAX_POINTS + 1)
      // GetMetricData returns at most 100,800 points a call: every metric of the view fits.
      expect(points * streamMetricNames.length).toBeLessThan(100_800)
      expect(start % (period * 1000)).toBe(0)
      expect(end - start).toBeGreaterThanOrEqual(presetDurations[p])
    }
  })

  it('custom ranges: finer for short ones, and never finer than CloudWatch keeps for old data', () => {
    expect(periodFor(NOW - 10 * 60_000, NOW, NOW)).toBe(60)
    expect(periodFor(NOW - 30 * DAY, NOW - 29 * DAY, NOW)).toBe(300) // 1-minute data is kept 15 days
    expect(periodFor(NOW - 100 * DAY, NOW - 99 * DAY, NOW)).toBe(3600) // 5-minute data 63 days
    expect(periodFor(NOW - 90 * DAY, NOW, NOW)).toBe(21_600)
    expect(periodFor(NOW - 455 * DAY, NOW, NOW)).toBe(86_400)
  })

  it('checks custom ranges', () => {
    expect(rangeProblem({ type: 'custom', start: NOW, end: NOW - 1 }, NOW)).toBe('The end must be after the start.')
    expect(rangeProblem({ type: 'custom', start: NOW + 60_000, end: NOW + 120_000 }, NOW)).toBe('The start is in the future.')
    expect(rangeProblem({ type: 'custom', start: NOW - 500 * DAY, end: NOW }, NOW)).toBe('CloudWatch keeps metrics for 455 days.')
    expect(rangeProblem({ type: 'custom', start: Number.NaN, end: NOW }, NOW)).toBe('Enter a start and an end.')
    expect(rangeProblem({ type: 'custom', start: NOW - DAY, end: NOW }, NOW)).toBeNull()
    expect(rangeProblem({ type: 'preset', preset: '1h' }, NOW)).toBeNull()
  })

  it('labels periods', () => {
    expect([60, 300, 3600, 21_600, 86_400].map(periodLabel)).toEqual(['1 min', '5 min', '1 h', '6 h', '1 day'])
  })
})

describe('capacity against the limits of provisioned shards', () => {
  it('writes against 1 MiB/s and 1,000 records/s per shard, reads against 2 MiB/s per shard', () => {
    expect(capacityShares({ incomingBytesPerSecond: 1024 * 1024, incomingRecordsPerSecond: 500, readBytesPerSecond: 1024 * 1024 }, 2)).toEqual({
      writeBytes: 0.5,
      writeRecords: 0.25,
      readBytes: 0.25
    })
    expect(capacityShares({ incomingBytesPerSecond: 1, incomingRecordsPerSecond: 1, readBytesPerSecond: 1 }, 0)).toBeNull()
  })
})

describe("the seed's shard calculator", () => {
  it('max(incoming KB/s ÷ 1024, records/s ÷ 1000, outgoing KB/s ÷ 2048) rounded up', () => {
    // The seed's example: 1,000 orders a second of 3 KB, read by 2 consumers.
    expect(estimateShards({ recordsPerSecond: 1000, averageRecordKB: 3, consumers: 2 })).toMatchObject({
      incomingKBps: 3000,
      outgoingKBps: 6000,
      shards: 3,
      limitedBy: 'write bytes'
    })
    expect(estimateShards({ recordsPerSecond: 5000, averageRecordKB: 0.1, consumers: 1 })).toMatchObject({ shards: 5, limitedBy: 'write records' })
    expect(estimateShards({ recordsPerSecond: 1000, averageRecordKB: 1, consumers: 5 })).toMatchObject({ outgoingKBps: 5000, shards: 3, limitedBy: 'read bytes' })
    expect(estimateShards({ recordsPerSecond: 1000, averageRecordKB: 1, consumers: 1 })).toMatchObject({ shards: 1 })
    expect(estimateShards({ recordsPerSecond: 1001, averageRecordKB: 0.5, consumers: 1 })).toMatchObject({ shards: 2 })
    expect(estimateShards({ recordsPerSecond: 0, averageRecordKB: 0, consumers: 0 })).toMatchObject({ shards: 1 })
  })

  it('is null for inputs that are not usable numbers', () => {
    expect(estimateShards({ recordsPerSecond: -1, averageRecordKB: 1, consumers: 1 })).toBeNull()
    expect(estimateShards({ recordsPerSecond: Number.NaN, averageRecordKB: 1, consumers: 1 })).toBeNull()
    expect(estimateShards({ recordsPerSecond: 1, averageRecordKB: Infinity, consumers: 1 })).toBeNull()
  })
})

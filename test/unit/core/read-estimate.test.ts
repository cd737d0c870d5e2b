/**
 * reader.estimate where the connection has CloudWatch: one GetMetricData of IncomingBytes and
 * IncomingRecords (Sum) over the range, scaled to the key space a key search reads, and the time
 * at the chosen budget; a CloudWatch failure falls back to the sample and says why. CloudWatch and
 * Kinesis mocked (no CloudWatch emulator; the sample path runs against emulators in integration).
 */
import { CloudWatchClient, GetMetricDataCommand, type GetMetricDataCommandInput } from '@aws-sdk/client-cloudwatch'
import { DescribeStreamSummaryCommand, GetRecordsCommand, GetShardIteratorCommand, KinesisClient, ListShardsCommand } from '@aws-sdk/client-kinesis'
import { mockClient } from 'aws-sdk-client-mock'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mockedConnection } from '../../support/mocked-connection'
import { estimateRead } from '../../../src/main/core/reader/read-estimate'
import { matchAll } from '../../../src/shared/filter/record-filter'

const cw = mockClient(CloudWatchClient)
const kinesis = mockClient(KinesisClient)
const NOW = Date.UTC(2026, 11, 2, 18, 0, 0)
const HOUR = 3_600_000
const MAX = 2n ** 128n - 1n

const connected = (): ReturnType<typeof mockedConnection> => mockedConnection()

/** Four open shards, each a quarter of the key space. */
const quarter = MAX / 4n
const shards = [0n, 1n, 2n, 3n].map((i) => ({
  ShardId: `shardId-00000000000${i}`,
  HashKeyRange: { StartingHashKey: (i * quarter + (i === 0n ? 0n : i)).toString(), EndingHashKey: (i === 3n ? MAX : (i + 1n) * quarter + i).toString() },
  SequenceNumberRange: { StartingSequenceNumber: '1' }
}))

beforeEach(() => {
  kinesis.on(DescribeStreamSummaryCommand).resolves({
    StreamDescriptionSummary: {
      StreamName: 'OrderStream',
      StreamARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/OrderStream',
      StreamStatus: 'ACTIVE',
      RetentionPeriodHours: 24,
      StreamCreationTimestamp: new Date(NOW - 30 * 24 * HOUR),
      EnhancedMonitoring: [],
      OpenShardCount: 4
    }
  })
  kinesis.on(ListShardsCommand).resolves({ Shards: shards })
})
afterEach(() => {
  cw.reset()
  kinesis.reset()
})

const inputs = (): GetMetricDataCommandInput[] => cw.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input)

describe('read estimate from CloudWatch', () => {
  it('sums IncomingBytes and IncomingRecords over the retention period and times it at the budget', async () => {
    const gib = 1024 ** 3
    cw.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: 'bytes', Timestamps: [new Date(NOW - 2 * HOUR), new Date(NOW - HOUR)], Values: [gib, gib] },
        { Id: 'records', Timestamps: [new Date(NOW - 2 * HOUR), new Date(NOW - HOUR)], Values: [1_000_000, 1_000_000] }
      ]
    })
    const estimate = await estimateRead(connected(), { stream: 'OrderStream', shardIds: null, position: { type: 'TRIM_HORIZON' } }, NOW)
    expect(inputs()).toHaveLength(1)
    const queries = inputs()[0]?.MetricDataQueries ?? []
    expect(queries.map((q) => [q.MetricStat?.Metric?.MetricName, q.MetricStat?.Stat])).toEqual([
      ['IncomingBytes', 'Sum'],
      ['IncomingRecords', 'Sum']
    ])
    expect(queries[0]?.MetricStat?.Metric?.Dimensions).toEqual([{ Name: 'StreamName', Value: 'OrderStream' }])
    // 24 h in at most 1,440 points: one-minute periods.
    expect(queries[0]?.MetricStat?.Period).toBe(60)
    expect(inputs()[0]?.StartTime?.getTime()).toBe(NOW - 24 * HOUR)
    expect(estimate).toMatchObject({ basis: 'cloudwatch', bytes: 2 * gib, records: 2_000_000, shards: 4, budget: 'full' })
    // 2 GiB over 4 shards at 2 MiB/s: 256 s, plus two light calls (0.4 s).
    expect(estimate.seconds).toBeCloseTo(256 + 0.4, 5)
    expect(estimate.note).toContain('CloudWatch IncomingBytes')
    expect(kinesis.commandCalls(GetShardIteratorCommand)).toHaveLength(0) // no sample
  })

  it('a key search reads a quarter of the key space: a quarter of the volume, at the gentle budget', async () => {
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'bytes', Timestamps: [new Date(NOW - HOUR)], Values: [400 * 1024 * 1024] }] })
    const key = 'customer-42'
    const estimate = await estimateRead(
      connected(),
      { stream: 'OrderStream', shardIds: null, position: { type: 'AT_TIMESTAMP', timestamp: NOW - 2 * HOUR }, search: { filter: { ...matchAll, partitionKey: key, partitionKeyMode: 'exact' } }, budget: 'gentle' },
      NOW
    )
    expect(estimate.shards).toBe(1)
    expect(estimate.bytes).toBe(100 * 1024 * 1024)
    expect(estimate.note).toMatch(/25\.0% \(the key space/)
    // 100 MiB on one shard at 1 MiB/s: 100 s, plus two calls at 1 call/s.
    expect(estimate.seconds).toBeCloseTo(102, 5)
    expect(inputs()[0]?.StartTime?.getTime()).toBe(NOW - 2 * HOUR)
  })

  it('asks for a period CloudWatch still keeps for data that old: a range 20 days back gets data, not nothing', async () => {
    // CloudWatch's rule (GetMetricData, StartTime): data more than 15 days old only in periods that
    // are multiples of 300 s, more than 63 days old only in multiples of 3600 s; other periods get no points.
    cw.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => {
      const period = input.MetricDataQueries?.[0]?.MetricStat?.Period ?? 0
      const age = NOW - (input.StartTime?.getTime() ?? NOW)
      const kept = age > 63 * 24 * HOUR ? period % 3600 === 0 : age > 15 * 24 * HOUR ? period % 300 === 0 : true
      const points = kept ? { Timestamps: [input.StartTime ?? new Date(NOW)], Values: [1024 * 1024 * 1024] } : { Timestamps: [], Values: [] }
      return { MetricDataResults: [{ Id: 'bytes', ...points }, { Id: 'records', ...points }] }
    })
    kinesis.on(DescribeStreamSummaryCommand).resolves({
      StreamDescriptionSummary: { StreamName: 'OrderStream', StreamARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/OrderStream', StreamStatus: 'ACTIVE', RetentionPeriodHours: 100 * 24, StreamCreationTimestamp: new Date(NOW - 200 * 24 * HOUR), EnhancedMonitoring: [], OpenShardCount: 4 }
    })
    const day = 24 * HOUR
    const search = (from: number, to: number) => ({ filter: { ...matchAll, from, to } })
    // One day, 20 days ago; 16 days of retention from the trim horizon; the whole 100-day retention.
    for (const request of [
      { position: { type: 'TRIM_HORIZON' as const }, search: search(NOW - 20 * day, NOW - 19 * day) },
      { position: { type: 'AT_TIMESTAMP' as const, timestamp: NOW - 16 * day } },
      { position: { type: 'TRIM_HORIZON' as const } }
    ]) {
      const estimate = await estimateRead(connected(), { stream: 'OrderStream', shardIds: null, ...request }, NOW)
      expect(estimate.bytes, JSON.stringify(request)).toBe(1024 * 1024 * 1024)
    }
  })

  it('counts nothing older than the retention period: a time range reaching before it reads from the trim horizon', async () => {
    cw.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => {
      // 1 GiB an hour, every hour of the range asked for.
      const hours = Math.round(((input.EndTime?.getTime() ?? NOW) - (input.StartTime?.getTime() ?? NOW)) / HOUR)
      return { MetricDataResults: [{ Id: 'bytes', Timestamps: [new Date(NOW - HOUR)], Values: [hours * 1024 ** 3] }] }
    })
    // 24 h of retention; the search asks from 7 days back.
    const estimate = await estimateRead(connected(), { stream: 'OrderStream', shardIds: null, position: { type: 'AT_TIMESTAMP', timestamp: NOW - 7 * 24 * HOUR } }, NOW)
    expect(inputs()[0]?.StartTime?.getTime()).toBe(NOW - 24 * HOUR)
    expect(estimate.from).toBe(NOW - 24 * HOUR)
    expect(estimate.bytes).toBe(24 * 1024 ** 3)
  })

  it('a CloudWatch failure falls back to the sample and says why', async () => {
    cw.on(GetMetricDataCommand).rejects(Object.assign(new Error('not authorized to perform cloudwatch:GetMetricData'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }))
    kinesis.on(GetShardIteratorCommand).resolves({ ShardIterator: 'it' })
    kinesis.on(GetRecordsCommand).resolves({ Records: [], MillisBehindLatest: 0 })
    const estimate = await estimateRead(connected(), { stream: 'OrderStream', shardIds: null, position: { type: 'TRIM_HORIZON' } }, NOW)
    expect(estimate.basis).toBe('sample')
    expect(estimate.note).toMatch(/^CloudWatch failed \(.*\); /)
    expect(kinesis.commandCalls(GetShardIteratorCommand)).toHaveLength(4)
  })
})

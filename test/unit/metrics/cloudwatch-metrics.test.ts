/**
 * The CloudWatch requests the Metrics tab and metrics.shardLoad make (namespace, dimensions,
 * period, statistic, NextToken paging) and how their answers are mapped, against a mocked
 * CloudWatch (there is no CloudWatch emulator).
 */
import { CloudWatchClient, GetMetricDataCommand, type GetMetricDataCommandInput } from '@aws-sdk/client-cloudwatch'
import { DescribeStreamSummaryCommand, KinesisClient, ListShardsCommand } from '@aws-sdk/client-kinesis'
import { mockClient } from 'aws-sdk-client-mock'
import { afterEach, describe, expect, it } from 'vitest'
import { fetchShardLoad, fetchStreamMetrics } from '../../../src/main/core/metrics/cloudwatch-metrics'
import { shardLoad, streamMetrics } from '../../../src/main/core/metrics/metrics-service'
import { mockedConnection } from '../../support/mocked-connection'
import { AppFailure } from '../../../src/shared/errors'
import { streamMetricNames } from '../../../src/shared/metrics'

const cw = mockClient(CloudWatchClient)
const kinesis = mockClient(KinesisClient)
afterEach(() => {
  cw.reset()
  kinesis.reset()
})

const NOW = Date.UTC(2026, 10, 26, 9, 30, 17)
const minute = (m: number): Date => new Date(Date.UTC(2026, 10, 26, 9, m))

const connected = mockedConnection

const inputs = (): GetMetricDataCommandInput[] => cw.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input)

describe('stream metrics: one GetMetricData for every metric of the view', () => {
  it('asks AWS/Kinesis for each metric with the StreamName dimension, the range period and the right statistic', async () => {
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [] })
    const result = await fetchStreamMetrics(new CloudWatchClient({ region: 'us-east-1' }), 'OrderStream', { type: 'preset', preset: '3h' }, NOW)
    expect(inputs()).toHaveLength(1)
    const input = inputs()[0]!
    expect(input.MetricDataQueries).toHaveLength(streamMetricNames.length)
    const stats: Record<string, string | undefined> = Object.fromEntries(
      input.MetricDataQueries!.map((q): [string, string | undefined] => [q.MetricStat?.Metric?.MetricName ?? '', q.MetricStat?.Stat])
    )
    expect(stats).toMatchObject({
      IncomingRecords: 'Sum',
      IncomingBytes: 'Sum',
      'PutRecords.Success': 'Sum',
      'PutRecord.Latency': 'Average',
      'GetRecords.Latency': 'Average',
      'GetRecords.IteratorAgeMilliseconds': 'Maximum',
      ReadProvisionedThroughputExceeded: 'Sum',
      WriteProvisionedThroughputExceeded: 'Sum'
    })
    for (const q of input.MetricDataQueries!) {
      expect(q.Id).toMatch(/^[a-z][a-zA-Z0-9_]*$/)
      expect(q.MetricStat!.Metric!.Namespace).toBe('AWS/Kinesis')
      expect(q.MetricStat!.Metric!.Dimensions).toEqual([{ Name: 'StreamName', Value: 'OrderStream' }])
      expect(q.MetricStat!.Period).toBe(60)
    }
    // 3 hours at 1-minute points, whole minutes, the current minute included.
    expect(input.StartTime).toEqual(new Date(Date.UTC(2026, 10, 26, 6, 30)))
    expect(input.EndTime).toEqual(new Date(Date.UTC(2026, 10, 26, 9, 31)))
    expect(input.ScanBy).toBe('TimestampAscending')
    expect(result).toMatchObject({ stream: 'OrderStream', period: 60, start: input.StartTime!.getTime(), end: input.EndTime!.getTime() })
    expect(result.series.map((s) => s.name)).toEqual([...streamMetricNames])
  })

  it('follows NextToken and merges the points of each metric in time order', async () => {
    const idOf = (name: string): string => `m${streamMetricNames.indexOf(name as (typeof streamMetricNames)[number])}`
    cw.on(GetMetricDataCommand)
      .resolvesOnce({
        MetricDataResults: [
          { Id: idOf('IncomingRecords'), Timestamps: [minute(1), minute(2)], Values: [10, 20], StatusCode: 'PartialData' },
          { Id: idOf('GetRecords.IteratorAgeMilliseconds'), Timestamps: [minute(1)], Values: [1500], StatusCode: 'Complete' }
        ],
        NextToken: 'page-2'
      })
      .resolvesOnce({
        MetricDataResults: [
          { Id: idOf('IncomingRecords'), Timestamps: [minute(0)], Values: [5], StatusCode: 'Complete' },
          { Id: 'unknown', Timestamps: [minute(0)], Values: [99] }
        ]
      })
    const result = await fetchStreamMetrics(new CloudWatchClient({ region: 'us-east-1' }), 'S', { type: 'preset', preset: '1h' }, NOW)
    expect(inputs().map((i) => i.NextToken)).toEqual([undefined, 'page-2'])
    // Every page asks for the same queries and window.
    expect(inputs()[1]!.MetricDataQueries).toEqual(inputs()[0]!.MetricDataQueries)
    const incoming = result.series.find((s) => s.name === 'IncomingRecords')!
    expect(incoming).toEqual({
      name: 'IncomingRecords',
      statistic: 'Sum',
      unit: 'count',
      timestamps: [minute(0), minute(1), minute(2)].map((d) => d.getTime()),
      values: [5, 10, 20]
    })
    expect(result.series.find((s) => s.name === 'GetRecords.IteratorAgeMilliseconds')).toMatchObject({ statistic: 'Maximum', unit: 'milliseconds', values: [1500] })
    expect(result.series.find((s) => s.name === 'IncomingBytes')).toMatchObject({ timestamps: [], values: [] })
  })

  it('7 days asks for 15-minute points', async () => {
    cw.on(GetMetricDataCommand).resolves({})
    const result = await fetchStreamMetrics(new CloudWatchClient({ region: 'us-east-1' }), 'S', { type: 'preset', preset: '7d' }, NOW)
    expect(result.period).toBe(900)
    expect(inputs()[0]!.MetricDataQueries![0]!.MetricStat!.Period).toBe(900)
  })

  it('access denied names cloudwatch:GetMetricData and the CloudWatch endpoint', async () => {
    cw.on(GetMetricDataCommand).rejects(
      Object.assign(new Error('User: arn:aws:iam::1:user/dev is not authorized to perform: cloudwatch:GetMetricData'), { name: 'AccessDenied' })
    )
    const failure = await streamMetrics(connected(), 'S', { type: 'preset', preset: '1h' }).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(AppFailure)
    expect(failure).toMatchObject({ code: 'ACCESS_DENIED' })
    expect((failure as AppFailure).message).toContain('endpoint http://127.0.0.1:4582')
    expect((failure as AppFailure).hint).toContain('cloudwatch:GetMetricData')
  })

  it('throttling and bad parameters become THROTTLED and INVALID_INPUT', async () => {
    cw.on(GetMetricDataCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }))
      .rejectsOnce(Object.assign(new Error('bad period'), { name: 'InvalidParameterValueException' }))
    await expect(streamMetrics(connected(), 'S', { type: 'preset', preset: '1h' })).rejects.toMatchObject({ code: 'THROTTLED' })
    await expect(streamMetrics(connected(), 'S', { type: 'preset', preset: '1h' })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
  })

  it('a connection with no CloudWatch answers SERVICE_UNAVAILABLE without a call', async () => {
    const c = connected()
    c.clients.cloudWatch = () => {
      throw new AppFailure('SERVICE_UNAVAILABLE', 'no CloudWatch here')
    }
    await expect(streamMetrics(c, 'S', { type: 'preset', preset: '1h' })).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' })
    await expect(shardLoad(c, 'S', 5)).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' })
    expect(inputs()).toHaveLength(0)
  })
})

const shard = (id: string, open = true) => ({
  ShardId: id,
  HashKeyRange: { StartingHashKey: '0', EndingHashKey: '1' },
  SequenceNumberRange: { StartingSequenceNumber: '1', ...(open ? {} : { EndingSequenceNumber: '2' }) }
})
const summary = (metrics: string[][]) => ({
  StreamDescriptionSummary: {
    StreamName: 'S',
    StreamARN: 'arn',
    StreamStatus: 'ACTIVE' as const,
    RetentionPeriodHours: 24,
    StreamCreationTimestamp: new Date(),
    OpenShardCount: 2,
    EnhancedMonitoring: metrics.map((m) => ({ ShardLevelMetrics: m as never }))
  }
})

describe('shard load: per-shard writes from shard-level metrics', () => {
  it('asks for IncomingRecords and IncomingBytes per shard (StreamName + ShardId), one period over the window, and sums', async () => {
    cw.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: 'r0', Timestamps: [minute(20), minute(25)], Values: [600, 300] },
        { Id: 'b0', Timestamps: [minute(20)], Values: [60_000] },
        { Id: 'r1', Timestamps: [], Values: [] }
      ]
    })
    const load = await fetchShardLoad(new CloudWatchClient({ region: 'us-east-1' }), 'S', ['shardId-000', 'shardId-001'], 5, NOW)
    const input = inputs()[0]!
    expect(input.StartTime).toEqual(minute(25))
    expect(input.EndTime).toEqual(minute(30))
    expect(input.MetricDataQueries).toHaveLength(4)
    const first = input.MetricDataQueries![0]!
    expect(first).toMatchObject({
      Id: 'r0',
      MetricStat: {
        Metric: {
          Namespace: 'AWS/Kinesis',
          MetricName: 'IncomingRecords',
          Dimensions: [
            { Name: 'StreamName', Value: 'S' },
            { Name: 'ShardId', Value: 'shardId-000' }
          ]
        },
        Period: 300,
        Stat: 'Sum'
      }
    })
    expect(input.MetricDataQueries![3]!.MetricStat!.Metric!).toMatchObject({ MetricName: 'IncomingBytes' })
    expect(load.shards).toEqual([
      { shardId: 'shardId-000', incomingRecords: 900, incomingBytes: 60_000, recordsPerSecond: 3, bytesPerSecond: 200 },
      { shardId: 'shardId-001', incomingRecords: 0, incomingBytes: 0, recordsPerSecond: 0, bytesPerSecond: 0 }
    ])
  })

  it('more than 250 shards take more than one call (500 queries at most each)', async () => {
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'r260', Timestamps: [minute(29)], Values: [7] }] })
    const ids = Array.from({ length: 300 }, (_, i) => `shardId-${String(i).padStart(12, '0')}`)
    const load = await fetchShardLoad(new CloudWatchClient({ region: 'us-east-1' }), 'S', ids, 1, NOW)
    expect(inputs().map((i) => i.MetricDataQueries!.length)).toEqual([500, 100])
    expect(load.shards[260]!.incomingRecords).toBe(7)
  })

  it('with enhanced monitoring on, fetches the open shards only', async () => {
    kinesis.on(DescribeStreamSummaryCommand).resolves(summary([['IncomingBytes', 'IncomingRecords']]))
    kinesis.on(ListShardsCommand).resolves({ Shards: [shard('shardId-000', false), shard('shardId-001'), shard('shardId-002')] })
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [] })
    const load = await shardLoad(connected(), 'S', 10)
    expect(load.shards.map((s) => s.shardId)).toEqual(['shardId-001', 'shardId-002'])
    expect(load.minutes).toBe(10)
  })

  it('ALL counts as enabled', async () => {
    kinesis.on(DescribeStreamSummaryCommand).resolves(summary([['ALL']]))
    kinesis.on(ListShardsCommand).resolves({ Shards: [shard('shardId-000')] })
    cw.on(GetMetricDataCommand).resolves({})
    await expect(shardLoad(connected(), 'S', 10)).resolves.toMatchObject({ shards: [{ shardId: 'shardId-000' }] })
  })

  it('with shard-level metrics off, says so, how to enable them and what that costs, without calling CloudWatch', async () => {
    kinesis.on(DescribeStreamSummaryCommand).resolves(summary([['IncomingBytes']]))
    kinesis.on(ListShardsCommand).resolves({ Shards: [shard('shardId-000'), shard('shardId-001')] })
    const failure = (await shardLoad(connected(), 'S', 10).catch((e: unknown) => e)) as AppFailure
    expect(failure.code).toBe('SHARD_METRICS_OFF')
    expect(failure.message).toContain('IncomingRecords is not enabled')
    expect(failure.hint).toContain('aws kinesis enable-enhanced-monitoring --stream-name S --shard-level-metrics IncomingRecords')
    expect(failure.hint).toContain('billed per shard as a CloudWatch custom metric: 1 × 2 open shards = 2 custom metrics')
    expect(inputs()).toHaveLength(0)
  })

  it('an unknown stream is STREAM_NOT_FOUND', async () => {
    kinesis.on(DescribeStreamSummaryCommand).rejects(Object.assign(new Error('Stream S not found'), { name: 'ResourceNotFoundException' }))
    kinesis.on(ListShardsCommand).rejects(Object.assign(new Error('Stream S not found'), { name: 'ResourceNotFoundException' }))
    await expect(shardLoad(connected(), 'S', 10)).rejects.toMatchObject({ code: 'STREAM_NOT_FOUND' })
  })
})

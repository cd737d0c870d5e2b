/**
 * The Configuration tab's main side with aws-sdk-client-mock, for what no emulator answers as AWS
 * does: DescribeAccountSettings with a commitment and a permission error that names
 * kinesis:DescribeAccountSettings; warm throughput on AWS's terms (on-demand only, by ARN); the
 * checks made before each call; and what each change is said to cost or break.
 */
import {
  DecreaseStreamRetentionPeriodCommand,
  DescribeAccountSettingsCommand,
  DescribeStreamSummaryCommand,
  DisableEnhancedMonitoringCommand,
  EnableEnhancedMonitoringCommand,
  IncreaseStreamRetentionPeriodCommand,
  KinesisClient,
  ListTagsForResourceCommand,
  StopStreamEncryptionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateStreamModeCommand,
  UpdateStreamWarmThroughputCommand,
  type StreamDescriptionSummary
} from '@aws-sdk/client-kinesis'
import { mockClient } from 'aws-sdk-client-mock'
import { afterEach, describe, expect, it } from 'vitest'
import { accountSettings, configure } from '../../../src/main/core/kinesis/stream-config'
import { describeStream } from '../../../src/main/core/kinesis/stream-gateway'
import { streamConfigHandlers } from '../../../src/main/core/stream-config-handlers'
import type { ConnectionManager } from '../../../src/main/core/connections/connection-manager'
import { configChangeEffect, configChangeSchema, SHARD_LEVEL_METRICS } from '../../../src/shared/stream-config'

const ARN = 'arn:aws:kinesis:eu-west-1:123456789012:stream/orders'
const kinesis = mockClient(KinesisClient)
afterEach(() => kinesis.reset())
const client = (): KinesisClient => new KinesisClient({ region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } })

function summary(extra: Partial<StreamDescriptionSummary> = {}): { StreamDescriptionSummary: StreamDescriptionSummary } {
  return {
    StreamDescriptionSummary: {
      StreamName: 'orders',
      StreamARN: ARN,
      StreamStatus: 'ACTIVE',
      StreamModeDetails: { StreamMode: 'ON_DEMAND' },
      RetentionPeriodHours: 48,
      StreamCreationTimestamp: new Date(0),
      EnhancedMonitoring: [{ ShardLevelMetrics: ['IncomingBytes', 'IteratorAgeMilliseconds'] }],
      OpenShardCount: 4,
      ...extra
    }
  }
}

describe('DescribeStreamSummary', () => {
  it('reads warm throughput and the shard-level metrics', async () => {
    kinesis.on(DescribeStreamSummaryCommand).resolves(summary({ WarmThroughput: { TargetMiBps: 200, CurrentMiBps: 120 } }))
    const details = await describeStream(client(), 'orders')
    expect(details.warmThroughput).toEqual({ targetMiBps: 200, currentMiBps: 120 })
    expect(details.shardLevelMetrics).toEqual(['IncomingBytes', 'IteratorAgeMilliseconds'])
  })

  it('has no warm throughput where the answer has none, and no metrics when monitoring is off', async () => {
    kinesis.on(DescribeStreamSummaryCommand).resolves(summary({ EnhancedMonitoring: [{ ShardLevelMetrics: [] }] }))
    const details = await describeStream(client(), 'orders')
    expect(details.warmThroughput).toBeNull()
    expect(details.shardLevelMetrics).toEqual([])
  })

  it("reads 'ALL' as every shard-level metric, so that a change never disables ALL (and with it the metrics kept)", async () => {
    kinesis.on(DescribeStreamSummaryCommand).resolves(summary({ EnhancedMonitoring: [{ ShardLevelMetrics: ['ALL'] }] }))
    const details = await describeStream(client(), 'orders')
    expect(details.shardLevelMetrics).toEqual([...SHARD_LEVEL_METRICS])
    kinesis.on(DisableEnhancedMonitoringCommand).resolves({})
    await configure(client(), 'orders', { type: 'monitoring', metrics: ['IncomingBytes'] })
    const disabled = kinesis.commandCalls(DisableEnhancedMonitoringCommand)[0]?.args[0].input.ShardLevelMetrics
    expect(disabled).toEqual(SHARD_LEVEL_METRICS.filter((m) => m !== 'IncomingBytes'))
    expect(kinesis.commandCalls(EnableEnhancedMonitoringCommand)).toHaveLength(0)
  })
})

describe('configure', () => {
  it('decreases retention with DecreaseStreamRetentionPeriod and says what becomes unreadable', async () => {
    kinesis.on(DescribeStreamSummaryCommand).resolves(summary())
    kinesis.on(DecreaseStreamRetentionPeriodCommand).resolves({})
    const message = await configure(client(), 'orders', { type: 'retention', hours: 24 })
    expect(kinesis.commandCalls(DecreaseStreamRetentionPeriodCommand).map((c) => c.args[0].input)).toEqual([{ StreamName: 'orders', RetentionPeriodHours: 24 }])
    expect(kinesis.commandCalls(IncreaseStreamRetentionPeriodCommand)).toHaveLength(0)
    expect(message).toContain('older than 24 hours become unreadable at once')
    expect(message).toContain('UPDATING')
  })

  it('enables only the missing metrics and disables the others, in two calls', async () => {
    kinesis.on(DescribeStreamSummaryCommand).resolves(summary())
    kinesis.on(EnableEnhancedMonitoringCommand).resolves({})
    kinesis.on(DisableEnhancedMonitoringCommand).resolves({})
    const message = await configure(client(), 'orders', { type: 'monitoring', metrics: ['IncomingBytes', 'IncomingRecords', 'OutgoingBytes'] })
    expect(kinesis.commandCalls(EnableEnhancedMonitoringCommand).map((c) => c.args[0].input.ShardLevelMetrics)).toEqual([['IncomingRecords', 'OutgoingBytes']])
    expect(kinesis.commandCalls(DisableEnhancedMonitoringCommand).map((c) => c.args[0].input.ShardLevelMetrics)).toEqual([['IteratorAgeMilliseconds']])
    expect(message).toBe(
      'Enables 2 and disables 1 shard-level metrics on orders. Shard-level metrics are billed as CloudWatch custom metrics, one per metric per shard: 3 metrics × 4 open shards = 12 custom metrics (more after a reshard; see CloudWatch pricing for your Region). Stream-level metrics stay free.'
    )
  })

  it('stops encryption naming the key in use', async () => {
    kinesis.on(DescribeStreamSummaryCommand).resolves(summary({ EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' }))
    kinesis.on(StopStreamEncryptionCommand).resolves({})
    await configure(client(), 'orders', { type: 'stopEncryption' })
    expect(kinesis.commandCalls(StopStreamEncryptionCommand)[0]?.args[0].input).toEqual({ StreamName: 'orders', EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' })
  })

  it('switches the capacity mode by ARN and states the switch limit', async () => {
    kinesis.on(DescribeStreamSummaryCommand).resolves(summary())
    kinesis.on(UpdateStreamModeCommand).resolves({})
    const message = await configure(client(), 'orders', { type: 'capacityMode', mode: 'PROVISIONED' })
    expect(kinesis.commandCalls(UpdateStreamModeCommand)[0]?.args[0].input).toEqual({ StreamARN: ARN, StreamModeDetails: { StreamMode: 'PROVISIONED' } })
    expect(message).toContain('provisioned with its 4 open shards')
    expect(message).toContain('2 switches between on-demand and provisioned per stream within 24 hours')
  })

  it('sets warm throughput by ARN on an on-demand stream and refuses a provisioned one without calling', async () => {
    kinesis
      .on(DescribeStreamSummaryCommand)
      .resolvesOnce(summary({ WarmThroughput: { TargetMiBps: 0, CurrentMiBps: 0 } }))
      .resolvesOnce(summary({ StreamModeDetails: { StreamMode: 'PROVISIONED' } }))
    kinesis.on(UpdateStreamWarmThroughputCommand).resolves({ WarmThroughput: { TargetMiBps: 100, CurrentMiBps: 0 } })
    const message = await configure(client(), 'orders', { type: 'warmThroughput', mibps: 100 })
    expect(kinesis.commandCalls(UpdateStreamWarmThroughputCommand).map((c) => c.args[0].input)).toEqual([{ StreamARN: ARN, WarmThroughputMiBps: 100 }])
    expect(message).toContain('minimum throughput billing commitment')
    await expect(configure(client(), 'orders', { type: 'warmThroughput', mibps: 100 })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('only on-demand streams have warm throughput') as unknown })
    expect(kinesis.commandCalls(UpdateStreamWarmThroughputCommand)).toHaveLength(1)
  })

  it('tags by ARN, removes before it sets, and refuses a 51st tag', async () => {
    kinesis.on(DescribeStreamSummaryCommand).resolves(summary())
    kinesis.on(ListTagsForResourceCommand).resolvesOnce({ Tags: [{ Key: 'team', Value: 'pizza' }] }).resolves({ Tags: Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: '' })) })
    kinesis.on(UntagResourceCommand).resolves({})
    kinesis.on(TagResourceCommand).resolves({})
    await configure(client(), 'orders', { type: 'tags', add: [{ key: 'env', value: 'test' }], remove: ['team'] })
    expect(kinesis.commandCalls(UntagResourceCommand)[0]?.args[0].input).toEqual({ ResourceARN: ARN, TagKeys: ['team'] })
    expect(kinesis.commandCalls(TagResourceCommand)[0]?.args[0].input).toEqual({ ResourceARN: ARN, Tags: { env: 'test' } })
    await expect(configure(client(), 'orders', { type: 'tags', add: [{ key: 'one-more', value: '' }], remove: [] })).rejects.toMatchObject({ message: 'orders would have 51 tags: a stream holds at most 50.' })
    expect(kinesis.commandCalls(TagResourceCommand)).toHaveLength(1)
  })

  it('says UNSUPPORTED, naming the operation, where the server lacks it', async () => {
    kinesis.on(DescribeStreamSummaryCommand).resolves(summary())
    kinesis.on(UpdateStreamWarmThroughputCommand).rejects(Object.assign(new Error('Unknown operation'), { name: 'UnknownOperationException' }))
    await expect(configure(client(), 'orders', { type: 'warmThroughput', mibps: 10 })).rejects.toMatchObject({ code: 'UNSUPPORTED', message: 'This Kinesis server does not support UpdateStreamWarmThroughput.' })
  })
})

describe('the change schema and its words', () => {
  it('takes 24–8760 hours and refuses aws: tag keys', () => {
    expect(configChangeSchema.safeParse({ type: 'retention', hours: 23 }).success).toBe(false)
    expect(configChangeSchema.safeParse({ type: 'retention', hours: 8760 }).success).toBe(true)
    expect(configChangeSchema.safeParse({ type: 'retention', hours: 8761 }).success).toBe(false)
    expect(configChangeSchema.safeParse({ type: 'tags', add: [{ key: 'aws:owner', value: 'x' }], remove: [] }).success).toBe(false)
    expect(configChangeSchema.safeParse({ type: 'warmThroughput', mibps: 10241 }).success).toBe(false)
  })

  it('states the documented limit on capacity mode switches, both ways', () => {
    const details = { retentionHours: 24, mode: 'PROVISIONED' as const, openShardCount: 2, shardLevelMetrics: [], keyId: null }
    for (const mode of ['ON_DEMAND', 'PROVISIONED'] as const) {
      expect(configChangeEffect('orders', details, { type: 'capacityMode', mode })).toContain('2 switches between on-demand and provisioned per stream within 24 hours')
    }
  })

  it('names long-term retention past 7 days', () => {
    const details = { retentionHours: 24, mode: 'PROVISIONED' as const, openShardCount: 2, shardLevelMetrics: [], keyId: null }
    expect(configChangeEffect('orders', details, { type: 'retention', hours: 168 })).not.toContain('long-term')
    expect(configChangeEffect('orders', details, { type: 'retention', hours: 720 })).toContain('past 7 days as long-term retention')
  })
})

describe('account settings', () => {
  it('reads the minimum throughput billing commitment, or none', async () => {
    kinesis
      .on(DescribeAccountSettingsCommand)
      .resolvesOnce({ MinimumThroughputBillingCommitment: { Status: 'ENABLED_UNTIL_EARLIEST_ALLOWED_END', StartedAt: new Date(1000), EarliestAllowedEndAt: new Date(2000) } })
      .resolvesOnce({})
    expect(await accountSettings(client())).toEqual({
      commitment: { status: 'ENABLED_UNTIL_EARLIEST_ALLOWED_END', startedAt: 1000, endedAt: null, earliestAllowedEndAt: 2000 }
    })
    expect(await accountSettings(client())).toEqual({ commitment: null })
  })

  it('names kinesis:DescribeAccountSettings when the caller may not read them', async () => {
    kinesis.on(DescribeAccountSettingsCommand).rejects(
      Object.assign(new Error('User: arn:aws:iam::123456789012:user/qa is not authorized to perform: kinesis:DescribeAccountSettings'), { name: 'AccessDeniedException' })
    )
    const target = { profile: 'qa', region: 'eu-west-1', endpoint: null }
    const connections = { require: () => ({ clients: { control: client() }, target }), active: () => null } as unknown as ConnectionManager
    const failure = streamConfigHandlers(connections)['connections.accountSettings']({}, undefined as never)
    await expect(failure).rejects.toMatchObject({ code: 'ACCESS_DENIED', hint: expect.stringContaining('Allow kinesis:DescribeAccountSettings') as unknown })
  })
})

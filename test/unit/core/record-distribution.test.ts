/**
 * Record distribution strategy, the pure parts and the gateway call: the route an AUTO stream's
 * bulk send paces by, the source adapter that drops per-key order (and the bulk sender then
 * sending one key's records together), UpdateStreamRecordDistributionStrategy's checks and errors
 * (with aws-sdk-client-mock), and the views' wording.
 */
import { DescribeStreamSummaryCommand, KinesisClient, UpdateStreamRecordDistributionStrategyCommand } from '@aws-sdk/client-kinesis'
import { mockClient } from 'aws-sdk-client-mock'
import { afterEach, describe, expect, it } from 'vitest'
import { setRecordDistribution } from '../../../src/main/core/kinesis/record-distribution'
import { evenRoute, unordered } from '../../../src/main/core/producer/auto-distribution'
import { BulkSender, type CallOutcome, type RecordSource, type SendItem, type SourceItem } from '../../../src/main/core/producer/bulk-sender'
import type { ShardInfo } from '../../../src/shared/domain'
import type { ProducerReport } from '../../../src/shared/producer'
import { spreadEvenlyText } from '../../../src/renderer/src/features/streams/distribution'
import { ManualClock } from '../producer/manual-clock'

const shard = (n: number, open = true): ShardInfo => ({
  shardId: `shardId-00000000000${n}`,
  parentShardId: null,
  adjacentParentShardId: null,
  hashKeyStart: String(n),
  hashKeyEnd: String(n),
  keySpaceShare: 0.25,
  startingSequenceNumber: '1',
  endingSequenceNumber: open ? null : '2',
  open
})

/** `count` records of one partition key, routed as `route` says. */
function oneKey(count: number, route: (key: string, hash: string | null) => string): RecordSource {
  let index = 0
  return {
    next(): SourceItem | null {
      if (index >= count) return null
      const i = index++
      return { index: i, records: 1, partitionKey: 'weborder', explicitHashKey: null, data: Buffer.from(String(i)), orderKey: 'weborder', shardId: route('weborder', null) }
    }
  }
}

describe('evenRoute', () => {
  it('gives the open shards in turn whatever the key, skipping closed ones', () => {
    const route = evenRoute([shard(0), shard(1, false), shard(2), shard(3)])
    expect(Array.from({ length: 7 }, () => route('weborder', '0'))).toEqual([
      'shardId-000000000000',
      'shardId-000000000002',
      'shardId-000000000003',
      'shardId-000000000000',
      'shardId-000000000002',
      'shardId-000000000003',
      'shardId-000000000000'
    ])
    expect(evenRoute([shard(1, false)])('k', null)).toBe('')
  })
})

describe('unordered', () => {
  it('gives every record an order key of its own and passes failures and the end through', () => {
    let given = 0
    const inner: RecordSource = {
      next: () => {
        const i = given++
        if (i === 2) return { index: 2, failure: { index: 2, partitionKey: 'k', errorCode: 'TemplateError', errorMessage: 'no' } }
        if (i > 3) return null
        return { index: i, records: 1, partitionKey: 'k', explicitHashKey: null, data: new Uint8Array(), orderKey: 'k', shardId: 's' }
      }
    }
    const source = unordered(inner)
    const items = [source.next(), source.next(), source.next(), source.next(), source.next()]
    expect(items.map((item) => (item === null ? null : 'failure' in item ? 'failure' : item.orderKey))).toEqual(['#0', '#1', 'failure', '#3', null])
  })

  it('lets the bulk sender put one key\'s records in the same call, where per-key order sends them one at a time', async () => {
    const firstCall = async (source: RecordSource): Promise<number> => {
      const clock = new ManualClock()
      const calls: number[] = []
      let report: ProducerReport | null = null
      const put = (items: readonly SendItem[]): Promise<CallOutcome> => {
        calls.push(items.length)
        return Promise.resolve({ kind: 'answered', entries: items.map((item) => ({ ok: true, shardId: item.shardId, sequenceNumber: String(item.index) })) })
      }
      new BulkSender({ jobId: 'j', kind: 'bulk', clock, putRecords: put, source, total: 40, ratePerSecond: null, progress: () => undefined, ended: (r) => (report = r) }).start()
      while (report === null) await clock.advance(20)
      expect((report as ProducerReport).sent).toBe(40)
      return calls[0] ?? 0
    }
    const shards = [shard(0), shard(1), shard(2), shard(3)]
    expect(await firstCall(oneKey(40, () => 'shardId-000000000000'))).toBe(1)
    expect(await firstCall(unordered(oneKey(40, evenRoute(shards))))).toBe(40)
  })
})

describe('setRecordDistribution', () => {
  const kinesis = mockClient(KinesisClient)
  afterEach(() => kinesis.reset())
  const summary = (mode: 'ON_DEMAND' | 'PROVISIONED', strategy?: 'AUTO' | 'USER_PARTITION_KEY') => ({
    StreamDescriptionSummary: {
      StreamName: 'orders',
      StreamARN: 'arn:aws:kinesis:eu-west-1:123456789012:stream/orders',
      StreamStatus: 'ACTIVE' as const,
      StreamModeDetails: { StreamMode: mode },
      RetentionPeriodHours: 24,
      StreamCreationTimestamp: new Date(0),
      EnhancedMonitoring: [],
      OpenShardCount: 4,
      ...(strategy !== undefined ? { RecordDistributionStrategy: strategy } : {})
    }
  })

  it('calls UpdateStreamRecordDistributionStrategy with the stream ARN and states the consequence', async () => {
    kinesis.on(DescribeStreamSummaryCommand).resolves(summary('ON_DEMAND'))
    kinesis.on(UpdateStreamRecordDistributionStrategyCommand).resolves({})
    const changed = await setRecordDistribution(new KinesisClient({ region: 'eu-west-1' }), 'orders', 'AUTO')
    expect(kinesis.commandCalls(UpdateStreamRecordDistributionStrategyCommand).map((c) => c.args[0].input)).toEqual([
      { StreamARN: 'arn:aws:kinesis:eu-west-1:123456789012:stream/orders', RecordDistributionStrategy: 'AUTO' }
    ])
    expect(changed).toEqual({
      recordDistribution: 'AUTO',
      message:
        'New records on orders are spread evenly across its shards: partition keys and explicit hash keys are ignored, so records of one key may land on different shards and be read out of order. Records already on the stream stay where they are.'
    })
  })

  it('refuses a provisioned stream and skips a change to the strategy it already has, without calling', async () => {
    const client = new KinesisClient({ region: 'eu-west-1' })
    kinesis.on(DescribeStreamSummaryCommand).resolvesOnce(summary('PROVISIONED')).resolvesOnce(summary('ON_DEMAND', 'AUTO'))
    await expect(setRecordDistribution(client, 'orders', 'AUTO')).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('orders is a provisioned stream') as unknown })
    expect(await setRecordDistribution(client, 'orders', 'AUTO')).toEqual({ recordDistribution: 'AUTO', message: 'orders already uses AUTO: nothing changed.' })
    expect(kinesis.commandCalls(UpdateStreamRecordDistributionStrategyCommand)).toHaveLength(0)
  })

  it('says UNSUPPORTED where the server has no such operation, and passes other errors on', async () => {
    const client = new KinesisClient({ region: 'eu-west-1' })
    kinesis.on(DescribeStreamSummaryCommand).resolves(summary('ON_DEMAND'))
    kinesis
      .on(UpdateStreamRecordDistributionStrategyCommand)
      .rejectsOnce(Object.assign(new Error('Unknown operation'), { name: 'UnknownOperationException' }))
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'LimitExceededException' }))
    await expect(setRecordDistribution(client, 'orders', 'AUTO')).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: 'This Kinesis server does not support UpdateStreamRecordDistributionStrategy.'
    })
    await expect(setRecordDistribution(client, 'orders', 'AUTO')).rejects.toMatchObject({ name: 'LimitExceededException' })
  })
})

describe('wording', () => {
  it('names the open shards a key is spread across', () => {
    expect(spreadEvenlyText(4)).toBe('This stream ignores partition keys: records are spread evenly across 4 shards.')
    expect(spreadEvenlyText(1)).toBe('This stream ignores partition keys: records are spread evenly across 1 shard.')
  })
})

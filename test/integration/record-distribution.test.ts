/**
 * Record distribution strategy through the AWS-like proxy in front of kinesis-local (no emulator
 * has it: the proxy emulates it for the streams a test picks). The proxy itself: the field in
 * DescribeStreamSummary, UpdateStreamRecordDistributionStrategy (on-demand only), puts on AUTO
 * spread over every open shard whatever their keys. Then the app on such streams: what it reads,
 * key → shard, the change with its typed confirmation, the replay dry run, and bulk send and replay
 * that neither predict a shard from a key nor pay for per-key order.
 */
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  PutRecordCommand,
  PutRecordsCommand,
  UpdateStreamRecordDistributionStrategyCommand,
  type KinesisClient
} from '@aws-sdk/client-kinesis'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { AppCore } from '../../src/main/core/app-core'
import type { ProducerReport, RecordTemplate } from '../../src/shared/producer'
import { createStreamAndWait, kinesisClient } from '../support/emulators'
import { startKinesisProxy, type KinesisProxy, type ProxyEvent } from '../support/kinesis-proxy'
import { uniqueName } from '../support/stream-fixtures'
import { jobEnded } from '../support/stream-readback'
import { TestClient } from '../support/test-client'

let proxy: KinesisProxy
/** Straight to kinesis-local, for setup. */
let direct: KinesisClient
/** Through the proxy, without SDK retries, so each answer is seen as it is. */
let viaProxy: KinesisClient
let core: AppCore
let app: TestClient
const events: ProxyEvent[] = []

beforeAll(async () => {
  const endpoint = inject('kinesisLocalEndpoint')
  direct = kinesisClient(endpoint)
  proxy = await startKinesisProxy({ target: endpoint, latencyMs: 0 })
  proxy.onRequest((event) => events.push(event))
  viaProxy = kinesisClient(proxy.endpoint, { maxAttempts: 1 })
  core = new AppCore({
    env: { AWS_ENDPOINT_URL_KINESIS: proxy.endpoint, AWS_REGION: 'us-east-1', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' },
    userDataDir: null
  })
  app = new TestClient(core.handlers())
  await app.call('connections.select', { id: 'default' })
})
afterAll(async () => {
  await core.dispose()
  viaProxy.destroy()
  direct.destroy()
  await proxy.close()
})

/** An on-demand stream on kinesis-local (its open shards: as many as kinesis-local gives one). */
async function onDemandStream(prefix: string): Promise<{ name: string; arn: string; shardIds: string[] }> {
  const name = uniqueName(prefix)
  await direct.send(new CreateStreamCommand({ StreamName: name, StreamModeDetails: { StreamMode: 'ON_DEMAND' } }))
  for (let attempt = 0; attempt < 400; attempt++) {
    const { StreamDescriptionSummary: s } = await direct.send(new DescribeStreamSummaryCommand({ StreamName: name }))
    if (s?.StreamStatus === 'ACTIVE') {
      const shards = await app.call('streams.shards', { name })
      return { name, arn: s.StreamARN ?? '', shardIds: shards.filter((x) => x.open).map((x) => x.shardId) }
    }
    await new Promise((resolve) => setTimeout(resolve, 25)) // kinesis-local creates asynchronously
  }
  throw new Error(`${name} did not become ACTIVE`)
}

async function errorOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise
  } catch (error) {
    if (error instanceof Error) return error
  }
  throw new Error('expected the call to fail')
}

/** Every record on the stream, per shard, read straight from kinesis-local. */
async function recordsPerShard(stream: string, shardIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>()
  for (const shardId of shardIds) {
    const { ShardIterator } = await direct.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }))
    const page = await direct.send(new GetRecordsCommand({ ShardIterator, Limit: 10_000 }))
    out.set(shardId, (page.Records ?? []).map((r) => `${r.PartitionKey ?? ''}:${Buffer.from(r.Data ?? new Uint8Array()).toString('utf8')}`))
  }
  return out
}

const fixedKey: RecordTemplate = { encoding: 'json', body: '{"n": {{counter}}}', gzip: false, partitionKey: { type: 'fixed', value: 'weborder' }, explicitHashKey: null }

async function bulk(stream: string, count: number): Promise<{ report: ProducerReport; calls: ProxyEvent[]; ms: number }> {
  const from = events.length
  const started = performance.now()
  const { jobId } = await app.call('producer.startBulk', { stream, template: fixedKey, count, ratePerSecond: null, aggregate: false, seed: 3 })
  const report = await jobEnded(app, jobId)
  const ms = performance.now() - started
  return { report, calls: events.slice(from).filter((e) => e.operation === 'PutRecords' && e.stream === stream), ms }
}

describe('the test proxy emulates the record distribution strategy', () => {
  it('adds RecordDistributionStrategy to the chosen streams only, and answers UpdateStreamRecordDistributionStrategy for on-demand ones', async () => {
    const auto = await onDemandStream('rd-emulated')
    const provisioned = uniqueName('rd-provisioned')
    await createStreamAndWait(direct, provisioned, 2)
    const plain = await onDemandStream('rd-plain')
    proxy.emulateRecordDistribution(auto.name, 'USER_PARTITION_KEY')
    proxy.emulateRecordDistribution(provisioned, 'USER_PARTITION_KEY')

    const strategyOf = async (name: string): Promise<string | undefined> =>
      (await viaProxy.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary?.RecordDistributionStrategy
    expect(await strategyOf(auto.name)).toBe('USER_PARTITION_KEY')
    expect(await strategyOf(plain.name)).toBeUndefined()

    await viaProxy.send(new UpdateStreamRecordDistributionStrategyCommand({ StreamARN: auto.arn, RecordDistributionStrategy: 'AUTO' }))
    expect(await strategyOf(auto.name)).toBe('AUTO')
    expect(proxy.recordDistribution(auto.name)).toBe('AUTO')

    const refused = await errorOf(
      viaProxy.send(new UpdateStreamRecordDistributionStrategyCommand({ StreamARN: `arn:aws:kinesis:us-east-1:000000000000:stream/${provisioned}`, RecordDistributionStrategy: 'AUTO' }))
    )
    expect(refused.name).toBe('InvalidArgumentException')
    expect(refused.message).toContain('ON_DEMAND')
    expect(await strategyOf(provisioned)).toBe('USER_PARTITION_KEY')
    // A stream the proxy does not emulate gets what the emulator says: kinesis-local knows no such operation.
    const unknown = await errorOf(viaProxy.send(new UpdateStreamRecordDistributionStrategyCommand({ StreamARN: plain.arn, RecordDistributionStrategy: 'AUTO' })))
    expect(unknown.message).toBe('Unable to determine service/operation name to be authorized')
  })

  it('puts every record of an AUTO stream on the open shards in turn, whatever its partition key or explicit hash key', async () => {
    const stream = await onDemandStream('rd-round-robin')
    expect(stream.shardIds.length).toBeGreaterThan(1)
    proxy.emulateRecordDistribution(stream.name, 'AUTO', 'round-robin')
    const n = stream.shardIds.length * 3
    const out = await viaProxy.send(
      new PutRecordsCommand({
        StreamName: stream.name,
        Records: Array.from({ length: n }, (_, i) => ({ PartitionKey: 'weborder', ExplicitHashKey: '0', Data: Buffer.from(`r${i}`) }))
      })
    )
    expect(out.FailedRecordCount).toBe(0)
    const expected = Array.from({ length: n }, (_, i) => stream.shardIds[i % stream.shardIds.length])
    expect(out.Records?.map((r) => r.ShardId)).toEqual(expected)
    const single = await viaProxy.send(new PutRecordCommand({ StreamName: stream.name, PartitionKey: 'weborder', Data: Buffer.from('single') }))
    expect(single.ShardId).toBe(stream.shardIds[n % stream.shardIds.length])

    // On the stream as the answers said, each with the key it was given.
    const stored = await recordsPerShard(stream.name, stream.shardIds)
    for (const [i, shardId] of expected.entries()) expect(stored.get(shardId ?? '')).toContain(`weborder:r${i}`)
    expect(stored.get(single.ShardId ?? '')).toContain('weborder:single')
  })

  it('places at random when asked: one key still reaches several shards', async () => {
    const stream = await onDemandStream('rd-random')
    proxy.emulateRecordDistribution(stream.name, 'AUTO', 'random')
    const out = await viaProxy.send(
      new PutRecordsCommand({ StreamName: stream.name, Records: Array.from({ length: 200 }, (_, i) => ({ PartitionKey: 'one-key', Data: Buffer.from(String(i)) })) })
    )
    expect(new Set(out.Records?.map((r) => r.ShardId)).size).toBeGreaterThan(1)
  })
})

describe('the app on a stream with record distribution AUTO', () => {
  it('reads the strategy, and names no shard for a partition key on AUTO', async () => {
    const stream = await onDemandStream('rd-route')
    proxy.emulateRecordDistribution(stream.name, 'USER_PARTITION_KEY')
    const plain = await onDemandStream('rd-route-plain')

    expect((await app.call('streams.describe', { name: plain.name })).recordDistribution).toBe('USER_PARTITION_KEY') // absent: the default
    expect((await app.call('streams.describe', { name: stream.name })).recordDistribution).toBe('USER_PARTITION_KEY')
    const byKey = await app.call('streams.routeKey', { name: stream.name, partitionKey: 'order-1042' })
    const put = await viaProxy.send(new PutRecordCommand({ StreamName: stream.name, PartitionKey: 'order-1042', Data: Buffer.from('{}') }))
    expect(byKey).toMatchObject({ recordDistribution: 'USER_PARTITION_KEY', openShardCount: stream.shardIds.length })
    expect(byKey.shard?.shardId).toBe(put.ShardId)

    proxy.emulateRecordDistribution(stream.name, 'AUTO')
    expect((await app.call('streams.describe', { name: stream.name })).recordDistribution).toBe('AUTO')
    const auto = await app.call('streams.routeKey', { name: stream.name, partitionKey: 'order-1042' })
    expect(auto).toEqual({ partitionKey: 'order-1042', hashKey: byKey.hashKey, shard: null, recordDistribution: 'AUTO', openShardCount: stream.shardIds.length })
  })

  it('changes the strategy of an on-demand stream once its name is typed, and says what it means for ordering', async () => {
    const stream = await onDemandStream('rd-change')
    proxy.emulateRecordDistribution(stream.name, 'USER_PARTITION_KEY')
    const wrong = await app.fails('streams.setRecordDistribution', { name: stream.name, strategy: 'AUTO', confirmName: 'nope' })
    expect(wrong).toMatchObject({ code: 'CONFIRMATION_MISMATCH', hint: 'Type the stream name exactly to change how it distributes records.' })
    expect(proxy.recordDistribution(stream.name)).toBe('USER_PARTITION_KEY')

    const changed = await app.call('streams.setRecordDistribution', { name: stream.name, strategy: 'AUTO', confirmName: stream.name })
    expect(changed.recordDistribution).toBe('AUTO')
    expect(changed.message).toContain('records of one key may land on different shards and be read out of order')
    expect((await app.call('streams.describe', { name: stream.name })).recordDistribution).toBe('AUTO')
    const again = await app.call('streams.setRecordDistribution', { name: stream.name, strategy: 'AUTO', confirmName: stream.name })
    expect(again.message).toBe(`${stream.name} already uses AUTO: nothing changed.`)
    const back = await app.call('streams.setRecordDistribution', { name: stream.name, strategy: 'USER_PARTITION_KEY', confirmName: stream.name })
    expect(back.message).toContain('records of one key are on one shard, in order')
    expect(proxy.recordDistribution(stream.name)).toBe('USER_PARTITION_KEY')
  })

  it('refuses a provisioned stream before calling, and says so where the server lacks the operation', async () => {
    const provisioned = uniqueName('rd-change-provisioned')
    await createStreamAndWait(direct, provisioned, 1)
    proxy.emulateRecordDistribution(provisioned, 'USER_PARTITION_KEY')
    const from = events.length
    const refused = await app.fails('streams.setRecordDistribution', { name: provisioned, strategy: 'AUTO', confirmName: provisioned })
    expect(refused).toMatchObject({
      code: 'INVALID_INPUT',
      message: `${provisioned} is a provisioned stream: only on-demand streams have a record distribution strategy (they route by partition key).`,
      hint: 'Switch the stream to on-demand capacity first, or keep routing by partition key.'
    })
    expect(events.slice(from).some((e) => e.operation === 'UpdateStreamRecordDistributionStrategy')).toBe(false)

    const plain = await onDemandStream('rd-change-unsupported')
    const unsupported = await app.fails('streams.setRecordDistribution', { name: plain.name, strategy: 'AUTO', confirmName: plain.name })
    expect(unsupported).toMatchObject({ code: 'UNSUPPORTED', message: 'This Kinesis server does not support UpdateStreamRecordDistributionStrategy.' })
    expect(unsupported.hint).toContain('No local emulator has it yet')
  })

  it('the replay dry run gives a total spread evenly, not a per-shard prediction; the replay spreads a key over every shard', async () => {
    const stream = await onDemandStream('rd-replay')
    proxy.emulateRecordDistribution(stream.name, 'USER_PARTITION_KEY')
    const { draftId } = await app.call('replay.create', {})
    const records = Array.from({ length: 40 }, (_, i) => ({ partitionKey: 'weborder', explicitHashKey: null, dataBase64: Buffer.from(`{"n":${i}}`).toString('base64') }))
    await app.call('replay.append', { draftId, records })
    const target = { connectionId: null, stream: stream.name }

    const byKey = await app.call('replay.plan', { draftId, target })
    expect(byKey.recordDistribution).toBe('USER_PARTITION_KEY')
    expect(byKey.perShard.filter((s) => s.records > 0)).toHaveLength(1) // one key, one shard
    expect(byKey.perShard).toHaveLength(stream.shardIds.length)

    proxy.emulateRecordDistribution(stream.name, 'AUTO')
    const plan = await app.call('replay.plan', { draftId, target })
    expect(plan).toMatchObject({ total: 40, perShard: [], recordDistribution: 'AUTO', openShardCount: stream.shardIds.length, needsConfirmation: true })

    const from = events.length
    const { jobId } = await app.call('replay.start', { draftId, target, ratePerSecond: null, confirmName: stream.name })
    const report = await jobEnded(app, jobId)
    expect(report).toMatchObject({ sent: 40, failed: 0, unknown: 0 })
    expect(report.perShard.map((s) => s.shardId)).toEqual([...stream.shardIds].sort())
    const calls = events.slice(from).filter((e) => e.operation === 'PutRecords')
    expect(Math.max(...calls.map((e) => e.entries ?? 0))).toBeGreaterThan(1) // not one record of the key at a time
  })

  it('a bulk send with one fixed key is spread over every shard and does not wait for per-key order (it does on a stream that routes by key)', async () => {
    const stream = await onDemandStream('rd-bulk')
    proxy.emulateRecordDistribution(stream.name, 'AUTO')
    const count = 400
    const auto = await bulk(stream.name, count)
    expect(auto.report).toMatchObject({ sent: count, failed: 0, unknown: 0, notSent: 0 })
    // The answers' shards: the proxy's round-robin, evenly.
    expect(auto.report.perShard).toEqual([...stream.shardIds].sort().map((shardId) => ({ shardId, records: count / stream.shardIds.length })))
    const autoEntries = auto.calls.map((e) => e.entries ?? 0)

    const byKey = await onDemandStream('rd-bulk-by-key')
    proxy.emulateRecordDistribution(byKey.name, 'USER_PARTITION_KEY')
    const ordered = await bulk(byKey.name, count)
    expect(ordered.report).toMatchObject({ sent: count, failed: 0 })
    expect(ordered.report.perShard).toHaveLength(1)
    const orderedEntries = ordered.calls.map((e) => e.entries ?? 0)
    // Per-key order costs one record per round trip; on AUTO the sender does not pay it.
    expect(Math.max(...orderedEntries)).toBe(1)
    expect(auto.calls.length).toBeLessThan(count / 10)
    console.log(
      `bulk of ${count} records with one key: AUTO ${auto.calls.length} PutRecords calls (largest ${Math.max(...autoEntries)} entries), ${Math.round(auto.ms)} ms; ` +
        `USER_PARTITION_KEY ${ordered.calls.length} calls of 1 entry, ${Math.round(ordered.ms)} ms`
    )
  })
})

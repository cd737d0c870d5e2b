/**
 * The Consumers tab's core: enhanced fan-out consumers (kinesis-local; kinesalite lacks them),
 * KCL lease tables in dynalite written in the KCL's own layout (single- and multi-stream keys),
 * checkpoint lag measured on kinesis-local, and "browse from this checkpoint" inside a KPL
 * aggregate (AT_SEQUENCE_NUMBER with a subSequenceNumber).
 */
import { PutRecordCommand, RegisterStreamConsumerCommand, type KinesisClient } from '@aws-sdk/client-kinesis'
import { PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { AppCore } from '../../src/main/core/app-core'
import { aggregate } from '../../src/main/core/decode/kpl'
import { createStreamAndWait, kinesisClient, startKinesalite, type Emulator } from '../support/emulators'
import { createLeaseTable, createTableAndWait, dynamoClient, putLease, startDynalite } from '../support/lease-tables'
import { uniqueName } from '../support/stream-fixtures'
import { TestClient } from '../support/test-client'

const isolated = { AWS_REGION: 'us-east-1', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' }
const LOW = '0' // explicit hash keys that pin a record to the first or the last of two shards
const HIGH = '340282366920938463463374607431768211455'

async function put(kinesis: KinesisClient, stream: string, data: Uint8Array | string, hashKey: string, key = 'k'): Promise<{ shardId: string; sequenceNumber: string }> {
  const out = await kinesis.send(
    new PutRecordCommand({ StreamName: stream, PartitionKey: key, ExplicitHashKey: hashKey, Data: typeof data === 'string' ? Buffer.from(data) : data })
  )
  return { shardId: out.ShardId ?? '', sequenceNumber: out.SequenceNumber ?? '' }
}

describe('KCL lease tables and checkpoint lag (kinesis-local + dynalite)', () => {
  let dynamoServer: Emulator
  let dynamo: DynamoDBClient
  let kinesis: KinesisClient
  let core: AppCore
  let c: TestClient
  let stream: string
  const plain: { shardId: string; sequenceNumber: string }[] = []
  let agg: { shardId: string; sequenceNumber: string }
  let afterAgg: { shardId: string; sequenceNumber: string }[] = []

  beforeAll(async () => {
    dynamoServer = await startDynalite()
    dynamo = dynamoClient(dynamoServer.endpoint)
    kinesis = kinesisClient(inject('kinesisLocalEndpoint'))
    core = new AppCore({
      env: { ...isolated, AWS_ENDPOINT_URL_KINESIS: inject('kinesisLocalEndpoint'), AWS_ENDPOINT_URL_DYNAMODB: dynamoServer.endpoint },
      userDataDir: null,
      leaseStuckAfterMs: 0
    })
    c = new TestClient(core.handlers())
    await c.call('connections.select', { id: 'default' })

    stream = uniqueName('kcl')
    await createStreamAndWait(kinesis, stream, 2)
    // Shard 0: five plain records. Shard 1: a KPL aggregate of five user records, then two plain ones.
    for (let i = 0; i < 5; i++) plain.push(await put(kinesis, stream, JSON.stringify({ order: i }), LOW))
    agg = await put(
      kinesis,
      stream,
      aggregate(Array.from({ length: 5 }, (_, i) => ({ partitionKey: `user-${i}`, data: Buffer.from(JSON.stringify({ user: i })) }))),
      HIGH
    )
    afterAgg = [await put(kinesis, stream, '{"after":0}', HIGH), await put(kinesis, stream, '{"after":1}', HIGH)]
  })
  afterAll(async () => {
    await core.dispose()
    kinesis.destroy()
    dynamo.destroy()
    await dynamoServer.close()
  })

  it('lists the DynamoDB tables of the connection', async () => {
    const table = uniqueName('listed')
    await createLeaseTable(dynamo, table)
    expect((await c.call('leases.tables', {})).tables).toContain(table)
  })

  it('reads a single-stream lease table: owner, checkpoint, lag in time and records, sentinels', async () => {
    const table = uniqueName('orders-app')
    await createLeaseTable(dynamo, table)
    const [shard0, shard1] = [plain[0]?.shardId ?? '', agg.shardId]
    expect(shard0).not.toBe(shard1)
    await putLease(dynamo, table, { leaseKey: shard0, checkpoint: plain[2]?.sequenceNumber ?? '', owner: 'worker-a', counter: 41, ownerSwitches: 2 })
    await putLease(dynamo, table, { leaseKey: shard1, checkpoint: agg.sequenceNumber, subSequenceNumber: 2, owner: 'worker-b', counter: 7 })
    await putLease(dynamo, table, { leaseKey: 'shardId-000000000099', checkpoint: 'SHARD_END', owner: null, parents: ['shardId-000000000098'] })

    const view = await c.call('leases.read', { table, stream })
    expect(view).toMatchObject({ table, layout: 'single-stream', otherStreams: 0, otherItems: 0, scanPages: 1 })
    const [a, b, ended] = view.leases
    expect(a).toMatchObject({ shardId: shard0, owner: 'worker-a', leaseCounter: 41, ownerSwitchesSinceCheckpoint: 2, stuck: false })
    expect(a?.checkpoint).toEqual({ type: 'sequence', sequenceNumber: plain[2]?.sequenceNumber, subSequenceNumber: 0 })
    // Two records after the checkpoint (orders 3 and 4), the first of which arrived just now.
    expect(a?.lag).toMatchObject({ type: 'measured', records: { count: 2, atLeast: false } })
    expect(a?.lag.type === 'measured' && a.lag.nextArrival).toBeGreaterThan(Date.now() - 120_000)
    // Inside the aggregate: user records 3 and 4 are not processed yet, then two plain records.
    expect(b).toMatchObject({ shardId: shard1, owner: 'worker-b', checkpoint: { type: 'sequence', sequenceNumber: agg.sequenceNumber, subSequenceNumber: 2 } })
    expect(b?.lag).toMatchObject({ type: 'measured', records: { count: 4, atLeast: false } })
    expect(ended).toMatchObject({ shardId: 'shardId-000000000099', owner: null, checkpoint: { type: 'sentinel', value: 'SHARD_END' }, parentShardIds: ['shardId-000000000098'] })
    expect(ended?.lag.type).toBe('none')

    // A checkpoint at the last record of a shard trails nothing.
    await putLease(dynamo, table, { leaseKey: shard1, checkpoint: afterAgg[1]?.sequenceNumber ?? '', owner: 'worker-b', counter: 8 })
    const again = await c.call('leases.read', { table, stream })
    const caughtUp = again.leases.find((l) => l.shardId === shard1)
    expect(caughtUp?.lag).toMatchObject({ type: 'measured', nextArrival: null, records: { count: 0, atLeast: false } })
    // Counters: shard1's moved (7 → 8), shard0's stood still over the refresh → stuck; SHARD_END never is.
    expect(again.leases.find((l) => l.shardId === shard0)?.stuck).toBe(true)
    expect(caughtUp?.stuck).toBe(false)
    expect(again.leases.find((l) => l.shardId === 'shardId-000000000099')?.stuck).toBe(false)
  })

  it('measures at most the configured number of checkpoints a refresh, and says so on the rest', async () => {
    const table = uniqueName('capped')
    await createLeaseTable(dynamo, table)
    await putLease(dynamo, table, { leaseKey: plain[0]?.shardId ?? '', checkpoint: plain[2]?.sequenceNumber ?? '', owner: 'worker-a', counter: 1 })
    await putLease(dynamo, table, { leaseKey: agg.shardId, checkpoint: agg.sequenceNumber, owner: 'worker-b', counter: 1 })
    const capped = new AppCore({
      env: { ...isolated, AWS_ENDPOINT_URL_KINESIS: inject('kinesisLocalEndpoint'), AWS_ENDPOINT_URL_DYNAMODB: dynamoServer.endpoint },
      userDataDir: null,
      leaseLagLimit: 1
    })
    try {
      const client = new TestClient(capped.handlers())
      await client.call('connections.select', { id: 'default' })
      const [first, second] = (await client.call('leases.read', { table, stream })).leases
      expect(first?.lag.type).toBe('measured')
      expect(second?.lag).toEqual({
        type: 'none',
        reason: 'Not measured: a refresh measures the first 1 of 2 checkpoints (about 3 calls each on shards production consumers share)'
      })
    } finally {
      await capped.dispose()
    }
  })

  it('reads a multi-stream lease table (account:stream:epoch:shardId) and shows only this stream', async () => {
    const table = uniqueName('multi-app')
    await createLeaseTable(dynamo, table)
    const id = `123456789012:${stream}:1700000000`
    const shard0 = plain[0]?.shardId ?? ''
    await putLease(dynamo, table, {
      leaseKey: `${id}:${shard0}`,
      checkpoint: plain[4]?.sequenceNumber ?? '',
      owner: 'worker-m',
      multi: { streamIdentifier: id, shardId: shard0 }
    })
    await putLease(dynamo, table, {
      leaseKey: `123456789012:other-stream:1700000001:shardId-000000000000`,
      checkpoint: 'TRIM_HORIZON',
      multi: { streamIdentifier: '123456789012:other-stream:1700000001', shardId: 'shardId-000000000000' }
    })
    const view = await c.call('leases.read', { table, stream })
    expect(view).toMatchObject({ layout: 'multi-stream', otherStreams: 1 })
    expect(view.leases).toHaveLength(1)
    expect(view.leases[0]).toMatchObject({ shardId: shard0, streamIdentifier: id, owner: 'worker-m' })
    expect(view.leases[0]?.lag).toMatchObject({ type: 'measured', nextArrival: null, records: { count: 0 } })
  })

  it('says when a table is not a lease table, or does not exist', async () => {
    const orders = uniqueName('orders-table')
    await createTableAndWait(dynamo, {
      TableName: orders,
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST'
    })
    const empty = await c.fails('leases.read', { table: orders, stream })
    expect(empty).toMatchObject({ code: 'NOT_A_LEASE_TABLE' })
    expect(empty.message).toContain('"id"')
    await dynamo.send(new PutItemCommand({ TableName: orders, Item: { id: { S: 'o-1' }, pizza: { S: 'margherita' } } }))
    const withItems = await c.fails('leases.read', { table: orders, stream })
    expect(withItems.code).toBe('NOT_A_LEASE_TABLE')
    expect(withItems.message).toContain('none of its 1 items')
    expect(withItems.hint).toContain('KCL application')
    const missing = await c.fails('leases.read', { table: 'no-such-table', stream })
    expect(missing).toMatchObject({ code: 'TABLE_NOT_FOUND' })
    expect(missing.message).toContain('no-such-table')
  })

  it('browses from a checkpoint inside a KPL aggregate: the unprocessed user records first', async () => {
    const { sessionId } = await c.call('reader.start', {
      stream,
      shardIds: null,
      position: { type: 'AT_SEQUENCE_NUMBER', sequenceNumber: agg.sequenceNumber, shardId: agg.shardId, subSequenceNumber: 3 },
      mode: 'read'
    })
    await c.ended(sessionId)
    const records = c.records(sessionId)
    expect(records.map((r) => [r.sequenceNumber, r.subSequenceNumber, r.text])).toEqual([
      [agg.sequenceNumber, 3, '{"user":3}'],
      [agg.sequenceNumber, 4, '{"user":4}'],
      [afterAgg[0]?.sequenceNumber, null, '{"after":0}'],
      [afterAgg[1]?.sequenceNumber, null, '{"after":1}']
    ])
  })

  it('a subSequenceNumber past a plain record starts right after it; 0 starts at it', async () => {
    const at = async (subSequenceNumber: number): Promise<string[]> => {
      const { sessionId } = await c.call('reader.start', {
        stream,
        shardIds: null,
        position: { type: 'AT_SEQUENCE_NUMBER', sequenceNumber: plain[2]?.sequenceNumber ?? '', shardId: plain[2]?.shardId ?? '', subSequenceNumber },
        mode: 'read'
      })
      await c.ended(sessionId)
      return c.records(sessionId).map((r) => r.text ?? '')
    }
    expect(await at(1)).toEqual(['{"order":3}', '{"order":4}'])
    expect(await at(0)).toEqual(['{"order":2}', '{"order":3}', '{"order":4}'])
  })

  it('lists enhanced fan-out consumers and never registers one', async () => {
    expect(await c.call('consumers.list', { stream })).toEqual([])
    const { arn } = await c.call('streams.describe', { name: stream })
    await kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: arn, ConsumerName: 'analytics' }))
    const consumers = await c.call('consumers.list', { stream })
    expect(consumers).toHaveLength(1)
    expect(consumers[0]).toMatchObject({ name: 'analytics' })
    expect(['CREATING', 'ACTIVE']).toContain(consumers[0]?.status)
    expect(consumers[0]?.createdAt).toBeGreaterThan(0)
  })
})

describe('where DynamoDB or consumers are not available', () => {
  let kinesalite: Emulator
  let core: AppCore
  let c: TestClient

  beforeAll(async () => {
    kinesalite = await startKinesalite()
    // A custom Kinesis endpoint and no DynamoDB endpoint: DynamoDB calls must never go to AWS.
    core = new AppCore({ env: { ...isolated, AWS_ENDPOINT_URL_KINESIS: kinesalite.endpoint }, userDataDir: null })
    c = new TestClient(core.handlers())
    await c.call('connections.select', { id: 'default' })
  })
  afterAll(async () => {
    await core.dispose()
    await kinesalite.close()
  })

  it('DynamoDB unavailable on the connection: SERVICE_UNAVAILABLE with the reason', async () => {
    const error = await c.fails('leases.tables', {})
    expect(error.code).toBe('SERVICE_UNAVAILABLE')
    expect(error.message).toContain('no DynamoDB endpoint')
    expect((await c.fails('leases.read', { table: 'orders-app', stream: 'x' })).code).toBe('SERVICE_UNAVAILABLE')
  })

  it('kinesalite has no ListStreamConsumers: UNSUPPORTED naming the operation', async () => {
    const kinesis = kinesisClient(kinesalite.endpoint)
    const name = uniqueName('efo')
    await createStreamAndWait(kinesis, name, 1)
    kinesis.destroy()
    const error = await c.fails('consumers.list', { stream: name })
    expect(error.code).toBe('UNSUPPORTED')
    expect(error.message).toContain('ListStreamConsumers')
  })
})

import { gzipSync } from 'node:zlib'
import {
  DescribeStreamSummaryCommand,
  ListShardsCommand,
  MergeShardsCommand,
  SplitShardCommand,
  type KinesisClient
} from '@aws-sdk/client-kinesis'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { AppCore } from '../../src/main/core/app-core'
import { aggregate } from '../../src/main/core/decode/kpl'
import { kinesisClient, createStreamAndWait } from '../support/emulators'
import { putAll, streamWithOrders, uniqueName } from '../support/stream-fixtures'
import { TestClient } from '../support/test-client'

let core: AppCore
let c: TestClient
let kinesis: KinesisClient

beforeAll(async () => {
  const endpoint = inject('kinesisLocalEndpoint')
  core = new AppCore({
    env: { AWS_ENDPOINT_URL_KINESIS: endpoint, AWS_REGION: 'us-east-1', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' },
    userDataDir: null,
    tuning: { drainIntervalMs: 20, caughtUpIntervalMs: 50 } // kinesis-local has no limits to respect
  })
  c = new TestClient(core.handlers())
  await c.call('connections.select', { id: 'default' })
  kinesis = kinesisClient(endpoint)
})
afterAll(async () => {
  kinesis.destroy()
  await core.dispose()
})

const orderIds = (sessionId: string): number[] =>
  c.records(sessionId).map((r) => (JSON.parse(r.text ?? '{}') as { orderId: number }).orderId)

async function readAll(stream: string, position: Parameters<TestClient['call']>[1] extends never ? never : object, extra: object = {}) {
  const { sessionId } = await c.call('reader.start', { stream, shardIds: null, position, mode: 'read', ...extra } as never)
  const ended = await c.ended(sessionId)
  return { sessionId, ended, records: c.records(sessionId) }
}

describe('starting positions', () => {
  let stream: string
  let puts: Awaited<ReturnType<typeof streamWithOrders>>['puts']
  beforeAll(async () => {
    ;({ name: stream, puts } = await streamWithOrders(kinesis, 3, 60))
  })

  it('Trim horizon reads every record of every shard exactly once, each shard in order', async () => {
    const { ended, records } = await readAll(stream, { type: 'TRIM_HORIZON' })
    expect(ended).toMatchObject({ reason: 'completed', delivered: 60, error: null })
    expect(new Set(records.map((r) => r.id)).size).toBe(60)
    expect(new Set(records.map((r) => r.shardId)).size).toBe(3)
    for (const shardId of new Set(puts.map((p) => p.shardId))) {
      const expected = puts.filter((p) => p.shardId === shardId).map((p) => p.sequenceNumber)
      expect(records.filter((r) => r.shardId === shardId).map((r) => r.sequenceNumber)).toEqual(expected)
    }
    const first = records[0]
    expect(first).toMatchObject({ kind: 'json', steps: ['utf8', 'json'], decodeError: null })
    expect(first?.arrivalTime).toBeGreaterThan(Date.now() - 600_000)
  })

  it('a big page reaches the client in batches of at most 1,000 records, in order', async () => {
    const name = uniqueName('big-page')
    await createStreamAndWait(kinesis, name, 1)
    const puts = await putAll(kinesis, name, Array.from({ length: 2500 }, (_, i) => JSON.stringify({ orderId: i })))
    const { sessionId, ended } = await readAll(name, { type: 'TRIM_HORIZON' })
    expect(ended).toMatchObject({ reason: 'completed', delivered: 2500 })
    // The first page is small (200); the second holds the other 2,300, sent as 1,000 + 1,000 + 300.
    expect(c.of('reader.batch', sessionId).map((b) => b.records.length)).toEqual([200, 1000, 1000, 300])
    expect(c.records(sessionId).map((r) => r.sequenceNumber)).toEqual(puts.map((p) => p.sequenceNumber))
  })

  it('At sequence number shows the named record first; After shows the one after it', async () => {
    const shardId = puts[0]?.shardId ?? ''
    const onShard = puts.filter((p) => p.shardId === shardId)
    const target = onShard[3]
    if (target === undefined) throw new Error('fixture has too few records on one shard')
    const at = await readAll(stream, { type: 'AT_SEQUENCE_NUMBER', sequenceNumber: target.sequenceNumber, shardId })
    expect(at.records[0]?.sequenceNumber).toBe(target.sequenceNumber)
    expect(at.records).toHaveLength(onShard.length - 3)
    const after = await readAll(stream, { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: target.sequenceNumber, shardId })
    expect(after.records[0]?.sequenceNumber).toBe(onShard[4]?.sequenceNumber)
    expect(after.records).toHaveLength(onShard.length - 4)
    expect(new Set([...at.records, ...after.records].map((r) => r.shardId))).toEqual(new Set([shardId]))
  })

  it('a wrong sequence number is an error of the start call, naming shard and stream', async () => {
    const shardId = puts[0]?.shardId ?? ''
    const other = puts.find((p) => p.shardId !== shardId)
    const error = await c.fails('reader.start', {
      stream,
      shardIds: null,
      position: { type: 'AT_SEQUENCE_NUMBER', sequenceNumber: other?.sequenceNumber, shardId },
      mode: 'read'
    })
    expect(error.code).toBe('INVALID_SEQUENCE_NUMBER')
    expect(error.message).toContain(shardId)
    expect(error.message).toContain(stream)
  })

  it('Latest in a live tail shows only records put after the start', async () => {
    const { name: stream } = await streamWithOrders(kinesis, 2, 10, 'latest')
    const { sessionId } = await c.call('reader.start', { stream, shardIds: null, position: { type: 'LATEST' }, mode: 'tail' })
    const fresh = await putAll(kinesis, stream, ['{"orderId":1000}', '{"orderId":1001}'], (i) => `late-${i}`)
    await c.recordCount(sessionId, 2)
    await c.call('reader.stop', { sessionId })
    expect(orderIds(sessionId).sort()).toEqual([1000, 1001])
    expect(c.records(sessionId).map((r) => r.sequenceNumber).sort()).toEqual(fresh.map((p) => p.sequenceNumber).sort())
    expect((await c.ended(sessionId)).reason).toBe('stopped')
  })

  it('At timestamp starts at the first record at or after the time', async () => {
    const name = uniqueName('timestamp')
    await createStreamAndWait(kinesis, name, 2)
    await putAll(kinesis, name, ['{"orderId":1}', '{"orderId":2}'])
    const firstRead = await readAll(name, { type: 'TRIM_HORIZON' })
    const cut = Math.max(...firstRead.records.map((r) => r.arrivalTime)) + 1
    while (Date.now() <= cut + 5) await new Promise((resolve) => setTimeout(resolve, 5)) // let the clock pass the cut
    await putAll(kinesis, name, ['{"orderId":3}', '{"orderId":4}'])
    const { records } = await readAll(name, { type: 'AT_TIMESTAMP', timestamp: cut })
    expect(records.map((r) => JSON.parse(r.text ?? '{}') as { orderId: number }).map((o) => o.orderId).sort()).toEqual([3, 4])
  })

  it('chosen shards only', async () => {
    const shardId = puts[1]?.shardId ?? ''
    const { sessionId } = await c.call('reader.start', { stream, shardIds: [shardId], position: { type: 'TRIM_HORIZON' }, mode: 'read' })
    await c.ended(sessionId)
    expect(c.records(sessionId)).toHaveLength(puts.filter((p) => p.shardId === shardId).length)
    expect(new Set(c.records(sessionId).map((r) => r.shardId))).toEqual(new Set([shardId]))
  })
})

describe('stop conditions', () => {
  let stream: string
  let puts: Awaited<ReturnType<typeof streamWithOrders>>['puts']
  beforeAll(async () => {
    ;({ name: stream, puts } = await streamWithOrders(kinesis, 1, 30, 'stop'))
  })

  it('a record count', async () => {
    const { ended, records } = await readAll(stream, { type: 'TRIM_HORIZON' }, { stop: { maxRecords: 7 } })
    expect(ended.reason).toBe('stop-condition')
    expect(records.map((r) => r.sequenceNumber)).toEqual(puts.slice(0, 7).map((p) => p.sequenceNumber))
  })

  it('an end sequence number (inclusive)', async () => {
    const end = puts[11]?.sequenceNumber ?? ''
    const { ended, records } = await readAll(stream, { type: 'TRIM_HORIZON' }, { stop: { endSequenceNumber: end } })
    expect(ended.reason).toBe('stop-condition')
    expect(records).toHaveLength(12)
    expect(records.at(-1)?.sequenceNumber).toBe(end)
  })

  it('an end time ends a live tail once its shards have nothing newer, though no later record comes', async () => {
    const endTime = Date.now() // after every record of the stream arrived
    const { sessionId } = await c.call('reader.start', { stream, shardIds: null, position: { type: 'TRIM_HORIZON' }, mode: 'tail', stop: { endTime } })
    // Ended, or still tailing a dozen progress ticks (3 s) later.
    const first = await Promise.race([
      c.ended(sessionId).then(() => 'ended'),
      c.until(() => c.of('reader.progress', sessionId).length >= 12).then(() => 'still tailing')
    ])
    if (first !== 'ended') await c.call('reader.stop', { sessionId })
    expect(first).toBe('ended')
    expect((await c.ended(sessionId)).reason).toBe('stop-condition')
    expect(c.records(sessionId).map((r) => r.sequenceNumber)).toEqual(puts.map((p) => p.sequenceNumber))
  })

  it('an end time before every record reads nothing', async () => {
    const { ended, records } = await readAll(stream, { type: 'TRIM_HORIZON' }, { stop: { endTime: 1 } })
    expect(ended.reason).toBe('stop-condition')
    expect(records).toHaveLength(0)
  })
})

describe('resharding during a read', () => {
  async function waitActive(name: string): Promise<void> {
    for (let i = 0; i < 400; i++) {
      const { StreamDescriptionSummary } = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }))
      if (StreamDescriptionSummary?.StreamStatus === 'ACTIVE') return
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
    throw new Error('not ACTIVE')
  }

  it('sees every record exactly once across a split and a merge, parents before children', async () => {
    const name = uniqueName('reshard')
    await createStreamAndWait(kinesis, name, 2)
    const body = (i: number): string => JSON.stringify({ orderId: i })
    const before = await putAll(kinesis, name, Array.from({ length: 40 }, (_, i) => body(i)))

    const { sessionId } = await c.call('reader.start', { stream: name, shardIds: null, position: { type: 'TRIM_HORIZON' }, mode: 'tail' })
    await c.recordCount(sessionId, 40)

    // Split shard 0 in two, put more; merge the two children, put more.
    await kinesis.send(new SplitShardCommand({ StreamName: name, ShardToSplit: 'shardId-000000000000', NewStartingHashKey: (2n ** 126n).toString() }))
    await waitActive(name)
    const afterSplit = await putAll(kinesis, name, Array.from({ length: 40 }, (_, i) => body(100 + i)), (i) => `split-${i}`)
    const { Shards = [] } = await kinesis.send(new ListShardsCommand({ StreamName: name }))
    const children = Shards.filter((s) => s.ParentShardId === 'shardId-000000000000').map((s) => s.ShardId ?? '')
    expect(children).toHaveLength(2)
    await kinesis.send(new MergeShardsCommand({ StreamName: name, ShardToMerge: children[0], AdjacentShardToMerge: children[1] }))
    await waitActive(name)
    const afterMerge = await putAll(kinesis, name, Array.from({ length: 40 }, (_, i) => body(200 + i)), (i) => `merge-${i}`)

    await c.recordCount(sessionId, 120)
    await c.call('reader.stop', { sessionId })
    const records = c.records(sessionId)
    expect(records).toHaveLength(120)
    expect(new Set(records.map((r) => r.id)).size).toBe(120)
    const expected = [...before, ...afterSplit, ...afterMerge].map((p) => p.sequenceNumber).sort()
    expect(records.map((r) => r.sequenceNumber).sort()).toEqual(expected)
    // Per partition key, order is kept across the reshard.
    for (const key of ['split-3', 'merge-5']) {
      const seen = records.filter((r) => r.partitionKey === key)
      expect(seen).toHaveLength(1)
    }
    const shardOrder = [...new Set(records.map((r) => r.shardId))]
    const merged = Shards.length > 0 ? records.findIndex((r) => !['shardId-000000000000', 'shardId-000000000001', ...children].includes(r.shardId)) : -1
    const lastParent = records.map((r) => r.shardId).lastIndexOf('shardId-000000000000')
    expect(lastParent).toBeLessThan(records.findIndex((r) => children.includes(r.shardId)))
    expect(merged).toBeGreaterThan(records.findIndex((r) => children.includes(r.shardId)))
    expect(shardOrder.length).toBe(5)
  })
})

describe('decoding on the way', () => {
  it('de-aggregates KPL records and decompresses gzip, with each user record on its own', async () => {
    const name = uniqueName('kpl')
    await createStreamAndWait(kinesis, name, 1)
    const userRecords = Array.from({ length: 5 }, (_, i) => ({
      partitionKey: `user-${i}`,
      data: gzipSync(Buffer.from(JSON.stringify({ orderId: i, nested: { size: 'large' } })))
    }))
    const [agg] = await putAll(kinesis, name, [aggregate(userRecords)], () => 'aggregate-key')
    await putAll(kinesis, name, [gzipSync(Buffer.from('plain text, gzipped')), Buffer.from([0xf3, 0x89, 0x9a, 0xc2, 1, 2, 3])])
    const { records } = await readAll(name, { type: 'TRIM_HORIZON' })
    expect(records).toHaveLength(7)
    const kpl = records.slice(0, 5)
    expect(kpl.map((r) => r.partitionKey)).toEqual(userRecords.map((u) => u.partitionKey))
    expect(kpl.map((r) => r.subSequenceNumber)).toEqual([0, 1, 2, 3, 4])
    expect(kpl.every((r) => r.sequenceNumber === agg?.sequenceNumber)).toBe(true)
    expect(kpl[2]).toMatchObject({ steps: ['kpl', 'gzip', 'utf8', 'json'], kind: 'json' })
    expect(JSON.parse(kpl[2]?.text ?? '')).toEqual({ orderId: 2, nested: { size: 'large' } })
    expect(records[5]).toMatchObject({ steps: ['gzip', 'utf8'], kind: 'text', text: 'plain text, gzipped' })
    // A malformed aggregate is shown raw with the reason, not dropped.
    expect(records[6]).toMatchObject({ kind: 'binary', dataBase64: Buffer.from([0xf3, 0x89, 0x9a, 0xc2, 1, 2, 3]).toString('base64') })
    expect(records[6]?.decodeError).toMatch(/KPL aggregate is malformed/)
  })
})

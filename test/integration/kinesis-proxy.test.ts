/**
 * The AWS-like proxy over real HTTP: pass-through, the per-shard GetRecords limits, injected
 * faults (each must reach the SDK as AWS's named exception), latency, and kinesis-local startup.
 * Limits are tested with a manual clock, so "within one second" never depends on machine speed.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListShardsCommand,
  ListStreamsCommand,
  PutRecordCommand,
  PutRecordsCommand,
  type KinesisClient
} from '@aws-sdk/client-kinesis'
import { maxCallsInWindow, startKinesisProxy, type KinesisProxy, type KinesisProxyOptions } from '../support/kinesis-proxy'
import { createStreamAndWait, kinesisClient, startKinesalite, startKinesisLocal, type Emulator } from '../support/emulators'

const SHARD_0 = 'shardId-000000000000'
const SHARD_1 = 'shardId-000000000001'

let emulator: Emulator
let cleanups: Array<() => Promise<void> | void> = []
let streamCounter = 0

beforeAll(async () => {
  emulator = await startKinesalite()
})
afterAll(async () => {
  await emulator.close()
})
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
  cleanups = []
})

interface Setup {
  proxy: KinesisProxy
  /** Talks through the proxy, without SDK retries so each fault is seen as it is. */
  client: KinesisClient
  stream: string
}

/** A fresh stream on kinesalite (created directly) and a proxy + client in front of it. */
async function setup(shardCount: number, options: Omit<KinesisProxyOptions, 'target'> = {}): Promise<Setup> {
  const stream = `proxy-test-${++streamCounter}`
  const direct = kinesisClient(emulator.endpoint)
  await createStreamAndWait(direct, stream, shardCount)
  direct.destroy()
  const proxy = await startKinesisProxy({ target: emulator.endpoint, latencyMs: 0, ...options })
  const client = kinesisClient(proxy.endpoint, { maxAttempts: 1 })
  cleanups.push(() => proxy.close(), () => client.destroy())
  return { proxy, client, stream }
}

async function trimHorizon(client: KinesisClient, stream: string, shardId: string): Promise<string> {
  const { ShardIterator } = await client.send(
    new GetShardIteratorCommand({ StreamName: stream, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' })
  )
  if (ShardIterator === undefined) throw new Error('no iterator')
  return ShardIterator
}

async function errorOf(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number }; code?: string }> {
  try {
    await promise
  } catch (error) {
    if (error instanceof Error) return error
    throw new Error(`not an Error: ${String(error)}`, { cause: error })
  }
  throw new Error('expected the call to fail')
}

/** Puts records with explicit hash keys so each lands on the shard we mean (2-shard streams split the range in half). */
async function putOn(client: KinesisClient, stream: string, shard: 0 | 1, data: Uint8Array[]): Promise<void> {
  const hashKey = shard === 0 ? '0' : (2n ** 127n).toString()
  const { FailedRecordCount } = await client.send(
    new PutRecordsCommand({
      StreamName: stream,
      Records: data.map((Data) => ({ Data, PartitionKey: 'k', ExplicitHashKey: hashKey }))
    })
  )
  expect(FailedRecordCount ?? 0).toBe(0)
}

describe('kinesis proxy, write side', () => {
  const records = (n: number, hashKey: string, size = 10) =>
    Array.from({ length: n }, (_, i) => ({ Data: Buffer.alloc(size, i % 256), PartitionKey: `k${i}`, ExplicitHashKey: hashKey }))
  const HASH_1 = (2n ** 127n).toString()

  it('fails entries past 1,000 records a second on a shard inside a 200 answer, exactly as AWS does', async () => {
    let time = 0
    const { proxy, client, stream } = await setup(2, { now: () => time })
    for (let call = 0; call < 2; call++) {
      const out = await client.send(new PutRecordsCommand({ StreamName: stream, Records: records(500, '0') }))
      expect(out.FailedRecordCount).toBe(0)
    }
    // Shard 0 has spent its second; shard 1, in the same call, has not.
    const out = await client.send(new PutRecordsCommand({ StreamName: stream, Records: [...records(3, '0'), ...records(2, HASH_1)] }))
    expect(out.FailedRecordCount).toBe(3)
    expect(out.Records?.slice(0, 3)).toEqual(
      Array.from({ length: 3 }, () => ({
        ErrorCode: 'ProvisionedThroughputExceededException',
        ErrorMessage: `Rate exceeded for shard ${SHARD_0} in stream ${stream} under account 000000000000.`
      }))
    )
    expect(out.Records?.slice(3).map((r) => [r.ShardId, typeof r.SequenceNumber, r.ErrorCode])).toEqual([
      [SHARD_1, 'string', undefined],
      [SHARD_1, 'string', undefined]
    ])
    time += 250 // a quarter of a second buys 250 records
    const later = await client.send(new PutRecordsCommand({ StreamName: stream, Records: records(300, '0') }))
    expect(later.FailedRecordCount).toBe(50)
    expect(later.Records?.filter((r) => r.SequenceNumber !== undefined)).toHaveLength(250)
    expect(proxy.writeStats().find((w) => w.shardId === SHARD_0)).toMatchObject({ records: 1250, throttled: 53 })
    // A single PutRecord past the limit is a 400 ProvisionedThroughputExceededException.
    const error = await errorOf(client.send(new PutRecordCommand({ StreamName: stream, PartitionKey: 'k', ExplicitHashKey: '0', Data: Buffer.from('x') })))
    expect(error.name).toBe('ProvisionedThroughputExceededException')
  })

  it('meters 1 MiB a second of data plus keys per shard', async () => {
    const time = 0
    const { client, stream } = await setup(1, { now: () => time })
    const out = await client.send(new PutRecordsCommand({ StreamName: stream, Records: records(3, '0', 400 * 1024) }))
    expect(out.Records?.map((r) => r.ErrorCode ?? 'ok')).toEqual(['ok', 'ok', 'ProvisionedThroughputExceededException'])
  })

  it('injects InternalFailure on the entries a rule picks, and forwards the others', async () => {
    const { proxy, client, stream } = await setup(1, { enforceLimits: false })
    const stop = proxy.failWrites(({ position }) => (position === 1 ? 'InternalFailure' : null))
    const out = await client.send(new PutRecordsCommand({ StreamName: stream, Records: records(3, '0') }))
    expect(out.FailedRecordCount).toBe(1)
    expect(out.Records?.[1]).toEqual({ ErrorCode: 'InternalFailure', ErrorMessage: 'Internal service failure.' })
    expect(out.Records?.[0]?.SequenceNumber).toBeTypeOf('string')
    stop()
    expect((await client.send(new PutRecordsCommand({ StreamName: stream, Records: records(3, '0') }))).FailedRecordCount).toBe(0)
    const { Records } = await client.send(new GetRecordsCommand({ ShardIterator: await trimHorizon(client, stream, SHARD_0) }))
    expect(Records).toHaveLength(5)
  })

  it('writes, then drops the answer: the SDK sees a network error, the stream has the records', async () => {
    const { proxy, client, stream } = await setup(1, { enforceLimits: false })
    proxy.loseAnswers(1, 'drop')
    const error = await errorOf(client.send(new PutRecordsCommand({ StreamName: stream, Records: records(4, '0') })))
    expect(error.$metadata?.httpStatusCode).toBeUndefined()
    const { Records } = await client.send(new GetRecordsCommand({ ShardIterator: await trimHorizon(client, stream, SHARD_0) }))
    expect(Records).toHaveLength(4)
  })
})

describe('kinesis proxy', () => {
  it('passes calls through and learns which shard a GetRecords reads', async () => {
    const { proxy, client, stream } = await setup(1)
    await client.send(new PutRecordCommand({ StreamName: stream, PartitionKey: 'order-1', Data: Buffer.from('pizza') }))
    const iterator = await trimHorizon(client, stream, SHARD_0)

    const seen = proxy.waitFor((event) => event.operation === 'GetRecords')
    const { Records, NextShardIterator } = await client.send(new GetRecordsCommand({ ShardIterator: iterator }))
    expect(Records?.map((record) => Buffer.from(record.Data ?? []).toString())).toEqual(['pizza'])
    expect(NextShardIterator).toBeTypeOf('string')
    expect(await seen).toMatchObject({ operation: 'GetRecords', stream, shardId: SHARD_0, status: 200, outcome: 'forwarded' })

    // The iterator from a GetRecords response is known too.
    const next = proxy.waitFor((event) => event.operation === 'GetRecords')
    await client.send(new GetRecordsCommand({ ShardIterator: NextShardIterator }))
    expect((await next).shardId).toBe(SHARD_0)
    expect(proxy.stats().shards).toEqual([{ stream, shardId: SHARD_0, calls: expect.any(Array) as number[], throttled: 0 }])
  })

  it('throttles the 6th GetRecords in a rolling second on one shard, not on another', async () => {
    let clock = 0
    const { proxy, client, stream } = await setup(2, { now: () => clock })
    let iterator = await trimHorizon(client, stream, SHARD_0)
    const other = await trimHorizon(client, stream, SHARD_1)

    for (let call = 0; call < 5; call++) {
      const output = await client.send(new GetRecordsCommand({ ShardIterator: iterator }))
      iterator = output.NextShardIterator ?? iterator
    }
    const error = await errorOf(client.send(new GetRecordsCommand({ ShardIterator: iterator })))
    expect(error.name).toBe('ProvisionedThroughputExceededException')
    expect(error.$metadata?.httpStatusCode).toBe(400)
    expect(error.message).toBe(`Rate exceeded for shard ${SHARD_0} in stream ${stream} under account 000000000000.`)
    await client.send(new GetRecordsCommand({ ShardIterator: other }))

    // Rolling window: the calls at t=0 still count at t=999 and no longer at t=1000.
    clock = 999
    expect((await errorOf(client.send(new GetRecordsCommand({ ShardIterator: iterator })))).name).toBe(
      'ProvisionedThroughputExceededException'
    )
    clock = 1000
    await client.send(new GetRecordsCommand({ ShardIterator: iterator }))

    const stats = proxy.stats()
    const shard0 = stats.shards.find((shard) => shard.shardId === SHARD_0)
    expect(shard0?.calls).toHaveLength(8)
    expect(shard0?.throttled).toBe(2)
    expect(maxCallsInWindow(shard0?.calls ?? [])).toBe(7)
    expect(stats.shards.find((shard) => shard.shardId === SHARD_1)?.throttled).toBe(0)
    expect(stats.limited).toEqual({ rate: 2, bytes: 0 })
  })

  it('throttles on bytes: an overdrawing call is served, later calls wait until the average is back under', async () => {
    let clock = 0
    const { proxy, client, stream } = await setup(1, { now: () => clock, bytesPerSecond: 10_000 })
    // 3 × (4,000 data + 1 key byte) = 12,003 payload bytes: 1.2003 s of a 10 KB/s budget.
    await putOn(client, stream, 0, [0, 1, 2].map(() => new Uint8Array(4000)))
    const iterator = await trimHorizon(client, stream, SHARD_0)

    const first = await client.send(new GetRecordsCommand({ ShardIterator: iterator }))
    expect(first.Records).toHaveLength(3)
    const next = first.NextShardIterator
    expect((await errorOf(client.send(new GetRecordsCommand({ ShardIterator: next })))).name).toBe(
      'ProvisionedThroughputExceededException'
    )
    clock = 1200
    expect((await errorOf(client.send(new GetRecordsCommand({ ShardIterator: next })))).name).toBe(
      'ProvisionedThroughputExceededException'
    )
    clock = 1201
    await client.send(new GetRecordsCommand({ ShardIterator: next }))
    expect(proxy.stats().limited).toEqual({ rate: 0, bytes: 2 })
  })

  it('answers throttles with AWS JSON error headers and body', async () => {
    const { proxy, client, stream } = await setup(1)
    const iterator = await trimHorizon(client, stream, SHARD_0)
    proxy.throttle(SHARD_0, 1)
    const response = await fetch(proxy.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Kinesis_20131202.GetRecords' },
      body: JSON.stringify({ ShardIterator: iterator })
    })
    expect(response.status).toBe(400)
    expect(response.headers.get('x-amzn-ErrorType')).toBe('ProvisionedThroughputExceededException')
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.1')
    expect(response.headers.get('x-amzn-RequestId')).toMatch(/^[0-9a-f-]{36}$/)
    expect(await response.json()).toEqual({
      __type: 'ProvisionedThroughputExceededException',
      message: `Rate exceeded for shard ${SHARD_0} in stream ${stream} under account 000000000000.`
    })
  })

  it('injects expired iterators, then clears itself', async () => {
    const { proxy, client, stream } = await setup(2)
    const iterator = await trimHorizon(client, stream, SHARD_0)
    const other = await trimHorizon(client, stream, SHARD_1)
    proxy.expireIterators(SHARD_0)

    await client.send(new GetRecordsCommand({ ShardIterator: other }))
    const error = await errorOf(client.send(new GetRecordsCommand({ ShardIterator: iterator })))
    expect(error.name).toBe('ExpiredIteratorException')
    expect(error.message).toMatch(
      /^Iterator expired\. The iterator was created at time \w{3} \w{3} \d{2} [\d:]{8} UTC \d{4} while right now it is .+ which is further in the future than the tolerated delay of 300000 milliseconds\.$/
    )
    await client.send(new GetRecordsCommand({ ShardIterator: iterator }))
    expect(proxy.stats().faults.expired).toBe(1)
  })

  it('injects a given number of throttles on one shard only', async () => {
    const { proxy, client, stream } = await setup(2, { enforceLimits: false })
    const iterator = await trimHorizon(client, stream, SHARD_0)
    const other = await trimHorizon(client, stream, SHARD_1)
    proxy.throttle(SHARD_0, 2)

    await client.send(new GetRecordsCommand({ ShardIterator: other }))
    for (let call = 0; call < 2; call++) {
      const error = await errorOf(client.send(new GetRecordsCommand({ ShardIterator: iterator })))
      expect(error.name).toBe('ProvisionedThroughputExceededException')
    }
    await client.send(new GetRecordsCommand({ ShardIterator: iterator }))
    expect(proxy.stats().faults.throttled).toBe(2)
  })

  it('drops connections: the SDK sees a network error, not an HTTP answer', async () => {
    const { proxy, client, stream } = await setup(1)
    const iterator = await trimHorizon(client, stream, SHARD_0)
    proxy.dropConnections(SHARD_0)

    const dropped = proxy.waitFor((event) => event.outcome === 'injected-drop')
    const error = await errorOf(client.send(new GetRecordsCommand({ ShardIterator: iterator })))
    expect(error.$metadata?.httpStatusCode).toBeUndefined()
    expect(`${error.code ?? ''} ${error.message}`).toMatch(/ECONNRESET|socket hang up/)
    expect(await dropped).toMatchObject({ operation: 'GetRecords', shardId: SHARD_0, status: 0 })

    await client.send(new GetRecordsCommand({ ShardIterator: iterator }))
    expect(proxy.stats().faults.dropped).toBe(1)
  })

  it('vanishes a stream: every call naming it, or using its iterators, is ResourceNotFound', async () => {
    const { proxy, client, stream } = await setup(1)
    const survivor = (await setup(1)).stream
    const iterator = await trimHorizon(client, stream, SHARD_0)
    proxy.vanishStream(stream)

    const calls = [
      client.send(new DescribeStreamSummaryCommand({ StreamName: stream })),
      client.send(new ListShardsCommand({ StreamName: stream })),
      client.send(
        new GetShardIteratorCommand({
          StreamARN: `arn:aws:kinesis:us-east-1:000000000000:stream/${stream}`,
          ShardId: SHARD_0,
          ShardIteratorType: 'LATEST'
        })
      ),
      client.send(new GetRecordsCommand({ ShardIterator: iterator }))
    ]
    for (const call of calls) {
      const error = await errorOf(call)
      expect(error.name).toBe('ResourceNotFoundException')
      expect(error.message).toBe(`Stream ${stream} under account 000000000000 not found.`)
    }
    await client.send(new DescribeStreamSummaryCommand({ StreamName: survivor }))
    expect(proxy.stats().faults.notFound).toBe(4)
  })

  it('adds latency to each round trip', async () => {
    const { client } = await setup(1, { latencyMs: 60 })
    const started = performance.now()
    await client.send(new ListStreamsCommand({}))
    // Node timers may fire up to a millisecond early; this is a lower bound only.
    expect(performance.now() - started).toBeGreaterThanOrEqual(59)
  })

  it('works in front of kinesis-local too', { timeout: 60_000 }, async () => {
    const local = await startKinesisLocal()
    cleanups.push(() => local.close())
    const direct = kinesisClient(local.endpoint)
    cleanups.push(() => direct.destroy())
    await createStreamAndWait(direct, 'OrderStream', 2)
    const put = await direct.send(
      new PutRecordCommand({ StreamName: 'OrderStream', PartitionKey: 'store-7', Data: Buffer.from('{"pizzaId":3}') })
    )

    const proxy = await startKinesisProxy({ target: local.endpoint, latencyMs: 0 })
    const client = kinesisClient(proxy.endpoint, { maxAttempts: 1 })
    cleanups.push(() => proxy.close(), () => client.destroy())
    const shardId = put.ShardId ?? SHARD_0
    const iterator = await trimHorizon(client, 'OrderStream', shardId)
    const seen = proxy.waitFor((event) => event.operation === 'GetRecords')
    const { Records } = await client.send(new GetRecordsCommand({ ShardIterator: iterator }))
    expect(Records?.map((record) => Buffer.from(record.Data ?? []).toString())).toEqual(['{"pizzaId":3}'])
    expect((await seen).shardId).toBe(shardId)

    proxy.throttle(shardId, 1)
    const error = await errorOf(client.send(new GetRecordsCommand({ ShardIterator: iterator })))
    expect(error.name).toBe('ProvisionedThroughputExceededException')
  })
})

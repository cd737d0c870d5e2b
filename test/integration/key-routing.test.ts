/**
 * Where a key lands, checked against where the emulators put it: on a stream that has been split
 * and merged (closed shards beside open ones, ranges no longer aligned), the app's answer for
 * random partition keys (any Unicode, 1 to 256 characters) and for explicit hash keys at every open
 * shard's edges (0, 2^128−1, each start and end) is the ShardId PutRecord returns.
 * A key with an unpaired UTF-16 surrogate has no one answer: kinesalite hashes the surrogate as
 * U+FFFD, kinesis-local (a JVM engine, as AWS is) as '?'. The app refuses such a key.
 */
import { DescribeStreamSummaryCommand, ListShardsCommand, MergeShardsCommand, PutRecordCommand, SplitShardCommand, type KinesisClient } from '@aws-sdk/client-kinesis'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { AppCore } from '../../src/main/core/app-core'
import { routingHashKey, shardRouter } from '../../src/main/core/kinesis/hash-key'
import { MAX_PARTITION_KEY_LENGTH } from '../../src/shared/producer'
import { createStreamAndWait, kinesisClient, startKinesalite, type Emulator } from '../support/emulators'
import { uniqueName } from '../support/stream-fixtures'
import { TestClient } from '../support/test-client'

const isolated = { AWS_REGION: 'us-east-1', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' }
const MAX_HASH_KEY = 2n ** 128n - 1n

/** Waits until the stream is ACTIVE with `open` open shards (the servers reshard asynchronously). */
async function untilOpenShards(kinesis: KinesisClient, name: string, open: number): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const { Shards } = await kinesis.send(new ListShardsCommand({ StreamName: name }))
    const { StreamDescriptionSummary } = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }))
    const openNow = (Shards ?? []).filter((s) => s.SequenceNumberRange?.EndingSequenceNumber === undefined).length
    if (openNow === open && StreamDescriptionSummary?.StreamStatus === 'ACTIVE') return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`${name} never had ${open} open shards`)
}

function backend(label: string, endpoint: () => string): void {
  describe(`key routing on ${label}`, () => {
    let kinesis: KinesisClient
    let core: AppCore
    let c: TestClient
    let name: string

    beforeAll(async () => {
      kinesis = kinesisClient(endpoint())
      core = new AppCore({ env: { ...isolated, AWS_ENDPOINT_URL_KINESIS: endpoint() }, userDataDir: null })
      c = new TestClient(core.handlers())
      await c.call('connections.select', { id: 'default' })
      // Three shards; the middle one split at an odd key; its upper child merged with the last shard.
      name = uniqueName('routing')
      await createStreamAndWait(kinesis, name, 3)
      const middle = (await c.call('streams.shards', { name }))[1]
      const odd = (BigInt(middle?.hashKeyStart ?? '0') + 12_345n).toString()
      await kinesis.send(new SplitShardCommand({ StreamName: name, ShardToSplit: middle?.shardId, NewStartingHashKey: odd }))
      await untilOpenShards(kinesis, name, 4)
      const split = await c.call('streams.shards', { name })
      const upper = split.find((s) => s.open && s.hashKeyStart === odd)
      const last = split.find((s) => s.open && s.hashKeyEnd === MAX_HASH_KEY.toString())
      await kinesis.send(new MergeShardsCommand({ StreamName: name, ShardToMerge: upper?.shardId, AdjacentShardToMerge: last?.shardId }))
      await untilOpenShards(kinesis, name, 3)
    })
    afterAll(async () => {
      await core.dispose()
      kinesis.destroy()
    })

    it('explicit hash keys at every open range edge land on the shard the app predicts', async () => {
      const shards = await c.call('streams.shards', { name })
      expect(shards.filter((s) => !s.open)).toHaveLength(3)
      const route = shardRouter(shards)
      const edges = shards.filter((s) => s.open).flatMap((s) => [s.hashKeyStart, s.hashKeyEnd])
      for (const hashKey of ['0', MAX_HASH_KEY.toString(), ...edges]) {
        const put = await kinesis.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'k', ExplicitHashKey: hashKey, Data: Buffer.from('x') }))
        expect(route(routingHashKey('k', hashKey))?.shardId, hashKey).toBe(put.ShardId)
      }
    })

    it('any Unicode partition key of 1 to 256 characters lands on the shard the key router names', async () => {
      const key = fc.oneof(fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }), fc.string({ minLength: 1, maxLength: MAX_PARTITION_KEY_LENGTH, unit: 'binary' }))
      const wellFormed = fc.sample(key, { numRuns: 80, seed: 7 }).filter((k) => k.length <= MAX_PARTITION_KEY_LENGTH && !/[\ud800-\udfff]/.test(k.replace(/[\ud800-\udbff][\udc00-\udfff]/g, '')))
      for (const partitionKey of [...wellFormed, 'x'.repeat(MAX_PARTITION_KEY_LENGTH), 'ü-ñ-ключ', '🍕'.repeat(128), ' ']) {
        const answer = await c.call('streams.routeKey', { name, partitionKey })
        const put = await kinesis.send(new PutRecordCommand({ StreamName: name, PartitionKey: partitionKey, Data: Buffer.from('x') }))
        expect(answer.shard?.shardId, JSON.stringify(partitionKey)).toBe(put.ShardId)
      }
    })

    it('refuses an explicit hash key with leading zeros, which Kinesis refuses (kinesalite alone takes it)', async () => {
      const put = (explicitHashKey: string) => ({ stream: name, partitionKey: 'k', explicitHashKey, dataBase64: 'eA==', gzip: false })
      for (const explicitHashKey of ['007', '00']) {
        const refused = await c.fails('producer.put', put(explicitHashKey))
        expect(refused.code, explicitHashKey).toBe('INVALID_INPUT')
        expect(refused.message).toMatch(/leading zeros/)
      }
      expect((await c.call('producer.put', put('0'))).shardId).toBe((await c.call('streams.shards', { name })).find((s) => s.open && s.hashKeyStart === '0')?.shardId)
    })

    it('refuses a partition key with an unpaired surrogate, whose shard depends on the server', async () => {
      for (const partitionKey of ['a\ud800b', '\udfff', 'x\ud83d']) {
        const refused = await c.fails('streams.routeKey', { name, partitionKey })
        expect(refused.code, JSON.stringify(partitionKey)).toBe('INVALID_INPUT')
        expect(refused.message).toMatch(/unpaired surrogate/)
      }
    })
  })
}

backend('kinesis-local', () => inject('kinesisLocalEndpoint'))

let kinesaliteServer: Emulator
beforeAll(async () => {
  kinesaliteServer = await startKinesalite()
})
afterAll(() => kinesaliteServer.close())
backend('kinesalite', () => kinesaliteServer.endpoint)

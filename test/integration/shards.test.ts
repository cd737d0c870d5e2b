/**
 * Shard tools against real servers: a key's shard agrees with where PutRecord puts it
 * (kinesis-local and kinesalite), resharding (split, merge, UpdateShardCount where the server has
 * it) with the typed confirmation checked in main, and the load sample through the reader.
 */
import { PutRecordCommand, type KinesisClient } from '@aws-sdk/client-kinesis'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { AppCore } from '../../src/main/core/app-core'
import { createStreamAndWait, kinesisClient, startKinesalite, type Emulator } from '../support/emulators'
import { putAll, uniqueName } from '../support/stream-fixtures'
import { TestClient } from '../support/test-client'

const isolated = { AWS_REGION: 'us-east-1', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' }

async function waitActive(c: TestClient, name: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if ((await c.call('streams.describe', { name })).status === 'ACTIVE') return
    await new Promise((resolve) => setTimeout(resolve, 25)) // the servers reshard asynchronously
  }
  throw new Error(`${name} never became ACTIVE`)
}

function backend(label: string, endpoint: () => string): void {
  describe(`shard tools on ${label}`, () => {
    let kinesis: KinesisClient
    let core: AppCore
    let c: TestClient

    beforeAll(async () => {
      kinesis = kinesisClient(endpoint())
      core = new AppCore({ env: { ...isolated, AWS_ENDPOINT_URL_KINESIS: endpoint() }, userDataDir: null })
      c = new TestClient(core.handlers())
      await c.call('connections.select', { id: 'default' })
    })
    afterAll(async () => {
      await core.dispose()
      kinesis.destroy()
    })

    it('routes a partition key to the shard PutRecord puts it on, with its MD5 hash key', async () => {
      const name = uniqueName('route')
      await createStreamAndWait(kinesis, name, 4)
      for (const key of ['order-1', 'order-2', 'store-120', 'ü-ñ-ключ', 'x'.repeat(256), 'a', 'b', 'c']) {
        const answer = await c.call('streams.routeKey', { name, partitionKey: key })
        const put = await kinesis.send(new PutRecordCommand({ StreamName: name, PartitionKey: key, Data: Buffer.from('{}') }))
        expect(answer.shard?.shardId, key).toBe(put.ShardId)
        expect(BigInt(answer.hashKey) >= BigInt(answer.shard?.hashKeyStart ?? '-1')).toBe(true)
        expect(BigInt(answer.hashKey) <= BigInt(answer.shard?.hashKeyEnd ?? '-1')).toBe(true)
      }
      // MD5("a") = 0cc175b9c0f1b6a831c399e269772661, read as an unsigned 128-bit integer.
      const { hashKey } = await c.call('streams.routeKey', { name, partitionKey: 'a' })
      expect(hashKey).toBe(BigInt('0x0cc175b9c0f1b6a831c399e269772661').toString())
      expect((await c.fails('streams.routeKey', { name, partitionKey: '' })).code).toBe('INVALID_INPUT')
    })

    it('splits a shard at its midpoint and merges the children back, with the typed confirmation', async () => {
      const name = uniqueName('reshard')
      await createStreamAndWait(kinesis, name, 1)
      const [only] = await c.call('streams.shards', { name })
      const wrong = await c.fails('streams.reshard', { name, confirmName: 'nope', action: { type: 'split', shardId: only?.shardId ?? '', newStartingHashKey: null } })
      expect(wrong.code).toBe('CONFIRMATION_MISMATCH')
      expect((await c.call('streams.shards', { name })).length).toBe(1)

      const split = await c.call('streams.reshard', { name, confirmName: name, action: { type: 'split', shardId: only?.shardId ?? '', newStartingHashKey: null } })
      expect(split.message).toContain('170141183460469231731687303715884105728')
      await waitActive(c, name)
      const afterSplit = await c.call('streams.shards', { name })
      const children = afterSplit.filter((s) => s.open)
      expect(children).toHaveLength(2)
      expect(children.every((s) => s.parentShardId === only?.shardId && s.keySpaceShare === 0.5)).toBe(true)
      expect(afterSplit.find((s) => s.shardId === only?.shardId)?.open).toBe(false)

      const [a, b] = children
      const bad = await c.fails('streams.reshard', { name, confirmName: name, action: { type: 'split', shardId: a?.shardId ?? '', newStartingHashKey: a?.hashKeyStart ?? '' } })
      expect(bad).toMatchObject({ code: 'INVALID_INPUT' })
      await c.call('streams.reshard', { name, confirmName: name, action: { type: 'merge', shardId: a?.shardId ?? '', adjacentShardId: b?.shardId ?? '' } })
      await waitActive(c, name)
      const merged = (await c.call('streams.shards', { name })).filter((s) => s.open)
      expect(merged).toHaveLength(1)
      expect([merged[0]?.parentShardId, merged[0]?.adjacentParentShardId].sort()).toEqual([a?.shardId, b?.shardId].sort())
    })

    it('samples the load per shard from a short read, within the cap', async () => {
      const name = uniqueName('load')
      await createStreamAndWait(kinesis, name, 2)
      // All but two records on one key: one hot shard.
      const puts = await putAll(kinesis, name, Array.from({ length: 40 }, (_, i) => `{"i":${i}}`), (i) => (i < 38 ? 'hot' : `cool-${i}`))
      const sample = await c.call('streams.sampleLoad', { name, seconds: 60, maxRecords: 1000 })
      expect(sample).toMatchObject({ source: 'sample', seconds: 60, records: 40, capped: false })
      const hot = puts[0]?.shardId ?? ''
      const byShard = Object.fromEntries(sample.shards.map((s) => [s.shardId, s]))
      expect(byShard[hot]?.records).toBeGreaterThanOrEqual(38)
      expect(sample.shards.reduce((n, s) => n + s.records, 0)).toBe(40)
      expect(byShard[hot]?.bytes).toBeGreaterThan(38 * 7)
      const capped = await c.call('streams.sampleLoad', { name, seconds: 60, maxRecords: 10 })
      expect(capped).toMatchObject({ records: 10, capped: true })
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

describe('UpdateShardCount', () => {
  it('scales a stream on kinesis-local', async () => {
    const kinesis = kinesisClient(inject('kinesisLocalEndpoint'))
    const core = new AppCore({ env: { ...isolated, AWS_ENDPOINT_URL_KINESIS: inject('kinesisLocalEndpoint') }, userDataDir: null })
    const c = new TestClient(core.handlers())
    await c.call('connections.select', { id: 'default' })
    const name = uniqueName('scale')
    await createStreamAndWait(kinesis, name, 1)
    const answer = await c.call('streams.reshard', { name, confirmName: name, action: { type: 'updateShardCount', targetShardCount: 2 } })
    expect(answer.message).toContain('2 open shards')
    await waitActive(c, name)
    expect((await c.call('streams.shards', { name })).filter((s) => s.open)).toHaveLength(2)
    await core.dispose()
    kinesis.destroy()
  })

  it('on kinesalite says the server lacks UpdateShardCount', async () => {
    const kinesis = kinesisClient(kinesaliteServer.endpoint)
    const core = new AppCore({ env: { ...isolated, AWS_ENDPOINT_URL_KINESIS: kinesaliteServer.endpoint }, userDataDir: null })
    const c = new TestClient(core.handlers())
    await c.call('connections.select', { id: 'default' })
    const name = uniqueName('noscale')
    await createStreamAndWait(kinesis, name, 1)
    const error = await c.fails('streams.reshard', { name, confirmName: name, action: { type: 'updateShardCount', targetShardCount: 2 } })
    expect(error.code).toBe('UNSUPPORTED')
    expect(error.message).toContain('UpdateShardCount')
    expect(error.hint).toContain('split or merge')
    await core.dispose()
    kinesis.destroy()
  })
})

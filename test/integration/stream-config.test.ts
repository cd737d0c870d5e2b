/**
 * The Configuration tab's operations through the app's handlers against both emulators: on
 * kinesis-local (which has them all) retention up and down, KMS encryption started and stopped,
 * shard-level metrics enabled and disabled per metric, tags set and removed by ARN, the capacity
 * mode switched, warm throughput set on an on-demand stream and DescribeAccountSettings read; on
 * kinesalite (the sandbox's engine) retention and the stream-named tag calls work (more than one
 * call's worth of tags, paged) and the rest says which operation the server lacks.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { AppCore } from '../../src/main/core/app-core'
import type { StreamDetails } from '../../src/shared/domain'
import { createStreamAndWait, kinesisClient, startKinesalite, type Emulator } from '../support/emulators'
import { uniqueName } from '../support/stream-fixtures'
import { TestClient } from '../support/test-client'

async function connect(endpoint: string) {
  const core = new AppCore({
    env: { AWS_ENDPOINT_URL_KINESIS: endpoint, AWS_REGION: 'us-east-1', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' },
    userDataDir: null
  })
  const client = new TestClient(core.handlers())
  await client.call('connections.select', { id: 'default' })
  const direct = kinesisClient(endpoint)
  return { client, direct, close: async () => (direct.destroy(), await core.dispose()) }
}
type App = Awaited<ReturnType<typeof connect>>

/** Describes through the app until the stream is ACTIVE, as the view's watch does. */
async function untilActive(app: App, name: string): Promise<StreamDetails> {
  for (let i = 0; i < 400; i++) {
    const details = await app.client.call('streams.describe', { name }).catch(() => null)
    if (details?.status === 'ACTIVE') return details
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`${name} did not become ACTIVE`)
}

describe('stream configuration on kinesis-local', () => {
  let app: App
  beforeAll(async () => {
    app = await connect(inject('kinesisLocalEndpoint'))
  })
  afterAll(async () => {
    await app.close()
  })

  it('changes retention, encryption, shard-level metrics and tags, each after the typed name', async () => {
    const name = uniqueName('config')
    await createStreamAndWait(app.direct, name, 2)
    const configure = (change: object, confirmName: string | null = name) => app.client.call('streams.configure', { name, confirmName, change } as never)

    const mismatch = await app.client.fails('streams.configure', { name, confirmName: 'nope', change: { type: 'retention', hours: 48 } })
    expect(mismatch).toMatchObject({ code: 'CONFIRMATION_MISMATCH' })
    expect((await untilActive(app, name)).retentionHours).toBe(24)

    expect((await configure({ type: 'retention', hours: 72 })).message).toContain(`${name} keeps records for 72 hours from now on`)
    expect((await untilActive(app, name)).retentionHours).toBe(72)
    expect((await configure({ type: 'retention', hours: 48 })).message).toContain('older than 48 hours become unreadable at once')
    expect((await untilActive(app, name)).retentionHours).toBe(48)
    expect((await configure({ type: 'retention', hours: 48 })).message).toBe(`${name} already keeps records for 48 hours: nothing changed.`)

    await configure({ type: 'startEncryption', keyId: 'alias/aws/kinesis' })
    expect(await untilActive(app, name)).toMatchObject({ encryption: 'KMS', keyId: 'alias/aws/kinesis' })
    await configure({ type: 'stopEncryption' })
    expect(await untilActive(app, name)).toMatchObject({ encryption: 'NONE' })

    const enabled = await configure({ type: 'monitoring', metrics: ['IncomingBytes', 'IteratorAgeMilliseconds'] })
    expect(enabled.message).toContain('2 metrics × 2 open shards = 4 custom metrics')
    expect((await untilActive(app, name)).shardLevelMetrics.sort()).toEqual(['IncomingBytes', 'IteratorAgeMilliseconds'])
    await configure({ type: 'monitoring', metrics: ['IncomingBytes'] })
    expect((await untilActive(app, name)).shardLevelMetrics).toEqual(['IncomingBytes'])

    await configure({ type: 'tags', add: [{ key: 'team', value: 'pizza' }, { key: 'env', value: 'test' }], remove: [] })
    expect(await app.client.call('streams.tags', { name })).toEqual({
      tags: [{ key: 'env', value: 'test' }, { key: 'team', value: 'pizza' }],
      via: 'ListTagsForResource'
    })
    await configure({ type: 'tags', add: [{ key: 'env', value: 'qa' }], remove: ['team'] })
    expect((await app.client.call('streams.tags', { name })).tags).toEqual([{ key: 'env', value: 'qa' }])
  })

  it('switches the capacity mode, sets warm throughput on an on-demand stream, and reads the account settings', async () => {
    const name = uniqueName('mode')
    await createStreamAndWait(app.direct, name, 1)
    const refused = await app.client.fails('streams.configure', { name, confirmName: name, change: { type: 'warmThroughput', mibps: 50 } })
    expect(refused).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('only on-demand streams have warm throughput') as unknown })

    const switched = await app.client.call('streams.configure', { name, confirmName: name, change: { type: 'capacityMode', mode: 'ON_DEMAND' } })
    expect(switched.message).toContain('2 switches between on-demand and provisioned per stream within 24 hours')
    expect((await untilActive(app, name)).mode).toBe('ON_DEMAND')

    await app.client.call('streams.configure', { name, confirmName: name, change: { type: 'warmThroughput', mibps: 50 } })
    expect((await untilActive(app, name)).warmThroughput).toEqual({ targetMiBps: 50, currentMiBps: 50 })

    // kinesis-local answers without a commitment (and still accepts warm throughput, unlike AWS).
    expect(await app.client.call('connections.accountSettings', {})).toEqual({ commitment: null })
  })
})

describe('stream configuration on kinesalite', () => {
  let kinesalite: Emulator
  let app: App
  beforeAll(async () => {
    kinesalite = await startKinesalite()
    app = await connect(kinesalite.endpoint)
  })
  afterAll(async () => {
    await app.close()
    await kinesalite.close()
  })

  it('changes retention and tags (stream-named calls, paged), and names every operation it lacks', async () => {
    const name = uniqueName('lite')
    await createStreamAndWait(app.direct, name, 1)
    await app.client.call('streams.configure', { name, confirmName: name, change: { type: 'retention', hours: 168 } })
    expect((await untilActive(app, name)).retentionHours).toBe(168)

    const add = Array.from({ length: 12 }, (_, i) => ({ key: `k${String(i).padStart(2, '0')}`, value: `v${i}` }))
    await app.client.call('streams.configure', { name, confirmName: name, change: { type: 'tags', add, remove: [] } })
    const listed = await app.client.call('streams.tags', { name })
    expect(listed.via).toBe('ListTagsForStream')
    expect(listed.tags).toEqual(add)
    await app.client.call('streams.configure', { name, confirmName: name, change: { type: 'tags', add: [], remove: ['k00', 'k11'] } })
    expect((await app.client.call('streams.tags', { name })).tags).toHaveLength(10)

    const lacks = async (change: object, operation: string) =>
      expect(await app.client.fails('streams.configure', { name, confirmName: name, change })).toMatchObject({
        code: 'UNSUPPORTED',
        message: `This Kinesis server does not support ${operation}.`
      })
    await lacks({ type: 'startEncryption', keyId: 'alias/aws/kinesis' }, 'StartStreamEncryption')
    await lacks({ type: 'monitoring', metrics: ['IncomingBytes'] }, 'EnableEnhancedMonitoring')
    await lacks({ type: 'capacityMode', mode: 'ON_DEMAND' }, 'UpdateStreamMode')
    expect(await app.client.fails('connections.accountSettings', {})).toMatchObject({ code: 'UNSUPPORTED', message: 'This Kinesis server does not support DescribeAccountSettings.' })
    // Nothing else changed: the stream is still there as it was.
    expect(await untilActive(app, name)).toMatchObject({ retentionHours: 168, encryption: 'NONE', mode: 'PROVISIONED' })
  })

  it('removes more tags than one RemoveTagsFromStream call takes (10), and sets and removes together', async () => {
    const name = uniqueName('lite-untag')
    await createStreamAndWait(app.direct, name, 1)
    const add = Array.from({ length: 25 }, (_, i) => ({ key: `k${String(i).padStart(2, '0')}`, value: `v${i}` }))
    await app.client.call('streams.configure', { name, confirmName: name, change: { type: 'tags', add, remove: [] } })
    const remove = add.slice(0, 23).map((t) => t.key)
    await app.client.call('streams.configure', { name, confirmName: name, change: { type: 'tags', add: [{ key: 'team', value: 'pizza' }], remove } })
    expect((await app.client.call('streams.tags', { name })).tags).toEqual([...add.slice(23), { key: 'team', value: 'pizza' }])
  })
})

import { CreateStreamCommand, ListStreamsCommand } from '@aws-sdk/client-kinesis'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { AppCore } from '../../src/main/core/app-core'
import { listStreams } from '../../src/main/core/kinesis/stream-gateway'
import { kinesisClient, startKinesalite, type Emulator } from '../support/emulators'
import { TestClient } from '../support/test-client'

const unique = (prefix: string): string => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`

describe('streams and shards on kinesis-local', () => {
  let core: AppCore
  let c: TestClient

  beforeAll(async () => {
    core = new AppCore({
      env: { AWS_ENDPOINT_URL_KINESIS: inject('kinesisLocalEndpoint'), AWS_REGION: 'us-east-1', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' },
      userDataDir: null
    })
    c = new TestClient(core.handlers())
    await c.call('connections.select', { id: 'default' })
  })
  afterAll(() => core.dispose())

  const waitActive = async (name: string): Promise<void> => {
    for (let i = 0; i < 200; i++) {
      if ((await c.call('streams.describe', { name })).status === 'ACTIVE') return
      await new Promise((resolve) => setTimeout(resolve, 25)) // kinesis-local creates asynchronously
    }
    throw new Error(`${name} never became ACTIVE`)
  }

  it('creates a provisioned stream, describes it and lists its shards with key-space shares', async () => {
    const name = unique('provisioned')
    const created = await c.call('streams.create', { name, mode: 'PROVISIONED', shardCount: 3 })
    expect(created).toMatchObject({ name, status: 'CREATING', mode: 'PROVISIONED' })
    await waitActive(name)
    const details = await c.call('streams.describe', { name })
    expect(details).toMatchObject({ name, status: 'ACTIVE', mode: 'PROVISIONED', openShardCount: 3, retentionHours: 24, encryption: 'NONE' })
    expect(details.arn).toContain(`stream/${name}`)
    const shards = await c.call('streams.shards', { name })
    expect(shards.map((s) => s.shardId)).toEqual(['shardId-000000000000', 'shardId-000000000001', 'shardId-000000000002'])
    expect(shards.every((s) => s.open && s.endingSequenceNumber === null && s.parentShardId === null)).toBe(true)
    expect(shards.reduce((sum, s) => sum + s.keySpaceShare, 0)).toBeCloseTo(1, 4)
    expect(shards[0]?.hashKeyStart).toBe('0')
    expect(shards[2]?.hashKeyEnd).toBe('340282366920938463463374607431768211455')
    expect((await c.call('streams.list', {})).some((s) => s.name === name)).toBe(true)
  })

  it('creates an on-demand stream', async () => {
    const name = unique('ondemand')
    await c.call('streams.create', { name, mode: 'ON_DEMAND' })
    await waitActive(name)
    expect((await c.call('streams.describe', { name })).mode).toBe('ON_DEMAND')
  })

  it('deletes a stream only with the typed confirmation', async () => {
    const name = unique('doomed')
    await c.call('streams.create', { name, mode: 'PROVISIONED', shardCount: 1 })
    await waitActive(name)
    expect((await c.fails('streams.delete', { name, confirmName: name.toUpperCase() })).code).toBe('CONFIRMATION_MISMATCH')
    expect(await c.call('streams.delete', { name, confirmName: name })).toEqual({ name })
  })

  it('names a missing stream and says what to do', async () => {
    const error = await c.fails('streams.describe', { name: 'NoSuchStream' })
    expect(error.code).toBe('STREAM_NOT_FOUND')
    expect(error.message).toContain('describe stream NoSuchStream')
    expect(error.hint).toMatch(/Refresh the stream list/)
  })

  it('refuses a stream name that exists', async () => {
    const name = unique('twice')
    await c.call('streams.create', { name, mode: 'PROVISIONED', shardCount: 1 })
    const error = await c.fails('streams.create', { name, mode: 'PROVISIONED', shardCount: 1 })
    expect(error.code).toBe('STREAM_IN_USE')
    expect(error.message).toContain(`create stream ${name}`)
  })
})

describe('an account with 1,000 streams', () => {
  let kinesalite: Emulator
  beforeAll(async () => {
    kinesalite = await startKinesalite()
  })
  afterAll(() => kinesalite.close())

  it('lists every stream through all ListStreams pages', async () => {
    const client = kinesisClient(kinesalite.endpoint)
    const names = Array.from({ length: 1000 }, (_, i) => `stream-${String(i).padStart(4, '0')}`)
    for (let i = 0; i < names.length; i += 50) {
      await Promise.all(names.slice(i, i + 50).map((StreamName) => client.send(new CreateStreamCommand({ StreamName, ShardCount: 1 }))))
    }
    // The server pages: one call is not enough.
    const firstPage = await client.send(new ListStreamsCommand({}))
    expect(firstPage.HasMoreStreams).toBe(true)
    const listed = await listStreams(client)
    expect(listed.map((s) => s.name)).toEqual(names)
    client.destroy()
  })
})

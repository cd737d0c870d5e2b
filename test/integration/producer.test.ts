/**
 * The producer and replay against real servers, kinesis-local and kinesalite: what the app sends
 * is read back from the stream and compared byte for byte, count for count, key order for key order.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRequire } from 'node:module'
import { promisify } from 'node:util'
import { gunzipSync } from 'node:zlib'
import type { KinesisClient } from '@aws-sdk/client-kinesis'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { AppCore } from '../../src/main/core/app-core'
import { deaggregate, isAggregated } from '../../src/main/core/decode/kpl'
import { toJsonLines } from '../../src/renderer/src/features/records/record-export'
import type { InputOf } from '../../src/shared/contract'
import { compileTemplate, PIZZA_ORDER_TEMPLATE, seededRenderContext, type RecordTemplate } from '../../src/shared/producer'
import { parseReplayFile } from '../../src/shared/replay-file'
import { createStreamAndWait, kinesisClient, startKinesalite, type Emulator } from '../support/emulators'
import { putAll, uniqueName } from '../support/stream-fixtures'
import { countByShard, jobEnded, perKey, readStream } from '../support/stream-readback'
import { TestClient } from '../support/test-client'

const run = promisify(execFile)
const cliEnv = { ...process.env, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' }

interface AggUserRecord {
  partitionKey: string
  data: string
}
const agg = createRequire(__filename)('aws-kinesis-agg') as {
  deaggregateSync(record: { data: string; partitionKey: string; sequenceNumber: string; kinesisSchemaVersion: string; approximateArrivalTimestamp: number }, checksums: boolean, done: (err: Error | null, records?: AggUserRecord[]) => void): void
}

let kinesalite: Emulator
beforeAll(async () => {
  kinesalite = await startKinesalite()
})
afterAll(async () => {
  await kinesalite.close()
})

/** n counts from 1 (record i is n = i + 1), so every record read back is identified. */
const counted = (partitionKey: RecordTemplate['partitionKey']): RecordTemplate => ({
  encoding: 'json',
  body: '{"n": {{counter}}, "store": "{{int:100:120}}", "pizza": "{{oneOf:margherita|diavola}}"}',
  gzip: false,
  partitionKey,
  explicitHashKey: null
})
const nOf = (data: Buffer | Uint8Array): number => (JSON.parse(Buffer.from(data).toString('utf8')) as { n: number }).n
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1)

async function connect(endpoint: string): Promise<{ core: AppCore; client: TestClient; direct: KinesisClient; close: () => Promise<void> }> {
  const core = new AppCore({
    env: { AWS_ENDPOINT_URL_KINESIS: endpoint, AWS_REGION: 'us-east-1', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' },
    userDataDir: null
  })
  const client = new TestClient(core.handlers())
  await client.call('connections.select', { id: 'default' })
  const direct = kinesisClient(endpoint)
  return {
    core,
    client,
    direct,
    close: async () => {
      direct.destroy()
      await core.dispose()
    }
  }
}

async function bulk(client: TestClient, input: Partial<InputOf<'producer.startBulk'>> & { stream: string; template: RecordTemplate }) {
  const { jobId } = await client.call('producer.startBulk', { count: 100, ratePerSecond: null, aggregate: false, seed: 7, ...input })
  return jobEnded(client, jobId)
}

/** The app reads the stream (a read session, as the record browser does) and exports it as JSON Lines. */
async function exportWithApp(client: TestClient, stream: string, expected: number): Promise<string> {
  const { sessionId } = await client.call('reader.start', { stream, shardIds: null, position: { type: 'TRIM_HORIZON' }, mode: 'read' })
  await client.ended(sessionId)
  const records = client.records(sessionId)
  expect(records).toHaveLength(expected)
  return toJsonLines(stream, records)
}

async function replayFile(client: TestClient, file: string, stream: string) {
  const { records, problems } = parseReplayFile(file)
  expect(problems).toEqual([])
  const { draftId } = await client.call('replay.create', {})
  for (let i = 0; i < records.length; i += 5000) await client.call('replay.append', { draftId, records: records.slice(i, i + 5000) })
  const target = { connectionId: null, stream }
  const plan = await client.call('replay.plan', { draftId, target })
  const { jobId } = await client.call('replay.start', { draftId, target, ratePerSecond: null, confirmName: stream })
  return { plan, report: await jobEnded(client, jobId), records }
}

const backends: [string, () => string][] = [
  ['kinesis-local', () => inject('kinesisLocalEndpoint')],
  ['kinesalite', () => kinesalite.endpoint]
]

describe.each(backends)('producer on %s', (_name, endpointOf) => {
  it('a single order lands on the shard it names and reads back with the same bytes (and gzipped)', async () => {
    const app = await connect(endpointOf())
    const stream = uniqueName('single')
    await createStreamAndWait(app.direct, stream, 2)
    const compiled = compileTemplate(PIZZA_ORDER_TEMPLATE.template)
    if (!compiled.ok) throw new Error('the built-in template compiles')
    const rendered = compiled.render(seededRenderContext(1, 0, Date.now()))
    if (!rendered.ok) throw new Error('the built-in template renders')
    const dataBase64 = Buffer.from(rendered.record.data).toString('base64')
    const sent = await app.client.call('producer.put', { stream, partitionKey: 'weborder', explicitHashKey: null, dataBase64, gzip: false })
    const zipped = await app.client.call('producer.put', { stream, partitionKey: 'weborder', explicitHashKey: null, dataBase64, gzip: true })
    expect(sent).toMatchObject({ stream, partitionKey: 'weborder', size: rendered.record.data.byteLength, text: rendered.record.text })
    const stored = await readStream(app.direct, stream)
    const first = stored.find((r) => r.sequenceNumber === sent.sequenceNumber)
    expect(first?.shardId).toBe(sent.shardId)
    expect(first?.data.equals(Buffer.from(rendered.record.data))).toBe(true)
    const second = stored.find((r) => r.sequenceNumber === zipped.sequenceNumber)
    expect(second?.data.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]))
    expect(gunzipSync(second?.data ?? Buffer.alloc(0)).equals(Buffer.from(rendered.record.data))).toBe(true)
    await app.close()
  })

  it('a bulk of 2,000 with random keys: exact counts, per shard, read back', async () => {
    const app = await connect(endpointOf())
    const stream = uniqueName('bulk')
    await createStreamAndWait(app.direct, stream, 3)
    const report = await bulk(app.client, { stream, template: counted({ type: 'random' }), count: 2000 })
    expect(report).toMatchObject({ reason: 'completed', requested: 2000, sent: 2000, failed: 0, unknown: 0, notSent: 0, error: null })
    const stored = await readStream(app.direct, stream)
    expect(stored.map((r) => nOf(r.data)).sort((a, b) => a - b)).toEqual(range(2000))
    expect(Object.fromEntries(report.perShard.map((s) => [s.shardId, s.records]))).toEqual(countByShard(stored))
    expect(report.perShard).toHaveLength(3)
    const progress = app.client.of('producer.progress').at(-1)
    expect(progress?.total).toBe(2000)
    await app.close()
  })

  it('replays an exported JSON Lines file onto another stream: same keys, same bytes, same per-key order', async () => {
    const app = await connect(endpointOf())
    const source = uniqueName('replay-src')
    const target = uniqueName('replay-dst')
    await createStreamAndWait(app.direct, source, 2)
    await createStreamAndWait(app.direct, target, 3)
    const bodies = Array.from({ length: 600 }, (_, i) => (i % 10 === 0 ? Uint8Array.from([0xff, 0, i % 256, 0xfe]) : JSON.stringify({ n: i })))
    await putAll(app.direct, source, bodies, (i) => `store-${i % 7}`)
    const file = await exportWithApp(app.client, source, 600)
    const { plan, report } = await replayFile(app.client, file, target)
    expect(report).toMatchObject({ kind: 'replay', reason: 'completed', sent: 600, failed: 0, unknown: 0, notSent: 0 })
    expect(plan).toMatchObject({ stream: target, total: 600, needsConfirmation: true })
    const original = await readStream(app.direct, source)
    const replayed = await readStream(app.direct, target)
    expect(replayed).toHaveLength(600)
    const hex = (r: { data: Buffer }): string => r.data.toString('hex')
    expect(perKey(replayed, hex)).toEqual(perKey(original, hex))
    // The dry run said where each record would go; the stream agrees.
    expect(Object.fromEntries(plan.perShard.map((s) => [s.shardId, s.records]))).toEqual(countByShard(replayed))
    await app.close()
  })

  it('KPL aggregation: our decoder and aws-kinesis-agg both read every user record back', async () => {
    const app = await connect(endpointOf())
    const stream = uniqueName('kpl')
    await createStreamAndWait(app.direct, stream, 2)
    const report = await bulk(app.client, { stream, template: counted({ type: 'random' }), count: 1500, aggregate: true })
    expect(report).toMatchObject({ sent: 1500, failed: 0, unknown: 0 })
    const stored = await readStream(app.direct, stream)
    expect(stored.length).toBeLessThan(20) // a handful of aggregates, not 1,500 records
    const ours: { partitionKey: string; n: number }[] = []
    const theirs: { partitionKey: string; n: number }[] = []
    for (const record of stored) {
      expect(isAggregated(record.data)).toBe(true)
      const result = deaggregate(record.data)
      if (!result.ok) throw new Error(result.reason)
      for (const user of result.records) ours.push({ partitionKey: user.partitionKey, n: nOf(user.data) })
      agg.deaggregateSync(
        { data: record.data.toString('base64'), partitionKey: record.partitionKey, sequenceNumber: record.sequenceNumber, kinesisSchemaVersion: '1.0', approximateArrivalTimestamp: 0 },
        true,
        (err, users) => {
          if (err) throw err
          for (const user of users ?? []) theirs.push({ partitionKey: user.partitionKey, n: nOf(Buffer.from(user.data, 'base64')) })
        }
      )
    }
    expect(ours.map((u) => u.n).sort((a, b) => a - b)).toEqual(range(1500))
    expect(theirs).toEqual(ours)
    await app.close()
  })
})

describe('interop with the AWS CLI (kinesis-local)', () => {
  it('records sent by the app are read back by `aws kinesis get-records`', async () => {
    const endpoint = inject('kinesisLocalEndpoint')
    const app = await connect(endpoint)
    const stream = uniqueName('cli-read')
    await createStreamAndWait(app.direct, stream, 1)
    const report = await bulk(app.client, { stream, template: counted({ type: 'fixed', value: 'store-{{int:1:3}}' }), count: 30 })
    expect(report.sent).toBe(30)
    const cli = async (args: string[]): Promise<unknown> =>
      JSON.parse((await run('aws', ['kinesis', ...args, '--endpoint-url', endpoint, '--output', 'json'], { env: cliEnv })).stdout) as unknown
    const { ShardIterator } = (await cli(['get-shard-iterator', '--stream-name', stream, '--shard-id', 'shardId-000000000000', '--shard-iterator-type', 'TRIM_HORIZON'])) as { ShardIterator: string }
    const { Records } = (await cli(['get-records', '--shard-iterator', ShardIterator, '--limit', '1000'])) as { Records: { Data: string; PartitionKey: string }[] }
    const read = Records.map((r) => ({ partitionKey: r.PartitionKey, n: nOf(Buffer.from(r.Data, 'base64')) }))
    expect(read.map((r) => r.n).sort((a, b) => a - b)).toEqual(range(30))
    // Keys interleave, but each key's records are in the order they were rendered.
    for (const key of new Set(read.map((r) => r.partitionKey))) {
      const ns = read.filter((r) => r.partitionKey === key).map((r) => r.n)
      expect(ns).toEqual([...ns].sort((a, b) => a - b))
    }
    expect(new Set(read.map((r) => r.partitionKey))).toEqual(new Set(['store-1', 'store-2', 'store-3']))
    await app.close()
  })

  it('records put with `aws kinesis put-record` are replayed by the app, byte for byte', async () => {
    const endpoint = inject('kinesisLocalEndpoint')
    const app = await connect(endpoint)
    const source = uniqueName('cli-src')
    const target = uniqueName('cli-dst')
    await createStreamAndWait(app.direct, source, 1)
    await createStreamAndWait(app.direct, target, 2)
    const puts = [
      { key: 'cli-a', data: Buffer.from('{"from":"aws cli","n":1}') },
      { key: 'cli-b', data: Buffer.from([0, 1, 2, 250, 251]) },
      { key: 'cli-a', data: Buffer.from('{"from":"aws cli","n":2}') }
    ]
    // Debian's awscli is version 1: a blob argument is taken as raw bytes; fileb:// passes any bytes exactly.
    const dir = await mkdtemp(join(tmpdir(), 'cli-put-'))
    for (const [i, put] of puts.entries()) {
      const file = join(dir, `record-${i}`)
      await writeFile(file, put.data)
      await run('aws', ['kinesis', 'put-record', '--stream-name', source, '--partition-key', put.key, '--data', `fileb://${file}`, '--endpoint-url', endpoint], { env: cliEnv })
    }
    await rm(dir, { recursive: true })
    const file = await exportWithApp(app.client, source, 3)
    const { report } = await replayFile(app.client, file, target)
    expect(report.sent).toBe(3)
    const replayed = await readStream(app.direct, target)
    const hex = (r: { data: Buffer }): string => r.data.toString('hex')
    expect(perKey(replayed, hex)).toEqual(
      new Map([
        ['cli-a', [puts[0]?.data.toString('hex'), puts[2]?.data.toString('hex')]],
        ['cli-b', [puts[1]?.data.toString('hex')]]
      ])
    )
    await app.close()
  })
})

describe('bad input is answered INVALID_INPUT with the problem named (kinesalite)', () => {
  it('payload, key and hash key limits; a template that is not JSON', async () => {
    const app = await connect(kinesalite.endpoint)
    const stream = uniqueName('bad')
    await createStreamAndWait(app.direct, stream, 1)
    const put = { stream, partitionKey: 'k', explicitHashKey: null, dataBase64: 'aGk=', gzip: false }
    // The schema takes up to 10 MiB (the largest any stream takes); past that, it refuses.
    const tooLongBase64 = await app.client.fails('producer.put', { ...put, dataBase64: Buffer.alloc(10 * 1024 * 1024 + 3).toString('base64') })
    expect(tooLongBase64).toMatchObject({ code: 'INVALID_INPUT' })
    expect(tooLongBase64.message).toMatch(/dataBase64: Record data is at most 10 MiB/)
    // Exactly 1 MiB of data is within the schema; with its key it is one byte over this stream's 1 MiB.
    const overByKey = await app.client.fails('producer.put', { ...put, dataBase64: Buffer.alloc(1024 * 1024).toString('base64') })
    expect(overByKey).toMatchObject({ code: 'INVALID_INPUT' })
    expect(overByKey.message).toBe(`Stream ${stream} takes records of at most 1 MiB (1,048,576 bytes) of data plus partition key; this one is 1,048,577 bytes.`)
    expect((await app.client.fails('producer.put', { ...put, partitionKey: '' })).message).toMatch(/partitionKey: A partition key needs at least 1 character/)
    expect((await app.client.fails('producer.put', { ...put, partitionKey: 'x'.repeat(257) })).message).toMatch(/at most 256 characters/)
    const hashKey = await app.client.fails('producer.put', { ...put, explicitHashKey: (2n ** 128n).toString() })
    expect(hashKey).toMatchObject({ code: 'INVALID_INPUT' })
    expect(hashKey.message).toMatch(/explicitHashKey: An explicit hash key is at most 2\^128−1/)
    const template = await app.client.fails('producer.startBulk', {
      stream,
      template: { ...counted({ type: 'random' }), body: '{"n": {{counter}},\n "broken": }' },
      count: 10,
      ratePerSecond: null,
      aggregate: false,
      seed: 1
    })
    expect(template).toMatchObject({ code: 'INVALID_INPUT' })
    expect(template.message).toMatch(/^The template's body cannot be sent: The payload is not valid JSON \(line 2, column 12\)/)
    // Nothing was sent by any of these.
    expect(await readStream(app.direct, stream)).toEqual([])
    const missing = await app.client.fails('producer.put', { ...put, stream: 'no-such-stream' })
    expect(missing.code).toBe('STREAM_NOT_FOUND')
    await app.close()
  })
})

describe('replay targets', () => {
  it('the sandbox needs no typed confirmation; another connection’s stream does, and the active one stays', async () => {
    const core = new AppCore({ env: { AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' }, userDataDir: null })
    const client = new TestClient(core.handlers())
    await client.call('connections.select', { id: 'sandbox' })
    const records = Array.from({ length: 20 }, (_, i) => ({ partitionKey: `k${i % 3}`, explicitHashKey: null, dataBase64: Buffer.from(`replayed ${i}`).toString('base64') }))
    const { draftId } = await client.call('replay.create', {})
    await client.call('replay.append', { draftId, records })

    const sandboxPlan = await client.call('replay.plan', { draftId, target: { connectionId: null, stream: 'OrderStream' } })
    expect(sandboxPlan).toMatchObject({ total: 20, needsConfirmation: false })
    const sandboxRun = await client.call('replay.start', { draftId, target: { connectionId: null, stream: 'OrderStream' }, ratePerSecond: null, confirmName: null })
    expect((await jobEnded(client, sandboxRun.jobId)).sent).toBe(20)

    // A stream on kinesis-local, through a saved connection that is not the active one.
    const endpoint = inject('kinesisLocalEndpoint')
    const direct = kinesisClient(endpoint)
    const stream = uniqueName('other-conn')
    await createStreamAndWait(direct, stream, 2)
    const state = await client.call('connections.save', { name: 'kinesis-local', kind: 'endpoint', endpoint, region: 'us-east-1' })
    const connectionId = state.connections.find((c) => c.name === 'kinesis-local')?.id ?? ''
    const target = { connectionId, stream }
    const plan = await client.call('replay.plan', { draftId, target })
    expect(plan).toMatchObject({ stream, total: 20, needsConfirmation: true })
    const mismatch = await client.fails('replay.start', { draftId, target, ratePerSecond: null, confirmName: 'OrderStream' })
    expect(mismatch).toMatchObject({ code: 'CONFIRMATION_MISMATCH' })
    expect(mismatch.message).toContain(`does not match the target stream name "${stream}"`)
    const { jobId } = await client.call('replay.start', { draftId, target, ratePerSecond: 50, confirmName: stream })
    expect((await jobEnded(client, jobId)).sent).toBe(20)
    const replayed = await readStream(direct, stream)
    expect(replayed.map((r) => r.data.toString()).sort()).toEqual(records.map((r) => Buffer.from(r.dataBase64, 'base64').toString()).sort())
    expect(Object.fromEntries(plan.perShard.map((s) => [s.shardId, s.records]))).toEqual(countByShard(replayed))
    expect((await client.call('connections.active', {}))?.connectionId).toBe('sandbox')
    await client.call('replay.discard', { draftId })
    await expect(client.call('replay.plan', { draftId, target })).rejects.toMatchObject({ code: 'SESSION_NOT_FOUND' })
    direct.destroy()
    await core.dispose()
  })
})

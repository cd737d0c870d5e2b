/**
 * Records up to 10 MiB against kinesis-local (which has UpdateMaxRecordSize and stores records
 * that large): a stream created with a 10 MiB limit and one raised to it through the app; a
 * 6 MiB record sent, read back by a read session, exported as JSON Lines and replayed byte for
 * byte; a bulk run of 2 MiB records; and what a 1 MiB stream refuses, with its limit in the
 * message, before anything is sent. kinesalite (the sandbox's engine) lacks the operation.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { AppCore } from '../../src/main/core/app-core'
import { toJsonLines } from '../../src/renderer/src/features/records/record-export'
import { parseReplayFile } from '../../src/shared/replay-file'
import { createStreamAndWait, kinesisClient, startKinesalite, type Emulator } from '../support/emulators'
import { uniqueName } from '../support/stream-fixtures'
import { jobEnded, readStream } from '../support/stream-readback'
import { TestClient } from '../support/test-client'

const MiB = 1024 * 1024
const SLOW = 240_000 // kinesis-local takes seconds per multi-MiB call on this machine

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

/** Describes through the app until the stream is ACTIVE (after create or UpdateMaxRecordSize). */
async function untilActive(app: App, name: string) {
  for (let i = 0; i < 400; i++) {
    const details = await app.client.call('streams.describe', { name }).catch(() => null)
    if (details?.status === 'ACTIVE') return details
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`${name} did not become ACTIVE`)
}

/** A JSON order with a 6 MiB blob: the kind of record large-record streams carry. */
function largeOrder(bytes: number): Buffer {
  const head = '{"Id":"big-1","Source":"web","Attachment":"'
  const tail = '"}'
  return Buffer.from(head + 'x'.repeat(bytes - head.length - tail.length) + tail)
}

describe('records up to 10 MiB on kinesis-local', () => {
  let app: App
  beforeAll(async () => {
    app = await connect(inject('kinesisLocalEndpoint'))
  })
  afterAll(async () => {
    await app.close()
  })

  it('a 6 MiB record is sent, read, exported and replayed byte for byte; 1 MiB streams refuse larger records with their limit', { timeout: SLOW }, async () => {
    const big = uniqueName('big')
    const target = uniqueName('target')
    await app.client.call('streams.create', { name: big, mode: 'PROVISIONED', shardCount: 1, maxRecordSizeKiB: 10240 })
    await createStreamAndWait(app.direct, target, 1)
    expect((await untilActive(app, big)).maxRecordSizeKiB).toBe(10240)
    expect((await untilActive(app, target)).maxRecordSizeKiB).toBe(1024) // absent in the answer: 1 MiB

    // Send.
    const data = largeOrder(6 * MiB)
    const sent = await app.client.call('producer.put', { stream: big, partitionKey: 'big-1', explicitHashKey: null, dataBase64: data.toString('base64'), gzip: false })
    expect(sent).toMatchObject({ stream: big, size: 6 * MiB, shardId: 'shardId-000000000000' })

    // A 3 MiB record on a 1 MiB stream: refused by main before a call, with the stream's limit.
    const refused = await app.client.fails('producer.put', {
      stream: target,
      partitionKey: 'k',
      explicitHashKey: null,
      dataBase64: Buffer.alloc(3 * MiB).toString('base64'),
      gzip: false
    })
    expect(refused).toMatchObject({
      code: 'INVALID_INPUT',
      message: `Stream ${target} takes records of at most 1 MiB (1,048,576 bytes) of data plus partition key; this one is 3,145,729 bytes.`,
      hint: expect.stringMatching(/Raise the stream's maximum record size/) as unknown
    })
    expect(await readStream(app.direct, target)).toEqual([])

    // Read, as the record browser does, and export.
    const { sessionId } = await app.client.call('reader.start', { stream: big, shardIds: null, position: { type: 'TRIM_HORIZON' }, mode: 'read' })
    await app.client.ended(sessionId)
    const records = app.client.records(sessionId)
    expect(records).toHaveLength(1)
    expect(records[0]).toMatchObject({ sequenceNumber: sent.sequenceNumber, size: 6 * MiB, kind: 'json', steps: ['utf8', 'json'] })
    expect(Buffer.from(records[0]?.text ?? '', 'utf8').equals(data)).toBe(true)
    const file = toJsonLines(big, records)
    const { records: replayed, problems } = parseReplayFile(file)
    expect(problems).toEqual([])
    expect(Buffer.from(replayed[0]?.dataBase64 ?? '', 'base64').equals(data)).toBe(true)

    // Replay onto the 1 MiB target: refused whole, nothing sent.
    const { draftId } = await app.client.call('replay.create', {})
    await app.client.call('replay.append', { draftId, records: replayed })
    const targetRef = { connectionId: null, stream: target }
    const tooLarge = await app.client.fails('replay.start', { draftId, target: targetRef, ratePerSecond: null, confirmName: target })
    expect(tooLarge.message).toBe(
      `Stream ${target} takes records of at most 1 MiB (1,048,576 bytes) of data plus partition key; 1 of the 1 records to replay is larger (the first is record 1, 6,291,461 bytes). Nothing was sent.`
    )

    // Raise the target's limit through the app: the name typed (main checks it), UpdateMaxRecordSize.
    const mismatch = await app.client.fails('streams.setMaxRecordSize', { name: target, maxRecordSizeKiB: 10240, confirmName: 'wrong' })
    expect(mismatch.code).toBe('CONFIRMATION_MISMATCH')
    const changed = await app.client.call('streams.setMaxRecordSize', { name: target, maxRecordSizeKiB: 10240, confirmName: target })
    expect(changed.message).toMatch(/10 MiB/)
    expect((await untilActive(app, target)).maxRecordSizeKiB).toBe(10240)

    // Now the replay goes, and the target holds exactly the exported bytes.
    const { jobId } = await app.client.call('replay.start', { draftId, target: targetRef, ratePerSecond: null, confirmName: target })
    const report = await jobEnded(app.client, jobId)
    expect(report).toMatchObject({ reason: 'completed', sent: 1, failed: 0, unknown: 0 })
    const stored = await readStream(app.direct, target)
    expect(stored).toHaveLength(1)
    expect(stored[0]?.partitionKey).toBe('big-1')
    expect(stored[0]?.data.equals(data)).toBe(true)
  })

  it('the replay dry run counts records over the TARGET stream’s limit and names it; the replay refuses them, or skips them when asked; raised, they fit', { timeout: SLOW }, async () => {
    const target = uniqueName('replaysmall')
    await createStreamAndWait(app.direct, target, 2)
    const small = (i: number) => ({ partitionKey: `order-${i}`, explicitHashKey: null, dataBase64: Buffer.from(JSON.stringify({ Id: i })).toString('base64') })
    const big = { partitionKey: 'big-2', explicitHashKey: null, dataBase64: largeOrder(2 * MiB).toString('base64') }
    const records = [small(0), small(1), big, small(2), small(3)]
    const { draftId } = await app.client.call('replay.create', {})
    await app.client.call('replay.append', { draftId, records })
    const targetRef = { connectionId: null, stream: target }

    // The dry run: one record over the target's 1 MiB, counted and named; the shards get the other four.
    const plan = await app.client.call('replay.plan', { draftId, target: targetRef })
    expect(plan).toMatchObject({ total: 5, tooLarge: { count: 1, maxRecordBytes: MiB, firstIndex: 2, firstBytes: 2 * MiB + 'big-2'.length } })
    expect(plan.perShard.reduce((sum, s) => sum + s.records, 0)).toBe(4)

    // Without skipping: refused before anything is sent.
    const refused = await app.client.fails('replay.start', { draftId, target: targetRef, ratePerSecond: null, confirmName: target })
    expect(refused.message).toMatch(/1 of the 5 records to replay is larger \(the first is record 3, 2,097,157 bytes\)\. Nothing was sent\.$/)
    expect(refused.hint).toMatch(/Skip them, in the dry run/)
    expect(await readStream(app.direct, target)).toHaveLength(0)

    // Skipped: the four that fit go, in order, and the report counts them.
    const { jobId } = await app.client.call('replay.start', { draftId, target: targetRef, ratePerSecond: null, confirmName: target, skipTooLarge: true })
    expect(await jobEnded(app.client, jobId)).toMatchObject({ reason: 'completed', requested: 4, sent: 4, failed: 0, unknown: 0, notSent: 0 })
    const stored = await readStream(app.direct, target)
    expect(stored.map((r) => r.partitionKey).sort()).toEqual(['order-0', 'order-1', 'order-2', 'order-3'])

    // With the target's limit raised (kinesis-local has UpdateMaxRecordSize), the dry run finds none too large.
    await app.client.call('streams.setMaxRecordSize', { name: target, maxRecordSizeKiB: 4096, confirmName: target })
    await untilActive(app, target)
    const again = await app.client.call('replay.create', {})
    await app.client.call('replay.append', { draftId: again.draftId, records })
    const raised = await app.client.call('replay.plan', { draftId: again.draftId, target: targetRef })
    expect(raised.tooLarge).toBeNull()
    expect(raised.perShard.reduce((sum, s) => sum + s.records, 0)).toBe(5)
  })

  it('bulk sends 2 MiB records in PutRecords calls on a 4 MiB stream, and refuses them on a 1 MiB one before sending', { timeout: SLOW }, async () => {
    const big = uniqueName('bulkbig')
    const small = uniqueName('bulksmall')
    await app.client.call('streams.create', { name: big, mode: 'PROVISIONED', shardCount: 2, maxRecordSizeKiB: 4096 })
    await createStreamAndWait(app.direct, small, 1)
    await untilActive(app, big)
    const template = {
      encoding: 'text' as const,
      body: `{{counter}} ${'y'.repeat(2 * MiB)}`,
      gzip: false,
      partitionKey: { type: 'random' as const },
      explicitHashKey: null
    }
    const { jobId } = await app.client.call('producer.startBulk', { stream: big, template, count: 3, ratePerSecond: null, aggregate: false, seed: 1 })
    expect(await jobEnded(app.client, jobId)).toMatchObject({ reason: 'completed', sent: 3, failed: 0, unknown: 0, notSent: 0 })
    const stored = await readStream(app.direct, big)
    expect(stored.map((r) => r.data.toString('utf8').split(' ')[0]).sort()).toEqual(['1', '2', '3'])
    expect(stored.every((r) => r.data.byteLength > 2 * MiB)).toBe(true)

    const refused = await app.client.fails('producer.startBulk', { stream: small, template, count: 3, ratePerSecond: null, aggregate: false, seed: 1 })
    expect(refused).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(new RegExp(`^Record 1 cannot be sent: Stream ${small} takes records of at most 1 MiB`)) as unknown })
  })
})

describe('records up to 10 MiB on kinesalite (the sandbox engine)', () => {
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

  it('shows the 1 MiB default and says that the server lacks UpdateMaxRecordSize', async () => {
    const name = uniqueName('lite')
    await createStreamAndWait(app.direct, name, 1)
    expect((await app.client.call('streams.describe', { name })).maxRecordSizeKiB).toBe(1024)
    const error = await app.client.fails('streams.setMaxRecordSize', { name, maxRecordSizeKiB: 2048, confirmName: name })
    expect(error).toMatchObject({ code: 'UNSUPPORTED', message: 'This Kinesis server does not support UpdateMaxRecordSize.' })
  })
})

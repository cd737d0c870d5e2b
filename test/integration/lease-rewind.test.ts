/**
 * Rewinding a KCL application (kinesis-local + dynalite, lease tables in the KCL's layout): a
 * rewind to a time lands, on every shard, on the last record before it (checked by reading from
 * each new checkpoint with the app's reader); a counter that moves during the watch makes the
 * rewind refuse, naming the owner; one that moves between the watch and the write fails that
 * lease's conditional write only; Undo puts the items back byte for byte; the backup file holds
 * the items as they were; the table's name is checked in main.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { DescribeStreamSummaryCommand, SplitShardCommand, type KinesisClient } from '@aws-sdk/client-kinesis'
import { GetItemCommand, UpdateItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { AppCore } from '../../src/main/core/app-core'
import type { StartPosition } from '../../src/shared/domain'
import { createStreamAndWait, kinesisClient, type Emulator } from '../support/emulators'
import { createLeaseTable, dynamoClient, putLease, startDynalite } from '../support/lease-tables'
import { uniqueName } from '../support/stream-fixtures'
import { TestClient } from '../support/test-client'
import { HIGH, LOW, putAfter, putText, readShard as readTimed, type TimedRecord } from '../support/timed-records'

const isolated = { AWS_REGION: 'us-east-1', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' }

let dynamoServer: Emulator
let dynamo: DynamoDBClient
let kinesis: KinesisClient
let userDataDir: string
let core: AppCore
let c: TestClient
/** What the test seam does between the watch and the first write. */
let beforeWrite: () => Promise<void> = () => Promise.resolve()
const put = (stream: string, text: string, hashKey: string): ReturnType<typeof putText> => putText(kinesis, stream, text, hashKey)
const readShard = (stream: string, shardId: string): Promise<TimedRecord[]> => readTimed(kinesis, stream, shardId)
let requests = 0
const requestId = (): string => `req-${++requests}`

/** What the app's reader reads first from a position on one shard. */
async function firstRead(stream: string, shardId: string, position: StartPosition): Promise<string | null> {
  const { sessionId } = await c.call('reader.start', { stream, shardIds: [shardId], position, mode: 'read', stop: { maxRecords: 1 } })
  await c.ended(sessionId)
  return c.records(sessionId)[0]?.text ?? null
}

async function waitActive(name: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const { StreamDescriptionSummary } = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }))
    if (StreamDescriptionSummary?.StreamStatus === 'ACTIVE') return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`${name} did not become ACTIVE`)
}

async function rawItem(table: string, leaseKey: string): Promise<Record<string, AttributeValue> | undefined> {
  return (await dynamo.send(new GetItemCommand({ TableName: table, Key: { leaseKey: { S: leaseKey } }, ConsistentRead: true }))).Item
}

async function bumpCounter(table: string, leaseKey: string): Promise<void> {
  await dynamo.send(new UpdateItemCommand({ TableName: table, Key: { leaseKey: { S: leaseKey } }, UpdateExpression: 'ADD leaseCounter :one', ExpressionAttributeValues: { ':one': { N: '1' } } }))
}

beforeAll(async () => {
  dynamoServer = await startDynalite()
  dynamo = dynamoClient(dynamoServer.endpoint)
  kinesis = kinesisClient(inject('kinesisLocalEndpoint'))
  userDataDir = await mkdtemp(join(tmpdir(), 'rewind-test-'))
  core = new AppCore({
    env: { ...isolated, AWS_ENDPOINT_URL_KINESIS: inject('kinesisLocalEndpoint'), AWS_ENDPOINT_URL_DYNAMODB: dynamoServer.endpoint },
    userDataDir,
    leaseWatchMs: 300,
    beforeLeaseWrite: () => beforeWrite()
  })
  c = new TestClient(core.handlers())
  await c.call('connections.select', { id: 'default' })
})
afterAll(async () => {
  await core.dispose()
  kinesis.destroy()
  dynamo.destroy()
  await dynamoServer.close()
  await rm(userDataDir, { recursive: true, force: true })
})

describe('rewind a KCL application to a time', () => {
  let stream: string
  let shard0: string
  let shard1: string
  let time: number
  let records0: TimedRecord[]
  let records1: TimedRecord[]

  beforeAll(async () => {
    stream = uniqueName('rewind')
    await createStreamAndWait(kinesis, stream, 2)
    // Shard 0: four records, then (once the clock has moved on) a boundary record whose arrival is
    // the time T, then three more. Shard 1: records only after T.
    let last = { shardId: '', sequenceNumber: '' }
    for (let i = 0; i < 4; i++) last = await put(stream, `{"early":${i}}`, LOW)
    shard0 = last.shardId
    const early = await readShard(stream, shard0)
    const boundary = await putAfter(kinesis, stream, Math.max(...early.map((r) => r.arrival)), LOW)
    time = boundary.arrival
    for (let i = 0; i < 3; i++) await put(stream, `{"late0":${i}}`, LOW)
    for (let i = 0; i < 3; i++) shard1 = (await put(stream, `{"late1":${i}}`, HIGH)).shardId
    records0 = await readShard(stream, shard0)
    records1 = await readShard(stream, shard1)
  })

  it('sets every shard to the last record before T, so each resumes at the first record at or after T; Undo restores the items byte for byte', async () => {
    const table = uniqueName('orders-app')
    await createLeaseTable(dynamo, table)
    const tip0 = records0.at(-1)?.sequenceNumber ?? ''
    const tip1 = records1.at(-1)?.sequenceNumber ?? ''
    await putLease(dynamo, table, { leaseKey: shard0, checkpoint: tip0, subSequenceNumber: 0, owner: 'worker-a', counter: 40, ownerSwitches: 2 })
    await putLease(dynamo, table, { leaseKey: shard1, checkpoint: tip1, subSequenceNumber: 3, owner: 'worker-b', counter: 7 })
    const before = { [shard0]: await rawItem(table, shard0), [shard1]: await rawItem(table, shard1) }

    // Expected from the records themselves: the first at or after T, and the one before it.
    const firstAt0 = records0.findIndex((r) => r.arrival >= time)
    expect(firstAt0).toBeGreaterThan(0)
    expect(records1.every((r) => r.arrival >= time)).toBe(true)

    const plan = await c.call('leases.planRewind', { table, stream, leaseKeys: null, target: { type: 'AT_TIMESTAMP', timestamp: time }, requestId: requestId() })
    expect(plan.watchMs).toBe(300)
    expect(plan.confirmNameRequired).toBe(true)
    expect(plan.closedWithoutLease).toEqual([])
    const row0 = plan.rows.find((r) => r.shardId === shard0)
    const row1 = plan.rows.find((r) => r.shardId === shard1)
    expect(row0).toMatchObject({ current: tip0, next: { type: 'sequence', sequenceNumber: records0[firstAt0 - 1]?.sequenceNumber }, owner: 'worker-a', leaseCounter: 40 })
    expect(row0?.reread).toEqual({ type: 'counted', records: records0.length - firstAt0, atLeast: false })
    expect(row1).toMatchObject({ current: `${tip1}:3`, next: { type: 'sentinel', value: 'TRIM_HORIZON' }, note: 'Nothing before the time in retention: starts at the trim horizon' })
    expect(row1?.reread).toEqual({ type: 'counted', records: records1.length, atLeast: false })
    expect(plan.getRecordsCalls).toBeGreaterThan(0)
    expect(plan.getRecordsCalls).toBeLessThanOrEqual(2 * 25)

    // The dry run wrote nothing.
    expect(await rawItem(table, shard0)).toEqual(before[shard0])

    const wrongName = await c.fails('leases.rewind', { planId: plan.planId, requestId: requestId(), confirmName: 'not-the-table' })
    expect(wrongName.code).toBe('CONFIRMATION_MISMATCH')

    const id = requestId()
    const report = await c.call('leases.rewind', { planId: plan.planId, requestId: id, confirmName: table })
    expect(report).toMatchObject({ rewound: 2, notRewound: 0, undoable: true })
    expect(c.of('leases.rewindProgress').filter((p) => p.requestId === id).map((p) => p.phase)).toEqual(expect.arrayContaining(['watching', 'backing-up', 'writing']))

    const after0 = await rawItem(table, shard0)
    const after1 = await rawItem(table, shard1)
    expect(after0).toMatchObject({ checkpoint: { S: records0[firstAt0 - 1]?.sequenceNumber }, checkpointSubSequenceNumber: { N: '0' }, leaseCounter: { N: '41' }, leaseOwner: { S: 'worker-a' }, ownerSwitchesSinceCheckpoint: { N: '0' } })
    expect(after1).toMatchObject({ checkpoint: { S: 'TRIM_HORIZON' }, checkpointSubSequenceNumber: { N: '0' }, leaseCounter: { N: '8' } })

    // Reading from each new checkpoint as the KCL does (after the checkpointed record; the trim
    // horizon) gives the first record at or after T on every shard.
    expect(await firstRead(stream, shard0, { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: after0?.checkpoint?.S ?? '', shardId: shard0 })).toBe(records0[firstAt0]?.text)
    expect(await firstRead(stream, shard1, { type: 'TRIM_HORIZON' })).toBe(records1[0]?.text)
    // And that is what Kinesis itself calls the first record at T.
    expect(await firstRead(stream, shard0, { type: 'AT_TIMESTAMP', timestamp: time })).toBe(records0[firstAt0]?.text)

    // The backup holds the items exactly as they were before the write.
    const backup = JSON.parse(await readFile(report.backupFile, 'utf8')) as { table: string; rewriting: string[]; items: Record<string, AttributeValue>[] }
    expect(report.backupFile.startsWith(join(userDataDir, 'lease-backups'))).toBe(true)
    // What the web host offers as a download is the file, byte for byte.
    expect(report.backup.json).toBe(await readFile(report.backupFile, 'utf8'))
    expect(report.backup.name).toBe(basename(report.backupFile))
    expect(backup.table).toBe(table)
    expect(backup.rewriting.sort()).toEqual([shard0, shard1].sort())
    expect(backup.items).toHaveLength(2)
    expect(backup.items).toEqual(expect.arrayContaining([before[shard0], before[shard1]]))

    const undo = await c.call('leases.undoRewind', { rewindId: id })
    expect(undo).toMatchObject({ restored: 2, notRestored: 0 })
    expect(await rawItem(table, shard0)).toEqual(before[shard0])
    expect(await rawItem(table, shard1)).toEqual(before[shard1])
    expect((await c.fails('leases.undoRewind', { rewindId: id })).code).toBe('REWIND_NOT_FOUND')
  })

  it('refuses while a lease counter moves during the watch, naming the owner, and writes nothing', async () => {
    const table = uniqueName('running-app')
    await createLeaseTable(dynamo, table)
    await putLease(dynamo, table, { leaseKey: shard0, checkpoint: records0.at(-1)?.sequenceNumber ?? '', owner: 'worker-live', counter: 3 })
    await putLease(dynamo, table, { leaseKey: shard1, checkpoint: records1.at(-1)?.sequenceNumber ?? '', owner: 'worker-stopped', counter: 9 })
    const plan = await c.call('leases.planRewind', { table, stream, leaseKeys: null, target: { type: 'TRIM_HORIZON' }, requestId: requestId() })
    const id = requestId()
    // A live worker: renews its lease as soon as the watch has started.
    const renewed = c.until(() => c.of('leases.rewindProgress').some((p) => p.requestId === id && p.phase === 'watching'), 'the watch').then(() => bumpCounter(table, shard0))
    const error = await c.fails('leases.rewind', { planId: plan.planId, requestId: id, confirmName: table, watchMs: 2_000 })
    await renewed
    expect(error.code).toBe('APPLICATION_RUNNING')
    expect(error.message).toContain('worker-live')
    expect(error.message).not.toContain('worker-stopped')
    expect(error.message).toContain('Nothing was written')
    expect(error.hint).toContain('Stop every worker')
    expect((await rawItem(table, shard1))?.checkpoint?.S).toBe(records1.at(-1)?.sequenceNumber)
    expect((await rawItem(table, shard0))?.leaseCounter?.N).toBe('4') // only the worker's renewal
  })

  it('a counter that moves between the watch and the write fails that lease only, and the report says why', async () => {
    const table = uniqueName('comeback-app')
    await createLeaseTable(dynamo, table)
    await putLease(dynamo, table, { leaseKey: shard0, checkpoint: records0.at(-1)?.sequenceNumber ?? '', owner: 'worker-a', counter: 5 })
    await putLease(dynamo, table, { leaseKey: shard1, checkpoint: records1.at(-1)?.sequenceNumber ?? '', owner: 'worker-b', counter: 5 })
    const plan = await c.call('leases.planRewind', { table, stream, leaseKeys: null, target: { type: 'LATEST' }, requestId: requestId() })
    beforeWrite = () => bumpCounter(table, shard1) // worker-b comes back after the watch
    try {
      const id = requestId()
      const report = await c.call('leases.rewind', { planId: plan.planId, requestId: id, confirmName: table, watchMs: 0 })
      expect(report).toMatchObject({ rewound: 1, notRewound: 1, undoable: true })
      expect(report.outcomes.find((o) => o.shardId === shard0)).toMatchObject({ ok: true })
      expect(report.outcomes.find((o) => o.shardId === shard1)).toMatchObject({ ok: false, detail: 'The lease changed since it was read: counter 5 → 6, owner worker-b → worker-b (worker-b is renewing it)' })
      expect((await rawItem(table, shard0))?.checkpoint?.S).toBe('LATEST')
      expect((await rawItem(table, shard1))?.checkpoint?.S).toBe(records1.at(-1)?.sequenceNumber)
      // Undo touches only what the rewind wrote.
      expect(await c.call('leases.undoRewind', { rewindId: id })).toMatchObject({ restored: 1, notRestored: 0 })
      expect((await rawItem(table, shard0))?.checkpoint?.S).toBe(records0.at(-1)?.sequenceNumber)
    } finally {
      beforeWrite = () => Promise.resolve()
    }
  })

  it('chosen leases only, and a sequence number that is not of the shard is refused in the dry run', async () => {
    const table = uniqueName('chosen-app')
    await createLeaseTable(dynamo, table)
    await putLease(dynamo, table, { leaseKey: shard0, checkpoint: records0.at(-1)?.sequenceNumber ?? '', counter: 1 })
    await putLease(dynamo, table, { leaseKey: shard1, checkpoint: records1.at(-1)?.sequenceNumber ?? '', counter: 1 })
    const target = { type: 'AFTER_SEQUENCE_NUMBER' as const, sequenceNumber: records0[1]?.sequenceNumber ?? '' }
    const plan = await c.call('leases.planRewind', { table, stream, leaseKeys: [shard0], target, requestId: requestId() })
    expect(plan.rows).toHaveLength(1)
    expect(plan.rows[0]).toMatchObject({ shardId: shard0, next: { type: 'sequence', sequenceNumber: records0[1]?.sequenceNumber }, reread: { type: 'counted', records: records0.length - 2, atLeast: false } })
    const wrong = await c.call('leases.planRewind', { table, stream, leaseKeys: [shard1], target, requestId: requestId() })
    expect(wrong.rows[0]).toMatchObject({ shardId: shard1, next: null })
    expect(wrong.rows[0]?.note).toContain(`is not a sequence number of ${shard1}`)
    // The same number for every lease: the shard it belongs to is rewound, the other is reported as left alone.
    const both = await c.call('leases.planRewind', { table, stream, leaseKeys: null, target, requestId: requestId() })
    const report = await c.call('leases.rewind', { planId: both.planId, requestId: requestId(), confirmName: table, watchMs: 0 })
    expect(report).toMatchObject({ rewound: 1, notRewound: 1 })
    expect(report.outcomes.find((o) => o.shardId === shard1)?.detail).toMatch(/^Left unchanged: .* is not a sequence number of /)
    expect((await rawItem(table, shard0))?.checkpoint?.S).toBe(records0[1]?.sequenceNumber)
  })

  it('a sequence number of another shard is never written, even where it lies inside the shard\'s range (an open shard\'s range has no end)', async () => {
    const table = uniqueName('foreign-seq-app')
    await createLeaseTable(dynamo, table)
    // Shard 0 not started yet (nothing to count) and shard 1 checkpointed: only shard 1 owns the number.
    await putLease(dynamo, table, { leaseKey: shard0, checkpoint: 'TRIM_HORIZON', counter: 1 })
    await putLease(dynamo, table, { leaseKey: shard1, checkpoint: records1.at(-1)?.sequenceNumber ?? '', counter: 1 })
    const target = { type: 'AFTER_SEQUENCE_NUMBER' as const, sequenceNumber: records1[0]?.sequenceNumber ?? '' }
    const plan = await c.call('leases.planRewind', { table, stream, leaseKeys: null, target, requestId: requestId() })
    expect(plan.rows.find((r) => r.shardId === shard1)?.next).toEqual({ type: 'sequence', sequenceNumber: records1[0]?.sequenceNumber })
    const foreign = plan.rows.find((r) => r.shardId === shard0)
    expect(foreign?.next).toBeNull()
    expect(foreign?.note).toContain(`is not a sequence number of ${shard0}`)
  })
})

describe('rewind after a split', () => {
  it('names the closed parent whose lease the KCL deleted, and leaves nothing of it to write', async () => {
    const stream = uniqueName('rewind-split')
    await createStreamAndWait(kinesis, stream, 1)
    const parent = await put(stream, '{"before-split":0}', LOW)
    const time = (await readShard(stream, parent.shardId))[0]?.arrival ?? 0
    await kinesis.send(new SplitShardCommand({ StreamName: stream, ShardToSplit: parent.shardId, NewStartingHashKey: '170141183460469231731687303715884105728' }))
    await waitActive(stream)
    const child = await put(stream, '{"after-split":0}', LOW)
    expect(child.shardId).not.toBe(parent.shardId)
    const table = uniqueName('split-app')
    await createLeaseTable(dynamo, table)
    // The KCL has read the parent to its end and deleted its lease; the children have leases.
    await putLease(dynamo, table, { leaseKey: child.shardId, checkpoint: child.sequenceNumber, parents: [parent.shardId] })
    const plan = await c.call('leases.planRewind', { table, stream, leaseKeys: null, target: { type: 'AT_TIMESTAMP', timestamp: time }, requestId: requestId() })
    expect(plan.closedWithoutLease).toEqual([{ shardId: parent.shardId, reason: 'Closed, its lease deleted: its records at or after the time are not read again' }])
    expect(plan.rows.map((r) => r.shardId)).toEqual([child.shardId])
    expect(plan.rows[0]?.next).toEqual({ type: 'sentinel', value: 'TRIM_HORIZON' })
  })
})

describe('cancel', () => {
  it('cancels a rewind during its watch: CANCELLED, nothing written', async () => {
    const stream = uniqueName('rewind-cancel')
    await createStreamAndWait(kinesis, stream, 1)
    const { shardId, sequenceNumber } = await put(stream, '{"x":1}', LOW)
    const table = uniqueName('cancel-app')
    await createLeaseTable(dynamo, table)
    await putLease(dynamo, table, { leaseKey: shardId, checkpoint: sequenceNumber, counter: 2 })
    const plan = await c.call('leases.planRewind', { table, stream, leaseKeys: null, target: { type: 'TRIM_HORIZON' }, requestId: requestId() })
    const id = requestId()
    const cancelled = c.until(() => c.of('leases.rewindProgress').some((p) => p.requestId === id && p.phase === 'watching'), 'the watch').then(() => c.call('leases.cancelRewind', { requestId: id }))
    const error = await c.fails('leases.rewind', { planId: plan.planId, requestId: id, confirmName: table, watchMs: 60_000 })
    expect(await cancelled).toEqual({ cancelled: true })
    expect(error.code).toBe('CANCELLED')
    expect((await rawItem(table, shardId))?.checkpoint?.S).toBe(sequenceNumber)
  })
})

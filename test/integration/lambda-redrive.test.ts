/**
 * Redrive of Lambda failure records against real servers (kinesis-local and kinesalite): records
 * are put, a failure record is built from where a stretch of them landed (as Lambda would write
 * it), parsed by the app's parser, checked against the stream as the app describes it, and read
 * as the app reads a batch (reader.start At the start, stopping after the end). Exactly the
 * batch's records come back, in order; another stream's, a trimmed or a malformed record is refused
 * with the field named.
 */
import type { KinesisClient } from '@aws-sdk/client-kinesis'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { AppCore } from '../../src/main/core/app-core'
import { batchRead, checkBatch, compareWithBatch, parseFailureRecords, type FailureRecord } from '../../src/shared/lambda-failure-record'
import { kinesisClient, startKinesalite, type Emulator } from '../support/emulators'
import { failureRecord, sqsReceiveOutput } from '../support/failure-records'
import { streamWithOrders, type PutResult } from '../support/stream-fixtures'
import { TestClient } from '../support/test-client'

const isolated = { AWS_REGION: 'us-east-1', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' }

for (const engine of ['kinesis-local', 'kinesalite'] as const) {
  describe(`redrive a failure record on ${engine}`, () => {
    let kinesalite: Emulator | null = null
    let kinesis: KinesisClient
    let core: AppCore
    let c: TestClient
    let stream: string
    let puts: PutResult[]
    let arn: string

    beforeAll(async () => {
      if (engine === 'kinesalite') kinesalite = await startKinesalite()
      const endpoint = kinesalite?.endpoint ?? inject('kinesisLocalEndpoint')
      kinesis = kinesisClient(endpoint)
      ;({ name: stream, puts } = await streamWithOrders(kinesis, 2, 80, 'redrive'))
      core = new AppCore({
        env: { ...isolated, AWS_ENDPOINT_URL_KINESIS: endpoint },
        userDataDir: null,
        tuning: { drainIntervalMs: 20, caughtUpIntervalMs: 50 }
      })
      c = new TestClient(core.handlers())
      await c.call('connections.select', { id: 'default' })
      arn = (await c.call('streams.describe', { name: stream })).arn
    })
    afterAll(async () => {
      await core.dispose()
      kinesis.destroy()
      await kinesalite?.close()
    })

    /** A failure record of records [from, to] of one shard, as Lambda writes it, through the app's parser. */
    function failureOf(shardId: string, from: number, to: number, batchSize = to - from + 1): { record: FailureRecord; batch: PutResult[] } {
      const onShard = puts.filter((p) => p.shardId === shardId)
      const batch = onShard.slice(from, to + 1)
      const doc = failureRecord({
        streamArn: arn,
        shardId,
        startSequenceNumber: batch[0]?.sequenceNumber ?? '',
        endSequenceNumber: batch[batch.length - 1]?.sequenceNumber ?? '',
        batchSize,
        firstArrival: Date.now() - 60_000
      })
      // As saved from the SQS queue the mapping's on-failure destination names.
      const parsed = parseFailureRecords(JSON.stringify(sqsReceiveOutput([doc])))
      expect(parsed.problems).toEqual([])
      const record = parsed.records[0]
      if (record === undefined) throw new Error('no record parsed')
      return { record, batch }
    }

    async function streamFacts(): Promise<Parameters<typeof checkBatch>[1]> {
      const details = await c.call('streams.describe', { name: stream })
      const shards = await c.call('streams.shards', { name: stream })
      return { name: stream, arn: details.arn, retentionHours: details.retentionHours, shardIds: shards.map((s) => s.shardId) }
    }

    async function readBatch(record: FailureRecord): Promise<{ sequenceNumbers: string[]; reason: string; check: ReturnType<typeof compareWithBatch> }> {
      const { position, stop } = batchRead(record)
      const { sessionId } = await c.call('reader.start', { stream, shardIds: null, position, mode: 'read', stop })
      const ended = await c.ended(sessionId)
      const sequenceNumbers = c.records(sessionId).map((r) => r.sequenceNumber)
      const check = compareWithBatch(record, { count: new Set(sequenceNumbers).size, firstSequenceNumber: sequenceNumbers[0] ?? null, lastSequenceNumber: sequenceNumbers.at(-1) ?? null })
      return { sequenceNumbers, reason: ended.reason, check }
    }

    it("opens exactly the batch's records, in order, on every shard", async () => {
      const facts = await streamFacts()
      for (const shardId of new Set(puts.map((p) => p.shardId))) {
        const count = puts.filter((p) => p.shardId === shardId).length
        expect(count).toBeGreaterThan(8)
        const { record, batch } = failureOf(shardId, 3, 7)
        expect(checkBatch(record, facts, Date.now())).toEqual({ ok: true, warning: null })
        const read = await readBatch(record)
        expect(read.sequenceNumbers).toEqual(batch.map((p) => p.sequenceNumber))
        expect(read.check).toEqual({ exact: true, message: 'All 5 records of the batch, as batchSize says, from its start to its end sequence number.' })
        expect(read.reason).toBe('stop-condition')
      }
    })

    it('reads a batch that ends at the tip of the shard, and stops there', async () => {
      const shardId = puts[0]?.shardId ?? ''
      const last = puts.filter((p) => p.shardId === shardId).length - 1
      const { record, batch } = failureOf(shardId, last - 2, last)
      const read = await readBatch(record)
      expect(read.sequenceNumbers).toEqual(batch.map((p) => p.sequenceNumber))
      expect(read.reason).toBe('completed')
      expect(read.check.exact).toBe(true)
    })

    it('refuses a record of another stream, a shard the stream lacks, a batch past retention, naming the field', async () => {
      const facts = await streamFacts()
      const { record } = failureOf(puts[0]?.shardId ?? '', 0, 1)
      expect(checkBatch({ ...record, streamArn: arn.replace(stream, 'Payments'), streamName: 'Payments' }, facts, Date.now())).toMatchObject({
        ok: false,
        problem: { field: 'KinesisBatchInfo.streamArn' }
      })
      expect(checkBatch({ ...record, shardId: 'shardId-000000000009' }, facts, Date.now())).toMatchObject({ ok: false, problem: { field: 'KinesisBatchInfo.shardId' } })
      const later = Date.now() + (facts.retentionHours + 1) * 3_600_000
      expect(checkBatch(record, facts, later)).toMatchObject({ ok: false, problem: { field: 'KinesisBatchInfo.approximateArrivalOfLastRecord' } })
      const broken = parseFailureRecords(JSON.stringify({ ...failureRecord({ streamArn: arn, shardId: 'x', startSequenceNumber: '12', endSequenceNumber: '1', batchSize: 2 }) }))
      expect(broken.problems).toMatchObject([{ field: 'KinesisBatchInfo.endSequenceNumber' }])
    })

    it('says when the range holds fewer records than batchSize', async () => {
      const shardId = puts[1]?.shardId ?? ''
      const { record } = failureOf(shardId, 0, 3, 6)
      const read = await readBatch(record)
      expect(read.sequenceNumbers.length).toBe(4)
      expect(read.check).toEqual({ exact: false, message: '4 records found, 6 in the batch (batchSize): 2 records missing.' })
    })
  })
}

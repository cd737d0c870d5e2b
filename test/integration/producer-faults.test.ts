/**
 * The bulk sender against faults injected over real HTTP by the AWS-like proxy (kinesalite
 * behind it): partial failures, persistent throttling, answers lost after the write, cancel.
 * Every test reads the stream back and holds the report to what the stream holds.
 */
import type { KinesisClient } from '@aws-sdk/client-kinesis'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { AppCore } from '../../src/main/core/app-core'
import type { SenderTuning } from '../../src/main/core/producer/bulk-sender'
import type { RecordTemplate } from '../../src/shared/producer'
import { createStreamAndWait, kinesisClient, startKinesalite, type Emulator } from '../support/emulators'
import { startKinesisProxy, type KinesisProxy, type KinesisProxyOptions } from '../support/kinesis-proxy'
import { uniqueName } from '../support/stream-fixtures'
import { countByShard, jobEnded, perKey, progressOf, readStream } from '../support/stream-readback'
import { TestClient } from '../support/test-client'

let emulator: Emulator
let direct: KinesisClient
const opened: { core: AppCore; proxy: KinesisProxy }[] = []

beforeAll(async () => {
  emulator = await startKinesalite()
  direct = kinesisClient(emulator.endpoint)
})
afterAll(async () => {
  direct.destroy()
  await emulator.close()
})
afterEach(async () => {
  for (const { core, proxy } of opened.splice(0)) {
    await core.dispose()
    await proxy.close()
  }
})

async function connect(shards: number, proxyOptions: Omit<KinesisProxyOptions, 'target'> = {}, tuning: Partial<SenderTuning> = {}) {
  const stream = uniqueName('faults')
  await createStreamAndWait(direct, stream, shards)
  const proxy = await startKinesisProxy({ target: emulator.endpoint, latencyMs: 5, ...proxyOptions })
  const core = new AppCore({
    env: { AWS_ENDPOINT_URL_KINESIS: proxy.endpoint, AWS_REGION: 'us-east-1', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' },
    userDataDir: null,
    producer: { tuning: { backoffMs: 20, maxBackoffMs: 200, ...tuning } }
  })
  opened.push({ core, proxy })
  const client = new TestClient(core.handlers())
  await client.call('connections.select', { id: 'default' })
  return { stream, proxy, core, client }
}

const template = (partitionKey: RecordTemplate['partitionKey']): RecordTemplate => ({
  encoding: 'json',
  body: '{"n": {{counter}}, "pad": "{{oneOf:a|bb|ccc}}"}',
  gzip: false,
  partitionKey,
  explicitHashKey: null
})
const nOf = (data: Buffer): number => (JSON.parse(data.toString('utf8')) as { n: number }).n

async function start(client: TestClient, stream: string, count: number, partitionKey: RecordTemplate['partitionKey'] = { type: 'random' }) {
  const { jobId } = await client.call('producer.startBulk', { stream, template: template(partitionKey), count, ratePerSecond: null, aggregate: false, seed: 3 })
  return jobId
}

describe('bulk send under faults', () => {
  it('partial failures: only failed entries are resent, the count is exact, per-key order is kept', async () => {
    const { stream, proxy, client } = await connect(2, { enforceLimits: false })
    // Every third entry fails with InternalFailure, in the first 15 calls and until the progress
    // has shown records waiting to be resent (on a busy machine the first retries can land between
    // two progress events; a sender that never shows them ends with final errors instead).
    let calls = 0
    let lastPosition = -1
    const retryShown = (): boolean => client.of('producer.progress').some((p) => p.retrying > 0)
    proxy.failWrites(({ position }) => {
      if (position <= lastPosition) calls++
      lastPosition = position
      return (calls < 15 || !retryShown()) && position % 3 === 0 ? 'InternalFailure' : null
    })
    const report = await jobEnded(client, await start(client, stream, 1500, { type: 'fixed', value: 'store-{{int:1:40}}' }))
    expect(report).toMatchObject({ reason: 'completed', sent: 1500, failed: 0, unknown: 0, notSent: 0 })
    const injected = proxy.writeStats().reduce((n, w) => n + w.injected, 0)
    expect(injected).toBeGreaterThan(0)
    // The emulator saw each record exactly once: nothing that had landed was sent again.
    expect(proxy.writeStats().reduce((n, w) => n + w.records, 0)).toBe(1500)
    expect(progressOf(client, report.jobId).some((p) => p.retrying > 0)).toBe(true)
    const stored = await readStream(direct, stream)
    expect(stored.map((r) => nOf(r.data)).sort((a, b) => a - b)).toEqual(Array.from({ length: 1500 }, (_, i) => i + 1))
    for (const ns of perKey(stored, (r) => nOf(r.data)).values()) expect(ns).toEqual([...ns].sort((a, b) => a - b))
  })

  it('the write limit: throttled entries are retried per shard until all land (2 shards, 3,000 records)', async () => {
    const { stream, proxy, client } = await connect(2, { writeRecordsPerSecond: 1000 }, { shardRecordsPerSecond: 4000 })
    // The sender is told the shards take 4,000 a second; the proxy allows 1,000: it must adapt.
    const report = await jobEnded(client, await start(client, stream, 3000))
    expect(report).toMatchObject({ sent: 3000, failed: 0, unknown: 0 })
    expect(proxy.writeStats().reduce((n, w) => n + w.throttled, 0)).toBeGreaterThan(0)
    expect(progressOf(client, report.jobId).at(-1)?.throttled).toBeGreaterThan(0)
    const stored = await readStream(direct, stream)
    expect(stored).toHaveLength(3000)
    expect(Object.fromEntries(report.perShard.map((s) => [s.shardId, s.records]))).toEqual(countByShard(stored))
  })

  it('persistent throttling: each record gets a final error with its code after the time limit', async () => {
    const { stream, proxy, client } = await connect(1, {}, { retryTimeLimitMs: 1500 })
    proxy.failWrites(() => 'ProvisionedThroughputExceededException')
    const report = await jobEnded(client, await start(client, stream, 40))
    expect(report).toMatchObject({ reason: 'completed', sent: 0, failed: 40, unknown: 0, notSent: 0 })
    expect(report.failures).toHaveLength(40)
    expect(new Set(report.failures.map((f) => f.errorCode))).toEqual(new Set(['ProvisionedThroughputExceededException']))
    expect(report.failures[0]?.errorMessage).toMatch(/^Rate exceeded for shard shardId-000000000000/)
    expect(await readStream(direct, stream)).toEqual([])
  })

  it('answers lost after the write are counted outcome unknown, never resent', async () => {
    const { stream, proxy, client } = await connect(1, { enforceLimits: false }, { callTimeoutMs: 1000 })
    proxy.loseAnswers(1, 'hang')
    proxy.loseAnswers(1, 'drop')
    const report = await jobEnded(client, await start(client, stream, 1200))
    expect(report.unknown).toBeGreaterThan(0)
    expect(report).toMatchObject({ sent: 1200 - report.unknown, failed: 0, notSent: 0 })
    // The unknown ones did land (the proxy wrote them): the stream has every record exactly once.
    const stored = await readStream(direct, stream)
    expect(stored.map((r) => nOf(r.data)).sort((a, b) => a - b)).toEqual(Array.from({ length: 1200 }, (_, i) => i + 1))
  })

  it('a single put whose answer is lost after the write is not sent again: one record on the stream, the outcome said unknown', async () => {
    const { stream, proxy, client } = await connect(1, { enforceLimits: false })
    proxy.loseRecordAnswers(1, 'drop')
    const put = { stream, partitionKey: 'k', explicitHashKey: null, dataBase64: Buffer.from('{"n": 1}').toString('base64'), gzip: false }
    const refused = await client.fails('producer.put', put)
    expect(refused.message).toMatch(/may or may not have been written/)
    expect((await readStream(direct, stream)).map((r) => nOf(r.data))).toEqual([1])
    // A put refused before writing (throttled) is still tried again.
    proxy.injectError('PutRecord', 'ProvisionedThroughputExceededException', 'Rate exceeded for shard shardId-000000000000.')
    expect(await client.call('producer.put', { ...put, dataBase64: Buffer.from('{"n": 2}').toString('base64') })).toMatchObject({ shardId: 'shardId-000000000000' })
    expect((await readStream(direct, stream)).map((r) => nOf(r.data))).toEqual([1, 2])
  })

  it('a replay with larger records skipped names each failed record by its place in the replay', async () => {
    const { stream, proxy, client } = await connect(1, { enforceLimits: false }, { retryTimeLimitMs: 500 })
    const record = (partitionKey: string, bytes: number) => ({ partitionKey, explicitHashKey: null, dataBase64: Buffer.alloc(bytes, 1).toString('base64') })
    // Record 2 is over the stream's 1 MiB and skipped; record 4 fails on every try.
    const records = [record('a', 10), record('big', 1024 * 1024 + 1), record('b', 10), record('doomed', 10)]
    proxy.failWrites(({ partitionKey }) => (partitionKey === 'doomed' ? 'InternalFailure' : null))
    const { draftId } = await client.call('replay.create', {})
    await client.call('replay.append', { draftId, records })
    const { jobId } = await client.call('replay.start', { draftId, target: { connectionId: null, stream }, ratePerSecond: null, confirmName: stream, skipTooLarge: true })
    const report = await jobEnded(client, jobId)
    expect(report).toMatchObject({ requested: 3, sent: 2, failed: 1 })
    expect(report.failures).toMatchObject([{ index: 3, partitionKey: 'doomed', errorCode: 'InternalFailure' }])
  })

  it('cancel mid-bulk stops within a second and the report matches what the stream holds', async () => {
    const { stream, client } = await connect(2, { latencyMs: 25 })
    const jobId = await start(client, stream, 20_000)
    await client.until(() => (progressOf(client, jobId).at(-1)?.sent ?? 0) >= 1000, '1,000 records sent')
    const cancelledAt = performance.now()
    expect((await client.call('producer.cancel', { jobId })).state).toBe('cancelling')
    const report = await jobEnded(client, jobId)
    expect(performance.now() - cancelledAt).toBeLessThan(1000)
    expect(report.reason).toBe('cancelled')
    expect(report.sent + report.failed + report.unknown + report.notSent).toBe(20_000)
    expect(report.notSent).toBeGreaterThan(0)
    const stored = await readStream(direct, stream)
    expect(stored.length).toBeGreaterThanOrEqual(report.sent)
    expect(stored.length).toBeLessThanOrEqual(report.sent + report.unknown)
    expect(Object.values(countByShard(stored)).reduce((a, b) => a + b, 0)).toBe(stored.length)
    await expect(client.call('producer.cancel', { jobId })).rejects.toMatchObject({ code: 'SESSION_NOT_FOUND' })
  })

  it('a job ends when its client goes away, and when the connection changes', async () => {
    const { stream, core, client } = await connect(1, { latencyMs: 25 })
    await start(client, stream, 50_000)
    await client.until(() => client.of('producer.progress').length > 0, 'progress')
    expect(core.producer.runningJobs).toBe(1)
    client.session.dispose()
    expect(core.producer.runningJobs).toBe(0)

    const other = new TestClient(core.handlers(), 'other')
    const jobId = await start(other, stream, 50_000)
    await other.call('connections.select', { id: 'default' })
    expect((await jobEnded(other, jobId)).reason).toBe('cancelled')
    expect(core.producer.runningJobs).toBe(0)
  })

  it('a KMS key the stream cannot use: the put and the bulk job say what is wrong with the key', async () => {
    const { stream, proxy, client } = await connect(1, { enforceLimits: false })
    proxy.injectError('PutRecord', 'KMSDisabledException', 'The request was rejected because the specified CMK is not enabled.')
    const put = await client.fails('producer.put', { stream, partitionKey: 'k', explicitHashKey: null, dataBase64: 'aGk=', gzip: false })
    expect(put).toMatchObject({ code: 'KMS_KEY_UNUSABLE' })
    expect(put.message).toMatch(new RegExp(`^Could not put a record on ${stream}: the stream is encrypted with a KMS key and that key is disabled`))
    proxy.injectError('PutRecords', 'KMSAccessDeniedException', 'User is not authorized to use the key.', 20)
    const report = await jobEnded(client, await start(client, stream, 2000))
    expect(report.reason).toBe('failed')
    expect(report.error).toMatchObject({ code: 'KMS_KEY_UNUSABLE', message: expect.stringMatching(/not allowed to use that key/) as string })
    expect(report.failures[0]?.errorCode).toBe('KMSAccessDeniedException')
    expect(report.sent + report.failed + report.unknown + report.notSent).toBe(2000)
    expect(report.notSent).toBeGreaterThan(0)
  })
})

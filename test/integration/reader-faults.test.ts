/**
 * Read sessions against kinesis-local behind the AWS-like proxy: the limits a production shard
 * has, and faults injected over real HTTP. Every test checks that no record is lost or duplicated.
 */
import type { KinesisClient } from '@aws-sdk/client-kinesis'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { createServer } from 'node:http'
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest'
import { AppCore } from '../../src/main/core/app-core'
import { listShards } from '../../src/main/core/kinesis/stream-gateway'
import { defaultTuning, type ReaderTuning } from '../../src/main/core/reader/read-budget'
import { ReadSession } from '../../src/main/core/reader/read-session'
import type { DecodedRecord, SessionEndReason } from '../../src/shared/domain'
import { kinesisClient, serveOnLoopback } from '../support/emulators'
import { maxCallsInWindow, startKinesisProxy, type KinesisProxy, type KinesisProxyOptions } from '../support/kinesis-proxy'
import { putAll, streamWithOrders, type PutResult } from '../support/stream-fixtures'
import { TestClient } from '../support/test-client'

let target: string
let direct: KinesisClient
const opened: { core: AppCore; proxy: KinesisProxy }[] = []

beforeAll(() => {
  target = inject('kinesisLocalEndpoint')
  direct = kinesisClient(target)
})
afterAll(() => {
  direct.destroy()
})
afterEach(async () => {
  for (const { core, proxy } of opened.splice(0)) {
    await core.dispose()
    await proxy.close()
  }
})

/** A core connected through a fresh proxy. Small pages so that faults land mid-read. */
async function connect(tuning: Partial<ReaderTuning> = {}, proxyOptions: Omit<KinesisProxyOptions, 'target'> = {}) {
  const proxy = await startKinesisProxy({ target, ...proxyOptions })
  const core = new AppCore({
    env: { AWS_ENDPOINT_URL_KINESIS: proxy.endpoint, AWS_REGION: 'us-east-1', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' },
    userDataDir: null,
    tuning: { firstCallLimit: 100, recordsPerCall: 100, backoffMs: 20, maxBackoffMs: 100, ...tuning }
  })
  opened.push({ core, proxy })
  const client = new TestClient(core.handlers())
  await client.call('connections.select', { id: 'default' })
  return { proxy, client, core }
}

function expectExactlyOnce(client: TestClient, sessionId: string, puts: PutResult[]): void {
  const records = client.records(sessionId)
  expect(records.map((r) => r.sequenceNumber).sort()).toEqual(puts.map((p) => p.sequenceNumber).sort())
  expect(new Set(records.map((r) => r.id)).size).toBe(puts.length)
}

const notes = (client: TestClient, sessionId: string): string[] =>
  client.of('reader.progress', sessionId).flatMap((p) => p.shards.map((s) => s.note ?? ''))

describe('a polite reader', () => {
  it('never exceeds 5 GetRecords per second per shard while draining, and is never throttled', async () => {
    const { name, puts } = await streamWithOrders(direct, 2, 1500, 'polite')
    const { proxy, client } = await connect({ backoffMs: 500, maxBackoffMs: 5000 })
    const { sessionId } = await client.call('reader.start', { stream: name, shardIds: null, position: { type: 'TRIM_HORIZON' }, mode: 'read' })
    expect((await client.ended(sessionId)).reason).toBe('completed')
    expectExactlyOnce(client, sessionId, puts)
    const stats = proxy.stats()
    expect(stats.limited).toEqual({ rate: 0, bytes: 0 })
    for (const shard of stats.shards) {
      expect(shard.calls.length).toBeGreaterThan(5) // 750 records a shard at 100 a call
      expect(maxCallsInWindow(shard.calls)).toBeLessThanOrEqual(5)
    }
    // The budget meter showed what the session spent.
    const spent = client.of('reader.progress', sessionId).flatMap((p) => p.shards.map((s) => s.callsLastSecond))
    expect(Math.max(...spent)).toBeGreaterThanOrEqual(3)
    expect(Math.max(...spent)).toBeLessThanOrEqual(5)
  })

  it('calls at most once a second per shard once caught up in a live tail', async () => {
    const { name } = await streamWithOrders(direct, 1, 5, 'idle')
    const { proxy, client } = await connect()
    const { sessionId } = await client.call('reader.start', { stream: name, shardIds: null, position: { type: 'TRIM_HORIZON' }, mode: 'tail' })
    await client.recordCount(sessionId, 5)
    const calls: number[] = []
    await proxy.waitFor((e) => {
      if (e.operation === 'GetRecords') calls.push(e.at)
      return calls.length === 4
    })
    await client.call('reader.stop', { sessionId })
    const gaps = calls.slice(1).map((t, i) => t - (calls[i] ?? 0))
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(950)
    expect(client.of('reader.progress', sessionId).at(-1)?.shards[0]?.state).toBe('caught-up')
  })

  /** ~6 MB of ~100 KB records on one shard (two PutRecords: one takes 5 MB at most). */
  async function bigRecords(): Promise<{ name: string; puts: PutResult[] }> {
    const big = JSON.stringify({ pad: 'x'.repeat(100 * 1024) })
    const { putAll, uniqueName } = await import('../support/stream-fixtures')
    const { createStreamAndWait } = await import('../support/emulators')
    const name = uniqueName('bytes')
    await createStreamAndWait(direct, name, 1)
    const puts = [
      ...(await putAll(direct, name, Array.from({ length: 30 }, () => big))),
      ...(await putAll(direct, name, Array.from({ length: 30 }, () => big)))
    ]
    return { name, puts }
  }

  it('respects the 2 MB/s per-shard byte limit when records are big', async () => {
    const { name, puts } = await bigRecords()
    const { proxy, client } = await connect({ firstCallLimit: 30, recordsPerCall: 30 })
    const { sessionId } = await client.call('reader.start', { stream: name, shardIds: null, position: { type: 'TRIM_HORIZON' }, mode: 'read' })
    expect((await client.ended(sessionId)).reason).toBe('completed')
    expectExactlyOnce(client, sessionId, puts)
    expect(proxy.stats().limited.bytes).toBe(0)
  })

  it('facing a service that counts a page from when it served it, widens its margin: at most three throttles, every record once', async () => {
    const { name, puts } = await bigRecords()
    // Pages of 1 MB: a dozen byte-limited calls, each a chance to be throttled if nothing adapted.
    const { proxy, client } = await connect({ firstCallLimit: 10, recordsPerCall: 10, backoffMs: 500 }, { meterPagesAt: 'answer' })
    const { sessionId } = await client.call('reader.start', { stream: name, shardIds: null, position: { type: 'TRIM_HORIZON' }, mode: 'read' })
    expect((await client.ended(sessionId)).reason).toBe('completed')
    expectExactlyOnce(client, sessionId, puts)
    expect(proxy.stats().limited.bytes).toBeLessThanOrEqual(3)
    expect(proxy.stats().limited.rate).toBe(0)
  })
})

describe('faults, injected through the proxy', () => {
  async function midRead(inject: (proxy: KinesisProxy, shardId: string, stream: string) => void, tuning: Partial<ReaderTuning> = {}) {
    const { name, puts } = await streamWithOrders(direct, 1, 500, 'fault')
    const { proxy, client } = await connect(tuning, { enforceLimits: false })
    const { sessionId } = await client.call('reader.start', { stream: name, shardIds: null, position: { type: 'TRIM_HORIZON' }, mode: 'read' })
    // Inject as soon as the first page is delivered: the next GetRecords meets the fault.
    await client.recordCount(sessionId, 100)
    inject(proxy, 'shardId-000000000000', name)
    const ended = await client.ended(sessionId)
    return { name, puts, proxy, client, sessionId, ended }
  }

  it('an expired iterator is renewed after the last delivered record', async () => {
    const { puts, client, sessionId, ended, proxy } = await midRead((p, shard) => p.expireIterators(shard, 2))
    expect(ended.reason).toBe('completed')
    expect(proxy.stats().faults.expired).toBe(2)
    expectExactlyOnce(client, sessionId, puts)
    expect(notes(client, sessionId).some((n) => /Iterator expired; renewed after \d+/.test(n))).toBe(true)
  })

  it('throttling backs off (short at first, then doubling) and retries the same iterator', async () => {
    const { puts, client, sessionId, ended, proxy } = await midRead((p, shard) => p.throttle(shard, 3), { throttleBackoffMs: 30, maxBackoffMs: 1000 })
    expect(ended.reason).toBe('completed')
    expect(proxy.stats().faults.throttled).toBe(3)
    expectExactlyOnce(client, sessionId, puts)
    const throttleNotes = [...new Set(notes(client, sessionId).filter((n) => n.startsWith('Throttled by Kinesis')))]
    expect(throttleNotes.map((n) => /retrying in (\d+) ms/.exec(n)?.[1])).toEqual(['30', '60', '120'])
  })

  it('a dropped connection is retried', async () => {
    const { puts, client, sessionId, ended, proxy } = await midRead((p, shard) => p.dropConnections(shard, 2))
    expect(ended.reason).toBe('completed')
    expect(proxy.stats().faults.dropped).toBe(2)
    expectExactlyOnce(client, sessionId, puts)
    expect(notes(client, sessionId).some((n) => /^Network error .* retry 1 of 5/.test(n))).toBe(true)
  })

  it('a network that stays down ends the session with a clear error and keeps what was read', async () => {
    const { client, sessionId, ended } = await midRead((p, shard) => p.dropConnections(shard, 50), { networkRetries: 3 })
    expect(ended.reason).toBe('failed')
    expect(ended.error?.code).toBe('ENDPOINT_UNREACHABLE')
    expect(ended.error?.message).toMatch(/Could not read shardId-000000000000: the endpoint for region us-east-1, endpoint http:\/\/127\.0\.0\.1:\d+ did not answer/)
    expect(ended.delivered).toBe(client.records(sessionId).length)
    expect(ended.delivered).toBeGreaterThanOrEqual(100)
  })

  it('a stream that vanishes ends the session with a message, nothing duplicated', async () => {
    const { client, sessionId, ended } = await midRead((p, _shard, stream) => p.vanishStream(stream))
    expect(ended.reason).toBe('failed')
    expect(ended.error).toMatchObject({ code: 'STREAM_NOT_FOUND' })
    expect(ended.error?.message).toContain('no longer exists; reading stopped after')
    const records = client.records(sessionId)
    expect(new Set(records.map((r) => r.id)).size).toBe(records.length)
    expect(ended.delivered).toBe(records.length)
  })
})

describe('GetRecords calls that hang', () => {
  it('time out and are retried on the same iterator, the shard says so, and every record arrives once', async () => {
    const { name, puts } = await streamWithOrders(direct, 1, 500, 'hang')
    const proxy = await startKinesisProxy({ target, enforceLimits: false })
    // The reader client as client-factory.ts builds it (one attempt, a request timeout that
    // throws), with the timeout shortened for the test.
    const reader = kinesisClient(proxy.endpoint, {
      maxAttempts: 1,
      requestHandler: new NodeHttpHandler({ requestTimeout: 400, throwOnRequestTimeout: true })
    })
    const records: DecodedRecord[] = []
    const noteLog: string[] = []
    let firstPage: () => void = () => undefined
    const firstPageIn = new Promise<void>((resolve) => (firstPage = resolve))
    let finish: (reason: SessionEndReason) => void = () => undefined
    const ended = new Promise<SessionEndReason>((resolve) => (finish = resolve))
    const session = new ReadSession(
      { stream: name, shardIds: null, position: { type: 'TRIM_HORIZON' }, mode: 'read' },
      {
        kinesis: reader,
        target: { profile: null, region: 'us-east-1', endpoint: proxy.endpoint },
        listShards: () => listShards(reader, name),
        tuning: { ...defaultTuning, firstCallLimit: 100, recordsPerCall: 100, backoffMs: 20, maxBackoffMs: 100 },
        window: { behind: false, whenReady: () => Promise.resolve() },
        events: {
          batch: (batch) => {
            records.push(...batch)
            firstPage()
          },
          progress: (_state, _delivered, shards) => noteLog.push(...shards.map((s) => s.note ?? '')),
          ended: (reason) => finish(reason)
        }
      }
    )
    const iteratorCalls: number[] = []
    const off = proxy.onRequest((e) => {
      if (e.operation === 'GetShardIterator') iteratorCalls.push(e.at)
    })
    try {
      await session.start()
      await firstPageIn
      proxy.hang('shardId-000000000000', 3) // the next three calls hang, then the shard recovers
      expect(await ended).toBe('completed')
      expect(proxy.stats().faults.hung).toBe(3)
      expect(records.map((r) => r.sequenceNumber).sort()).toEqual(puts.map((p) => p.sequenceNumber).sort())
      expect(new Set(records.map((r) => r.id)).size).toBe(puts.length)
      // Retried on the same iterator: no new one was taken after the start.
      expect(iteratorCalls).toHaveLength(1)
      expect(noteLog).toContain('GetRecords timed out (no answer within 0.4 s); retry 3 of 5 on the same iterator in 80 ms')
    } finally {
      off()
      session.stop()
      reader.destroy()
      await proxy.close()
    }
  })
})

describe('stop means stop', () => {
  it('stopping ends the session in main at once: no GetRecords after it, while another session goes on', async () => {
    const { name: quiet } = await streamWithOrders(direct, 2, 5, 'stopped')
    const { name: busy } = await streamWithOrders(direct, 1, 5, 'other')
    const { proxy, client, core } = await connect()
    const { sessionId } = await client.call('reader.start', { stream: quiet, shardIds: null, position: { type: 'TRIM_HORIZON' }, mode: 'tail' })
    await client.recordCount(sessionId, 5)
    const other = await client.call('reader.start', { stream: busy, shardIds: null, position: { type: 'TRIM_HORIZON' }, mode: 'tail' })
    expect((await client.call('reader.stop', { sessionId })).state).toBe('ended')
    const stoppedAt = performance.now()
    const after: string[] = []
    const off = proxy.onRequest((e) => {
      if (e.operation === 'GetRecords' && e.stream !== null) after.push(e.stream)
    })
    // Three calls of the other session span two seconds: the stopped one would have called by then.
    await proxy.waitFor(() => after.filter((s) => s === busy).length >= 3)
    off()
    expect(after.filter((s) => s === quiet)).toEqual([])
    expect(performance.now() - stoppedAt).toBeGreaterThan(1500)
    expect((await client.fails('reader.stop', { sessionId })).code).toBe('SESSION_NOT_FOUND')
    await client.call('reader.stop', { sessionId: other.sessionId })
    expect(core.reader.openSessions).toBe(0)
  })

  it('a window that goes away (reload, close) ends its sessions, and nothing is sent to it', async () => {
    const { name } = await streamWithOrders(direct, 1, 3, 'reload')
    const { name: busy } = await streamWithOrders(direct, 1, 3, 'survivor')
    const { proxy, client, core } = await connect()
    const { sessionId } = await client.call('reader.start', { stream: name, shardIds: null, position: { type: 'TRIM_HORIZON' }, mode: 'tail' })
    await client.recordCount(sessionId, 3)
    const otherWindow = new TestClient(core.handlers(), 'other-window')
    await otherWindow.call('reader.start', { stream: busy, shardIds: null, position: { type: 'TRIM_HORIZON' }, mode: 'tail' })
    const eventsBefore = client.events.length

    client.session.dispose()
    expect(core.reader.openSessions).toBe(1)
    const after: string[] = []
    const off = proxy.onRequest((e) => {
      if (e.operation === 'GetRecords' && e.stream !== null) after.push(e.stream)
    })
    await proxy.waitFor(() => after.filter((s) => s === busy).length >= 3)
    off()
    expect(after.filter((s) => s === name)).toEqual([])
    expect(client.events.length).toBe(eventsBefore)
    otherWindow.session.dispose()
    expect(core.reader.openSessions).toBe(0)
  })

  it('another window cannot stop my session', async () => {
    const { name } = await streamWithOrders(direct, 1, 3, 'mine')
    const { core, client } = await connect()
    const { sessionId } = await client.call('reader.start', { stream: name, shardIds: null, position: { type: 'TRIM_HORIZON' }, mode: 'tail' })
    const intruder = new TestClient(core.handlers(), 'other-window')
    expect((await intruder.fails('reader.stop', { sessionId })).code).toBe('SESSION_NOT_FOUND')
    await client.call('reader.stop', { sessionId })
  })
})

describe('a live tail from Latest whose iterator expires before it read anything', () => {
  it('resumes where it started, not at the new tip: records put meanwhile arrive, once', async () => {
    const { name } = await streamWithOrders(direct, 1, 0, 'latest-expiry')
    const proxy = await startKinesisProxy({ target, enforceLimits: false })
    const reader = kinesisClient(proxy.endpoint, { maxAttempts: 1 })
    const records: DecodedRecord[] = []
    const batchWaiters: (() => void)[] = []
    const noteLog: string[] = []
    const noteWaiters: (() => void)[] = []
    // A window the test holds behind (as a client that acknowledges slowly, or a paused read).
    let behind = false
    let release: () => void = () => undefined
    const window = {
      get behind() {
        return behind
      },
      whenReady: () => (behind ? new Promise<void>((resolve) => (release = resolve)) : Promise.resolve())
    }
    const session = new ReadSession(
      { stream: name, shardIds: null, position: { type: 'LATEST' }, mode: 'tail' },
      {
        kinesis: reader,
        target: { profile: null, region: 'us-east-1', endpoint: proxy.endpoint },
        listShards: () => listShards(reader, name),
        tuning: { ...defaultTuning, backoffMs: 20, maxBackoffMs: 100 },
        window,
        events: {
          batch: (batch) => {
            records.push(...batch)
            for (const wake of batchWaiters.splice(0)) wake()
          },
          progress: (_state, _delivered, shards) => {
            noteLog.push(...shards.map((s) => s.note ?? ''))
            for (const wake of noteWaiters.splice(0)) wake()
          },
          ended: () => undefined
        }
      }
    )
    const until = async (done: () => boolean, waiters: (() => void)[]): Promise<void> => {
      while (!done()) await new Promise<void>((resolve) => waiters.push(resolve))
    }
    try {
      // The first (empty) GetRecords is answered: from then on the shard waits for the window.
      const firstCall = proxy.waitFor((e) => e.operation === 'GetRecords' && e.status === 200)
      await session.start()
      await firstCall
      behind = true
      const meanwhile = await putAll(direct, name, ['{"n":1}', '{"n":2}', '{"n":3}'])
      proxy.expireIterators('shardId-000000000000', 1)
      behind = false
      release()
      await until(() => noteLog.some((n) => n.startsWith('Iterator expired')), noteWaiters)
      const marker = await putAll(direct, name, ['{"n":"marker"}'])
      await until(() => records.some((r) => r.sequenceNumber === marker[0]?.sequenceNumber), batchWaiters)
      expect(records.map((r) => r.sequenceNumber)).toEqual([...meanwhile, ...marker].map((p) => p.sequenceNumber))
    } finally {
      session.stop()
      reader.destroy()
      await proxy.close()
    }
  })
})

describe('a GetRecords answer cut mid-body', () => {
  it('where the body ends at the cut (framed by the connection closing) is retried on the same iterator, every record once', async () => {
    const { name, puts } = await streamWithOrders(direct, 1, 300, 'cut-body')
    // Forwards to the emulator; the second GetRecords answer stops halfway through its body and
    // the connection closes: with neither Content-Length nor chunks, that is the body's end.
    let getRecords = 0
    const server = createServer((req, res) => {
      const parts: Buffer[] = []
      req.on('data', (part: Buffer) => parts.push(part))
      req.on('end', () => {
        void (async () => {
          const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'content-length')) as Record<string, string>
          const answer = await fetch(`${target}${req.url ?? '/'}`, { method: req.method, headers, body: Buffer.concat(parts) })
          const body = Buffer.from(await answer.arrayBuffer())
          const cut = String(req.headers['x-amz-target']).endsWith('GetRecords') && answer.status === 200 && ++getRecords === 2
          if (!cut) {
            res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? '' })
            res.end(body)
            return
          }
          res.useChunkedEncodingByDefault = false
          res.writeHead(200, { 'content-type': answer.headers.get('content-type') ?? '', connection: 'close' })
          res.end(body.subarray(0, body.length >> 1))
        })()
      })
    })
    const { endpoint, close } = await serveOnLoopback(server)
    const reader = kinesisClient(endpoint, { maxAttempts: 1 })
    const records: DecodedRecord[] = []
    const noteLog: string[] = []
    let finish: (reason: SessionEndReason) => void = () => undefined
    const ended = new Promise<SessionEndReason>((resolve) => (finish = resolve))
    const session = new ReadSession(
      { stream: name, shardIds: null, position: { type: 'TRIM_HORIZON' }, mode: 'read' },
      {
        kinesis: reader,
        target: { profile: null, region: 'us-east-1', endpoint },
        listShards: () => listShards(reader, name),
        tuning: { ...defaultTuning, firstCallLimit: 100, recordsPerCall: 100, backoffMs: 20, maxBackoffMs: 100 },
        window: { behind: false, whenReady: () => Promise.resolve() },
        events: {
          batch: (batch) => records.push(...batch),
          progress: (_state, _delivered, shards) => noteLog.push(...shards.map((s) => s.note ?? '')),
          ended: (reason) => finish(reason)
        }
      }
    )
    try {
      await session.start()
      expect(await ended).toBe('completed')
      expect(getRecords).toBeGreaterThan(2)
      expect(records.map((r) => r.sequenceNumber).sort()).toEqual(puts.map((p) => p.sequenceNumber).sort())
      expect(new Set(records.map((r) => r.id)).size).toBe(puts.length)
      expect(noteLog.some((n) => /^Network error .*ends before its JSON does.*retry 1 of 5 on the same iterator/.test(n))).toBe(true)
    } finally {
      session.stop()
      reader.destroy()
      await close()
    }
  })
})

/**
 * Search mode (reader.start with `search`): the filter runs in main on every decoded user record,
 * only matches cross, every record scanned is counted; a key search reads only the shards that
 * held the key; a time range starts At timestamp and stops each shard at its end; the matches
 * file holds exactly the matches, in the format Replay reads. On kinesis-local and kinesalite.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { ListShardsCommand, SplitShardCommand, type KinesisClient } from '@aws-sdk/client-kinesis'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { AppCore } from '../../src/main/core/app-core'
import { aggregate } from '../../src/main/core/decode/kpl'
import { hashKeyOf } from '../../src/main/core/kinesis/hash-key'
import { matchAll, type RecordFilterSpec } from '../../src/shared/filter/record-filter'
import { parseReplayFile } from '../../src/shared/replay-file'
import { createStreamAndWait, kinesisClient, startKinesalite, type Emulator } from '../support/emulators'
import { startKinesisProxy, type KinesisProxy } from '../support/kinesis-proxy'
import { putAll, uniqueName } from '../support/stream-fixtures'
import { TestClient } from '../support/test-client'

const isolated = { AWS_REGION: 'us-east-1', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' }
const filter = (patch: Partial<RecordFilterSpec>): RecordFilterSpec => ({ ...matchAll, ...patch })

describe.each(['kinesis-local', 'kinesalite'] as const)('search mode on %s', (backend) => {
  let emulator: Emulator | null = null
  let core: AppCore
  let c: TestClient
  let kinesis: KinesisClient
  let userDataDir: string

  beforeAll(async () => {
    let endpoint: string
    if (backend === 'kinesalite') {
      emulator = await startKinesalite()
      endpoint = emulator.endpoint
    } else endpoint = inject('kinesisLocalEndpoint')
    userDataDir = mkdtempSync(join(tmpdir(), 'search-'))
    core = new AppCore({
      env: { ...isolated, AWS_ENDPOINT_URL_KINESIS: endpoint },
      userDataDir,
      tuning: { drainIntervalMs: 20, caughtUpIntervalMs: 50 } // emulators have no limits to respect
    })
    c = new TestClient(core.handlers())
    await c.call('connections.select', { id: 'default' })
    kinesis = kinesisClient(endpoint)
  })
  afterAll(async () => {
    kinesis.destroy()
    await core.dispose()
    await emulator?.close()
    rmSync(userDataDir, { recursive: true, force: true })
  })

  const search = async (stream: string, spec: RecordFilterSpec, extra: object = {}) => {
    const started = await c.call('reader.start', {
      stream,
      shardIds: null,
      position: { type: 'TRIM_HORIZON' },
      mode: 'read',
      search: { filter: spec, saveMatches: false },
      ...extra
    } as never)
    const ended = await c.ended(started.sessionId)
    return { started, ended, matches: c.records(started.sessionId) }
  }

  describe('a stream of plain, gzip and KPL records', () => {
    let stream: string
    const order = (i: number, note = ''): string => JSON.stringify({ orderId: i, storeId: 100 + (i % 7), note })
    beforeAll(async () => {
      stream = uniqueName('search')
      await createStreamAndWait(kinesis, stream, 3)
      const plain = Array.from({ length: 300 }, (_, i) => order(i, i === 17 || i === 250 ? 'NEEDLE-plain' : ''))
      const gzipped = Array.from({ length: 20 }, (_, i) => gzipSync(Buffer.from(order(1000 + i, i === 5 ? 'needle-gzip' : ''))))
      const aggregates = Array.from({ length: 5 }, (_, a) =>
        aggregate(
          Array.from({ length: 10 }, (_, u) => ({
            partitionKey: `kpl-${a}-${u}`,
            data: Buffer.from(order(2000 + a * 10 + u, a === 3 && u === 7 ? 'needle-kpl' : ''))
          }))
        )
      )
      await putAll(kinesis, stream, [...plain, ...gzipped, ...aggregates])
    })

    it('keeps only the matches (after KPL de-aggregation and gzip) and counts every user record scanned', async () => {
      const { ended, matches } = await search(stream, filter({ text: 'needle' }))
      expect(matches.map((r) => (JSON.parse(r.text ?? '{}') as { orderId: number }).orderId).sort((a, b) => a - b)).toEqual([17, 250, 1005, 2037])
      expect(matches.find((r) => r.steps.includes('kpl'))?.partitionKey).toBe('kpl-3-7')
      expect(matches.find((r) => r.steps.includes('gzip'))).toBeDefined()
      expect(ended).toMatchObject({ reason: 'completed', delivered: 4, error: null })
      expect(ended.search).toMatchObject({ scannedRecords: 300 + 20 + 50, matches: 4, shardsRead: 3, matchesFile: null })
      expect(ended.search?.scannedBytes).toBeGreaterThan(370 * 30)
    })

    it('applies a JSON field expression and a regex as the window does', async () => {
      const { matches } = await search(stream, filter({ field: 'storeId = 103 and orderId < 100', regex: '"orderId":(1|8)\\d,' }))
      // orderId ≡ 3 (mod 7), below 100, two digits starting with 1 or 8: 10, 17, 80, 87.
      expect(matches.map((r) => (JSON.parse(r.text ?? '{}') as { orderId: number }).orderId).sort((a, b) => a - b)).toEqual([10, 17, 80, 87])
    })

    it('the stop condition counts matches', async () => {
      const { ended } = await search(stream, filter({ text: 'needle' }), { stop: { maxRecords: 2 } })
      expect(ended).toMatchObject({ reason: 'stop-condition', delivered: 2 })
    })

    it('a filter that does not compile is refused, naming its part', async () => {
      const error = await c.fails('reader.start', {
        stream,
        shardIds: null,
        position: { type: 'TRIM_HORIZON' },
        mode: 'read',
        search: { filter: filter({ regex: '(' }), saveMatches: false }
      })
      expect(error.code).toBe('INVALID_INPUT')
      expect(error.message).toContain('regular expression')
    })

    it('writes exactly the matches to a JSON Lines file that Replay reads', async () => {
      const { started, ended, matches } = await search(stream, filter({ text: 'needle' }), { search: { filter: filter({ text: 'needle' }), saveMatches: true } })
      expect(started.matchesFile).toMatch(/searches\/.*-matches-.*\.jsonl$/)
      expect(ended.search).toMatchObject({ matchesFile: started.matchesFile, matchesWritten: 4 })
      const parsed = parseReplayFile(readFileSync(started.matchesFile ?? '', 'utf8'))
      expect(parsed.problems).toEqual([])
      expect(parsed.records.map((r) => r.partitionKey).sort()).toEqual(matches.map((r) => r.partitionKey).sort())
      // And replays: the drafts take the file's records as they are.
      const draft = await c.call('replay.create', {})
      await c.call('replay.append', { draftId: draft.draftId, records: parsed.records })
      const target = uniqueName('replayed')
      await createStreamAndWait(kinesis, target, 1)
      const plan = await c.call('replay.plan', { draftId: draft.draftId, target: { connectionId: null, stream: target } })
      expect(plan.total).toBe(4)
      const { jobId } = await c.call('replay.start', { draftId: draft.draftId, target: { connectionId: null, stream: target }, ratePerSecond: null, confirmName: target })
      await c.until(() => c.of('producer.ended').some((e) => e.jobId === jobId), 'the replay to end')
      const { sessionId } = await c.call('reader.start', { stream: target, shardIds: null, position: { type: 'TRIM_HORIZON' }, mode: 'read' })
      await c.ended(sessionId)
      const bytesOf = (records: { dataBase64: string | null; text: string | null }[]) =>
        records.map((r) => r.dataBase64 ?? Buffer.from(r.text ?? '').toString('base64')).sort()
      // KPL user records go out as plain records; every other match byte for byte.
      expect(c.records(sessionId)).toHaveLength(4)
      expect(bytesOf(c.records(sessionId))).toEqual(parsed.records.map((r) => r.dataBase64).sort())
    })

    it('stops at once on Stop: no more events, no open session', async () => {
      const started = await c.call('reader.start', {
        stream,
        shardIds: null,
        position: { type: 'TRIM_HORIZON' },
        mode: 'tail',
        search: { filter: filter({ text: 'no such text anywhere' }), saveMatches: false }
      })
      await c.until(() => c.of('reader.progress', started.sessionId).some((p) => (p.search?.scannedRecords ?? 0) > 0), 'records scanned')
      await c.call('reader.stop', { sessionId: started.sessionId })
      const ended = await c.ended(started.sessionId)
      expect(ended.reason).toBe('stopped')
      expect(ended.search?.matches).toBe(0)
      expect(core.reader.openSessions).toBe(0)
      const after = c.events.length
      await c.call('connections.active', {}) // a round trip through main
      expect(c.events.slice(after).filter((e) => (e.payload as { sessionId?: string }).sessionId === started.sessionId)).toEqual([])
    })
  })

  it('a key search reads only the shards that held the key, across a split', async () => {
    const stream = uniqueName('keysearch')
    await createStreamAndWait(kinesis, stream, 4)
    const key = 'customer-42'
    const hash = hashKeyOf(key)
    const body = (i: number): string => JSON.stringify({ i })
    const keys = (i: number): string => (i % 10 === 0 ? key : `other-${i}`)
    await putAll(kinesis, stream, Array.from({ length: 80 }, (_, i) => body(i)), keys)
    // Split the shard that holds the key at its hash key: the key goes to the upper child.
    const { Shards: before = [] } = await kinesis.send(new ListShardsCommand({ StreamName: stream }))
    const holder = before.find((s) => BigInt(s.HashKeyRange?.StartingHashKey ?? '0') <= hash && hash <= BigInt(s.HashKeyRange?.EndingHashKey ?? '0'))
    await kinesis.send(new SplitShardCommand({ StreamName: stream, ShardToSplit: holder?.ShardId, NewStartingHashKey: hash.toString() }))
    for (;;) {
      const { Shards = [] } = await kinesis.send(new ListShardsCommand({ StreamName: stream }))
      if (Shards.length === 6) break
    }
    await putAll(kinesis, stream, Array.from({ length: 80 }, (_, i) => body(100 + i)), keys)

    const { started, ended, matches } = await search(stream, filter({ partitionKey: key, partitionKeyMode: 'exact' }))
    const read = started.shards.map((s) => s.shardId)
    expect(read).toHaveLength(2) // the parent and the child that holds the key
    expect(read).toContain(holder?.ShardId)
    expect(started.skipped.map((s) => s.shardId)).toHaveLength(4)
    expect(started.skipped[0]?.reason).toContain(`partition key "${key}"`)
    expect(started.searchNote).toContain(hash.toString())
    expect(matches).toHaveLength(16)
    expect(new Set(matches.map((r) => r.partitionKey))).toEqual(new Set([key]))
    expect(ended.search?.scannedRecords).toBeLessThan(160)
    expect(ended.search?.shardsRead).toBe(2)
  })

  it('a time range starts At timestamp and stops each shard at its end', async () => {
    const stream = uniqueName('timerange')
    await createStreamAndWait(kinesis, stream, 2)
    const wave = (n: number) => putAll(kinesis, stream, Array.from({ length: 30 }, (_, i) => JSON.stringify({ wave: n, i })))
    const readAll = async () => {
      const { sessionId } = await c.call('reader.start', { stream, shardIds: null, position: { type: 'TRIM_HORIZON' }, mode: 'read' })
      await c.ended(sessionId)
      return c.records(sessionId)
    }
    // Each wave is stamped after the last one's latest arrival time (the emulators stamp in ms).
    const passClock = async (): Promise<void> => {
      const latest = Math.max(...(await readAll()).map((r) => r.arrivalTime))
      while (Date.now() <= latest + 5) await new Promise((resolve) => setTimeout(resolve, 5))
    }
    await wave(1)
    await passClock()
    await wave(2)
    await passClock()
    await wave(3)
    const records = await readAll()
    const arrivals = (n: number) => records.filter((r) => (JSON.parse(r.text ?? '{}') as { wave: number }).wave === n).map((r) => r.arrivalTime)
    const rangeFrom = Math.min(...arrivals(2))
    const rangeTo = Math.max(...arrivals(2))
    expect(rangeFrom).toBeGreaterThan(Math.max(...arrivals(1)))
    expect(rangeTo).toBeLessThan(Math.min(...arrivals(3)))

    const { started, ended, matches } = await search(stream, filter({ from: rangeFrom, to: rangeTo }))
    expect(started.position).toEqual({ type: 'AT_TIMESTAMP', timestamp: rangeFrom })
    expect(matches).toHaveLength(30)
    expect(new Set(matches.map((r) => (JSON.parse(r.text ?? '{}') as { wave: number }).wave))).toEqual(new Set([2]))
    // Started at the range: wave 1 was never scanned; each shard stopped at wave 3's first record.
    expect(ended.search?.scannedRecords).toBe(30)
    expect(ended.reason).toBe('stop-condition')
  })
})

describe('a key search on a stream that ignores partition keys (AUTO, emulated by the proxy)', () => {
  let proxy: KinesisProxy
  let core: AppCore
  let c: TestClient
  let viaProxy: KinesisClient
  beforeAll(async () => {
    proxy = await startKinesisProxy({ target: inject('kinesisLocalEndpoint'), latencyMs: 0 })
    viaProxy = kinesisClient(proxy.endpoint)
    core = new AppCore({ env: { ...isolated, AWS_ENDPOINT_URL_KINESIS: proxy.endpoint }, userDataDir: null, tuning: { drainIntervalMs: 20, caughtUpIntervalMs: 50 } })
    c = new TestClient(core.handlers())
    await c.call('connections.select', { id: 'default' })
  })
  afterAll(async () => {
    viaProxy.destroy()
    await core.dispose()
    await proxy.close()
  })

  it('reads every shard, says why, and finds the key wherever Kinesis put it; the estimate covers every shard too', async () => {
    const stream = uniqueName('autosearch')
    await createStreamAndWait(viaProxy, stream, 4)
    proxy.emulateRecordDistribution(stream, 'AUTO', 'round-robin')
    const key = 'customer-42'
    const puts = await putAll(viaProxy, stream, Array.from({ length: 40 }, (_, i) => JSON.stringify({ i })), (i) => (i % 2 === 0 ? key : `other-${i}`))
    expect(new Set(puts.filter((p) => p.partitionKey === key).map((p) => p.shardId)).size).toBeGreaterThan(1) // spread, not routed

    const spec = filter({ partitionKey: key, partitionKeyMode: 'exact' })
    const started = await c.call('reader.start', { stream, shardIds: null, position: { type: 'TRIM_HORIZON' }, mode: 'read', search: { filter: spec, saveMatches: false } })
    expect(started.shards).toHaveLength(4)
    expect(started.skipped).toEqual([])
    expect(started.searchNote).toContain('AUTO record distribution')
    await c.ended(started.sessionId)
    expect(c.records(started.sessionId)).toHaveLength(20)

    const estimate = await c.call('reader.estimate', { stream, shardIds: null, position: { type: 'TRIM_HORIZON' }, search: { filter: spec, saveMatches: false } })
    expect(estimate).toMatchObject({ basis: 'sample', shards: 4, records: 40 })
    proxy.emulateRecordDistribution(stream, 'USER_PARTITION_KEY')
    const narrowed = await c.call('reader.estimate', { stream, shardIds: null, position: { type: 'TRIM_HORIZON' }, search: { filter: spec, saveMatches: false } })
    expect(narrowed.shards).toBe(1)
  })
})

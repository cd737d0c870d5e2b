/**
 * Issue 12's key search: on a 16-shard stream, a search for one partition key (equals) reads
 * only the shard whose hash-key range holds the key's MD5 hash, so it makes about a sixteenth of
 * the GetRecords calls of a search of the whole stream with a text filter, and finds the same
 * records: exactly the key's.
 * kinesalite in its own process behind the AWS-like proxy in its own (25 ms, AWS's per-shard
 * limits), a fresh proxy for each search so that each counts only its own calls (per shard) and
 * starts with the shards' budgets unspent; the app's core in this process, the client of the web
 * host's WebSocket in another. BENCH_RECORDS records of about 1 KB (default 80,000: 5 MB a shard).
 */
import { loadavg } from 'node:os'
import { expect, it } from 'vitest'
import { hashKeyOf } from '../src/main/core/kinesis/hash-key'
import { matchAll, type RecordFilterSpec } from '../src/shared/filter/record-filter'
import { createStreamAndWait, kinesisClient } from '../test/support/emulators'
import type { ShardReadStats } from './proxy-process'
import { loadOrders, mb, report, runSearchClient, standInsPrioritised, startCoreOnWebHost, startKinesaliteProcess, startProxyProcess, type SearchClientResult } from './support'

const RECORDS = Number(process.env.BENCH_RECORDS ?? 80_000)
const SHARDS = 16
const STREAM = 'BenchKeySearch'
const KEY = 'customer-42'
/** One record in KEY_EVERY has the key (and the key in its note, for the text search to find). */
const KEY_EVERY = Math.max(1, Math.floor(RECORDS / 50))
const hasKey = (i: number): boolean => i % KEY_EVERY === 7

interface Searched {
  client: SearchClientResult
  reads: ShardReadStats[]
  calls: number
  throttled: unknown
}

/** One search through a proxy of its own: its GetRecords calls per shard are this search's alone. */
async function searchThroughFreshProxy(emulatorEndpoint: string, filter: RecordFilterSpec): Promise<Searched> {
  const proxy = await startProxyProcess(emulatorEndpoint, 25)
  const app = await startCoreOnWebHost(proxy.endpoint)
  try {
    const client = await runSearchClient(app, {
      stream: STREAM,
      shardIds: null,
      position: { type: 'TRIM_HORIZON' },
      mode: 'read',
      search: { filter, saveMatches: false },
      budget: 'full'
    })
    const reads = (await proxy.reads()).filter((r) => r.stream === STREAM)
    return { client, reads, calls: reads.reduce((sum, r) => sum + r.calls, 0), throttled: await proxy.limited() }
  } finally {
    await app.close()
    proxy.close()
  }
}

const orderIds = (client: SearchClientResult): number[] =>
  client.matches.map((m) => (JSON.parse(m.text ?? '{}') as { orderId: number }).orderId).sort((a, b) => a - b)

it('a one-key search on 16 shards makes about a sixteenth of the calls of a whole-stream search', async () => {
  const emulator = await startKinesaliteProcess()
  const direct = kinesisClient(emulator.endpoint)
  await createStreamAndWait(direct, STREAM, SHARDS)
  const loadStart = performance.now()
  const loadedBytes = await loadOrders(direct, STREAM, RECORDS, 1000, {
    partitionKey: (i) => (hasKey(i) ? KEY : undefined),
    note: (i) => (hasKey(i) ? `for ${KEY}` : undefined)
  })
  const loadSeconds = (performance.now() - loadStart) / 1000
  const expected = Array.from({ length: RECORDS }, (_, i) => i).filter(hasKey)

  const keySearch = await searchThroughFreshProxy(emulator.endpoint, { ...matchAll, partitionKey: KEY, partitionKeyMode: 'exact' })
  const wholeSearch = await searchThroughFreshProxy(emulator.endpoint, { ...matchAll, text: KEY })
  direct.destroy()
  emulator.close()

  const perShard = (s: Searched): Record<string, number> => Object.fromEntries(s.reads.map((r) => [r.shardId, r.calls]))
  const share = keySearch.calls / wholeSearch.calls
  const summary = (s: Searched) => ({
    shardsRead: s.client.started.shards.length,
    shardsSkipped: s.client.started.skipped.length,
    getRecordsCalls: s.calls,
    callsPerShard: perShard(s),
    throttledByProxy: s.throttled,
    scannedRecords: s.client.ended.search?.scannedRecords ?? null,
    scannedMb: mb(s.client.ended.search?.scannedBytes ?? 0),
    matches: s.client.received,
    seconds: Math.round(s.client.seconds * 10) / 10,
    reason: s.client.ended.reason
  })
  const result = {
    records: RECORDS,
    shards: SHARDS,
    key: KEY,
    keyHashKey: hashKeyOf(KEY).toString(),
    keyRecords: expected.length,
    load: { seconds: Math.round(loadSeconds * 10) / 10, mb: mb(loadedBytes) },
    proxy: { latencyMs: 25, getRecordsPerSecondPerShard: 5, bytesPerSecondPerShard: 2 * 1024 * 1024 },
    standInsPrioritised,
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
    keySearch: { ...summary(keySearch), searchNote: keySearch.client.started.searchNote },
    wholeStreamTextSearch: summary(wholeSearch),
    keySearchShareOfCalls: Math.round(share * 1000) / 1000,
    sixteenth: Math.round((1 / SHARDS) * 1000) / 1000
  }
  await report('key-search', result)
  console.log(
    `key-search: ${keySearch.calls} GetRecords calls on ${result.keySearch.shardsRead} shard for partition key "${KEY}" against ${wholeSearch.calls} on ${result.wholeStreamTextSearch.shardsRead} for the text search ` +
      `(${(share * 100).toFixed(1)}% of the calls; a sixteenth is 6.25%), ${keySearch.client.received} and ${wholeSearch.client.received} matches of ${expected.length}, ` +
      `${result.keySearch.scannedRecords} and ${result.wholeStreamTextSearch.scannedRecords} records scanned (load ${loadavg()[0]?.toFixed(2)})`
  )

  expect(keySearch.client.ended).toMatchObject({ reason: 'completed', error: null })
  expect(wholeSearch.client.ended).toMatchObject({ reason: 'completed', error: null })
  // Exactly the key's records, by both searches.
  expect(orderIds(keySearch.client)).toEqual(expected)
  expect(new Set(keySearch.client.matches.map((m) => m.partitionKey))).toEqual(new Set([KEY]))
  expect(orderIds(wholeSearch.client)).toEqual(expected)
  // One shard of sixteen read (no resharding here), the whole stream scanned by the other.
  expect(result.keySearch.shardsRead).toBe(1)
  expect(result.keySearch.shardsSkipped).toBe(SHARDS - 1)
  expect(result.wholeStreamTextSearch.shardsRead).toBe(SHARDS)
  expect(Object.keys(perShard(keySearch))).toEqual(keySearch.client.started.shards)
  expect(wholeSearch.client.ended.search?.scannedRecords).toBe(RECORDS)
  // Roughly a sixteenth: the key's shard holds about 1/16 of the records (random keys), so
  // between half and twice a sixteenth of the calls.
  expect(share).toBeGreaterThan(1 / SHARDS / 2)
  expect(share).toBeLessThan((1 / SHARDS) * 2)
})

/**
 * Issue 3's read benchmark: 200,000 JSON records of about 1 KB on 4 shards, kinesalite in its
 * own process behind the AWS-like proxy (25 ms latency, 5 GetRecords/s and 2 MB/s per shard).
 * - The app: a full Read from Trim horizon, decoded, delivered over the web host's WebSocket to
 *   a client of the contract. Goal: >= 80% of the 2 MB/s-per-shard ceiling (6.4 MB/s on four).
 * - The seed article's reader made polite (one shard at a time, Limit 100, <= 5 calls/s), on a
 *   sample, compared by rate.
 * - Time from reader.start to the first batch at the client.
 */
import { GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand } from '@aws-sdk/client-kinesis'
import { resolve } from 'node:path'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'
import { AppCore } from '../src/main/core/app-core'
import { startWebHost } from '../src/main/host/web/web-host'
import { createRouter } from '../src/main/router'
import { createStreamAndWait, kinesisClient } from '../test/support/emulators'
import { startKinesisProxy } from '../test/support/kinesis-proxy'
import { loadOrders, mb, standInsPrioritised, report, startKinesaliteProcess, startProxyProcess } from './support'

const run = promisify(execFile)
const RECORDS = Number(process.env.BENCH_RECORDS ?? 200_000)
const SHARDS = 4
const STREAM = 'BenchOrders'

it('reads 200,000 records on 4 shards near the shards’ limits', async () => {
  const emulator = await startKinesaliteProcess()
  const direct = kinesisClient(emulator.endpoint)
  await createStreamAndWait(direct, STREAM, SHARDS)
  const loadStart = performance.now()
  const loadedBytes = await loadOrders(direct, STREAM, RECORDS, 1000)
  console.log(`loaded ${RECORDS} records (${mb(loadedBytes)} MB) in ${Math.round(performance.now() - loadStart)} ms`)

  const proxy = await startProxyProcess(emulator.endpoint, 25)
  const core = new AppCore({ env: { AWS_ENDPOINT_URL_KINESIS: proxy.endpoint, AWS_REGION: 'us-east-1', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' }, userDataDir: null })
  const host = await startWebHost({ router: createRouter(core.handlers()), rendererDir: resolve('out/renderer'), port: 0 })

  // A client of the contract over the web host's WebSocket, in its own process like the renderer.
  const heapBefore = process.memoryUsage().rss
  let peakRss = heapBefore
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250)
  const request = { stream: STREAM, shardIds: null, position: { type: 'TRIM_HORIZON' }, mode: 'read' }
  const { stdout } = await run(process.execPath, [resolve('bench/contract-client.cjs'), String(host.port), host.token, JSON.stringify(request)], {
    maxBuffer: 10 * 1024 * 1024
  })
  clearInterval(sampler)
  const client = JSON.parse(stdout) as { received: number; dataBytes: number; seconds: number; firstBatchMs: number; ended: unknown }
  const { received, dataBytes, seconds, ended } = client
  const firstBatchMs = client.firstBatchMs
  const appRate = dataBytes / seconds

  // The seed article's reader, made polite: one shard, Limit 100, at most 5 calls a second.
  // A fresh proxy: the app's read has spent the shards' byte budget for the next few seconds.
  const seedProxy = await startKinesisProxy({ target: emulator.endpoint, latencyMs: 25 })
  const seedClient = kinesisClient(seedProxy.endpoint, { maxAttempts: 1 })
  const { Shards = [] } = await seedClient.send(new ListShardsCommand({ StreamName: STREAM }))
  let iterator = (await seedClient.send(new GetShardIteratorCommand({ StreamName: STREAM, ShardId: Shards[0]?.ShardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator
  const seedStart = performance.now()
  let seedBytes = 0
  let seedRecords = 0
  for (let call = 0; call < 50 && iterator !== undefined; call++) {
    const callStart = performance.now()
    const page = await seedClient.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 })).catch(async (error: unknown) => {
      // Polite: a throttled call waits a second and is not counted.
      if ((error as Error).name !== 'ProvisionedThroughputExceededException') throw error
      await new Promise((r) => setTimeout(r, 1000))
      return null
    })
    if (page === null) continue
    for (const r of page.Records ?? []) {
      seedRecords += 1
      seedBytes += r.Data?.byteLength ?? 0
      JSON.parse(Buffer.from(r.Data ?? new Uint8Array()).toString('utf8'))
    }
    iterator = page.NextShardIterator
    const wait = 210 - (performance.now() - callStart)
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
  }
  const seedSeconds = (performance.now() - seedStart) / 1000
  const seedRate = seedBytes / seedSeconds

  const result = {
    records: RECORDS,
    shards: SHARDS,
    proxy: { latencyMs: 25, getRecordsPerSecondPerShard: 5, bytesPerSecondPerShard: 2 * 1024 * 1024 },
    standInsPrioritised,
    app: {
      delivered: received,
      seconds: Math.round(seconds * 10) / 10,
      megabytesPerSecond: mb(appRate),
      recordsPerSecond: Math.round(received / seconds),
      // The arithmetic: 2 MB/s a shard, 8 MB/s on four (the proxy enforces 2 MiB/s).
      shareOfShardCeiling: Math.round((appRate / (SHARDS * 2_000_000)) * 1000) / 10,
      firstBatchMs: Math.round(firstBatchMs),
      throttledByProxy: await proxy.limited(),
      mainPeakRssMb: mb(peakRss)
    },
    seedReaderPolite: {
      sampledRecords: seedRecords,
      megabytesPerSecond: mb(seedRate),
      recordsPerSecond: Math.round(seedRecords / seedSeconds)
    },
    speedup: Math.round((appRate / seedRate) * 10) / 10,
    ended
  }
  await report('read-throughput', result)
  seedClient.destroy()
  await host.close()
  await core.dispose()
  proxy.close()
  await seedProxy.close()
  direct.destroy()
  emulator.close()

  expect(received).toBe(RECORDS)
  expect(result.app.shareOfShardCeiling).toBeGreaterThanOrEqual(80)
  expect(result.app.firstBatchMs).toBeLessThan(500)
})

/**
 * Flow control end to end, through the web host's WebSocket: a deliberately slow client reads
 * 200,000 records. It acknowledges nothing until main says it is waiting for the window, so main
 * is as far behind as the client lets it be, the whole read: main must stop fetching (without
 * losing its place), say so in the shard progress, resume on the acknowledgements, keep its
 * memory bounded, and deliver every record exactly once.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { PutRecordsCommand, type KinesisClient } from '@aws-sdk/client-kinesis'
import { WebSocket } from 'ws'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { AppCore } from '../../src/main/core/app-core'
import { startWebHost, type WebHost } from '../../src/main/host/web/web-host'
import { createRouter } from '../../src/main/router'
import type { Envelope, Events } from '../../src/shared/contract'
import { createStreamAndWait, kinesisClient, startKinesaliteProcess, type ChildEmulator } from '../support/emulators'
import { uniqueName } from '../support/stream-fixtures'

const RECORDS = 200_000
const SHARDS = 4
const PAD = 'x'.repeat(200)

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

let emulator: ChildEmulator
let direct: KinesisClient
let dir: string
let core: AppCore
let host: WebHost
const stream = uniqueName('flow')

beforeAll(async () => {
  emulator = await startKinesaliteProcess()
  direct = kinesisClient(emulator.endpoint)
  await createStreamAndWait(direct, stream, SHARDS)
  // ~220-byte JSON records, numbered, 4 PutRecords in flight.
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < RECORDS) {
      const start = next
      next = Math.min(RECORDS, next + 500)
      const records = []
      for (let i = start; i < next; i++) records.push({ PartitionKey: `k-${i}`, Data: Buffer.from(JSON.stringify({ n: i, pad: PAD })) })
      const out = await direct.send(new PutRecordsCommand({ StreamName: stream, Records: records }))
      if ((out.FailedRecordCount ?? 0) > 0) throw new Error('PutRecords failed')
    }
  }
  await Promise.all([worker(), worker(), worker(), worker()])
  dir = await mkdtemp(join(tmpdir(), 'ki-flow-'))
  core = new AppCore({
    env: { AWS_ENDPOINT_URL_KINESIS: emulator.endpoint, AWS_REGION: 'us-east-1', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' },
    userDataDir: null,
    // No proxy here: kinesalite serves far faster than the slow client takes, which is the point.
    tuning: { drainIntervalMs: 0, recordsPerCall: 2000, bytesPerSecond: 1024 * 1024 * 1024 }
  })
  host = await startWebHost({ router: createRouter(core.handlers()), rendererDir: dir, port: 0 })
}, 180_000)

afterAll(async () => {
  await host.close()
  await core.dispose()
  direct.destroy()
  emulator.close()
  await rm(dir, { recursive: true, force: true })
})

/** Main's memory the test can see: the JS heap and the buffers (socket writes) after a full GC. */
function mainMemory(): number {
  gc()
  const { heapUsed, arrayBuffers } = process.memoryUsage()
  return heapUsed + arrayBuffers
}

it('a slow client reads 200,000 records: main waits for its window, stays bounded, and every record arrives once', async () => {
  const ws = new WebSocket(`${host.url.replace(/^http/, 'ws').replace('/?', '/api?')}`, { origin: `http://127.0.0.1:${host.port}` })
  await new Promise((resolve, reject) => {
    ws.once('open', resolve)
    ws.once('error', reject)
  })
  let nextId = 1
  const pending = new Map<number, (envelope: Envelope<unknown>) => void>()
  const call = (operation: string, input: unknown): Promise<Envelope<unknown>> =>
    new Promise((resolve) => {
      const id = nextId++
      pending.set(id, resolve)
      ws.send(JSON.stringify({ type: 'call', id, operation, input }))
    })

  // Seen flags by record number: tiny, so the client's own memory does not blur main's.
  const seen = new Uint8Array(RECORDS)
  let received = 0
  let duplicates = 0
  let batches = 0
  let waits = 0
  let unacknowledged = 0
  let peak = 0
  let ended: Events['reader.ended'] | null = null
  const done = new Promise<void>((resolve) => {
    ws.on('message', (raw: Buffer) => {
      const message = JSON.parse(raw.toString('utf8')) as
        | { type: 'result'; id: number; envelope: Envelope<unknown> }
        | { type: 'event'; event: keyof Events; payload: unknown }
      if (message.type === 'result') {
        pending.get(message.id)?.(message.envelope)
        pending.delete(message.id)
        return
      }
      if (message.event === 'reader.progress') {
        const progress = message.payload as Events['reader.progress']
        // Main stopped for the window: now the slow client takes everything it was sent.
        if (unacknowledged > 0 && progress.shards.some((s) => s.state === 'waiting-window')) {
          waits++
          peak = Math.max(peak, mainMemory())
          void call('reader.ack', { delivery: unacknowledged })
          unacknowledged = 0
        }
      } else if (message.event === 'reader.batch') {
        const batch = message.payload as Events['reader.batch']
        for (const record of batch.records) {
          const n = (JSON.parse(record.text ?? '{}') as { n: number }).n
          if (seen[n] === 1) duplicates++
          seen[n] = 1
          received++
        }
        batches++
        unacknowledged = batch.delivery
      } else if (message.event === 'reader.ended') {
        ended = message.payload as Events['reader.ended']
        resolve()
      }
    })
  })

  expect((await call('connections.select', { id: 'default' })).ok).toBe(true)
  const baseline = mainMemory()
  const t0 = performance.now()
  const started = await call('reader.start', { stream, shardIds: null, position: { type: 'TRIM_HORIZON' }, mode: 'read' })
  expect(started.ok).toBe(true)
  await done
  ws.close()

  console.log(`flow control: ${batches} batches, ${waits} waits in ${Math.round(performance.now() - t0)} ms, main memory growth peak ${((peak - baseline) / 1048576).toFixed(1)} MB`)
  expect(ended).toMatchObject({ reason: 'completed', delivered: RECORDS })
  expect(received).toBe(RECORDS)
  expect(duplicates).toBe(0)
  expect(seen.every((flag) => flag === 1)).toBe(true)
  // Main stopped fetching each time the client was a window behind, and the shard progress said
  // so: ~45 MB on the wire is several 8 MiB windows.
  expect(waits).toBeGreaterThanOrEqual(3)
  // What main holds at its fullest: the window, a page per shard being decoded, the client's
  // flags and parse garbage; far from the ~45 MB read.
  const growthMb = (peak - baseline) / 1024 / 1024
  expect(growthMb).toBeLessThan(40)
}, 180_000)

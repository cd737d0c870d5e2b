/** Shared pieces of the benchmarks: the emulator and proxy in their own processes, data loading, reporting. */
import { execFile, spawn } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { setPriority, tmpdir } from 'node:os'
import { promisify } from 'node:util'
import { join, resolve } from 'node:path'
import { PutRecordsCommand, type KinesisClient } from '@aws-sdk/client-kinesis'
import { startKinesaliteProcess as startEmulatorProcess, type ChildEmulator } from '../test/support/emulators'
import type { ShardWriteStats } from '../test/support/kinesis-proxy'
import type { ShardReadStats } from './proxy-process'
import type { Page } from 'playwright-core'
import { AppCore } from '../src/main/core/app-core'
import { startWebHost } from '../src/main/host/web/web-host'
import { createRouter } from '../src/main/router'
import type { Events } from '../src/shared/contract'
import type { SearchProgress } from '../src/shared/domain'
import { launchBrowser } from '../test/support/app-under-test'

export type { ChildEmulator } from '../test/support/emulators'

/**
 * The stand-ins for AWS (kinesalite and the proxy) run at a higher scheduling priority than the
 * app and Chromium. On AWS the service runs on other machines and the app has the user's CPU to
 * itself; on a 2-core bench machine the stand-ins would otherwise queue behind the app's own
 * decoding and rendering, and serve a 4 MB page in 1.5 s instead of 0.3 s: a service five times
 * slower than the one being modelled. Needs root (CAP_SYS_NICE); without it the benches run
 * as before and report `standInsPrioritised: false`.
 */
function asRemoteService(pid: number | undefined): void {
  if (pid === undefined) return
  try {
    setPriority(pid, -10)
  } catch {
    standInsPrioritised = false
  }
}
export let standInsPrioritised = true

/** kinesalite in its own process, as a remote service (see asRemoteService). */
export async function startKinesaliteProcess(): Promise<ChildEmulator> {
  const emulator = await startEmulatorProcess()
  asRemoteService(emulator.pid)
  return emulator
}

/** The AWS-like proxy (bundled by bench/global-build.ts) in its own process, in front of `target`. */
export function startProxyProcess(
  target: string,
  latencyMs = 25,
  writeRecordsPerSecond = 1000
): Promise<ChildEmulator & { limited(): Promise<unknown>; writes(): Promise<ShardWriteStats[]>; reads(): Promise<ShardReadStats[]> }> {
  const child = spawn(process.execPath, [resolve('out/bench/proxy-process.cjs'), target, String(latencyMs), String(writeRecordsPerSecond)], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc']
  })
  return new Promise((resolvePort, reject) => {
    child.once('exit', (code) => reject(new Error(`proxy exited (${String(code)})`)))
    child.stdout?.on('data', (chunk: Buffer) => {
      const port = /PORT (\d+)/.exec(chunk.toString())?.[1]
      if (port === undefined) return
      asRemoteService(child.pid)
      resolvePort({
        endpoint: `http://127.0.0.1:${port}`,
        pid: child.pid,
        close: () => child.kill(),
        limited: () =>
          new Promise((r) => {
            child.once('message', r)
            child.send('stats')
          }),
        writes: () =>
          new Promise((r) => {
            child.once('message', (m) => r(m as ShardWriteStats[]))
            child.send('writes')
          }),
        reads: () =>
          new Promise((r) => {
            child.once('message', (m) => r(m as ShardReadStats[]))
            child.send('reads')
          })
      })
    })
  })
}

/** What a bench changes about some of loadOrders' records: its partition key, a note in the JSON. */
export interface OrderVariation {
  partitionKey?: (i: number) => string | undefined
  note?: (i: number) => string | undefined
}

/**
 * ~`size`-byte JSON orders, spread over shards by random partition keys; 4 PutRecords in flight,
 * taking the records in order (record i is put about i-th). `vary` gives some records a key or a note.
 */
export async function loadOrders(client: KinesisClient, stream: string, count: number, size: number, vary: OrderVariation = {}): Promise<number> {
  const pad = 'x'.repeat(Math.max(0, size - 120))
  let bytes = 0
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < count) {
      const start = next
      next = Math.min(count, next + 500)
      const records = []
      for (let i = start; i < next; i++) {
        const note = vary.note?.(i)
        const order = { orderId: i, storeId: 100 + (i % 50), pizzaId: 'margherita', source: 'web', at: Date.now(), ...(note === undefined ? {} : { note }), pad }
        const data = Buffer.from(JSON.stringify(order))
        bytes += data.length
        records.push({ PartitionKey: vary.partitionKey?.(i) ?? `order-${i}-${Math.random()}`, Data: data })
      }
      const out = await client.send(new PutRecordsCommand({ StreamName: stream, Records: records }))
      if ((out.FailedRecordCount ?? 0) > 0) throw new Error('PutRecords failed')
    }
  }
  await Promise.all([worker(), worker(), worker(), worker()])
  return bytes
}

export async function report(name: string, result: Record<string, unknown>): Promise<void> {
  const dir = resolve('bench/results')
  await mkdir(dir, { recursive: true })
  await writeFile(resolve(dir, `${name}.json`), JSON.stringify({ measuredAt: new Date().toISOString(), ...result }, null, 2))
  console.log(`\n${name}:\n${JSON.stringify(result, null, 2)}\n`)
}

/** The app's core in this process on `kinesisEndpoint` (no AWS files), served by the web host. */
export async function startCoreOnWebHost(kinesisEndpoint: string): Promise<{ port: number; token: string; close(): Promise<void> }> {
  const core = new AppCore({ env: { AWS_ENDPOINT_URL_KINESIS: kinesisEndpoint, AWS_REGION: 'us-east-1', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' }, userDataDir: null })
  const host = await startWebHost({ router: createRouter(core.handlers()), rendererDir: resolve('out/renderer'), port: 0 })
  return {
    port: host.port,
    token: host.token,
    close: async () => {
      await host.close()
      await core.dispose()
    }
  }
}

/** What bench/search-client.cjs saw of one search. */
export interface SearchClientResult {
  started: { shards: string[]; skipped: string[]; searchNote: string | null; budget: string }
  received: number
  /** The first 10,000 matches. */
  matches: { shardId: string; sequenceNumber: string; partitionKey: string; text: string | null }[]
  /** reader.start sent to reader.ended received. */
  seconds: number
  firstMatchMs: number | null
  progressEvents: number
  lastSearch: SearchProgress | null
  ended: Events['reader.ended']
}

/** One reader.start (`request`, with its search) by a client of the web host in its own process. */
export async function runSearchClient(host: { port: number; token: string }, request: object): Promise<SearchClientResult> {
  const { stdout } = await promisify(execFile)(process.execPath, [resolve('bench/search-client.cjs'), String(host.port), host.token, JSON.stringify(request)], {
    maxBuffer: 64 * 1024 * 1024
  })
  return JSON.parse(stdout) as SearchClientResult
}

/** Least-squares slope of `y` over the samples' time, per minute. */
export function slopePerMinute<S extends { atSeconds: number }>(samples: S[], y: (s: S) => number): number {
  const n = samples.length
  if (n < 2) return 0
  const mx = samples.reduce((sum, s) => sum + s.atSeconds, 0) / n
  const my = samples.reduce((sum, s) => sum + y(s), 0) / n
  let num = 0
  let den = 0
  for (const s of samples) {
    num += (s.atSeconds - mx) * (y(s) - my)
    den += (s.atSeconds - mx) ** 2
  }
  return den === 0 ? 0 : Math.round((num / den) * 60 * 100) / 100
}

export const mb = (bytes: number): number => Math.round((bytes / 1_000_000) * 100) / 100

export interface BenchPage {
  page: Page
  /** Uncaught errors in the page, which every bench asserts are absent. */
  errors: string[]
  /** The web host's process (the app's main), for its memory. */
  appPid: number
  close(): Promise<void>
}

/**
 * The app as a user meets it in the UI benches: `npm run web`'s host (out/main/web.js) in a
 * process of its own, on `kinesisEndpoint` with no AWS files and a fresh user-data folder, and
 * Chromium at `viewport`, connected and with `stream` open. Its own process, as in the desktop
 * app: Playwright receives every WebSocket frame the page gets (CDP's Network domain), and in the
 * bench's process that work would queue on the app's event loop.
 */
export async function openStreamInBrowser(kinesisEndpoint: string, stream: string, viewport: { width: number; height: number }): Promise<BenchPage> {
  const userData = await mkdtemp(join(tmpdir(), 'bench-user-data-'))
  const app = spawn(process.execPath, [resolve('out/main/web.js'), '--port', '0', '--user-data', userData], {
    env: { PATH: process.env.PATH, AWS_ENDPOINT_URL_KINESIS: kinesisEndpoint, AWS_REGION: 'us-east-1', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' },
    stdio: ['ignore', 'pipe', 'inherit']
  })
  const url = await new Promise<string>((resolveUrl, reject) => {
    app.once('exit', (code) => reject(new Error(`the web host exited (${String(code)})`)))
    let output = ''
    app.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const found = /running at (\S+)/.exec(output)?.[1]
      if (found !== undefined) resolveUrl(found)
    })
  })
  const browser = await launchBrowser()
  const close = async (): Promise<void> => {
    await browser.close()
    app.kill()
    await rm(userData, { recursive: true, force: true })
  }
  try {
    const page = await browser.newPage({ viewport })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(url)
    await page.getByRole('status').filter({ hasText: 'Connected to' }).waitFor()
    await page.getByRole('listbox', { name: 'Streams' }).getByRole('option', { name: stream, exact: true }).click()
    return { page, errors, appPid: app.pid as number, close }
  } catch (error) {
    await close()
    throw error
  }
}

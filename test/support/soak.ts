/**
 * A live-tail soak, shared by the e2e suite (60 s) and the benchmark (10 min): a plain SDK loop
 * writes a steady rate of records to a stream on kinesalite (its own process), the record browser
 * in Chromium tails it with a capped window, and main's RSS and the page's JS heap (after a GC)
 * are sampled every 10 s. At the end the writer stops, the tail catches up, and the dropped-oldest
 * count must be exactly what the cap implies.
 */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { PutRecordsCommand, type KinesisClient } from '@aws-sdk/client-kinesis'
import type { Browser } from 'playwright-core'
import { createStreamAndWait, kinesisClient, startKinesaliteProcess } from './emulators'
import { openApp, screenshot, startApp } from './app-under-test'

export interface SoakOptions {
  browser: Browser
  seconds: number
  recordsPerSecond: number
  cap: number
  shards?: number
  sampleEveryMs?: number
  /** Screenshot name at the end (test-results/screenshots). */
  screenshotName?: string
}

export interface SoakSample {
  atSeconds: number
  mainRssMb: number
  mainHeapMb: number
  pageHeapMb: number
}

export interface SoakResult {
  written: number
  cap: number
  /** Dropped-oldest count the page showed once the tail had caught up. */
  droppedShown: number
  samples: SoakSample[]
  /** Least-squares slope of each series over the samples from `fromSeconds` on, MB per minute. */
  slopes: { fromSeconds: number; mainRssMbPerMinute: number; mainHeapMbPerMinute: number; pageHeapMbPerMinute: number }
  pageErrors: string[]
}

const MB = 1024 * 1024

/** Main's heap is sampled after a full GC too, as the page's is. */
setFlagsFromString('--expose-gc')
const gcMain = runInNewContext('gc') as () => void
const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits
const count = (n: number): string => n.toLocaleString('en-US')

/** Least-squares slope of y over x. */
export function slope(points: readonly { x: number; y: number }[]): number {
  const n = points.length
  if (n < 2) return 0
  const mx = points.reduce((s, p) => s + p.x, 0) / n
  const my = points.reduce((s, p) => s + p.y, 0) / n
  let num = 0
  let den = 0
  for (const p of points) {
    num += (p.x - mx) * (p.y - my)
    den += (p.x - mx) ** 2
  }
  return den === 0 ? 0 : num / den
}

/**
 * Writes `perSecond` records a second in ten PutRecords a second, on a fixed schedule (a tick
 * does not wait for the previous put: up to 8 are in flight), until stopped; resolves with how
 * many were written.
 */
function steadyWriter(client: KinesisClient, stream: string, perSecond: number): { stop(): Promise<number> } {
  let stopped = false
  let written = 0
  let numbered = 0
  const tickMs = 100
  const perTick = Math.max(1, Math.round(perSecond / (1000 / tickMs)))
  const pad = 'x'.repeat(160)
  const inFlight = new Set<Promise<void>>()
  const put = async (first: number): Promise<void> => {
    const records = Array.from({ length: perTick }, (_, i) => {
      const orderId = first + i
      return { PartitionKey: `order-${orderId}`, Data: Buffer.from(JSON.stringify({ orderId, storeId: 100 + (orderId % 50), pizza: 'margherita', pad })) }
    })
    const out = await client.send(new PutRecordsCommand({ StreamName: stream, Records: records }))
    if ((out.FailedRecordCount ?? 0) > 0) throw new Error(`${out.FailedRecordCount} records failed to put`)
    written += perTick
  }
  const start = performance.now()
  const loop = (async () => {
    for (let tick = 0; !stopped; tick++) {
      const wait = start + tick * tickMs - performance.now()
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
      if (inFlight.size >= 8) await Promise.race(inFlight)
      if (stopped) break
      const call = put(numbered).finally(() => inFlight.delete(call))
      numbered += perTick
      inFlight.add(call)
    }
    await Promise.all(inFlight)
    return written
  })()
  return {
    stop: () => {
      stopped = true
      return loop
    }
  }
}

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const { browser, seconds, recordsPerSecond, cap } = options
  const sampleEveryMs = options.sampleEveryMs ?? 10_000
  const stream = 'SoakOrders'
  const emulator = await startKinesaliteProcess()
  const writerClient = kinesisClient(emulator.endpoint)
  const app = await startApp({ AWS_ENDPOINT_URL_KINESIS: emulator.endpoint, AWS_REGION: 'us-east-1' })
  const { page, consoleErrors } = await openApp(browser, app)
  const samples: SoakSample[] = []
  try {
    await createStreamAndWait(writerClient, stream, options.shards ?? 2)
    await page.getByRole('status').filter({ hasText: 'Connected to' }).waitFor()
    await page.getByRole('listbox', { name: 'Streams' }).getByRole('option', { name: stream, exact: true }).click()
    await page.getByRole('tab', { name: 'Records' }).click()
    const view = page.getByRole('region', { name: `Records of ${stream}` })
    const capInput = view.getByLabel('Keep at most')
    await capInput.fill(String(cap))
    await capInput.press('Enter')
    await view.getByLabel('Starting position').selectOption({ label: 'Trim horizon' })
    await view.getByRole('button', { name: 'Live tail', exact: true }).click()
    const status = view.getByTestId('records-status')
    await status.filter({ hasText: 'Tailing…' }).waitFor()

    const cdp = await page.context().newCDPSession(page)
    await cdp.send('HeapProfiler.enable')
    const sample = async (atSeconds: number): Promise<void> => {
      await cdp.send('HeapProfiler.collectGarbage')
      gcMain()
      const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }
      const { rss, heapUsed } = process.memoryUsage()
      samples.push({ atSeconds, mainRssMb: round(rss / MB, 1), mainHeapMb: round(heapUsed / MB, 1), pageHeapMb: round(heap.usedSize / MB, 1) })
    }

    const writer = steadyWriter(writerClient, stream, recordsPerSecond)
    const started = performance.now()
    await sample(0)
    for (let k = 1; k * sampleEveryMs <= seconds * 1000; k++) {
      const wait = started + k * sampleEveryMs - performance.now()
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
      await sample(round((performance.now() - started) / 1000, 1))
    }
    const written = await writer.stop()

    // The tail catches up with everything written: the window holds `cap`, the rest was dropped.
    const expectedDropped = Math.max(0, written - cap)
    const kept = Math.min(written, cap)
    const settled = `${count(kept)} records${expectedDropped > 0 ? ` · ${count(expectedDropped)} older records dropped` : ''}`
    await status
      .filter({ hasText: settled })
      .waitFor({ timeout: 60_000 })
      .catch(async (error: unknown) => {
        await screenshot(page, `${options.screenshotName ?? 'soak'}-failure`)
        throw new Error(`The tail never showed "${settled}"; it says "${await status.innerText()}"`, { cause: error })
      })
    const droppedText = /· ([\d,]+) older records dropped/.exec(await status.innerText())?.[1] ?? '0'
    if (options.screenshotName !== undefined) await screenshot(page, options.screenshotName)
    await view.getByRole('button', { name: 'Stop', exact: true }).click()

    const fromSeconds = Math.min(60, seconds / 2)
    const steady = samples.filter((s) => s.atSeconds >= fromSeconds)
    const perMinute = (pick: (s: SoakSample) => number): number => round(slope(steady.map((s) => ({ x: s.atSeconds / 60, y: pick(s) }))))
    return {
      written,
      cap,
      droppedShown: Number(droppedText.replace(/,/g, '')),
      samples,
      slopes: {
        fromSeconds,
        mainRssMbPerMinute: perMinute((s) => s.mainRssMb),
        mainHeapMbPerMinute: perMinute((s) => s.mainHeapMb),
        pageHeapMbPerMinute: perMinute((s) => s.pageHeapMb)
      },
      pageErrors: consoleErrors
    }
  } finally {
    await page.close()
    await app.close()
    writerClient.destroy()
    emulator.close()
  }
}

/**
 * Issue 12's memory goal as a user meets it: a search through the record browser in Chromium.
 * BENCH_RECORDS records (default 1,000,000) of about 500 bytes on 4 shards, kinesalite in its own
 * process behind the AWS-like proxy in its own (25 ms, 5 GetRecords/s and 2 MiB/s per shard), 20
 * needles across the stream; "Keep only matching records" with a text filter, from Trim horizon.
 * Every second: the page's JS heap (CDP Runtime.getHeapUsage) and the RSS of the app's main (the
 * web host, `npm run web`'s process, read from /proc). Goals: every needle found, the page's heap
 * and main's RSS grow by less than 100 MB over the whole scan (last sample against the first;
 * peak and least-squares slope reported). The read rate is reported, not a goal here: the
 * headless search bench (bench/search) holds that goal, and this one adds Chromium's work on the
 * same two cores.
 */
import { readFile } from 'node:fs/promises'
import { loadavg } from 'node:os'
import { expect, it } from 'vitest'
import { screenshot } from '../test/support/app-under-test'
import { createStreamAndWait, kinesisClient } from '../test/support/emulators'
import { loadOrders, mb, openStreamInBrowser, report, slopePerMinute, standInsPrioritised, startKinesaliteProcess, startProxyProcess } from './support'

const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000)
const SHARDS = 4
const RECORD_SIZE = 500
const STREAM = 'UiSearchBench'
const CEILING = SHARDS * 2 * 1024 * 1024
const NEEDLES = 20
const count = (n: number): string => n.toLocaleString('en-US')
const round1 = (n: number): number => Math.round(n * 10) / 10

interface Sample {
  atSeconds: number
  pageHeapMb: number
  mainRssMb: number
}

/** A process's resident set, from /proc (Linux, as on these machines). */
async function rssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1]
  if (kb === undefined) throw new Error(`no VmRSS for process ${pid}`)
  return Number(kb) * 1024
}

function growth(samples: Sample[], y: (s: Sample) => number): { firstMb: number; lastMb: number; peakMb: number; growthMb: number; peakGrowthMb: number; slopeMbPerMinute: number } {
  const first = y(samples[0] as Sample)
  const last = y(samples[samples.length - 1] as Sample)
  const peak = Math.max(...samples.map(y))
  return {
    firstMb: round1(first),
    lastMb: round1(last),
    peakMb: round1(peak),
    growthMb: round1(last - first),
    peakGrowthMb: round1(peak - first),
    slopeMbPerMinute: round1(slopePerMinute(samples, y))
  }
}

it(`a search of ${count(RECORDS)} records through the record browser keeps the page's heap and main's RSS flat`, async () => {
  const places = Array.from({ length: NEEDLES }, (_, k) => Math.floor(((k + 0.5) * RECORDS) / NEEDLES))
  const needleAt = new Map(places.map((place, k) => [place, `UI-NEEDLE-${String(k).padStart(2, '0')}`]))
  const emulator = await startKinesaliteProcess()
  const direct = kinesisClient(emulator.endpoint)
  await createStreamAndWait(direct, STREAM, SHARDS)
  const loadedBytes = await loadOrders(direct, STREAM, RECORDS, RECORD_SIZE, { note: (i) => needleAt.get(i) })
  direct.destroy()
  const proxy = await startProxyProcess(emulator.endpoint, 25)
  const { page, errors, appPid, close } = await openStreamInBrowser(proxy.endpoint, STREAM, { width: 1400, height: 900 })
  const cdp = await page.context().newCDPSession(page)
  const samples: Sample[] = []
  let sampler: NodeJS.Timeout | undefined
  try {
    await page.getByRole('tab', { name: 'Records' }).click()
    const view = page.getByRole('region', { name: `Records of ${STREAM}` })
    const toolbar = view.getByRole('form', { name: 'Read records' })
    await view.getByLabel('Text contains').fill('ui-needle')
    await toolbar.getByLabel('Keep only matching records').check()

    const start = performance.now()
    const sample = async (): Promise<void> => {
      const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }
      samples.push({ atSeconds: round1((performance.now() - start) / 1000), pageHeapMb: mb(heap.usedSize), mainRssMb: mb(await rssBytes(appPid)) })
    }
    await sample()
    sampler = setInterval(() => void sample().catch(() => undefined), 1000)
    await toolbar.getByRole('button', { name: 'Search', exact: true }).click()
    const status = view.getByTestId('records-status')
    await status
      .filter({ hasText: 'Searched every shard to its tip' })
      .waitFor({ timeout: 600_000 })
      .catch(async (error: unknown) => {
        await screenshot(page, 'bench-search-ui-failure')
        throw new Error(`The search did not finish; the status says "${await status.innerText()}"`, { cause: error })
      })
    const seconds = (performance.now() - start) / 1000
    clearInterval(sampler)
    await sample()
    await screenshot(page, 'bench-search-ui')

    const rows = await view.getByRole('grid', { name: 'Records' }).locator('.rec-body [role="row"]').count()
    const result = {
      records: RECORDS,
      shards: SHARDS,
      dataMb: mb(loadedBytes),
      needles: NEEDLES,
      rowsShown: rows,
      summary: await view.getByTestId('search-status').innerText(),
      proxy: { latencyMs: 25, getRecordsPerSecondPerShard: 5, bytesPerSecondPerShard: 2 * 1024 * 1024, ownProcess: true },
      standInsPrioritised,
      loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
      search: { seconds: round1(seconds), shareOfCeiling: round1((loadedBytes / seconds / CEILING) * 100) },
      throttledByProxy: await proxy.limited(),
      pageHeap: growth(samples, (s) => s.pageHeapMb),
      mainRss: growth(samples, (s) => s.mainRssMb),
      /** From 15 s on: the scan's steady state, after main's heap has sized itself to the read. */
      mainRssAfter15s: growth(samples.filter((s) => s.atSeconds >= 15), (s) => s.mainRssMb),
      samples: samples.length,
      /** Every fifth sample: the shape of the curves. */
      series: samples.filter((_, i) => i % 5 === 0),
      pageErrors: errors
    }
    await report('search-ui', result)
    console.log(
      `search-ui: ${rows} of ${NEEDLES} needles shown after ${count(RECORDS)} records in ${result.search.seconds} s (${result.search.shareOfCeiling}% of the ceiling); ` +
        `page heap ${result.pageHeap.firstMb} -> ${result.pageHeap.lastMb} MB (peak +${result.pageHeap.peakGrowthMb}, ${result.pageHeap.slopeMbPerMinute} MB/min); ` +
        `main RSS ${result.mainRss.firstMb} -> ${result.mainRss.lastMb} MB (peak +${result.mainRss.peakGrowthMb}, ${result.mainRss.slopeMbPerMinute} MB/min) (load ${loadavg()[0]?.toFixed(2)})`
    )

    expect(errors).toEqual([])
    expect(rows).toBe(NEEDLES)
    expect(result.summary).toContain(`Scanned ${count(RECORDS)} records`)
    expect(result.pageHeap.growthMb).toBeLessThan(100)
    expect(result.mainRss.growthMb).toBeLessThan(100)
  } finally {
    clearInterval(sampler)
    await close()
    proxy.close()
    emulator.close()
  }
})

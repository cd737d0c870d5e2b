/**
 * Issue 3's renderer measurements, in Chromium through the web host: 200,000 JSON records of
 * about 200 bytes on 4 shards (kinesalite in its own process behind the AWS-like proxy), read by
 * the record browser itself, then:
 * - time from pressing Read to the first row on screen (goal < 500 ms);
 * - the main thread while 200,000 records stream in (long tasks);
 * - a text filter over all of them, cold (first use builds the lowercase cache) and warm, as
 *   the filter pass alone and from the input event to the updated "N of M shown" (issue 8's goal:
 *   < 100 ms); a regular expression; JSON field expressions, typed seconds after the read
 *   ended, as a user would: by then the members of the stream's schema have been read ahead
 *   while the page was idle (member-columns.ts), and these records have no key outside it, so
 *   no JSON row is cold (issue 8's goal for a multi-field one: < 150 ms; here every JSON row is
 *   held to it);
 * - DOM rows while scrolling through everything (goal < 200), and frame times of that scroll;
 * - the JS heap with everything loaded, after a GC (goal < 400 MB).
 * `BENCH_RENDERER_RECORDS` changes the count.
 */
import { writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { createStreamAndWait, kinesisClient } from '../test/support/emulators'
import { startKinesisProxy } from '../test/support/kinesis-proxy'
import { screenshot } from '../test/support/app-under-test'
import { loadOrders, mb, openStreamInBrowser, report, startKinesaliteProcess } from './support'

const RECORDS = Number(process.env.BENCH_RENDERER_RECORDS ?? 200_000)
const SHARDS = 4
const STREAM = 'RendererBench'
const count = (n: number): string => n.toLocaleString('en-US')

/**
 * In the page (plain JS: this file is type-checked without the DOM library): types `value` into
 * the filter input labelled `label` and times it, as the filter pass alone (the store's own
 * measurement) and from the input event to the updated count and to the next frame.
 */
const TIME_FILTER = `async ({ label, value }) => {
  const labels = [...document.querySelectorAll('label.rec-filter')]
  const input = labels.find((l) => l.querySelector('.rec-filter-label')?.textContent === label)?.querySelector('input')
  const shown = document.querySelector('[data-testid="records-shown"]')
  if (!input || !shown) throw new Error('no input labelled ' + label)
  const runs = () => Number(shown.getAttribute('data-filter-runs'))
  const before = runs()
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set
  let domAt = 0
  const applied = new Promise((done) => {
    const observer = new MutationObserver(() => {
      if (runs() > before) { domAt = performance.now(); observer.disconnect(); done() }
    })
    observer.observe(shown, { attributes: true, attributeFilter: ['data-filter-runs'] })
    setTimeout(() => { observer.disconnect(); done() }, 10000)
  })
  const t0 = performance.now()
  setValue.call(input, value)
  input.dispatchEvent(new Event('input', { bubbles: true }))
  await applied
  if (domAt === 0) throw new Error('the filter ' + value + ' was never applied')
  await new Promise((done) => requestAnimationFrame(() => done()))
  const frameAt = performance.now()
  return {
    value,
    shown: shown.textContent,
    filterMs: Number(shown.getAttribute('data-filter-ms')),
    inputToDomMs: Math.round((domAt - t0) * 10) / 10,
    inputToFrameMs: Math.round((frameAt - t0) * 10) / 10
  }
}`

interface FilterTiming {
  value: string
  shown: string
  filterMs: number
  inputToDomMs: number
  inputToFrameMs: number
}

function timeFilter(page: Page, label: string, value: string): Promise<FilterTiming> {
  return page.evaluate<FilterTiming>(`(${TIME_FILTER})(${JSON.stringify({ label, value })})`)
}

const OBSERVE_LONG_TASKS = `(() => {
  window.longTasks = []
  new PerformanceObserver((list) => list.getEntries().forEach((e) => window.longTasks.push(e.duration))).observe({ type: 'longtask' })
})()`

/**
 * Scrolls the grid one step per frame, counting rows and timing frames: \`jump\` goes from top to
 * bottom in 300 steps (a dragged scrollbar: every row new each frame), \`wheel\` moves 100 px a
 * frame for 300 frames (a mouse wheel or trackpad).
 */
const SCROLL = (mode: 'jump' | 'wheel'): string => `(async () => {
  const el = document.querySelector('[role="grid"][aria-label="Records"]')
  const frames = []
  let maxRows = 0
  el.scrollTop = 0
  await new Promise((done) => requestAnimationFrame(() => done()))
  let last = performance.now()
  const steps = 300
  for (let i = 0; i <= steps; i++) {
    el.scrollTop = ${mode === 'jump' ? '(el.scrollHeight - el.clientHeight) * (i / steps)' : 'i * 100'}
    await new Promise((done) => requestAnimationFrame(() => done()))
    const now = performance.now()
    frames.push(now - last)
    last = now
    maxRows = Math.max(maxRows, el.querySelectorAll('[role="row"]').length)
  }
  frames.sort((a, b) => a - b)
  const pct = (p) => Math.round((frames[Math.min(frames.length - 1, Math.floor(frames.length * p))] ?? 0) * 10) / 10
  return { mode: '${mode}', steps, maxRows, frameP50Ms: pct(0.5), frameP95Ms: pct(0.95), frameMaxMs: pct(1), domElements: document.getElementsByTagName('*').length }
})()`

interface ScrollResult {
  mode: string
  steps: number
  maxRows: number
  frameP50Ms: number
  frameP95Ms: number
  frameMaxMs: number
  domElements: number
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }[]
  samples: number[]
  timeDeltas: number[]
}

/** Self time per function of a CDP CPU profile, the largest first (BENCH_PROFILE=1). */
function topSelfTime(profile: CpuProfile, n: number): string {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]))
  const self = new Map<string, number>()
  profile.samples.forEach((id, i) => {
    const frame = byNode.get(id)?.callFrame
    const name = frame === undefined ? '?' : `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop() ?? ''}:${frame.lineNumber + 1}:${frame.columnNumber + 1}`
    self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000)
  })
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, ms]) => `${Math.round(ms).toString().padStart(7)} ms  ${name}`)
    .join('\n')
}

it(`the record browser with ${count(RECORDS)} records: filter, scroll, memory`, async () => {
  const emulator = await startKinesaliteProcess()
  const direct = kinesisClient(emulator.endpoint)
  await createStreamAndWait(direct, STREAM, SHARDS)
  const loadStart = performance.now()
  const loadedBytes = await loadOrders(direct, STREAM, RECORDS, 200)
  console.log(`loaded ${count(RECORDS)} records (${mb(loadedBytes)} MB) in ${Math.round(performance.now() - loadStart)} ms`)
  const proxy = await startKinesisProxy({ target: emulator.endpoint, latencyMs: 25 })
  const { page, errors, close } = await openStreamInBrowser(proxy.endpoint, STREAM, { width: 1600, height: 1000 })
  try {
    await page.getByRole('tab', { name: 'Records' }).click()
    const view = page.getByRole('region', { name: `Records of ${STREAM}` })
    const cap = view.getByLabel('Keep at most')
    await cap.fill(String(RECORDS))
    await cap.press('Enter')

    // Long tasks on the main thread while the records stream in.
    await page.evaluate(OBSERVE_LONG_TASKS)
    const grid = view.getByRole('grid', { name: 'Records' })
    const cdp = await page.context().newCDPSession(page)
    const profile = process.env.BENCH_PROFILE === '1'
    if (profile) {
      await cdp.send('Profiler.enable')
      await cdp.send('Profiler.start')
    }
    const pressedAt = Date.now()
    await view.getByRole('button', { name: 'Read', exact: true }).click()
    await grid.locator('.rec-body [role="row"]').first().waitFor()
    const pressToFirstRowMs = Date.now() - pressedAt
    await view
      .getByTestId('records-status')
      .filter({ hasText: `Read every shard to its tip — ${count(RECORDS)} records` })
      .waitFor({ timeout: 300_000 })
      .catch(async (error: unknown) => {
        await screenshot(page, 'bench-renderer-records-failure')
        throw new Error(`The read did not finish; the status says "${await view.getByTestId('records-status').innerText()}"`, { cause: error })
      })
    const readSeconds = (Date.now() - pressedAt) / 1000
    const longTasks = await page.evaluate<number[]>('window.longTasks')
    if (profile) {
      const { profile: cpu } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile }
      await writeFile(resolve('bench/results/renderer-records-read.cpuprofile'), JSON.stringify(cpu))
      console.log(`top self time while reading:\n${topSelfTime(cpu, 20)}`)
    }

    // Filters over everything loaded.
    const text = []
    for (const q of ['m', 'ma', 'marg', 'margherita', 'order-1999', 'order-19999-', 'no such text']) text.push(await timeFilter(page, 'Text contains', q))
    await timeFilter(page, 'Text contains', '')
    const regex = [await timeFilter(page, 'Regex', 'order-1\\d{3}-'), await timeFilter(page, 'Regex', '')]
    const multiField = 'storeId >= 140 and source = web and pizzaId = margherita'
    // `kept`: the members the window kept when this one ran (member-columns.ts). Every key of
    // these records is in the schema read ahead while idle: there is no key a row could be cold on.
    const ahead = 'all: schema read ahead while idle (no key outside it, no cold row)'
    const fieldRuns: [string, string][] = [
      ['storeId = 120', ahead],
      ['storeId >= 140 and source = web', ahead],
      [multiField, ahead],
      ['pizzaId = margherita and source = web and storeId >= 145', ahead],
      ['orderId >= 100000 and at > 0 and pad exists', ahead]
    ]
    const field = []
    for (const [value, kept] of fieldRuns) field.push({ ...(await timeFilter(page, 'JSON field', value)), kept })
    await timeFilter(page, 'JSON field', '')

    // Scroll from top to bottom in steps, one per frame; count rows and time frames.
    await grid.focus()
    if (profile) await cdp.send('Profiler.start')
    const wheel = await page.evaluate<ScrollResult>(SCROLL('wheel'))
    const jump = await page.evaluate<ScrollResult>(SCROLL('jump'))
    if (profile) {
      const { profile: cpu } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile }
      console.log(`top self time while scrolling:\n${topSelfTime(cpu, 20)}`)
    }
    const scroll = { wheel, jump, maxRows: Math.max(wheel.maxRows, jump.maxRows) }
    await screenshot(page, 'bench-renderer-records-bottom')
    // Keyboard: End and Home move the selection over the whole list.
    await page.keyboard.press('End')
    await grid.locator(`[role="row"][aria-selected="true"][aria-rowindex="${RECORDS + 1}"]`).waitFor()
    await page.keyboard.press('Home')
    await grid.locator('[role="row"][aria-selected="true"][aria-rowindex="2"]').waitFor()

    await cdp.send('HeapProfiler.enable')
    await cdp.send('HeapProfiler.collectGarbage')
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number }

    const result = {
      records: RECORDS,
      shards: SHARDS,
      recordBytes: Math.round(loadedBytes / RECORDS),
      viewport: '1600x1000',
      read: {
        pressToFirstRowMs,
        seconds: Math.round(readSeconds * 10) / 10,
        longTasksWhileReading: longTasks.length,
        longTaskTotalMs: Math.round(longTasks.reduce((a, b) => a + b, 0)),
        longestTaskMs: Math.round(Math.max(0, ...longTasks))
      },
      textFilter: text,
      regexFilter: regex,
      jsonFieldFilter: field,
      scroll,
      jsHeapUsedMb: mb(heap.usedSize),
      pageErrors: errors
    }
    await report('renderer-records', result)

    expect(errors).toEqual([])
    expect(scroll.maxRows).toBeLessThan(200)
    // Issue 8: the plain text filter under 100 ms (first keystroke included), a multi-field JSON
    // filter under 150 ms, cold or warm (every JSON row is held to it, the filter pass and the
    // input-to-count time alike).
    expect(Math.max(...text.map((t) => t.inputToDomMs))).toBeLessThan(100)
    expect(Math.max(...field.map((f) => Math.max(f.filterMs, f.inputToDomMs)))).toBeLessThan(150)
    expect(result.jsHeapUsedMb).toBeLessThan(400)
    // Last, so that a slow first row does not keep the figures above from being checked.
    expect(pressToFirstRowMs).toBeLessThan(500)
  } finally {
    await close()
    await proxy.close()
    direct.destroy()
    emulator.close()
  }
})

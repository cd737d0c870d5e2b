/**
 * The 60-second version of the live-tail soak (bench/soak.bench.test.ts runs 10 minutes): a plain
 * SDK loop writes 1,000 records/s, the record browser tails them with its window capped at 10,000,
 * so the window is full after 10 s (later if the emulator cannot take the rate) and drops the
 * oldest from then on. Main's memory and the page's
 * JS heap stay flat once it is full, and the dropped count is exactly written − cap.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { launchBrowser } from '../support/app-under-test'
import { runSoak } from '../support/soak'

let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser.close()
})

it('a 60-second live tail at 1,000 records/s with the window capped at 10,000: flat memory, every overflow dropped oldest', async () => {
  const result = await runSoak({ browser, seconds: 60, recordsPerSecond: 1000, cap: 10_000, screenshotName: 'soak-60s' })
  console.log(`soak (60 s): ${JSON.stringify({ written: result.written, dropped: result.droppedShown, slopes: result.slopes })}`)
  console.log(result.samples.map((s) => `${s.atSeconds}s main rss ${s.mainRssMb} heap ${s.mainHeapMb} page heap ${s.pageHeapMb}`).join('\n'))
  expect(result.pageErrors).toEqual([])
  expect(result.written).toBeGreaterThan(20_000) // the window overflowed for most of the minute
  expect(result.droppedShown).toBe(result.written - 10_000)
  // Generous: an unbounded window would grow the page by ~30 MB a minute at this rate.
  expect(result.slopes.fromSeconds).toBe(30)
  expect(Math.abs(result.slopes.pageHeapMbPerMinute)).toBeLessThan(8)
  expect(Math.abs(result.slopes.mainHeapMbPerMinute)).toBeLessThan(8)
}, 240_000)

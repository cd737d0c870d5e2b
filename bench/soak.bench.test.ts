/**
 * Issue 8's soak: a 10-minute live tail of a stream a plain SDK loop writes 1,000 records/s to,
 * the record browser's window capped at 100,000. Main's RSS and heap and the page's JS heap
 * (after a GC) are sampled every 10 s; after the first minute they stay flat (the slopes are
 * reported, MB per minute), and the dropped-oldest count is exactly written − 100,000.
 * `BENCH_SOAK_SECONDS` shortens it. The e2e suite runs a 60-second version (test/e2e/soak.test.ts).
 */
import { expect, it } from 'vitest'
import { launchBrowser } from '../test/support/app-under-test'
import { runSoak } from '../test/support/soak'
import { report } from './support'

const SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 600)
const CAP = 100_000

it(`a ${SECONDS}-second live tail at 1,000 records/s, window capped at 100,000`, async () => {
  const browser = await launchBrowser()
  try {
    const result = await runSoak({ browser, seconds: SECONDS, recordsPerSecond: 1000, cap: CAP, screenshotName: 'bench-soak' })
    const first = result.samples.find((s) => s.atSeconds >= result.slopes.fromSeconds)
    const last = result.samples.at(-1)
    await report('soak', {
      seconds: SECONDS,
      recordsPerSecond: 1000,
      cap: CAP,
      written: result.written,
      droppedShown: result.droppedShown,
      droppedExpected: Math.max(0, result.written - CAP),
      slopesAfterFirstMinute: result.slopes,
      fromFirstMinuteToEnd: first !== undefined && last !== undefined
        ? { mainRssMb: [first.mainRssMb, last.mainRssMb], mainHeapMb: [first.mainHeapMb, last.mainHeapMb], pageHeapMb: [first.pageHeapMb, last.pageHeapMb] }
        : null,
      samples: result.samples,
      pageErrors: result.pageErrors
    })
    expect(result.pageErrors).toEqual([])
    expect(result.droppedShown).toBe(Math.max(0, result.written - CAP))
    // Flat: well under what an unbounded window would add (~30 MB a minute in the page).
    expect(Math.abs(result.slopes.pageHeapMbPerMinute)).toBeLessThan(3)
    expect(Math.abs(result.slopes.mainHeapMbPerMinute)).toBeLessThan(3)
  } finally {
    await browser.close()
  }
})

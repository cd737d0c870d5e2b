/**
 * Issue 8's read figure as a user measures it: the record browser in Chromium reads 100,000 JSON
 * records of about 1 KB on 4 shards, kinesalite in its own process behind the AWS-like proxy in
 * its own process (25 ms latency, 5 GetRecords/s and 2 MiB/s per shard), from pressing Read to
 * the final count on screen. Goal: >= 90% of the 4 x 2 MiB/s ceiling, 0 throttled calls.
 * (bench/read-throughput.bench.test.ts has the headless figure: a contract client, no page.)
 */
import { expect, it } from 'vitest'
import { createStreamAndWait, kinesisClient } from '../test/support/emulators'
import { screenshot } from '../test/support/app-under-test'
import { loadOrders, mb, standInsPrioritised, openStreamInBrowser, report, startKinesaliteProcess, startProxyProcess } from './support'

const RECORDS = Number(process.env.BENCH_UI_RECORDS ?? 100_000)
const SHARDS = 4
const STREAM = 'UiReadBench'
const CEILING = SHARDS * 2 * 1024 * 1024
const count = (n: number): string => n.toLocaleString('en-US')

/** In the page: resolves with the time (performance.now) the status first shows `text`. */
const STAMP_WHEN_SHOWN = (text: string): string => `new Promise((done) => {
  const status = document.querySelector('[data-testid="records-status"]')
  const check = () => status.textContent.includes(${JSON.stringify(text)}) && (observer.disconnect(), done(performance.now()))
  const observer = new MutationObserver(check)
  observer.observe(status, { childList: true, subtree: true, characterData: true })
  check()
})`

it(`the record browser reads ${count(RECORDS)} records of 1 KB on 4 shards at >= 90% of the shards' ceiling`, async () => {
  const emulator = await startKinesaliteProcess()
  const direct = kinesisClient(emulator.endpoint)
  await createStreamAndWait(direct, STREAM, SHARDS)
  const loadedBytes = await loadOrders(direct, STREAM, RECORDS, 1000)
  const proxy = await startProxyProcess(emulator.endpoint, 25)
  const { page, errors, close } = await openStreamInBrowser(proxy.endpoint, STREAM, { width: 1400, height: 900 })
  try {
    await page.getByRole('tab', { name: 'Records' }).click()
    const view = page.getByRole('region', { name: `Records of ${STREAM}` })
    const cap = view.getByLabel('Keep at most')
    await cap.fill(String(RECORDS * 2))
    await cap.press('Enter')

    const all = `${count(RECORDS)} records`
    await page.evaluate(`void (window.finalCountAt = ${STAMP_WHEN_SHOWN(all)})`)
    await page.evaluate(`void (window.endedAt = ${STAMP_WHEN_SHOWN('Read every shard to its tip')})`)
    const pressedAt = await page.evaluate<number>('performance.now()')
    await view.getByRole('button', { name: 'Read', exact: true }).click()
    await view
      .getByTestId('records-status')
      .filter({ hasText: `Read every shard to its tip — ${all}` })
      .waitFor({ timeout: 300_000 })
      .catch(async (error: unknown) => {
        await screenshot(page, 'bench-read-ui-failure')
        throw new Error(`The read did not finish; the status says "${await view.getByTestId('records-status').innerText()}"`, { cause: error })
      })
    const finalCountAt = await page.evaluate<number>('window.finalCountAt')
    const endedAt = await page.evaluate<number>('window.endedAt')
    const toCount = (finalCountAt - pressedAt) / 1000
    const toEnd = (endedAt - pressedAt) / 1000
    const share = (seconds: number): number => Math.round((loadedBytes / seconds / CEILING) * 1000) / 10

    const result = {
      records: RECORDS,
      shards: SHARDS,
      megabytes: mb(loadedBytes),
      proxy: { latencyMs: 25, getRecordsPerSecondPerShard: 5, bytesPerSecondPerShard: 2 * 1024 * 1024, ownProcess: true },
      standInsPrioritised,
      pressReadToFinalCount: { seconds: Math.round(toCount * 100) / 100, shareOfCeiling: share(toCount) },
      // The read ends one call later: an empty page at each shard's tip confirms it.
      pressReadToEnded: { seconds: Math.round(toEnd * 100) / 100, shareOfCeiling: share(toEnd) },
      throttledByProxy: await proxy.limited(),
      pageErrors: errors
    }
    await report('read-ui', result)

    expect(errors).toEqual([])
    expect(result.throttledByProxy).toEqual({ rate: 0, bytes: 0 })
    expect(result.pressReadToFinalCount.shareOfCeiling).toBeGreaterThanOrEqual(90)
  } finally {
    await close()
    proxy.close()
    direct.destroy()
    emulator.close()
  }
})

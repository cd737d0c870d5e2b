/**
 * Issue 6's bulk-send figure as a user measures it: in Chromium, the Send tab sends 100,000 of the
 * seed's pizza orders with random partition keys on 4 shards, kinesalite in its own process behind
 * the AWS-like proxy in its own process (25 ms latency, 1,000 records/s and 1 MiB/s a shard), from
 * pressing Start bulk send to the final report on screen. Goal: >= 90% of the 4 x 1,000 records/s
 * ceiling, every record accounted for. (bench/producer-throughput.bench.test.ts has the headless
 * figure, the seed producer and the skewed run.)
 */
import { expect, it } from 'vitest'
import { createStreamAndWait, kinesisClient } from '../test/support/emulators'
import { screenshot } from '../test/support/app-under-test'
import { openStreamInBrowser, report, startKinesaliteProcess, startProxyProcess } from './support'

const RECORDS = Number(process.env.BENCH_UI_SEND_RECORDS ?? 100_000)
const SHARDS = 4
const STREAM = 'UiSendBench'
const CEILING = SHARDS * 1000
const count = (n: number): string => n.toLocaleString('en-US')

it(`the Send tab sends ${count(RECORDS)} orders on 4 shards at >= 90% of the shards' write ceiling`, async () => {
  const emulator = await startKinesaliteProcess()
  const direct = kinesisClient(emulator.endpoint)
  await createStreamAndWait(direct, STREAM, SHARDS)
  const proxy = await startProxyProcess(emulator.endpoint, 25)
  const { page, errors, close } = await openStreamInBrowser(proxy.endpoint, STREAM, { width: 1400, height: 900 })
  try {
    await page.getByRole('tab', { name: 'Send' }).click()
    const panel = page.getByRole('tabpanel', { name: 'Send' })
    await panel.getByRole('form', { name: 'Record to send' }).getByLabel('Random per record').check()
    const bulk = panel.getByRole('region', { name: 'Bulk send' })
    await bulk.getByLabel('Records', { exact: true }).fill(String(RECORDS))
    await bulk.getByLabel('As fast as the stream allows').check()

    const pressedAt = Date.now()
    await bulk.getByRole('button', { name: 'Start bulk send' }).click()
    const finalReport = bulk.getByRole('region', { name: 'Final report' })
    await finalReport
      .getByTestId('job-report-counts')
      .waitFor({ timeout: 600_000 })
      .catch(async (error: unknown) => {
        await screenshot(page, 'bench-producer-ui-failure')
        throw new Error('The bulk send did not finish', { cause: error })
      })
    const seconds = (Date.now() - pressedAt) / 1000
    const counts = await finalReport.getByTestId('job-report-counts').innerText()
    await screenshot(page, 'bench-producer-ui-report')
    const writes = (await proxy.writes()).filter((w) => w.stream === STREAM)
    const onTheStream = writes.reduce((n, w) => n + w.records, 0)
    const result = {
      records: RECORDS,
      shards: SHARDS,
      proxy: { latencyMs: 25, writeRecordsPerSecondPerShard: 1000, writeBytesPerSecondPerShard: 1024 * 1024, ownProcess: true },
      pressStartToReport: {
        seconds: Math.round(seconds * 100) / 100,
        recordsPerSecond: Math.round(RECORDS / seconds),
        shareOfCeiling: Math.round((RECORDS / seconds / CEILING) * 1000) / 10
      },
      reportOnScreen: counts,
      onTheStream,
      throttledEntries: writes.reduce((n, w) => n + w.throttled, 0),
      pageErrors: errors
    }
    await report('producer-ui', result)

    expect(errors).toEqual([])
    expect(counts).toBe(`${count(RECORDS)} of ${count(RECORDS)} sent · 0 failed`)
    expect(onTheStream).toBe(RECORDS)
    expect(result.pressStartToReport.shareOfCeiling).toBeGreaterThanOrEqual(90)
  } finally {
    await close()
    proxy.close()
    direct.destroy()
    emulator.close()
  }
})

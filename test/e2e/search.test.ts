/**
 * Issue 12 end to end: search mode in real Chromium through the web host. A kinesis-local stream
 * holds far more records than the window may keep (its limit set to 100); a search for the
 * needles scans them all in main, brings exactly the needles to the window, writes them to a
 * matches file, and ends with the summary. The estimate and the gentle budget are on screen.
 */
import { randomBytes } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import type { KinesisClient } from '@aws-sdk/client-kinesis'
import { parseReplayFile } from '../../src/shared/replay-file'
import { seriousAxeViolations } from '../support/axe'
import { createStreamAndWait, kinesisClient } from '../support/emulators'
import { launchBrowser, openApp, screenshot, startApp, type AppUnderTest } from '../support/app-under-test'
import { putAll } from '../support/stream-fixtures'

const SHARDS = 3
const RECORDS = 3000
/** Where the needles are: some among the first records, some among the last. */
const NEEDLES = [3, 40, 999, 1500, 2001, 2990, 2999]
const stream = `search-e2e-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`

let client: KinesisClient
let app: AppUnderTest
let browser: Browser
let page: Page
let consoleErrors: string[] = []

beforeAll(async () => {
  const endpoint = inject('kinesisLocalEndpoint')
  client = kinesisClient(endpoint)
  await createStreamAndWait(client, stream, SHARDS)
  const bodies = Array.from({ length: RECORDS }, (_, i) =>
    JSON.stringify({ orderId: i, storeId: 100 + (i % 7), note: NEEDLES.includes(i) ? `refund-needle-${i}` : 'none', pad: 'x'.repeat(200) })
  )
  await putAll(client, stream, bodies, (i) => `order-${i}`)

  app = await startApp({ AWS_ENDPOINT_URL_KINESIS: endpoint, AWS_REGION: 'us-east-1' })
  browser = await launchBrowser()
  ;({ page, consoleErrors } = await openApp(browser, app))
  await page.getByRole('status').filter({ hasText: 'Connected to' }).waitFor()
  await page.getByLabel('Search streams').fill(stream)
  await page.getByRole('listbox', { name: 'Streams' }).getByRole('option', { name: stream, exact: true }).click()
  await page.getByRole('heading', { level: 2, name: stream, exact: true }).waitFor()
  await page.getByRole('tab', { name: 'Records' }).click()
  await view().waitFor()
})

afterAll(async () => {
  await browser?.close()
  await app?.close()
  client?.destroy()
})

const view = (): Locator => page.getByRole('region', { name: `Records of ${stream}` })
const toolbar = (): Locator => view().getByRole('form', { name: 'Read records' })
const bodyRows = (): Locator => view().getByRole('grid', { name: 'Records' }).locator('.rec-body [role="row"]')
const searchStatus = (): Locator => view().getByTestId('search-status')

describe('search mode', () => {
  test('a search over more records than the window holds finds every needle, writes them to a file and says what it scanned', async () => {
    // The window may hold 100 records; the stream has 3,000.
    const cap = view().getByLabel(/Keep at most/)
    await cap.fill('100')
    await cap.press('Enter')

    await view().getByLabel('Text contains').fill('refund-needle')
    await toolbar().getByLabel('Keep only matching records').check()
    await toolbar().getByLabel('Save matches to a file').check()
    await toolbar().getByLabel('Read budget').selectOption({ label: 'Gentle: 1 call/s and 1 MiB/s per shard' })
    await toolbar().getByRole('button', { name: 'Estimate' }).click()
    const estimate = toolbar().getByRole('status', { name: 'Estimate' })
    await estimate.filter({ hasText: /^About .* on 3 shards · .* at the gentle budget · (Read whole|From a sample)/ }).waitFor()
    // Read whole where a shard holds at most the sample's 1,000 records, carried to the tip elsewhere.
    const estimated = Number(/\(([\d,]+) records\)/.exec(await estimate.innerText())?.[1]?.replace(/,/g, ''))
    expect(estimated).toBeGreaterThanOrEqual(RECORDS * 0.5)
    expect(estimated).toBeLessThanOrEqual(RECORDS * 2)
    await screenshot(page, 'search-estimate')

    await toolbar().getByRole('button', { name: 'Search', exact: true }).click()
    const summary = searchStatus().filter({ hasText: /Scanned 3,000 records \(.* KB\) on 3 shards in .* · 7 matches/ })
    await summary.waitFor({ timeout: 60_000 })
    expect(await searchStatus().innerText()).toContain('Gentle: 1 call/s and 1 MiB/s per shard')
    await expect.poll(() => bodyRows().count()).toBe(NEEDLES.length)
    expect(await view().getByTestId('records-status').innerText()).toContain('Searched every shard to its tip — 7 records kept')
    // No cap pause: only the matches count against the window's limit.
    expect(await view().getByRole('button', { name: 'Continue (drop oldest)' }).count()).toBe(0)

    // The matches file holds exactly the needles, in the format Replay reads.
    const file = searchStatus().locator('code')
    const path = await file.innerText()
    expect(path.startsWith(join(app.userDataDir, 'searches'))).toBe(true)
    expect(await searchStatus().innerText()).toContain('Matches written to')
    const parsed = parseReplayFile(await readFile(path, 'utf8'))
    expect(parsed.problems).toEqual([])
    expect(parsed.records.map((r) => r.partitionKey).sort()).toEqual(NEEDLES.map((n) => `order-${n}`).sort())
    expect(await readdir(join(app.userDataDir, 'searches'))).toHaveLength(1)
    await expect.poll(() => searchStatus().getByRole('button', { name: 'Copy path of the matches file' }).count()).toBe(1)

    // The shard panel: scanned per shard and the gentle budget on the meter.
    await view().locator('.rec-progress summary').click()
    const table = view().getByRole('table', { name: 'Shard progress' })
    await table.waitFor()
    expect(await table.innerText()).toContain('Scanned')
    expect(await table.getByRole('meter', { name: 'Read budget' }).first().getAttribute('aria-valuetext')).toMatch(/^\d \/ 1 GetRecords per second \(gentle budget\)$/)
    await screenshot(page, 'search-summary')
    expect(await seriousAxeViolations(page, `[aria-label="Records of ${stream}"]`)).toEqual([])
    expect(consoleErrors).toEqual([])
  })

  test('a search with nothing to search for says what to do and starts nothing', async () => {
    await view().getByLabel('Text contains').fill('')
    await toolbar().getByRole('button', { name: 'Search', exact: true }).click()
    await toolbar().getByText(/Type what to search for in the filter bar/).waitFor()
    await toolbar().getByLabel('Keep only matching records').uncheck()
    await expect.poll(() => toolbar().getByText(/Type what to search for/).count()).toBe(0)
    expect(await toolbar().getByRole('button', { name: 'Read', exact: true }).count()).toBe(1)
  })
})

/**
 * Issue 3 end to end: the record browser in real Chromium through the web host, reading a
 * kinesis-local stream that the test fills with known JSON orders (one batch, a marked time,
 * a second batch). Every wait is on a locator, a download or a poll of the UI: no sleeps.
 */
import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListShardsCommand,
  PutRecordsCommand,
  type KinesisClient
} from '@aws-sdk/client-kinesis'
import { createStreamAndWait, kinesisClient } from '../support/emulators'
import { launchBrowser, openApp, screenshot, startApp, type AppUnderTest } from '../support/app-under-test'

interface Order {
  orderId: string
  source: 'web' | 'app'
  storeId: number
  pizzaId: number
  pizza: { size: 'large' | 'small' }
  total: number
  note: string
  timestamp: string
}

interface PutOrder {
  order: Order
  partitionKey: string
  shardId: string
  sequenceNumber: string
  batch: 1 | 2
}

const SHARDS = 3
const stream = `records-e2e-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`

function makeOrder(n: number): Order {
  return {
    orderId: `o-${String(n).padStart(3, '0')}`,
    source: n % 2 === 0 ? 'web' : 'app',
    storeId: n % 3 === 0 ? 42 : 7,
    pizzaId: 100 + n,
    pizza: { size: n % 4 === 0 ? 'large' : 'small' },
    total: 5 + n * 2,
    note: n % 5 === 0 ? 'Extra cheese, please' : 'none',
    timestamp: new Date(Date.UTC(2026, 10, 25, 18, 0, n)).toISOString()
  }
}

let client: KinesisClient
let shardIds: string[] = []
const puts: PutOrder[] = []
let batch2Start = 0
let app: AppUnderTest
let browser: Browser
let page: Page
let consoleErrors: string[] = []

/** Puts orders with explicit hash keys so that every shard gets some, and notes where each landed. */
async function putOrders(numbers: number[], batch: 1 | 2, startingHashKeys: string[]): Promise<void> {
  const orders = numbers.map(makeOrder)
  const out = await client.send(
    new PutRecordsCommand({
      StreamName: stream,
      Records: orders.map((order, i) => ({
        Data: Buffer.from(JSON.stringify(order)),
        PartitionKey: `store-${order.storeId}-${order.orderId}`,
        ExplicitHashKey: startingHashKeys[i % startingHashKeys.length]
      }))
    })
  )
  expect(out.FailedRecordCount ?? 0).toBe(0)
  out.Records?.forEach((r, i) => {
    const order = orders[i]!
    puts.push({ order, partitionKey: `store-${order.storeId}-${order.orderId}`, shardId: r.ShardId!, sequenceNumber: r.SequenceNumber!, batch })
  })
}

/** Arrival times as Kinesis recorded them, read back with the SDK. */
async function arrivalTimes(): Promise<Map<string, number>> {
  const times = new Map<string, number>()
  for (const shardId of shardIds) {
    const { ShardIterator } = await client.send(
      new GetShardIteratorCommand({ StreamName: stream, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' })
    )
    const page = await client.send(new GetRecordsCommand({ ShardIterator }))
    for (const r of page.Records ?? []) times.set(r.SequenceNumber!, r.ApproximateArrivalTimestamp!.getTime())
  }
  return times
}

/** The value Chromium's datetime-local keeps for a UTC time: no trailing zeros in the fraction. */
function dateTimeValue(ms: number): string {
  const iso = new Date(ms).toISOString().slice(0, 23) // 2026-11-25T18:30:05.120
  return iso.replace(/\.?0+$/, '').replace(/:00$/, '')
}

beforeAll(async () => {
  const endpoint = inject('kinesisLocalEndpoint')
  client = kinesisClient(endpoint)
  await createStreamAndWait(client, stream, SHARDS)
  const { Shards } = await client.send(new ListShardsCommand({ StreamName: stream }))
  shardIds = (Shards ?? []).map((s) => s.ShardId!)
  const starts = (Shards ?? []).map((s) => s.HashKeyRange!.StartingHashKey!)
  await putOrders([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], 1, starts)
  const afterBatch1 = await arrivalTimes()
  const batch1Last = Math.max(...afterBatch1.values())
  await putOrders([13, 14, 15, 16, 17, 18], 2, starts)
  const all = await arrivalTimes()
  batch2Start = Math.min(...puts.filter((p) => p.batch === 2).map((p) => all.get(p.sequenceNumber)!))
  // At timestamp must separate the batches: the second arrived strictly later.
  expect(batch2Start).toBeGreaterThan(batch1Last)

  app = await startApp({ AWS_ENDPOINT_URL_KINESIS: endpoint, AWS_REGION: 'us-east-1' })
  browser = await launchBrowser()
  ;({ page, consoleErrors } = await openApp(browser, app))
  await page.getByRole('status').filter({ hasText: `Connected to AWS CLI default · us-east-1 · ${endpoint}` }).waitFor()
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
const statusLine = (): Locator => view().getByTestId('records-status')
const grid = (): Locator => view().getByRole('grid', { name: 'Records' })
const bodyRows = (): Locator => grid().locator('.rec-body [role="row"]')
const shown = (): Locator => view().getByTestId('records-shown')
const detail = (): Locator => view().getByRole('complementary', { name: 'Record detail' })

async function read(position: string, fill: () => Promise<void> = () => Promise.resolve()): Promise<void> {
  await view().getByLabel('Starting position').selectOption({ label: position })
  await fill()
  await view().getByRole('button', { name: 'Read', exact: true }).click()
}

async function waitForStatus(text: string | RegExp): Promise<void> {
  try {
    await statusLine().filter({ hasText: text }).waitFor({ timeout: 20_000 })
  } catch (error) {
    await screenshot(page, 'records-failure')
    const now = await statusLine().innerText().catch(() => '(no status line)')
    const alerts = await view().getByRole('alert').allInnerTexts().catch(() => [])
    throw new Error(`Status never said "${String(text)}"; it says "${now}"; alerts: ${JSON.stringify(alerts)}`, { cause: error })
  }
}

/**
 * The open detail drawer covers none of the session's buttons: each button is the element at its
 * own centre (what a click there would hit), and its box does not overlap the drawer's.
 */
async function expectSessionButtonsUncovered(): Promise<void> {
  const buttons = view().getByRole('form', { name: 'Read records' }).locator('.rec-session-buttons button')
  expect(await buttons.count()).toBe(4)
  for (const button of await buttons.all()) {
    // A short window scrolls the content (not the drawer): bring the button into view first.
    await button.scrollIntoViewIfNeeded()
    const box = (await button.boundingBox())!
    const drawer = await detail().boundingBox()
    const name = await button.innerText()
    const overlaps = drawer !== null && box.x < drawer.x + drawer.width && box.x + box.width > drawer.x && box.y < drawer.y + drawer.height && box.y + box.height > drawer.y
    expect(overlaps, `${name} is under the detail drawer`).toBe(false)
    const hit = await button.evaluate((el) => {
      const r = el.getBoundingClientRect()
      return el.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2))
    })
    expect(hit, `${name} is not the element at its centre`).toBe(true)
  }
}

/** Sequence numbers of the rendered rows, top to bottom. */
async function rowSequences(): Promise<string[]> {
  const rows = await bodyRows().all()
  const entries = await Promise.all(
    rows.map(async (row) => ({
      index: Number(await row.getAttribute('aria-rowindex')),
      sequence: (await row.getAttribute('data-sequence')) ?? ''
    }))
  )
  return entries.sort((a, b) => a.index - b.index).map((e) => e.sequence)
}

const bySequence = (sequence: string): PutOrder => puts.find((p) => p.sequenceNumber === sequence)!

describe('record browser', () => {
  test('(a) Read from Trim horizon shows every record of every shard, merged by arrival time', async () => {
    await read('Trim horizon')
    await waitForStatus(`Read every shard to its tip — ${puts.length} records`)
    expect(await grid().getAttribute('aria-rowcount')).toBe(String(puts.length + 1))
    await shown().filter({ hasText: `${puts.length} of ${puts.length} shown` }).waitFor()
    const sequences = await rowSequences()
    expect(sequences).toHaveLength(puts.length) // 18 rows: all rendered (fewer than the overscan window)
    expect(new Set(sequences)).toEqual(new Set(puts.map((p) => p.sequenceNumber)))
    expect(new Set(sequences.map((s) => bySequence(s).shardId))).toEqual(new Set(shardIds))
    // Batch 1 before batch 2: the view is in arrival order across shards.
    const batches = sequences.map((s) => bySequence(s).batch)
    expect(batches).toEqual([...batches].sort())
    // Per-shard progress: every shard read to its tip, within the GetRecords budget.
    await view().locator('.rec-progress summary').filter({ hasText: `Shards (${SHARDS})` }).click()
    const progress = view().getByRole('table', { name: 'Shard progress' })
    for (const shardId of shardIds) {
      const row = progress.locator(`tr[data-shard="${shardId}"]`)
      await expect.poll(() => row.locator('td').nth(1).innerText()).toMatch(/At the tip|Finished/)
      expect(Number(await row.locator('td').nth(2).innerText())).toBe(puts.filter((p) => p.shardId === shardId).length)
    }
    expect(await progress.getByRole('meter', { name: 'Read budget' }).count()).toBe(SHARDS)
    await screenshot(page, 'records-trim-horizon')
  })

  test('(e) selecting a row opens the detail pane with pretty JSON; the keyboard moves the selection', async () => {
    const first = bodyRows().first()
    const sequence = (await first.getAttribute('data-sequence'))!
    const put = bySequence(sequence)
    await first.click()
    expect(await first.getAttribute('aria-selected')).toBe('true')
    await detail().waitFor()
    expect(await detail().getByTestId('detail-sequence-number').innerText()).toBe(sequence)
    await detail().getByText(put.partitionKey, { exact: true }).waitFor()
    const json = detail().getByRole('group', { name: 'JSON tree' })
    await json.getByText(`"${put.order.orderId}"`, { exact: true }).waitFor()
    await json.getByText('"pizza":', { exact: true }).waitFor()
    expect(await json.innerText()).toContain(`"storeId": ${put.order.storeId}`)
    await expectSessionButtonsUncovered()
    await screenshot(page, 'records-detail')

    // Keyboard: ArrowDown selects the next row, Enter focuses the pane, Escape closes it.
    await grid().focus()
    await page.keyboard.press('ArrowDown')
    await grid().locator('[role="row"][aria-selected="true"][aria-rowindex="3"]').waitFor()
    expect(await grid().locator('[role="row"][aria-selected="true"]').count()).toBe(1)
    const secondSequence = (await grid().locator('[role="row"][aria-selected="true"]').getAttribute('data-sequence'))!
    await detail().getByTestId('detail-sequence-number').filter({ hasText: secondSequence }).waitFor()
    await page.keyboard.press('End')
    await grid().locator(`[role="row"][aria-selected="true"][aria-rowindex="${puts.length + 1}"]`).waitFor()
    await page.keyboard.press('Home')
    await grid().locator('[role="row"][aria-selected="true"][aria-rowindex="2"]').waitFor()
    await page.keyboard.press('Enter')
    await expect.poll(() => detail().evaluate((el) => el === document.activeElement)).toBe(true)
    await page.keyboard.press('Escape')
    await detail().waitFor({ state: 'detached' })
    await expect.poll(() => grid().evaluate((el) => el === document.activeElement)).toBe(true)
  })

  test('(d) text and JSON field filters narrow to "N of M shown"; a bad expression says why', async () => {
    const total = puts.length
    const cheese = puts.filter((p) => p.order.note.includes('cheese')).length
    await view().getByLabel('Text contains').fill('EXTRA CHEESE')
    await shown().filter({ hasText: `${cheese} of ${total} shown` }).waitFor()
    expect(await bodyRows().count()).toBe(cheese)
    await view().getByLabel('Text contains').fill('')

    const store42 = puts.filter((p) => p.order.storeId === 42).length
    const field = view().getByLabel('JSON field')
    await field.fill('storeId = 42')
    await shown().filter({ hasText: `${store42} of ${total} shown` }).waitFor()
    const largeOver20 = puts.filter((p) => p.order.pizza.size === 'large' && p.order.total > 20).length
    await field.fill('pizza.size contains LARGE and total > 20')
    await shown().filter({ hasText: `${largeOver20} of ${total} shown` }).waitFor()
    for (const sequence of await rowSequences()) {
      expect(bySequence(sequence).order.pizza.size).toBe('large')
    }
    await field.fill('storeId == 42')
    await view().getByText('Use = to compare (not ==)').waitFor()
    expect(await field.getAttribute('aria-invalid')).toBe('true')

    await field.fill('')
    await view().getByLabel('Regex').fill('o-01[0-2]')
    await shown().filter({ hasText: `3 of ${total} shown` }).waitFor()
    await view().getByLabel('Regex').fill('o-(')
    await view().locator('.field-error').filter({ hasText: /Unterminated group|missing/i }).waitFor()
    await screenshot(page, 'records-filter-error')
    await view().getByRole('button', { name: 'Clear filters' }).click()
    await shown().filter({ hasText: `${total} of ${total} shown` }).waitFor()
  })

  test('(f) Export JSON Lines downloads a file whose lines are the records, ready to put again', async () => {
    await view().getByRole('textbox', { name: 'Partition key' }).fill('store-42')
    const store42 = puts.filter((p) => p.order.storeId === 42)
    await shown().filter({ hasText: `${store42.length} of ${puts.length} shown` }).waitFor()
    await view().getByRole('button', { name: 'Export…' }).click()
    const panel = view().getByRole('region', { name: 'Export records' })
    await panel.getByLabel(`Filtered records (${store42.length})`).check()
    await screenshot(page, 'records-export')
    const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Export JSON Lines' }).click()])
    expect(download.suggestedFilename()).toMatch(new RegExp(`^${stream}-\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}Z\\.jsonl$`))
    const content = await readFile(await download.path(), 'utf8')
    const lines = content.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(lines).toHaveLength(store42.length)
    for (const line of lines) {
      const put = bySequence(line.sequenceNumber as string)
      expect(put.order.storeId).toBe(42)
      expect(line).toMatchObject({
        streamName: stream,
        shardId: put.shardId,
        partitionKey: put.partitionKey,
        subSequenceNumber: null,
        explicitHashKey: null,
        decoded: put.order,
        decodeSteps: ['utf8', 'json'],
        decodeError: null
      })
      expect(JSON.parse(Buffer.from(line.dataBase64 as string, 'base64').toString('utf8'))).toEqual(put.order)
      expect(Number.isNaN(Date.parse(line.arrivalTime as string))).toBe(false)
    }
    await panel.getByText(`Downloaded ${store42.length} records as ${download.suggestedFilename()}`).waitFor()

    // CSV of everything loaded: a header and one row per record.
    await panel.getByLabel(`All loaded records (${puts.length})`).check()
    const [csv] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Export CSV' }).click()])
    const csvText = await readFile(await csv.path(), 'utf8')
    const rows = csvText.split('\r\n')
    expect(rows[0]).toBe('arrivalTime,shardId,sequenceNumber,partitionKey,size,text')
    expect(rows).toHaveLength(puts.length + 2)
    expect(rows[1]).toMatch(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z,shardId-\d+,\d+,store-\d+-o-\d+,\d+,"\{""orderId"":/)
    await panel.getByRole('button', { name: 'Close' }).click()
    await view().getByRole('button', { name: 'Clear filters' }).click()
  })

  test('(b) At timestamp between two puts shows only the later batch', async () => {
    await read('At timestamp', async () => {
      await view().getByRole('group', { name: 'Timestamp time zone' }).getByRole('button', { name: 'UTC' }).click()
      await view().getByLabel('Timestamp (UTC)').fill(dateTimeValue(batch2Start))
    })
    const batch2 = puts.filter((p) => p.batch === 2)
    await waitForStatus(`Read every shard to its tip — ${batch2.length} records`)
    const sequences = await rowSequences()
    expect(new Set(sequences)).toEqual(new Set(batch2.map((p) => p.sequenceNumber)))
    await screenshot(page, 'records-at-timestamp')
  })

  test('(c) At sequence number starts with that record, After with the next; a wrong one shows main\'s error', async () => {
    const shardId = shardIds[1]!
    const inShard = puts.filter((p) => p.shardId === shardId)
    const target = inShard[1]!
    const sequenceFields = async (sequence: string): Promise<void> => {
      await view().getByLabel('Sequence number', { exact: true }).fill(sequence)
      await view().getByLabel('Shard', { exact: true }).selectOption(shardId)
    }

    await read('At sequence number', () => sequenceFields(target.sequenceNumber))
    await waitForStatus(`Read every shard to its tip — ${inShard.length - 1} records`)
    expect((await rowSequences())[0]).toBe(target.sequenceNumber)
    await screenshot(page, 'records-at-sequence')

    await read('After sequence number', () => sequenceFields(target.sequenceNumber))
    await waitForStatus(`Read every shard to its tip — ${inShard.length - 2} records`)
    expect((await rowSequences())[0]).toBe(inShard[2]!.sequenceNumber)

    // Checked before sending: digits only.
    await read('At sequence number', () => sequenceFields('12a'))
    await view().getByText('A sequence number has digits only (up to 128)').waitFor()
    // Checked by Kinesis: a number that is no record position of this shard.
    await read('At sequence number', () => sequenceFields('123'))
    const alert = view().getByRole('alert').filter({ hasText: 'is not a record position' })
    await alert.waitFor()
    expect(await alert.innerText()).toContain('Copy the sequence number from a record of this shard')
    await screenshot(page, 'records-invalid-sequence')

    // "Read from here" in the detail pane: a new Read at that record's position.
    await read('Trim horizon')
    await waitForStatus(`Read every shard to its tip — ${puts.length} records`)
    await grid().locator(`[role="row"][data-sequence="${target.sequenceNumber}"]`).click()
    await detail().getByRole('button', { name: 'Read from here' }).click()
    await waitForStatus(`Read every shard to its tip — ${inShard.length - 1} records`)
    expect((await rowSequences())[0]).toBe(target.sequenceNumber)
    expect(await view().getByLabel('Starting position').inputValue()).toBe('AT_SEQUENCE_NUMBER')
    expect(await view().getByLabel('Sequence number', { exact: true }).inputValue()).toBe(target.sequenceNumber)
  })

  test('(g) a Read that reaches "Keep at most" pauses, says so, and continues by dropping the oldest with a count', async () => {
    const cap = view().getByLabel('Keep at most')
    await cap.fill('10')
    await cap.press('Enter')
    await read('Trim horizon')
    const notice = view().getByRole('alert').filter({ hasText: 'Reached the 10-record limit. Reading is paused.' })
    await notice.waitFor()
    await expect.poll(() => grid().getAttribute('aria-rowcount')).toBe('11')
    await screenshot(page, 'records-cap-reached')
    await notice.getByRole('button', { name: 'Continue (drop oldest)' }).click()
    await notice.waitFor({ state: 'detached' })
    await waitForStatus(`Read every shard to its tip — 10 records · ${puts.length - 10} older records dropped`)
    // The newest ten remain.
    const kept = await rowSequences()
    expect(kept).toHaveLength(10)
    expect(kept.filter((s) => bySequence(s).batch === 2)).toHaveLength(6)
  })

  test('(h) Live tail follows new records, drops the oldest past the limit with a count, and stops', async () => {
    await view().getByLabel('Starting position').selectOption({ label: 'Trim horizon' })
    await view().getByRole('button', { name: 'Live tail' }).click()
    await waitForStatus(`Tailing… 10 records · ${puts.length - 10} older records dropped`)
    const starts = (await client.send(new ListShardsCommand({ StreamName: stream }))).Shards!.map((s) => s.HashKeyRange!.StartingHashKey!)
    await putOrders([19, 20, 21], 2, starts)
    await waitForStatus(`Tailing… 10 records · ${puts.length - 10} older records dropped`)
    const newest = await rowSequences()
    expect(newest.slice(-3).map((s) => bySequence(s).order.orderId).sort()).toEqual(['o-019', 'o-020', 'o-021'])
    // The view follows the tail: the newest row is scrolled into view.
    const lastRow = grid().locator('[role="row"][aria-rowindex="11"]')
    await expect
      .poll(async () => {
        const [row, box] = await Promise.all([lastRow.boundingBox(), grid().boundingBox()])
        return row !== null && box !== null && row.y + row.height <= box.y + box.height + 1
      })
      .toBe(true)
    await screenshot(page, 'records-live-tail')
    await view().getByRole('button', { name: 'Pause' }).click()
    await waitForStatus('Paused — 10 records')
    await view().getByRole('button', { name: 'Resume' }).click()
    await waitForStatus('Tailing…')
    await view().getByRole('button', { name: 'Stop' }).click()
    await waitForStatus(`Stopped — 10 records · ${puts.length - 10} older records dropped`)
    const cap = view().getByLabel('Keep at most')
    await cap.fill('100000')
    await cap.press('Enter')
  })

  test('(i) a small window still shows the toolbar, the rows and the detail pane', async () => {
    await page.setViewportSize({ width: 1000, height: 700 })
    await bodyRows().first().click()
    await detail().getByTestId('detail-sequence-number').waitFor()
    expect(await grid().isVisible()).toBe(true)
    await expectSessionButtonsUncovered()
    await screenshot(page, 'records-1000x700')
    await page.keyboard.press('Escape')
    await detail().waitFor({ state: 'detached' })
    await page.setViewportSize({ width: 1400, height: 900 })
  })

  test('no console errors along the way', () => {
    expect(consoleErrors).toEqual([])
  })
})

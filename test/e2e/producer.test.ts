/**
 * Issue 6 end to end, in Chromium through the web host: the Send tab (an order through the seed's
 * form, its shard and sequence number, Read from here; a bulk of 2,000 with its progress bar and
 * final counts) on the embedded sandbox, and Replay… of filtered rows onto another stream of
 * kinesis-local with its dry run and typed confirmation. What the UI says is checked against what
 * the streams hold, read with the SDK. Every wait is on a locator or a poll: no sleeps.
 */
import { readFile } from 'node:fs/promises'
import { GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand, type KinesisClient, type _Record } from '@aws-sdk/client-kinesis'
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { seriousAxeViolations } from '../support/axe'
import { browserSuite, screenshot } from '../support/app-under-test'
import { createStreamAndWait, kinesisClient } from '../support/emulators'
import { streamWithOrders, uniqueName } from '../support/stream-fixtures'

const suite = browserSuite()
const clients: KinesisClient[] = []
afterAll(() => clients.forEach((c) => c.destroy()))

const status = (page: Page): Locator => page.getByRole('status').filter({ hasText: /Connected to/ })
const streamView = (page: Page, stream: string): Locator => page.getByRole('region', { name: `Stream ${stream}` })
const sendPanel = (page: Page): Locator => page.getByRole('tabpanel', { name: 'Send' })

async function openStream(page: Page, stream: string, tab: 'Send' | 'Records'): Promise<void> {
  await page.getByLabel('Search streams').fill(stream)
  await page.getByRole('listbox', { name: 'Streams' }).getByRole('option', { name: stream, exact: true }).click()
  await page.getByRole('heading', { level: 2, name: stream, exact: true }).waitFor()
  await streamView(page, stream).getByRole('tab', { name: tab }).click()
}

/** The sandbox's endpoint, as the status line shows it. */
async function sandboxEndpoint(page: Page): Promise<string> {
  const text = await status(page).filter({ hasText: 'Connected to Local sandbox' }).innerText()
  const endpoint = /http:\/\/127\.0\.0\.1:\d+/.exec(text)?.[0]
  if (endpoint === undefined) throw new Error(`No endpoint in "${text}"`)
  return endpoint
}

/** Every record of every shard from Trim horizon, with the SDK. */
async function allRecords(client: KinesisClient, stream: string): Promise<(_Record & { shardId: string })[]> {
  const { Shards } = await client.send(new ListShardsCommand({ StreamName: stream }))
  const out: (_Record & { shardId: string })[] = []
  for (const shard of Shards ?? []) {
    let { ShardIterator: iterator } = await client.send(
      new GetShardIteratorCommand({ StreamName: stream, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' })
    )
    while (iterator !== undefined) {
      const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }))
      const records = page.Records ?? []
      out.push(...records.map((r) => ({ ...r, shardId: shard.ShardId ?? '' })))
      if (records.length === 0) break
      iterator = page.NextShardIterator
    }
  }
  return out
}

const text = (data: Uint8Array | undefined): string => Buffer.from(data ?? new Uint8Array()).toString('utf8')

async function expectNoSeriousViolations(page: Page, selector: string): Promise<void> {
  expect(await seriousAxeViolations(page, selector)).toEqual([])
}

describe('send tab', () => {
  test('an order sent through the form shows its shard and sequence number; Read from here shows it in the record browser', async () => {
    const { page, consoleErrors } = await suite.start({})
    await status(page).filter({ hasText: 'Connected to Local sandbox' }).waitFor()
    await openStream(page, 'OrderStream', 'Send')
    const panel = sendPanel(page)
    const form = panel.getByRole('form', { name: 'Record to send' })
    await form.getByLabel('Payload type').waitFor()
    expect(await form.getByLabel('Payload type').inputValue()).toBe('order')
    expect(await form.getByLabel('Source', { exact: true }).inputValue()).toBe('web')
    expect(await form.getByRole('textbox', { name: 'Partition key' }).inputValue()).toBe('weborder')
    // The built-in template is listed first; the preview shows the next bulk records.
    await expect.poll(() => panel.getByLabel('Template').locator('option').nth(1).innerText()).toBe('Pizza order (seed article) · built-in')
    expect(await panel.getByRole('region', { name: 'Preview' }).locator('li').count()).toBe(3)

    // Limits are checked before sending, with the reason.
    await form.getByRole('textbox', { name: 'Partition key' }).fill('')
    await form.getByText('Enter a partition key (1–256 characters).').waitFor()
    expect(await form.getByRole('button', { name: 'Send record' }).isDisabled()).toBe(true)
    await form.getByRole('textbox', { name: 'Partition key' }).fill('weborder')
    await form.getByLabel('Timestamp').fill('yesterday')
    await form.getByText(/A timestamp is ISO 8601/).waitFor()
    await form.getByLabel('Timestamp').fill('')

    await form.getByLabel('Source', { exact: true }).fill('mobile')
    await form.getByLabel('Store id').fill('117')
    await form.getByLabel('Pizza id').fill('diavola')
    await expectNoSeriousViolations(page, '#stream-panel-send')
    await screenshot(page, 'producer-send-tab')
    await form.getByRole('button', { name: 'Send record' }).click()

    const result = form.getByRole('status', { name: 'Last send' })
    await result.waitFor()
    const shardId = await result.getByTestId('sent-shard').innerText()
    const sequenceNumber = await result.getByTestId('sent-sequence').innerText()
    expect(shardId).toMatch(/^shardId-\d{12}$/)
    expect(sequenceNumber).toMatch(/^\d{20,}$/)
    const history = panel.getByRole('table', { name: 'Sent records' })
    await history.getByRole('row').filter({ hasText: sequenceNumber }).waitFor()
    expect(await history.locator('tbody tr').count()).toBe(1)
    expect(await history.locator('tbody tr').first().innerText()).toContain('"StoreId":"117"')
    await screenshot(page, 'producer-send-order')

    // What the stream holds is the seed's order, as the seed serialised it.
    const client = kinesisClient(await sandboxEndpoint(page))
    clients.push(client)
    const onStream = (await allRecords(client, 'OrderStream')).find((r) => r.SequenceNumber === sequenceNumber)
    expect(onStream?.shardId).toBe(shardId)
    expect(onStream?.PartitionKey).toBe('weborder')
    const order = JSON.parse(text(onStream?.Data)) as Record<string, string>
    expect(Object.keys(order)).toEqual(['Id', 'Source', 'StoreId', 'PizzaId', 'Timestamp'])
    expect(order).toMatchObject({ Source: 'mobile', StoreId: '117', PizzaId: 'diavola' })
    expect(order.Id).toMatch(/^[0-9a-f-]{36}$/)
    expect(Math.abs(Date.parse(order.Timestamp ?? '') - Date.now())).toBeLessThan(60_000)

    // Read from here: the record browser reads At that sequence number on that shard.
    await result.getByRole('button', { name: 'Read from here' }).click()
    const records = page.getByRole('region', { name: 'Records of OrderStream' })
    await records.waitFor()
    expect(await streamView(page, 'OrderStream').getByRole('tab', { name: 'Records' }).getAttribute('aria-selected')).toBe('true')
    const firstRow = records.getByRole('grid', { name: 'Records' }).locator('.rec-body [role="row"]').first()
    await expect.poll(() => firstRow.getAttribute('data-sequence'), { timeout: 20_000 }).toBe(sequenceNumber)
    expect(await firstRow.innerText()).toContain('diavola')
    expect(await records.getByLabel('Starting position').inputValue()).toBe('AT_SEQUENCE_NUMBER')
    await screenshot(page, 'producer-read-from-here')
    expect(consoleErrors).toEqual([])
  })

  test('a bulk send of 2,000 runs to completion with its progress bar and final counts, and the stream holds them', async () => {
    const { page, consoleErrors } = await suite.start({})
    await status(page).filter({ hasText: 'Connected to Local sandbox' }).waitFor()
    const client = kinesisClient(await sandboxEndpoint(page))
    clients.push(client)
    const before = (await allRecords(client, 'OrderStream')).length
    await openStream(page, 'OrderStream', 'Send')
    const panel = sendPanel(page)
    // Random keys spread the orders over both shards.
    await panel.getByRole('form', { name: 'Record to send' }).getByLabel('Random per record').check()
    const bulk = panel.getByRole('region', { name: 'Bulk send' })
    await bulk.getByLabel('Records', { exact: true }).fill('2000')
    // At most 1,000 a second: the run takes about two seconds, so its progress is seen part way.
    await bulk.getByLabel('At most').check()
    await bulk.getByLabel('Records per second').fill('1000')
    await bulk.getByRole('button', { name: 'Start bulk send' }).click()

    const bar = bulk.getByRole('progressbar', { name: 'Bulk send to OrderStream: records sent' })
    const report = bulk.getByRole('region', { name: 'Final report' })
    await bar.waitFor()
    await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 20_000 }).toBeGreaterThan(0)
    const partWay = Number(await bar.getAttribute('aria-valuenow'))
    expect(partWay).toBeLessThan(100)
    const counts = bulk.getByRole('region', { name: 'Bulk send to OrderStream progress' })
    expect(await counts.innerText()).toMatch(/Sent\s+[\d,]+[\s\S]*Failed\s+0[\s\S]*Retrying\s+\d+[\s\S]*Outcome unknown\s+0[\s\S]*Rate\s+[\d,]+ records\/s[\s\S]*Time left/)
    await screenshot(page, 'producer-bulk-progress')
    await report.getByTestId('job-report-counts').filter({ hasText: '2,000 of 2,000 sent · 0 failed' }).waitFor({ timeout: 60_000 })
    expect(await report.getByRole('heading').innerText()).toMatch(/^Bulk send completed in /)
    const perShard = report.getByRole('table', { name: 'Records per shard' })
    const shardCounts = (await perShard.locator('tbody tr td:nth-child(2)').allInnerTexts()).map((t) => Number(t.replace(/,/g, '')))
    expect(shardCounts.reduce((a, b) => a + b, 0)).toBe(2000)
    expect(shardCounts).toHaveLength(2)
    await screenshot(page, 'producer-bulk-report')

    const after = await allRecords(client, 'OrderStream')
    expect(after.length - before).toBe(2000)
    expect(consoleErrors).toEqual([])
  })
})

describe('templates and cancel', () => {
  test('a JSON payload is checked as typed; a template is saved, exported, removed and imported back', async () => {
    const { page, consoleErrors } = await suite.start({})
    await status(page).filter({ hasText: 'Connected to Local sandbox' }).waitFor()
    await openStream(page, 'OrderStream', 'Send')
    const panel = sendPanel(page)
    const form = panel.getByRole('form', { name: 'Record to send' })
    await form.getByLabel('Payload type').selectOption('json')
    const body = form.getByRole('textbox', { name: 'Payload', exact: true })
    await body.fill('{\n  "store": "{{int:1:9}}",\n  "n": }')
    await form.getByText("The payload is not valid JSON (line 3, column 8): Unexpected token '}'").waitFor()
    await form.getByRole('button', { name: 'Go to line 3, column 8' }).click()
    const caret = await body.evaluate((el) => {
      const area = el as HTMLTextAreaElement
      return { at: area.value[area.selectionStart], focused: document.activeElement === area }
    })
    expect(caret).toEqual({ at: '}', focused: true })
    await body.fill('{"store": "{{int:1:9}}", "n": {{counter}}}')
    const preview = panel.getByRole('region', { name: 'Preview' })
    await expect.poll(() => preview.locator('pre').allInnerTexts()).toEqual([
      expect.stringMatching(/^\{"store": "[1-9]", "n": 1\}$/),
      expect.stringMatching(/^\{"store": "[1-9]", "n": 2\}$/),
      expect.stringMatching(/^\{"store": "[1-9]", "n": 3\}$/)
    ])

    const templates = panel.getByRole('region', { name: 'Templates' })
    await templates.getByLabel('Save the record above as').fill('Counter orders')
    await templates.getByRole('button', { name: 'Save template' }).click()
    await templates.getByRole('status').filter({ hasText: 'Saved template “Counter orders”.' }).waitFor()
    expect(await templates.getByLabel('Template', { exact: true }).locator('option').allInnerTexts()).toEqual([
      'Choose a template to load…',
      'Pizza order (seed article) · built-in',
      'Counter orders'
    ])
    const [download] = await Promise.all([page.waitForEvent('download'), templates.getByRole('button', { name: 'Export templates…' }).click()])
    const exported = await readFile(await download.path(), 'utf8')
    expect(JSON.parse(exported)).toMatchObject({ templates: [{ name: 'Counter orders', template: { encoding: 'json', body: '{"store": "{{int:1:9}}", "n": {{counter}}}' } }] })

    // The built-in one loads into the editor and cannot be removed.
    await templates.getByLabel('Template', { exact: true }).selectOption({ label: 'Pizza order (seed article) · built-in' })
    expect(await body.inputValue()).toContain('"PizzaId": "{{oneOf:margherita|pepperoni|quattro-formaggi|hawaiian|diavola}}"')
    expect(await templates.getByRole('button', { name: 'Remove' }).isDisabled()).toBe(true)
    await templates.getByLabel('Template', { exact: true }).selectOption({ label: 'Counter orders' })
    await templates.getByRole('button', { name: 'Remove' }).click()
    await templates.getByRole('status').filter({ hasText: 'Removed template “Counter orders”.' }).waitFor()
    expect(await templates.getByLabel('Template', { exact: true }).locator('option').count()).toBe(2)

    await templates.getByLabel('Templates file to import').setInputFiles({ name: 'templates.json', mimeType: 'application/json', buffer: Buffer.from(exported) })
    await templates.getByRole('status').filter({ hasText: 'Imported 1 template.' }).waitFor()
    await templates.getByLabel('Template', { exact: true }).locator('option', { hasText: 'Counter orders' }).waitFor({ state: 'attached' })
    await panel.getByText('Placeholders', { exact: true }).click()
    await panel.getByRole('table', { name: 'Placeholders' }).getByText('{{uuid}}').waitFor()
    await screenshot(page, 'producer-templates')
    expect(consoleErrors).toEqual([])
  })

  test('a bulk send until stopped is cancelled, and its report matches what the stream holds', async () => {
    const { page, consoleErrors } = await suite.start({})
    await status(page).filter({ hasText: 'Connected to Local sandbox' }).waitFor()
    const client = kinesisClient(await sandboxEndpoint(page))
    clients.push(client)
    const before = (await allRecords(client, 'OrderStream')).length
    await openStream(page, 'OrderStream', 'Send')
    const bulk = sendPanel(page).getByRole('region', { name: 'Bulk send' })
    await bulk.getByLabel('Until stopped').check()
    await bulk.getByLabel('At most').check()
    await bulk.getByLabel('Records per second').fill('200')
    await bulk.getByRole('button', { name: 'Start bulk send' }).click()
    const progress = bulk.getByRole('region', { name: 'Bulk send to OrderStream progress' })
    await progress.getByTestId('job-headline').filter({ hasText: /^[1-9][\d,]* sent$/ }).waitFor({ timeout: 20_000 })
    // Until stopped: no end, so the bar has no value and there is no time left to show.
    expect(await bulk.getByRole('progressbar').getAttribute('aria-valuenow')).toBeNull()
    expect(await progress.innerText()).toContain('until stopped')
    await progress.getByRole('button', { name: 'Cancel' }).click()
    const report = bulk.getByRole('region', { name: 'Final report' })
    await report.waitFor({ timeout: 20_000 })
    expect(await report.getByRole('heading').innerText()).toMatch(/^Bulk send cancelled after /)
    const counts = await report.getByTestId('job-report-counts').innerText()
    const match = /^([\d,]+) of ([\d,]+) sent · 0 failed/.exec(counts)
    expect(match, counts).not.toBeNull()
    const sent = Number(match![1]!.replace(/,/g, ''))
    expect(sent).toBeGreaterThan(0)
    expect((await allRecords(client, 'OrderStream')).length - before).toBe(sent)
    expect(consoleErrors).toEqual([])
  })
})

describe('replay', () => {
  let client: KinesisClient
  let source: { name: string }
  let target: string
  beforeAll(async () => {
    client = kinesisClient(inject('kinesisLocalEndpoint'))
    clients.push(client)
    source = await streamWithOrders(client, 2, 30, 'replay-src')
    target = uniqueName('replay-dst')
    await createStreamAndWait(client, target, 3)
  })

  test('filtered rows replayed onto another stream after a dry run and the typed name; the target holds exactly them', async () => {
    const endpoint = inject('kinesisLocalEndpoint')
    const { page, consoleErrors } = await suite.start({ AWS_ENDPOINT_URL_KINESIS: endpoint, AWS_REGION: 'us-east-1' })
    await status(page).filter({ hasText: `Connected to AWS CLI default · us-east-1 · ${endpoint}` }).waitFor()
    await openStream(page, source.name, 'Records')
    const view = page.getByRole('region', { name: `Records of ${source.name}` })
    await view.getByLabel('Starting position').selectOption({ label: 'Trim horizon' })
    await view.getByRole('button', { name: 'Read', exact: true }).click()
    await view.getByTestId('records-status').filter({ hasText: 'Read every shard to its tip — 30 records' }).waitFor({ timeout: 20_000 })
    await view.getByLabel('JSON field').fill('storeId = 103')
    await view.getByTestId('records-shown').filter({ hasText: '4 of 30 shown' }).waitFor()

    await view.getByRole('button', { name: 'Replay…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Replay records' })
    await dialog.waitFor()
    await dialog.getByLabel('Records the filter shows (4)').check()

    // A broken JSON Lines file names its line, and nothing can be sent from it as it is.
    const good = JSON.stringify({ partitionKey: 'a', explicitHashKey: null, dataBase64: 'aGk=' })
    await dialog.getByLabel('JSON Lines file to replay').setInputFiles({
      name: 'broken.jsonl',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(`${good}\n{"partitionKey": "b"}\n`)
    })
    await dialog.getByRole('list', { name: 'Broken lines' }).getByText(/^Line 2: /).waitFor()
    await dialog.getByRole('button', { name: 'Dry run', exact: true }).click()
    await dialog.getByRole('alert').filter({ hasText: '1 line of broken.jsonl cannot be replayed' }).waitFor()
    await dialog.getByLabel('Records the filter shows (4)').check()

    await dialog.getByLabel('Target stream').fill(target)
    await dialog.getByRole('button', { name: 'Dry run', exact: true }).click()
    const plan = dialog.getByRole('region', { name: 'Dry run' })
    await plan.getByTestId('replay-plan-summary').filter({ hasText: `Dry run: 4 records would go to ${target}` }).waitFor()
    const planned = (await plan.locator('tbody tr td:nth-child(2)').allInnerTexts()).map(Number)
    expect(planned).toHaveLength(3)
    expect(planned.reduce((a, b) => a + b, 0)).toBe(4)
    expect(await allRecords(client, target)).toEqual([]) // a dry run sends nothing

    // Not the sandbox: the target's name must be typed.
    const start = dialog.getByRole('button', { name: 'Start replay' })
    expect(await start.isDisabled()).toBe(true)
    await dialog.getByLabel(`Type ${target} to confirm`).fill(target)
    await expectNoSeriousViolations(page, 'dialog[open]')
    await screenshot(page, 'producer-replay-dry-run')
    await start.click()
    await dialog.getByTestId('job-report-counts').filter({ hasText: '4 of 4 sent · 0 failed' }).waitFor({ timeout: 30_000 })
    await screenshot(page, 'producer-replay-report')

    // The target holds exactly the filtered records: keys and bytes, each key's records in order.
    const sent = await allRecords(client, target)
    const expected = (await allRecords(client, source.name)).filter((r) => (JSON.parse(text(r.Data)) as { storeId: number }).storeId === 103)
    const key = (r: _Record): string => `${r.PartitionKey ?? ''}\n${text(r.Data)}`
    expect(sent.map(key).sort()).toEqual(expected.map(key).sort())
    await dialog.getByRole('button', { name: 'Close', exact: true }).click()
    await dialog.waitFor({ state: 'detached' })
    expect(consoleErrors).toEqual([])
  })

  test('rows marked with Space are replayed onto the sandbox stream, exactly those', async () => {
    const { page, consoleErrors } = await suite.start({})
    await status(page).filter({ hasText: 'Connected to Local sandbox' }).waitFor()
    const client = kinesisClient(await sandboxEndpoint(page))
    clients.push(client)
    const before = await allRecords(client, 'OrderStream')
    await openStream(page, 'OrderStream', 'Records')
    const view = page.getByRole('region', { name: 'Records of OrderStream' })
    await view.getByRole('button', { name: 'Read', exact: true }).click()
    await view.getByTestId('records-status').filter({ hasText: `— ${before.length} records` }).waitFor()
    const grid = view.getByRole('grid', { name: 'Records' })
    const rows = grid.locator('.rec-row')
    const markedCount = () => grid.locator('.rec-row-marked').count()
    // From the keyboard: a row is selected by a click or the arrows, and Space marks it.
    await rows.nth(1).click()
    await view.getByRole('button', { name: 'Copy sequence number' }).waitFor()
    await grid.press(' ')
    await expect.poll(markedCount).toBe(1)
    await grid.press('ArrowDown')
    await grid.press('ArrowDown')
    await grid.press(' ')
    await expect.poll(markedCount).toBe(2)
    await grid.press('ArrowDown')
    await grid.press(' ')
    await expect.poll(markedCount).toBe(3)
    expect(await grid.locator('[aria-selected="true"]').count()).toBe(3)
    const marked = await grid.locator('.rec-row-marked').evaluateAll((els) => els.map((el) => el.getAttribute('data-sequence')))
    expect(marked).toHaveLength(3)

    await view.getByRole('button', { name: 'Replay…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Replay records' })
    await dialog.getByLabel('The selected records (3)').check()
    await dialog.getByLabel('Target stream').fill('OrderStream')
    await dialog.getByRole('button', { name: 'Dry run', exact: true }).click()
    await dialog.getByTestId('replay-plan-summary').filter({ hasText: 'Dry run: 3 records would go to OrderStream' }).waitFor()
    // The sandbox asks for no typed name.
    await dialog.getByRole('button', { name: 'Start replay' }).click()
    await dialog.getByTestId('job-report-counts').filter({ hasText: '3 of 3 sent · 0 failed' }).waitFor({ timeout: 30_000 })

    const after = await allRecords(client, 'OrderStream')
    const added = after.filter((r) => !before.some((b) => b.SequenceNumber === r.SequenceNumber))
    const data = (r: _Record): string => Buffer.from(r.Data ?? new Uint8Array()).toString('utf8')
    const originals = before.filter((r) => marked.includes(r.SequenceNumber ?? ''))
    expect(added.map(data).sort()).toEqual(originals.map(data).sort())
    expect(added.map((r) => r.PartitionKey).sort()).toEqual(originals.map((r) => r.PartitionKey).sort())
    expect(consoleErrors).toEqual([])
  })
})

/**
 * Record distribution strategy end to end, in Chromium, through the test proxy that emulates it
 * in front of kinesis-local: an on-demand stream changed to AUTO from its summary (the consequence
 * for ordering stated, the name typed), then key → shard, the hash-key map, the Send tab and the
 * replay dry run saying that keys are ignored instead of predicting a shard.
 */
import { CreateStreamCommand, DescribeStreamSummaryCommand, type KinesisClient } from '@aws-sdk/client-kinesis'
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { AUTO_HASH_KEY_REASON } from '../../src/renderer/src/features/streams/distribution'
import { browserSuite, screenshot } from '../support/app-under-test'
import { seriousAxeViolations } from '../support/axe'
import { kinesisClient } from '../support/emulators'
import { startKinesisProxy, type KinesisProxy } from '../support/kinesis-proxy'
import { putAll, uniqueName } from '../support/stream-fixtures'

const suite = browserSuite()
let direct: KinesisClient
let proxy: KinesisProxy
const stream = uniqueName('auto-orders')
let openShards = 0
const SEEDED = 12

beforeAll(async () => {
  direct = kinesisClient(inject('kinesisLocalEndpoint'))
  await direct.send(new CreateStreamCommand({ StreamName: stream, StreamModeDetails: { StreamMode: 'ON_DEMAND' } }))
  for (let attempt = 0; attempt < 400; attempt++) {
    const { StreamDescriptionSummary: s } = await direct.send(new DescribeStreamSummaryCommand({ StreamName: stream }))
    if (s?.StreamStatus === 'ACTIVE') {
      openShards = s.OpenShardCount ?? 0
      break
    }
    await new Promise((resolve) => setTimeout(resolve, 25)) // kinesis-local creates asynchronously
  }
  expect(openShards).toBeGreaterThan(1)
  // One key: under USER_PARTITION_KEY these all sit on one shard.
  await putAll(direct, stream, Array.from({ length: SEEDED }, (_, i) => JSON.stringify({ n: i })), () => 'weborder')
  proxy = await startKinesisProxy({ target: inject('kinesisLocalEndpoint'), latencyMs: 5 })
  proxy.emulateRecordDistribution(stream, 'USER_PARTITION_KEY')
})
afterAll(async () => {
  await proxy.close()
  direct.destroy()
})

const view = (page: Page): Locator => page.getByRole('region', { name: `Stream ${stream}` })

async function openStream(page: Page): Promise<void> {
  await page.getByLabel('Search streams').fill(stream)
  await page.getByRole('listbox', { name: 'Streams' }).getByRole('option', { name: stream, exact: true }).click()
  await page.getByRole('heading', { level: 2, name: stream, exact: true }).waitFor()
}

describe('record distribution', () => {
  test('an on-demand stream changed to AUTO: key → shard, the map, the Send tab and the replay dry run say keys are ignored', async () => {
    const { page, consoleErrors } = await suite.start({ AWS_ENDPOINT_URL_KINESIS: proxy.endpoint, AWS_REGION: 'us-east-1' })
    await openStream(page)
    const strategy = page.getByTestId('record-distribution')
    await strategy.filter({ hasText: 'By partition key' }).waitFor()

    // Change it from the summary: the consequence for ordering, and the name typed.
    await page.getByRole('button', { name: 'Change record distribution' }).click()
    const dialog = page.getByRole('dialog', { name: `Record distribution of ${stream}` })
    expect(await dialog.getByRole('radio', { name: /^Evenly AUTO/ }).isChecked()).toBe(true)
    expect(await dialog.getByTestId('distribution-consequence').innerText()).toContain('records of one key may land on different shards and be read out of order')
    const change = dialog.getByRole('button', { name: 'Change to AUTO' })
    expect(await change.isDisabled()).toBe(true)
    await dialog.getByLabel(`Type ${stream} to confirm`).fill(stream)
    expect(await seriousAxeViolations(page, 'dialog[open]')).toEqual([])
    await screenshot(page, 'record-distribution-change')
    await change.click()
    await dialog.waitFor({ state: 'detached' })
    await strategy.filter({ hasText: 'Evenly (AUTO)' }).waitFor()
    expect(proxy.recordDistribution(stream)).toBe('AUTO')

    // Partition key → shard names no shard; the map marks none and is not coloured by load.
    await page.getByRole('textbox', { name: 'Partition key' }).fill('weborder')
    await page.getByRole('button', { name: 'Find shard' }).click()
    await page.getByTestId('route-answer').filter({ hasText: `This stream ignores partition keys: records are spread evenly across ${openShards} shards.` }).waitFor()
    const bar = page.getByRole('group', { name: 'Open shards by hash-key range' })
    expect(await bar.locator('.is-routed').count()).toBe(0)
    expect(await page.getByRole('table', { name: 'Shards' }).locator('tr[aria-current="true"]').count()).toBe(0)
    await page.getByRole('button', { name: 'Sample load' }).click()
    await page.getByTestId('sample-label').filter({ hasText: /^Sample of the last 60 s/ }).waitFor()
    expect(await page.locator('.shard-map .tab-summary').innerText()).toContain('so the ranges are not coloured by load')
    const fills = await bar.locator('.key-segment').evaluateAll((els) => els.map((e) => (e as HTMLElement).style.background))
    expect(fills.every((fill) => fill === '')).toBe(true)
    expect(await seriousAxeViolations(page, '#stream-panel-shards')).toEqual([])
    await screenshot(page, 'record-distribution-shards')

    // The Send tab: the hash key and Send to shard disabled with the reason; order not promised.
    await view(page).getByRole('tab', { name: 'Send' }).click()
    const send = page.getByRole('tabpanel', { name: 'Send' })
    await send.getByTestId('keys-ignored').waitFor()
    const hashKey = send.getByLabel('Explicit hash key (optional)')
    const toShard = send.getByLabel('Send to shard')
    expect(await hashKey.isDisabled()).toBe(true)
    expect(await toShard.isDisabled()).toBe(true)
    for (const control of [hashKey, toShard]) {
      const ids = ((await control.getAttribute('aria-describedby')) ?? '').split(' ')
      const descriptions = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).innerText()))
      expect(descriptions).toContain(AUTO_HASH_KEY_REASON)
    }
    expect(await send.getByTestId('bulk-order-note').innerText()).toContain('Per-key order is not kept')
    await send.getByRole('button', { name: 'Send record' }).click()
    await send.getByRole('status', { name: 'Last send' }).waitFor()
    const bulk = send.getByRole('form', { name: 'Bulk send settings' })
    await bulk.getByLabel('Records', { exact: true }).fill('40')
    await bulk.getByRole('button', { name: 'Start bulk send' }).click()
    await send.getByTestId('job-report-counts').filter({ hasText: '40 of 40 sent · 0 failed' }).waitFor({ timeout: 30_000 })
    // One fixed key, yet every shard took its share (the answers' shards).
    const perShard = (await send.getByRole('table', { name: 'Records per shard' }).locator('tbody tr td:nth-child(2)').allInnerTexts()).map(Number)
    expect(perShard).toEqual(Array.from({ length: openShards }, () => 40 / openShards))
    expect(await seriousAxeViolations(page, '#stream-panel-send')).toEqual([])
    await screenshot(page, 'record-distribution-send')

    // The replay dry run: a total spread evenly, no per-shard prediction.
    const total = SEEDED + 1 + 40
    await view(page).getByRole('tab', { name: 'Records' }).click()
    const records = page.getByRole('region', { name: `Records of ${stream}` })
    await records.getByLabel('Starting position').selectOption({ label: 'Trim horizon' })
    await records.getByRole('button', { name: 'Read', exact: true }).click()
    await records.getByTestId('records-status').filter({ hasText: `Read every shard to its tip — ${total} records` }).waitFor({ timeout: 20_000 })
    await records.getByRole('button', { name: 'Replay…' }).click()
    const replay = page.getByRole('dialog', { name: 'Replay records' })
    await replay.getByLabel(`All loaded records (${total})`).check()
    await replay.getByRole('button', { name: 'Dry run', exact: true }).click()
    const plan = replay.getByRole('region', { name: 'Dry run' })
    await plan
      .getByTestId('replay-plan-summary')
      .filter({ hasText: `Dry run: ${total} records would go to ${stream}, spread evenly across ${openShards} open shards. Nothing has been sent yet.` })
      .waitFor()
    expect(await plan.getByTestId('replay-auto-note').innerText()).toContain('Per-key order is not kept')
    expect(await plan.getByRole('table').count()).toBe(0)
    expect(await seriousAxeViolations(page, 'dialog[open]')).toEqual([])
    await screenshot(page, 'record-distribution-replay-dry-run')
    await replay.getByRole('button', { name: 'Close', exact: true }).click()
    await replay.waitFor({ state: 'detached' })
    expect(consoleErrors).toEqual([])
  })
})

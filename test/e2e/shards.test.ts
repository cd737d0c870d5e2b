/**
 * The Shards tab end to end: the key-space map and lineage of a stream with a split in its
 * history (kinesis-local), partition key → shard agreeing with a real PutRecord, the load sample,
 * resharding from the UI on the sandbox (split; UpdateShardCount refused by kinesalite), and the
 * typed confirmation outside the sandbox.
 */
import { EnableEnhancedMonitoringCommand, PutRecordCommand, SplitShardCommand, type KinesisClient } from '@aws-sdk/client-kinesis'
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { browserSuite, screenshot } from '../support/app-under-test'
import { seriousAxeViolations } from '../support/axe'
import { startCloudWatchStandIn } from '../support/cloudwatch-stand-in'
import { createStreamAndWait, kinesisClient } from '../support/emulators'
import { putAll, uniqueName } from '../support/stream-fixtures'

const suite = browserSuite()
let kinesis: KinesisClient
const stream = uniqueName('split-history')

beforeAll(async () => {
  kinesis = kinesisClient(inject('kinesisLocalEndpoint'))
  await createStreamAndWait(kinesis, stream, 2)
  // Split shard 0 at a quarter of the key space: three open shards (25%, 25%, 50%), one closed.
  await kinesis.send(new SplitShardCommand({ StreamName: stream, ShardToSplit: 'shardId-000000000000', NewStartingHashKey: (2n ** 126n).toString() }))
  for (let i = 0; i < 200; i++) {
    const shards = await putAll(kinesis, stream, ['{"probe":true}'], () => 'probe').catch(() => null)
    if (shards !== null) break
    await new Promise((resolve) => setTimeout(resolve, 25)) // until the split has finished (UPDATING → ACTIVE)
  }
})
afterAll(() => kinesis.destroy())

async function openStream(page: Page, name: string): Promise<void> {
  await page.getByLabel('Search streams').fill(name)
  await page.getByRole('listbox', { name: 'Streams' }).getByRole('option', { name, exact: true }).click()
  await page.getByRole('heading', { level: 2, name, exact: true }).waitFor()
}

const bar = (page: Page): Locator => page.getByRole('group', { name: 'Open shards by hash-key range' })
const shardTable = (page: Page): Locator => page.getByRole('table', { name: 'Shards' })

describe('shards', () => {
  test('the map and lineage of a split stream, key → shard as PutRecord routes it, and a load sample', async () => {
    const { page, consoleErrors } = await suite.start({ AWS_ENDPOINT_URL_KINESIS: inject('kinesisLocalEndpoint'), AWS_REGION: 'us-east-1' })
    await openStream(page, stream)
    await page.getByTestId('shard-summary').filter({ hasText: '4 shards · 3 open · 1 closed' }).waitFor()

    // Open shards as segments in key order, each labelled with its id and share.
    const segments = bar(page).getByRole('button')
    expect(await segments.count()).toBe(3)
    const names = async (): Promise<string[]> => (await segments.allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim())
    expect(await names()).toEqual([
      'shardId-000000000002 25.0% of the key space',
      'shardId-000000000003 25.0% of the key space',
      'shardId-000000000001 50.0% of the key space'
    ])
    await bar(page).getByRole('button', { name: 'shardId-000000000001 50.0% of the key space', exact: true }).waitFor()
    // Widths follow the ranges.
    const widths = await segments.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width))
    expect((widths[2] ?? 0) / (widths[0] ?? 1)).toBeGreaterThan(1.8)
    // Keyboard: Tab moves from segment to segment.
    await segments.first().focus()
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-shard'))).toBe('shardId-000000000003')

    // Lineage: the closed parent and its two children, with sequence-number ranges.
    const history = page.getByRole('list', { name: 'Resharding history' })
    expect(await history.getByRole('listitem').count()).toBe(1)
    const step = ((await history.getByRole('listitem').textContent()) ?? '').replace(/\s+/g, ' ')
    expect(step).toMatch(/^Split shardId-000000000000 \(\d+ – \d+\) ?→ into shardId-000000000002 \(\d+ – open\), shardId-000000000003 \(\d+ – open\)$/)

    // Partition key → shard, checked against a real put of that key.
    for (const key of ['order-1042', 'store-7']) {
      await page.getByRole('textbox', { name: 'Partition key' }).fill(key)
      await page.getByRole('button', { name: 'Find shard' }).click()
      const put = await kinesis.send(new PutRecordCommand({ StreamName: stream, PartitionKey: key, Data: Buffer.from('{}') }))
      await page.getByTestId('route-answer').filter({ hasText: `→ ${put.ShardId ?? '?'}` }).waitFor()
      expect(await shardTable(page).locator('tr[aria-current="true"] td').first().innerText()).toBe(put.ShardId)
      expect(await bar(page).locator('.is-routed').getAttribute('data-shard')).toBe(put.ShardId)
    }
    expect(await page.getByTestId('route-answer').innerText()).toContain('MD5 hash key')

    // A load sample: one hot key.
    const hot = await putAll(kinesis, stream, Array.from({ length: 30 }, (_, i) => `{"n":${i}}`), () => 'hot-key')
    await page.getByRole('button', { name: 'Sample load' }).click()
    await page.getByTestId('sample-label').filter({ hasText: /^Sample of the last 60 s \/ \d+ records, read by this app/ }).waitFor()
    const hotShard = hot[0]?.shardId ?? ''
    const hotLabel = await bar(page).locator(`[data-shard="${hotShard}"]`).textContent()
    expect(Number(/(\d+) records in the sample/.exec(hotLabel ?? '')?.[1])).toBeGreaterThanOrEqual(30)
    const sampleRows = page.getByRole('table', { name: 'Load sample per shard' }).locator('tbody tr')
    expect(await sampleRows.first().locator('td').first().innerText()).toBe(hotShard)

    expect(await seriousAxeViolations(page, '#stream-panel-shards')).toEqual([])
    await screenshot(page, 'shards-map-route-sample')

    // Outside the sandbox a reshard needs the stream's name typed.
    await page.getByRole('button', { name: 'Split shard…' }).click()
    const dialog = page.getByRole('dialog', { name: `Split shard of ${stream}` })
    expect(await dialog.getByRole('button', { name: 'Split shard' }).isDisabled()).toBe(true)
    await dialog.getByLabel(`Type ${stream} to confirm`).fill(stream)
    expect(await dialog.getByRole('button', { name: 'Split shard' }).isDisabled()).toBe(false)
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    expect(consoleErrors).toEqual([])
  })

  test('hot shards from CloudWatch shard-level metrics (a GetMetricData stand-in), and a clear message where they are off', async () => {
    const name = uniqueName('cw-load')
    await createStreamAndWait(kinesis, name, 2)
    // shardId-000000000001 is the hot one: 900 records a minute against 100.
    const standIn = await startCloudWatchStandIn((query, window) => {
      const shard = query.MetricStat.Metric.Dimensions.find((d) => d.Name === 'ShardId')?.Value
      const perMinute = (shard === 'shardId-000000000001' ? 900 : 100) * (query.MetricStat.Metric.MetricName === 'IncomingBytes' ? 50 : 1)
      return [[window.start, perMinute * 60]]
    })
    try {
      const { page } = await suite.start({
        AWS_ENDPOINT_URL_KINESIS: inject('kinesisLocalEndpoint'),
        AWS_ENDPOINT_URL_CLOUDWATCH: standIn.url,
        AWS_REGION: 'us-east-1'
      })
      await openStream(page, name)
      await page.getByTestId('shard-summary').filter({ hasText: '2 shards · 2 open · 0 closed' }).waitFor()
      // Enhanced monitoring off: the colleague's metrics.shardLoad says so, with the command and its cost.
      await page.getByRole('button', { name: 'CloudWatch (last 60 min)' }).click()
      await page.getByRole('alert').filter({ hasText: 'Shard-level metrics are off' }).waitFor()

      await kinesis.send(new EnableEnhancedMonitoringCommand({ StreamName: name, ShardLevelMetrics: ['IncomingRecords', 'IncomingBytes'] }))
      await page.getByRole('button', { name: 'CloudWatch (last 60 min)' }).click()
      await page.getByTestId('sample-label').filter({ hasText: 'CloudWatch shard-level metrics (IncomingRecords, IncomingBytes), last 60 min' }).waitFor()
      const rows = page.getByRole('table', { name: 'CloudWatch load per shard' }).locator('tbody tr')
      expect(await rows.first().innerText()).toMatch(/^shardId-000000000001\s+54,000\s+2\.6 MB\s+90\.0%/)
      expect(((await bar(page).locator('[data-shard="shardId-000000000001"]').textContent()) ?? '').replace(/\s+/g, ' ')).toContain('54000 records in CloudWatch')
      await screenshot(page, 'shards-cloudwatch-load')
    } finally {
      await standIn.close()
    }
  })

  test('on the sandbox: split a shard from the UI, the view follows to ACTIVE; UpdateShardCount is refused by name', async () => {
    const { page, consoleErrors } = await suite.start({})
    await openStream(page, 'OrderStream')
    await page.getByTestId('shard-summary').filter({ hasText: '2 shards · 2 open · 0 closed' }).waitFor()
    await bar(page).getByRole('button', { name: /^shardId-000000000001 / }).click()
    await page.getByRole('button', { name: 'Split shard…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Split shard of OrderStream' })
    expect(await dialog.getByLabel('Shard to split').inputValue()).toBe('shardId-000000000001')
    // The sandbox asks for no typed confirmation.
    expect(await dialog.getByLabel('Type OrderStream to confirm').count()).toBe(0)
    await screenshot(page, 'shards-split-dialog')
    await dialog.getByRole('button', { name: 'Split shard' }).click()
    await dialog.waitFor({ state: 'detached' })
    await page.getByTestId('shard-summary').filter({ hasText: '4 shards · 3 open · 1 closed' }).waitFor()
    expect(await bar(page).getByRole('button').count()).toBe(3)
    await page.getByRole('list', { name: 'Resharding history' }).getByText('shardId-000000000001', { exact: true }).first().waitFor()
    await screenshot(page, 'shards-sandbox-after-split')

    await page.getByRole('button', { name: 'Change shard count…' }).click()
    const scale = page.getByRole('dialog', { name: 'Change shard count of OrderStream' })
    await scale.getByRole('button', { name: 'Change shard count' }).click()
    await scale.getByRole('alert').filter({ hasText: 'This Kinesis server does not support UpdateShardCount.' }).waitFor()
    expect(await seriousAxeViolations(page)).toEqual([])
    await screenshot(page, 'shards-sandbox-no-update-shard-count')
    await scale.getByRole('button', { name: 'Cancel' }).click()
    expect(consoleErrors).toEqual([])
  })
})

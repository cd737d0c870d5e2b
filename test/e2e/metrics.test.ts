/**
 * Issue 7, Metrics tab, end to end: the app on kinesis-local for Kinesis with
 * AWS_ENDPOINT_URL_CLOUDWATCH at a GetMetricData stand-in, so the whole path from the endpoint
 * variable through main's CloudWatch client, the contract and the store to the chart and its
 * figures runs; and the sandbox, where CloudWatch is not available and the app shows what it
 * observes itself.
 */
import { randomBytes } from 'node:crypto'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { browserSuite, screenshot } from '../support/app-under-test'
import { seriousAxeViolations } from '../support/axe'
import { startCloudWatchStandIn, type CloudWatchStandIn } from '../support/cloudwatch-stand-in'
import { createStreamAndWait, kinesisClient } from '../support/emulators'

const suite = browserSuite()
const MINUTE = 60_000
const unique = (prefix: string): string => `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`
/** "2026-11-26 09:12 UTC", as the figures show a point's time. */
const utcMinute = (ms: number): string => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`

async function openStream(page: Page, name: string): Promise<void> {
  await page.getByLabel('Search streams').fill(name)
  await page.getByRole('listbox', { name: 'Streams' }).getByRole('option', { name, exact: true }).click()
  await page.getByRole('heading', { level: 2, name, exact: true }).waitFor()
}

const metricsPanel = (page: Page) => page.locator('#stream-panel-metrics')

describe('Metrics tab with CloudWatch (a GetMetricData stand-in)', () => {
  // The last whole minute when the test starts: the points end there, so latest and peak are known
  // (a sum's latest is the last period that has ended, not the minute still running).
  const t0 = Math.floor(Date.now() / MINUTE) * MINUTE - MINUTE
  const stream = unique('metrics')
  let standIn: CloudWatchStandIn

  beforeAll(async () => {
    const client = kinesisClient(inject('kinesisLocalEndpoint'))
    await createStreamAndWait(client, stream, 2)
    client.destroy()
    // One point a minute for the last 50 minutes, for this stream only; a peak 20 minutes ago.
    standIn = await startCloudWatchStandIn((query) => {
      const { MetricName, Dimensions } = query.MetricStat.Metric
      if (Dimensions.find((d) => d.Name === 'StreamName')?.Value !== stream) return []
      const points: [number, number][] = []
      for (let k = 50; k >= 0; k--) {
        const t = t0 - k * MINUTE
        const value =
          MetricName === 'IncomingRecords' ? (k === 0 ? 1234 : k === 20 ? 12_000 : 600 + k)
          : MetricName === 'IncomingBytes' ? (k === 0 ? 1_048_576 : 300_000)
          : MetricName === 'GetRecords.IteratorAgeMilliseconds' ? (k === 0 ? 1500 : k === 5 ? 250_000 : 0)
          : MetricName === 'PutRecords.Latency' ? 12.5
          : 1
        points.push([t, value])
      }
      return points
    })
  })
  afterAll(async () => {
    await standIn.close()
  })

  test('charts every metric with its latest and peak figures, capacity against the limits, and names the permission when it is missing', async () => {
    const endpoint = inject('kinesisLocalEndpoint')
    const { page, consoleErrors } = await suite.start({ AWS_ENDPOINT_URL_KINESIS: endpoint, AWS_ENDPOINT_URL_CLOUDWATCH: standIn.url, AWS_REGION: 'us-east-1' })
    await openStream(page, stream)
    await page.getByRole('tab', { name: 'Metrics' }).click()

    const panel = metricsPanel(page)
    const latest = panel.getByTestId('latest-IncomingRecords')
    await latest.waitFor()
    expect(await latest.innerText()).toBe(`1,234 records per 1 min (20.6/s) at ${utcMinute(t0)}`)
    expect(await panel.getByTestId('peak-IncomingRecords').innerText()).toBe(`12,000 records per 1 min (200/s) at ${utcMinute(t0 - 20 * MINUTE)}`)
    // Iterator age is the worst (Maximum) of each minute; latency the Average.
    expect(await panel.getByTestId('latest-GetRecords.IteratorAgeMilliseconds').innerText()).toBe(`1 s (maximum per 1 min) at ${utcMinute(t0)}`)
    expect(await panel.getByTestId('peak-GetRecords.IteratorAgeMilliseconds').innerText()).toBe(`4 min 10 s (maximum per 1 min) at ${utcMinute(t0 - 5 * MINUTE)}`)
    expect(await panel.getByTestId('latest-PutRecords.Latency').innerText()).toBe(`12.5 ms (average per 1 min) at ${utcMinute(t0)}`)
    // 13 charts, drawn by uPlot, with a copy button for each figure.
    expect(await panel.locator('.metric-chart canvas').count()).toBe(13)
    await panel.getByRole('button', { name: 'Copy peak IncomingRecords' }).waitFor()

    // What main asked: one GetMetricData of every metric (two pages through NextToken), StreamName, 1-minute periods.
    expect(standIn.requests).toHaveLength(2)
    expect(standIn.requests.map((r) => r.NextToken)).toEqual([undefined, 'page-2'])
    const queries = standIn.requests[0]!.MetricDataQueries
    expect(queries).toHaveLength(13)
    for (const q of queries) {
      expect(q.MetricStat.Metric.Namespace).toBe('AWS/Kinesis')
      expect(q.MetricStat.Metric.Dimensions).toEqual([{ Name: 'StreamName', Value: stream }])
      expect(q.MetricStat.Period).toBe(60)
    }

    // Capacity of a provisioned 2-shard stream: 20.6 records/s of 2,000 now, 200 at the peak.
    const capacity = panel.getByRole('table', { name: /Capacity used/ })
    const recordsRow = capacity.getByRole('row', { name: /Writes \(records\)/ })
    expect(await recordsRow.innerText()).toContain('2,000 records/s (2 shards × 1,000 records/s)\t1.0%\t10.0%')
    expect(await capacity.getByRole('row', { name: /Writes \(data\)/ }).innerText()).toContain('2 MiB/s (2 shards × 1 MiB/s)\t0.8%')

    expect(await seriousAxeViolations(page, '#stream-panel-metrics')).toEqual([])
    await screenshot(page, 'metrics-cloudwatch')
    // Hover values: the legend under a chart shows the time and value under the cursor, with its unit.
    const chart = panel.locator('.metric-chart').first()
    const over = chart.locator('.u-over')
    const box = await over.boundingBox()
    // Three quarters across: inside the stand-in's points (the last 50 of the hour's 60 minutes).
    await over.hover({ position: { x: Math.round((box?.width ?? 400) * 0.75), y: 30 } })
    await chart.locator('.u-legend').filter({ hasText: /Incoming records\s*[\d,]+ records/ }).waitFor()
    await screenshot(page, 'metrics-cloudwatch-hover')

    // The shard calculator: the seed's example, 1,000 records/s of 3 KB, two consumers → 3 shards.
    await panel.getByLabel('Records per second').fill('1000')
    await panel.getByLabel('Average record size (KB)').fill('3')
    await panel.getByLabel('Consumers').fill('2')
    expect(await panel.getByTestId('shards-needed').innerText()).toBe('3 shards needed')


    // Local time: the figures follow the toggle (the chart's axis too).
    await panel.getByRole('group', { name: 'Chart time zone' }).getByRole('button', { name: 'Local' }).click()
    await panel.getByRole('group', { name: 'Chart time zone' }).getByRole('button', { name: 'Local', pressed: true }).waitFor()

    // 7 days: 15-minute points, one more GetMetricData (two pages).
    await panel.getByLabel('Range').selectOption({ label: '7 days' })
    await panel.getByTestId('metrics-source').filter({ hasText: 'one point per 15 min' }).waitFor()
    expect(standIn.requests).toHaveLength(4)
    expect(standIn.requests[2]!.MetricDataQueries[0]!.MetricStat.Period).toBe(900)

    // Permission taken away: Refresh names cloudwatch:GetMetricData, the observed figures stand in, the rest works.
    standIn.deny(true)
    await panel.getByRole('button', { name: 'Refresh' }).click()
    const alert = panel.getByRole('alert')
    await alert.filter({ hasText: 'access denied' }).waitFor()
    expect(await alert.innerText()).toContain('cloudwatch:GetMetricData')
    await panel.getByRole('heading', { name: /Observed by this app/ }).waitFor()
    await screenshot(page, 'metrics-access-denied')
    await page.getByRole('tab', { name: 'Shards' }).click()
    await page.getByRole('table', { name: 'Shards' }).locator('tbody tr').nth(1).waitFor()
    standIn.deny(false)
    expect(consoleErrors).toEqual([])
  })
})

describe('Metrics tab on the sandbox (no CloudWatch)', () => {
  test('says CloudWatch is not available and why, and shows records read and sent by this app rising', async () => {
    const { page, consoleErrors } = await suite.start({})
    await openStream(page, 'OrderStream')
    await page.getByRole('tab', { name: 'Metrics' }).click()
    const panel = metricsPanel(page)
    const note = panel.getByRole('note', { name: 'CloudWatch not available' })
    await note.waitFor()
    expect(await note.innerText()).toContain('CloudWatch is not available on this connection. The local sandbox has no CloudWatch')
    const observed = panel.getByRole('table', { name: 'Observed by this app, per shard' })
    await observed.getByText('Nothing yet').waitFor()
    expect(await panel.getByRole('heading', { name: /Observed by this app/ }).count()).toBe(1)
    expect(await seriousAxeViolations(page, '#stream-panel-metrics')).toEqual([])

    // Read the sandbox's 12 sample orders; the observed figures count them, per shard and in all.
    await page.getByRole('tab', { name: 'Records' }).click()
    const records = page.getByRole('region', { name: 'Records of OrderStream' })
    await records.getByLabel('Starting position').selectOption({ label: 'Trim horizon' })
    await records.getByRole('button', { name: 'Read', exact: true }).click()
    await records.getByTestId('records-status').filter({ hasText: /12 records/ }).waitFor()
    await page.getByRole('tab', { name: 'Metrics' }).click()
    const total = panel.getByTestId('observed-read-total')
    await total.filter({ hasText: /^12 records · / }).waitFor()
    // One row per shard the records came from (the sample orders may all share one shard).
    expect(await observed.locator('tbody tr th').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringMatching(/^shardId-\d{12}$/)]))
    // The rate is over the last 10 whole seconds: above 0 once the read's second is complete.
    await observed.locator('tfoot td').first().filter({ hasText: /^(?!0 records)[\d.]+ records\/s/ }).waitFor()
    // The calculator is offered in Create stream too, and fills the shard count.
    await page.getByRole('button', { name: 'Create stream' }).click()
    const dialog = page.getByRole('dialog', { name: 'Create stream' })
    await dialog.getByText('How many shards? The shard calculator').click()
    await dialog.getByLabel('Records per second').fill('5000')
    await dialog.getByLabel('Average record size (KB)').fill('0.5')
    await dialog.getByRole('button', { name: 'Use 5 shards' }).click()
    expect(await dialog.getByLabel('Shard count').inputValue()).toBe('5')
    await screenshot(page, 'create-stream-calculator')
    await dialog.getByRole('button', { name: 'Cancel' }).click()

    // An order sent from the Send tab joins the figures, in the Sent columns.
    const sentTotal = panel.getByTestId('observed-sent-total')
    expect(await sentTotal.innerText()).toMatch(/^0 records/)
    await page.getByRole('tab', { name: 'Send' }).click()
    const form = page.locator('#stream-panel-send').getByRole('form', { name: 'Record to send' })
    await form.getByRole('button', { name: 'Send record' }).click()
    await form.getByRole('status', { name: 'Last send' }).waitFor()
    await page.getByRole('tab', { name: 'Metrics' }).click()
    await sentTotal.filter({ hasText: /^1 records? · / }).waitFor()
    await screenshot(page, 'metrics-sandbox-observed')
    expect(consoleErrors).toEqual([])
  })
})

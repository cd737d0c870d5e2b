/**
 * A stream's channels in the Consumers tab, in Chromium: the app pointed at the AWS-like proxy,
 * which answers ListChannels / DescribeChannel for the channels given here (no emulator has
 * channels) and passes every other call to kinesis-local. Then kinesis-local itself, which lacks
 * channels: the tab says so plainly and the rest of it works.
 */
import { DescribeStreamSummaryCommand, type KinesisClient } from '@aws-sdk/client-kinesis'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { browserSuite, screenshot } from '../support/app-under-test'
import { seriousAxeViolations } from '../support/axe'
import { s3Channel, tablesChannel } from '../support/channel-fixtures'
import { createStreamAndWait, kinesisClient } from '../support/emulators'
import { startKinesisProxy, type KinesisProxy, type ProxyEvent } from '../support/kinesis-proxy'
import { uniqueName } from '../support/stream-fixtures'

const suite = browserSuite()
const stream = uniqueName('channels-e2e')
const other = uniqueName('channels-other')
let kinesis: KinesisClient
let proxy: KinesisProxy
const events: ProxyEvent[] = []

async function arnOf(name: string): Promise<string> {
  const { StreamDescriptionSummary: s } = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }))
  return s?.StreamARN ?? ''
}

beforeAll(async () => {
  kinesis = kinesisClient(inject('kinesisLocalEndpoint'))
  await createStreamAndWait(kinesis, stream, 1)
  await createStreamAndWait(kinesis, other, 1)
  proxy = await startKinesisProxy({ target: inject('kinesisLocalEndpoint'), latencyMs: 5 })
  proxy.onRequest((event) => events.push(event))
  const arn = await arnOf(stream)
  proxy.emulateChannels([s3Channel(arn), s3Channel(await arnOf(other), 'other-stream-to-s3'), tablesChannel(arn)], { pageSize: 1 })
})

afterAll(async () => {
  kinesis.destroy()
  await proxy.close()
})

async function openConsumers(page: Page, name: string): Promise<void> {
  await page.getByLabel('Search streams').fill(name)
  await page.getByRole('listbox', { name: 'Streams' }).getByRole('option', { name, exact: true }).click()
  await page.getByRole('heading', { level: 2, name, exact: true }).waitFor()
  await page.getByRole('tab', { name: 'Consumers' }).click()
}

describe('channels', () => {
  test("a stream's channels listed: S3 bucket and S3 Tables destinations, a failed one with its reason, copy the bucket name", async () => {
    const { page, consoleErrors } = await suite.start({ AWS_ENDPOINT_URL_KINESIS: proxy.endpoint, AWS_REGION: 'us-east-1' })
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
    await openConsumers(page, stream)
    await page.getByTestId('channels-summary').filter({ hasText: '2 channels deliver this stream · read only' }).waitFor()
    const list = page.getByRole('list', { name: 'Channels' })
    expect(await list.getByRole('listitem').count()).toBe(2)

    const s3 = list.getByRole('listitem', { name: 'orders-to-s3' })
    expect(await s3.innerText()).toContain('S3 bucket pizza-orders-archive')
    for (const text of ['orders/{yyyy}/{MM}/{dd}/', 'GZIP', 'S3 Intelligent-Tiering', 'JSON', '5 min', 'pizza-orders-dlq', 'CloudWatch Logs: /aws/kinesis/orders-to-s3']) {
      expect(await s3.innerText()).toContain(text)
    }
    await s3.getByRole('button', { name: 'Copy bucket name of orders-to-s3' }).click()
    await s3.getByRole('button', { name: 'Copied' }).waitFor()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('pizza-orders-archive')

    const tables = list.getByRole('listitem', { name: 'orders-iceberg' })
    const tablesText = await tables.innerText()
    expect(tablesText).toContain('FAILED')
    expect(tablesText).toContain('The service execution role cannot write to the table bucket analytics-tables.')
    expect(tablesText).toContain('pizza.orders')
    expect(tablesText).toContain('partitioned by TIME_HOUR(order_time)')
    expect(tablesText).toContain('GSR_JSON')
    expect(tablesText).toContain('Off') // logging
    expect(await page.getByText('other-stream-to-s3').count()).toBe(0)
    // Enhanced fan-out consumers beside them, from kinesis-local through the proxy.
    await page.getByTestId('efo-summary').filter({ hasText: 'None registered on this stream' }).waitFor()

    // Read only: the app only listed and described channels.
    expect([...new Set(events.filter((e) => /Channel/.test(e.operation)).map((e) => e.operation))].sort()).toEqual(['DescribeChannel', 'ListChannels'])
    expect(await seriousAxeViolations(page, '#stream-panel-consumers')).toEqual([])
    await screenshot(page, 'consumers-channels')

    // A missing kinesis:DescribeChannel: the channels stay listed, each names the permission.
    proxy.injectError('DescribeChannel', 'AccessDeniedException', 'User: arn:aws:iam::000000000000:user/dev is not authorized to perform: kinesis:DescribeChannel')
    await page.getByRole('button', { name: 'Refresh channels' }).click()
    await s3.getByRole('alert').filter({ hasText: 'kinesis:DescribeChannel' }).waitFor()
    await tables.getByRole('alert').filter({ hasText: 'kinesis:DescribeChannel' }).waitFor()
    await screenshot(page, 'consumers-channels-describe-denied')
    expect(consoleErrors).toEqual([])
  })

  test('kinesis-local has no channels: the tab says so plainly, and the rest of it works', async () => {
    const { page, consoleErrors } = await suite.start({ AWS_ENDPOINT_URL_KINESIS: inject('kinesisLocalEndpoint'), AWS_REGION: 'us-east-1' })
    await openConsumers(page, stream)
    await page.getByTestId('channels-summary').filter({ hasText: 'Not available on this server' }).waitFor()
    const section = page.getByRole('region', { name: 'Channels', exact: true })
    expect(await section.getByRole('status').innerText()).toContain('This Kinesis server does not support channels (ListChannels).')
    expect(await section.getByRole('alert').count()).toBe(0)
    await page.getByTestId('efo-summary').filter({ hasText: 'None registered on this stream' }).waitFor()
    await page.getByRole('combobox', { name: 'Lease table' }).waitFor()
    expect(await seriousAxeViolations(page, '#stream-panel-consumers')).toEqual([])
    await screenshot(page, 'consumers-channels-unsupported')
    expect(consoleErrors).toEqual([])
  })
})

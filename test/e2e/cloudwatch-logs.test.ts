/**
 * A CloudWatch Logs subscription record in the record browser, in Chromium through the web host:
 * records put on kinesis-local as CloudWatch Logs puts them (gzip JSON) show as their log events,
 * a row each, the control message labelled; the detail names the log group and the event; the
 * JSON field filter finds one event. Screenshot and axe.
 */
import type { Locator } from 'playwright-core'
import { describe, expect, inject, test } from 'vitest'
import { seriousAxeViolations } from '../support/axe'
import { browserSuite, screenshot } from '../support/app-under-test'
import { controlMessage, dataMessage, logEventId } from '../support/cloudwatch-logs-records'
import { createStreamAndWait, kinesisClient } from '../support/emulators'
import { putAll, uniqueName } from '../support/stream-fixtures'

const suite = browserSuite()
const T = Date.UTC(2026, 11, 7, 8, 30, 0)
const events = [
  { timestamp: T, message: 'START RequestId: 6c1d2e Version: $LATEST' },
  { timestamp: T + 41, message: JSON.stringify({ level: 'ERROR', orderId: 'o-1042', storeId: 7, error: 'payment declined' }) },
  { timestamp: T + 57, message: 'END RequestId: 6c1d2e' },
  { timestamp: T + 58, message: 'REPORT RequestId: 6c1d2e Duration: 57.31 ms Billed Duration: 58 ms' }
]

describe('CloudWatch Logs records in the record browser', () => {
  test('a subscription record shows as its log events; the control message is labelled', async () => {
    const endpoint = inject('kinesisLocalEndpoint')
    const kinesis = kinesisClient(endpoint)
    const stream = uniqueName('cwlogs-e2e')
    await createStreamAndWait(kinesis, stream, 1)
    const [control, data] = await putAll(kinesis, stream, [controlMessage(T - 60_000), dataMessage(events)])
    kinesis.destroy()

    const { page, consoleErrors } = await suite.start({ AWS_ENDPOINT_URL_KINESIS: endpoint, AWS_REGION: 'us-east-1' })
    await page.getByLabel('Search streams').fill(stream)
    await page.getByRole('listbox', { name: 'Streams' }).getByRole('option', { name: stream, exact: true }).click()
    await page.getByRole('tab', { name: 'Records' }).click()
    const view = page.getByRole('region', { name: `Records of ${stream}` })
    await view.getByLabel('Starting position').selectOption({ label: 'Trim horizon' })
    await view.getByRole('button', { name: 'Read', exact: true }).click()
    await view.getByTestId('records-status').filter({ hasText: 'Read every shard to its tip — 5 records' }).waitFor({ timeout: 20_000 })

    const rows = view.getByRole('grid', { name: 'Records' }).locator('.rec-body [role="row"]')
    await expect.poll(() => rows.count()).toBe(5)
    const texts = await orderedRowTexts(rows)
    expect(texts[0]).toContain('control message')
    expect(texts[0]).toContain('CWL CONTROL MESSAGE: Checking health of destination Kinesis stream.')
    events.forEach((event, i) => {
      expect(texts[i + 1]).toContain(`event ${i + 1}/4`)
      expect(texts[i + 1]).toContain('CloudWatch Logs')
    })
    expect(texts[4]).toContain('08:30:00.058')
    expect(texts[4]).toContain('REPORT RequestId: 6c1d2e')
    expect(await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-sequence')))).toEqual(
      expect.arrayContaining([control?.sequenceNumber, data?.sequenceNumber])
    )

    // The error event's detail: the record's sequence number, the log group, the event id.
    await rows.filter({ hasText: 'payment declined' }).click()
    const detail = view.getByRole('complementary', { name: 'Record detail' })
    await detail.getByTestId('detail-sequence-number').filter({ hasText: data?.sequenceNumber ?? '-' }).waitFor()
    const logEvent = detail.getByRole('region', { name: 'CloudWatch Logs event' })
    await logEvent.getByText('CloudWatch Logs log event').waitFor()
    await logEvent.getByText('(2 of 4 in this record)').waitFor()
    await logEvent.getByText('/aws/lambda/order-service', { exact: true }).waitFor()
    await logEvent.getByText(logEventId(T + 41, 1), { exact: true }).waitFor()
    await logEvent.getByText('2026-12-07 08:30:00.041', { exact: true }).waitFor()
    await detail.getByRole('group', { name: 'JSON tree' }).getByText('"o-1042"', { exact: true }).waitFor()
    await screenshot(page, 'cloudwatch-logs-events')
    expect(await seriousAxeViolations(page)).toEqual([])

    await detail.getByRole('button', { name: 'Close record detail' }).click()
    await screenshot(page, 'cloudwatch-logs-rows')

    // The JSON field filter sees each event on its own.
    await view.getByLabel('JSON field').fill('level = ERROR')
    await view.getByTestId('records-shown').filter({ hasText: '1 of 5 shown' }).waitFor()
    expect(consoleErrors).toEqual([])
  })
})

async function orderedRowTexts(rows: Locator): Promise<string[]> {
  const entries = await rows.evaluateAll((els) => els.map((el) => ({ index: Number(el.getAttribute('aria-rowindex')), text: (el as HTMLElement).innerText })))
  return entries.sort((a, b) => a.index - b.index).map((e) => e.text)
}


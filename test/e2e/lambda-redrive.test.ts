/**
 * Lambda functions and redrive in Chromium, on kinesis-local with the Lambda stand-in
 * (AWS_ENDPOINT_URL_LAMBDA; no emulator has Lambda): the event source mappings listed in the
 * Consumers tab, a denial naming lambda:ListEventSourceMappings; a pasted failure record (as an
 * SNS notification) opened as exactly its batch and replayed onto another stream; a file of
 * failure records (JSON Lines from SQS) with a bad line and another stream's record, all good
 * batches replayed in one job. What the target holds is read back with the SDK.
 */
import { DescribeStreamSummaryCommand, type KinesisClient } from '@aws-sdk/client-kinesis'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { browserSuite, screenshot } from '../support/app-under-test'
import { seriousAxeViolations } from '../support/axe'
import { createStreamAndWait, kinesisClient } from '../support/emulators'
import { failureRecord, snsNotification } from '../support/failure-records'
import { pizzaMappings, startLambdaStandIn, type LambdaStandIn } from '../support/lambda-stand-in'
import { readStream } from '../support/stream-readback'
import { streamWithOrders, uniqueName, type PutResult } from '../support/stream-fixtures'

const suite = browserSuite()
let kinesis: KinesisClient
let lambda: LambdaStandIn
let source: string
let puts: PutResult[]
let arn: string

beforeAll(async () => {
  kinesis = kinesisClient(inject('kinesisLocalEndpoint'))
  ;({ name: source, puts } = await streamWithOrders(kinesis, 2, 40, 'redrive-e2e'))
  const { StreamDescriptionSummary: s } = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: source }))
  arn = s?.StreamARN ?? ''
  lambda = await startLambdaStandIn(pizzaMappings(arn))
})

afterAll(async () => {
  kinesis.destroy()
  await lambda.close()
})

const env = (): Record<string, string> => ({ AWS_ENDPOINT_URL_KINESIS: inject('kinesisLocalEndpoint'), AWS_ENDPOINT_URL_LAMBDA: lambda.url, AWS_REGION: 'us-east-1' })

async function openStream(page: Page, name: string, tab: 'Consumers'): Promise<void> {
  await page.getByLabel('Search streams').fill(name)
  await page.getByRole('listbox', { name: 'Streams' }).getByRole('option', { name, exact: true }).click()
  await page.getByRole('heading', { level: 2, name, exact: true }).waitFor()
  await page.getByRole('tab', { name: tab }).click()
}

/** Records [from, to] of the source's `shard`-th shard, and the failure record Lambda would write for them. */
function batchOf(shard: number, from: number, to: number): { batch: PutResult[]; doc: Record<string, unknown> } {
  const shardId = [...new Set(puts.map((p) => p.shardId))].sort()[shard] ?? ''
  const batch = puts.filter((p) => p.shardId === shardId).slice(from, to + 1)
  const doc = failureRecord({
    streamArn: arn,
    shardId,
    startSequenceNumber: batch[0]?.sequenceNumber ?? '',
    endSequenceNumber: batch.at(-1)?.sequenceNumber ?? '',
    batchSize: batch.length,
    firstArrival: Date.now() - 60_000
  })
  return { batch, doc }
}

/** Replays what the dialog's source holds onto `target`, after the dry run and the typed name; waits for the report. */
async function replayTo(page: Page, target: string, sourceLabel: RegExp, count: number, shot: string): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Replay records' })
  await dialog.waitFor()
  await dialog.getByLabel(sourceLabel).check()
  await dialog.getByLabel('Target stream').fill(target)
  await dialog.getByRole('button', { name: 'Dry run', exact: true }).click()
  await dialog.getByTestId('replay-plan-summary').filter({ hasText: `Dry run: ${count} records would go to ${target}` }).waitFor()
  await dialog.getByLabel(`Type ${target} to confirm`).fill(target)
  expect(await seriousAxeViolations(page, 'dialog[open]')).toEqual([])
  await screenshot(page, shot)
  await dialog.getByRole('button', { name: 'Start replay' }).click()
  await dialog.getByTestId('job-report-counts').filter({ hasText: `${count} of ${count} sent · 0 failed` }).waitFor({ timeout: 30_000 })
  await dialog.getByRole('button', { name: 'Close', exact: true }).click()
  await dialog.waitFor({ state: 'detached' })
}

describe('Lambda event source mappings', () => {
  test("the stream's mappings listed with their settings; a denial names the permission and the rest of the tab works", async () => {
    const { page, consoleErrors } = await suite.start(env())
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
    await openStream(page, source, 'Consumers')
    await page.getByTestId('lambda-summary').filter({ hasText: '2 event source mappings · 1 enabled · read only' }).waitFor()
    const list = page.getByRole('list', { name: 'Event source mappings' })
    const writer = list.getByRole('listitem', { name: 'order-writer' })
    const writerText = await writer.innerText()
    for (const text of ['Enabled', 'User action', '100 records · window 5 s', 'Trim horizon', 'PROBLEM: Function call failed']) {
      expect(writerText).toContain(text)
    }
    for (const fact of [/Split batch on error\s+Yes/, /Retry attempts\s+2/, /Maximum age of record\s+1 h/, /Report batch item failures\s+Yes/, /Concurrent batches per shard\s+1/]) {
      expect(writerText).toMatch(fact)
    }
    await writer.getByRole('button', { name: 'Copy on-failure destination of order-writer' }).click()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('arn:aws:sqs:us-east-1:000000000000:order-writer-failures')
    const loyalty = await list.getByRole('listitem', { name: 'loyalty-points:live' }).innerText()
    for (const text of ['Disabled', 'USER_INITIATED', '500 records · no batching window', 'Latest', 'Until the record expires (-1)', 'No limit (-1)', 'None: failed batches are dropped']) {
      expect(loyalty).toContain(text)
    }
    expect(await page.getByText('another-streams-reader').count()).toBe(0)
    expect(await seriousAxeViolations(page, '#stream-panel-consumers')).toEqual([])
    await screenshot(page, 'consumers-lambda-mappings')

    lambda.deny(true)
    try {
      await page.getByRole('button', { name: 'Refresh Lambda functions' }).click()
      const section = page.getByRole('region', { name: 'Lambda functions' })
      await section.getByRole('alert').filter({ hasText: 'lambda:ListEventSourceMappings' }).waitFor()
      await page.getByTestId('efo-summary').filter({ hasText: 'None registered on this stream' }).waitFor()
      await screenshot(page, 'consumers-lambda-denied')
    } finally {
      lambda.deny(false)
    }
    expect(consoleErrors).toEqual([])
  })
})

describe('redrive Lambda failure records', () => {
  test('a pasted failure record opens exactly its batch in the record browser, and Replay… puts it on another stream', async () => {
    const target = uniqueName('redrive-target')
    await createStreamAndWait(kinesis, target, 1)
    const { batch, doc } = batchOf(0, 2, 6)
    const { page, consoleErrors } = await suite.start(env())
    await openStream(page, source, 'Consumers')
    await page.getByLabel('Failure records (JSON, a JSON array or JSON Lines)').fill(JSON.stringify(snsNotification(doc), null, 2))
    await page.getByRole('button', { name: 'Read failure records' }).click()
    await page.getByTestId('redrive-summary').filter({ hasText: 'pasted text: 1 failure record' }).waitFor()
    const table = page.getByRole('table', { name: 'Failure records' })
    const row = await table.locator('tbody tr').innerText()
    for (const text of ['order-writer', 'RetryAttemptsExhausted', batch[0]?.shardId ?? '?', '5']) expect(row).toContain(text)
    expect(await seriousAxeViolations(page, '#stream-panel-consumers')).toEqual([])
    await table.scrollIntoViewIfNeeded()
    await screenshot(page, 'redrive-pasted')

    await table.getByRole('button', { name: `Open batch 1: order-writer on ${batch[0]?.shardId ?? ''}` }).click()
    const view = page.getByRole('region', { name: `Records of ${source}` })
    await view.getByTestId('records-status').filter({ hasText: 'Stop condition reached — 5 records' }).waitFor({ timeout: 20_000 })
    await view.getByTestId('batch-check').filter({ hasText: 'All 5 records of the batch, as batchSize says' }).waitFor()
    const sequences = await view.locator('.rec-body [role="row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-sequence')))
    expect(sequences.sort()).toEqual(batch.map((p) => p.sequenceNumber).sort())
    expect(await seriousAxeViolations(page, `[aria-label="Records of ${source}"]`)).toEqual([])
    await screenshot(page, 'redrive-batch-opened')

    await view.getByRole('button', { name: 'Replay…' }).click()
    await replayTo(page, target, /^All loaded records \(5\)/, 5, 'redrive-replay-dry-run')
    const landed = await readStream(kinesis, target)
    expect(landed.map((r) => r.data.toString()).sort()).toEqual(batch.map((p) => p.body).sort())
    expect(consoleErrors).toEqual([])
  })

  test('a file of failure records: bad lines and another stream named, every good batch replayed in one job in order per shard', async () => {
    const target = uniqueName('redrive-all')
    await createStreamAndWait(kinesis, target, 1)
    const first = batchOf(0, 8, 10)
    const second = batchOf(1, 0, 3)
    const other = failureRecord({ ...(first.doc.KinesisBatchInfo as { shardId: string; startSequenceNumber: string; endSequenceNumber: string }), streamArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/Payments', batchSize: 3 })
    // As saved from the SQS queue, one message a line: the later batch first, to check the order.
    const lines = [second.doc, first.doc, other].map((d) => JSON.stringify({ MessageId: 'm', Body: JSON.stringify(d) }))
    lines.push('{"Body": "{\\"requestContext\\": {}}"')
    const { page, consoleErrors } = await suite.start(env())
    await openStream(page, source, 'Consumers')
    await page.getByLabel('File of failure records').setInputFiles({ name: 'order-writer-failures.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(lines.join('\n')) })
    await page.getByTestId('redrive-summary').filter({ hasText: 'order-writer-failures.jsonl: 3 failure records, 1 not readable, 1 not for this stream now' }).waitFor()
    await page.getByRole('list', { name: 'Problems in the failure records' }).getByText(/^line 4: \(document\) — Not JSON/).waitFor()
    const table = page.getByRole('table', { name: 'Failure records' })
    await table.getByText('KinesisBatchInfo.streamArn: This failure record is for the stream Payments, not').waitFor()
    expect(await seriousAxeViolations(page, '#stream-panel-consumers')).toEqual([])
    await page.getByRole('button', { name: 'Replay all 2 batches…' }).scrollIntoViewIfNeeded()
    await screenshot(page, 'redrive-file')

    await page.getByRole('button', { name: 'Replay all 2 batches…' }).click()
    await page.getByTestId('redrive-read-summary').filter({ hasText: 'Read 2 batches: 7 records; 2 exactly as their batchSize says.' }).waitFor({ timeout: 30_000 })
    await replayTo(page, target, /^The records of 2 failure record batches, in order per shard \(7\)/, 7, 'redrive-replay-all-dry-run')
    // One shard on the target: the order it holds is the replay's order, shard by shard.
    const landed = await readStream(kinesis, target)
    expect(landed.map((r) => r.data.toString())).toEqual([...first.batch, ...second.batch].map((p) => p.body))
    expect(consoleErrors).toEqual([])
  })
})

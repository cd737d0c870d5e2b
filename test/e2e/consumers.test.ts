/**
 * The Consumers tab end to end: the app pointed at kinesis-local for Kinesis and dynalite for
 * DynamoDB (AWS_ENDPOINT_URL_KINESIS / AWS_ENDPOINT_URL_DYNAMODB), a KCL lease table written in the
 * KCL's layout, its lag view, Browse from this checkpoint inside a KPL aggregate, Read from here
 * on a KPL user record, and the sandbox's clear "DynamoDB is not available" message.
 */
import { PutRecordCommand, type KinesisClient } from '@aws-sdk/client-kinesis'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { aggregate } from '../../src/main/core/decode/kpl'
import { browserSuite, screenshot } from '../support/app-under-test'
import { seriousAxeViolations } from '../support/axe'
import { createStreamAndWait, kinesisClient, type Emulator } from '../support/emulators'
import { createLeaseTable, dynamoClient, putLease, startDynalite } from '../support/lease-tables'
import { uniqueName } from '../support/stream-fixtures'

const suite = browserSuite()
const HIGH = '340282366920938463463374607431768211455'

let dynamoServer: Emulator
let dynamo: DynamoDBClient
let kinesis: KinesisClient
const stream = uniqueName('kcl-e2e')
const table = uniqueName('pizza-app')
let agg = { shardId: '', sequenceNumber: '' }
let plainShard = ''

async function put(data: Uint8Array | string, hashKey: string): Promise<{ shardId: string; sequenceNumber: string }> {
  const out = await kinesis.send(
    new PutRecordCommand({ StreamName: stream, PartitionKey: 'k', ExplicitHashKey: hashKey, Data: typeof data === 'string' ? Buffer.from(data) : data })
  )
  return { shardId: out.ShardId ?? '', sequenceNumber: out.SequenceNumber ?? '' }
}

beforeAll(async () => {
  dynamoServer = await startDynalite()
  dynamo = dynamoClient(dynamoServer.endpoint)
  kinesis = kinesisClient(inject('kinesisLocalEndpoint'))
  await createStreamAndWait(kinesis, stream, 2)
  const plain = []
  for (let i = 0; i < 6; i++) plain.push(await put(JSON.stringify({ order: i }), '0'))
  plainShard = plain[0]?.shardId ?? ''
  agg = await put(aggregate(Array.from({ length: 5 }, (_, i) => ({ partitionKey: `user-${i}`, data: Buffer.from(JSON.stringify({ user: i })) }))), HIGH)
  await put('{"after":0}', HIGH)
  await createLeaseTable(dynamo, table)
  await createLeaseTable(dynamo, uniqueName('another-app'))
  await putLease(dynamo, table, { leaseKey: plainShard, checkpoint: plain[1]?.sequenceNumber ?? '', owner: 'worker-a', counter: 12 })
  await putLease(dynamo, table, { leaseKey: agg.shardId, checkpoint: agg.sequenceNumber, subSequenceNumber: 2, owner: 'worker-b', counter: 30, ownerSwitches: 1 })
})

afterAll(async () => {
  kinesis.destroy()
  dynamo.destroy()
  await dynamoServer.close()
})

async function openStream(page: Page, name: string): Promise<void> {
  await page.getByLabel('Search streams').fill(name)
  await page.getByRole('listbox', { name: 'Streams' }).getByRole('option', { name, exact: true }).click()
  await page.getByRole('heading', { level: 2, name, exact: true }).waitFor()
}

const records = (page: Page): Locator => page.getByRole('region', { name: `Records of ${stream}` })
const rowTexts = (page: Page): Promise<string[]> => records(page).getByRole('grid', { name: 'Records' }).locator('.rec-body [role="row"]').allInnerTexts()

describe('consumers', () => {
  test('a KCL lease table: lag per shard, then Browse from this checkpoint inside a KPL aggregate', async () => {
    const { page, consoleErrors } = await suite.start({
      AWS_ENDPOINT_URL_KINESIS: inject('kinesisLocalEndpoint'),
      AWS_ENDPOINT_URL_DYNAMODB: dynamoServer.endpoint,
      AWS_REGION: 'us-east-1'
    }, { leaseStuckAfterMs: 0 })
    await openStream(page, stream)
    await page.getByRole('tab', { name: 'Consumers' }).click()
    await page.getByTestId('efo-summary').filter({ hasText: 'None registered on this stream' }).waitFor()
    // The table list comes from ListTables on the same connection (dynalite here).
    const picker = page.getByRole('combobox', { name: 'Lease table' })
    await page.getByText('2 DynamoDB tables on this connection', { exact: false }).waitFor()
    await picker.fill(table)
    await page.getByRole('button', { name: 'Read lease table' }).click()
    const leases = page.getByRole('table', { name: 'Leases' })
    await leases.locator('tbody tr').nth(1).waitFor()
    await page.getByTestId('lease-summary').filter({ hasText: `2 leases in ${table}` }).waitFor()

    const rowOf = (shardId: string): Locator => leases.locator('tbody tr').filter({ hasText: shardId })
    expect(await rowOf(plainShard).innerText()).toContain('worker-a')
    // Four records after the checkpoint on the plain shard; inside the aggregate, user records 3, 4 and one more record.
    expect((await rowOf(plainShard).locator('td').nth(4).innerText()).trim()).toBe('4')
    expect(await rowOf(plainShard).locator('td').nth(3).innerText()).toMatch(/behind$/)
    expect((await rowOf(agg.shardId).locator('td').nth(4).innerText()).trim()).toBe('3')
    expect(await rowOf(agg.shardId).locator('td').nth(2).getAttribute('title')).toBe(`${agg.sequenceNumber}:2`)

    // A refresh where one counter moved and the other did not: that one looks stuck.
    await putLease(dynamo, table, { leaseKey: agg.shardId, checkpoint: agg.sequenceNumber, subSequenceNumber: 2, owner: 'worker-b', counter: 31, ownerSwitches: 1 })
    await page.getByRole('button', { name: 'Refresh leases' }).click()
    await rowOf(plainShard).getByText('Looks stuck').waitFor()
    expect(await rowOf(agg.shardId).getByText('Looks stuck').count()).toBe(0)

    expect(await seriousAxeViolations(page, '#stream-panel-consumers')).toEqual([])
    await screenshot(page, 'consumers-lease-table')

    await rowOf(agg.shardId).getByRole('button', { name: `Browse from this checkpoint on ${agg.shardId}` }).click()
    await records(page).getByTestId('records-status').filter({ hasText: 'Read every shard to its tip — 3 records' }).waitFor()
    expect(await page.getByRole('tab', { name: 'Records' }).getAttribute('aria-selected')).toBe('true')
    const texts = await rowTexts(page)
    expect(texts[0]).toContain('{"user":3}')
    expect(texts[1]).toContain('{"user":4}')
    expect(texts[2]).toContain('{"after":0}')
    expect(await records(page).getByLabel('Sequence number', { exact: true }).inputValue()).toBe(`${agg.sequenceNumber}:3`)
    await screenshot(page, 'consumers-browse-from-checkpoint')

    // Read from here on a KPL user record starts at that user record, not at the aggregate's first.
    await records(page).getByRole('grid', { name: 'Records' }).locator('.rec-body [role="row"]').filter({ hasText: '{"user":4}' }).click()
    await records(page).getByRole('complementary', { name: 'Record detail' }).getByRole('button', { name: 'Read from here' }).click()
    await records(page).getByTestId('records-status').filter({ hasText: 'Read every shard to its tip — 2 records' }).waitFor()
    const fromUser4 = await rowTexts(page)
    expect(fromUser4[0]).toContain('{"user":4}')
    expect(fromUser4).toHaveLength(2)
    expect(consoleErrors).toEqual([])
  })

  test('on the sandbox, the Consumers tab says DynamoDB is not available and why', async () => {
    const { page } = await suite.start({})
    await openStream(page, 'OrderStream')
    await page.getByRole('tab', { name: 'Consumers' }).click()
    // kinesalite has no consumers API, and the sandbox has no DynamoDB.
    await page.getByRole('alert').filter({ hasText: 'does not support ListStreamConsumers' }).waitFor()
    await page.getByRole('alert').filter({ hasText: 'DynamoDB is not available on this connection' }).waitFor()
    expect(await seriousAxeViolations(page, '#stream-panel-consumers')).toEqual([])
    await screenshot(page, 'consumers-sandbox')
  })
})

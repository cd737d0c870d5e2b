/**
 * Rewinding a KCL application end to end (kinesis-local for Kinesis, dynalite for the lease table
 * in the KCL's layout): a stopped application's leases set to a time with the dry run, the typed
 * table name, the backup and Undo (the items back byte for byte); a running one (a worker renewing
 * its lease) refused, naming the worker. Axe on each step; screenshots.
 */
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { GetItemCommand, UpdateItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import type { KinesisClient } from '@aws-sdk/client-kinesis'
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { toDateTimeInput } from '../../src/renderer/src/features/records/format'
import { browserSuite, screenshot } from '../support/app-under-test'
import { seriousAxeViolations } from '../support/axe'
import { createStreamAndWait, kinesisClient, type Emulator } from '../support/emulators'
import { createLeaseTable, dynamoClient, putLease, startDynalite } from '../support/lease-tables'
import { uniqueName } from '../support/stream-fixtures'
import { HIGH, LOW, putAfter, putText, readShard, type TimedRecord } from '../support/timed-records'

const suite = browserSuite()
let dynamoServer: Emulator
let dynamo: DynamoDBClient
let kinesis: KinesisClient
const stream = uniqueName('rewind-e2e')
let shard0 = ''
let shard1 = ''
let time = 0
let records0: TimedRecord[] = []
let records1: TimedRecord[] = []

beforeAll(async () => {
  dynamoServer = await startDynalite()
  dynamo = dynamoClient(dynamoServer.endpoint)
  kinesis = kinesisClient(inject('kinesisLocalEndpoint'))
  await createStreamAndWait(kinesis, stream, 2)
  // Shard 0: orders before T, a boundary record at T, orders after; shard 1: orders after T only.
  for (let i = 0; i < 3; i++) shard0 = (await putText(kinesis, stream, `{"order":${i}}`, LOW)).shardId
  const early = await readShard(kinesis, stream, shard0)
  time = (await putAfter(kinesis, stream, Math.max(...early.map((r) => r.arrival)), LOW)).arrival
  for (let i = 3; i < 6; i++) await putText(kinesis, stream, `{"order":${i}}`, LOW)
  for (let i = 0; i < 2; i++) shard1 = (await putText(kinesis, stream, `{"late":${i}}`, HIGH)).shardId
  records0 = await readShard(kinesis, stream, shard0)
  records1 = await readShard(kinesis, stream, shard1)
})

afterAll(async () => {
  kinesis.destroy()
  dynamo.destroy()
  await dynamoServer.close()
})

const env = (): Record<string, string> => ({
  AWS_ENDPOINT_URL_KINESIS: inject('kinesisLocalEndpoint'),
  AWS_ENDPOINT_URL_DYNAMODB: dynamoServer.endpoint,
  AWS_REGION: 'us-east-1'
})

async function rawItem(table: string, leaseKey: string): Promise<Record<string, AttributeValue> | undefined> {
  return (await dynamo.send(new GetItemCommand({ TableName: table, Key: { leaseKey: { S: leaseKey } }, ConsistentRead: true }))).Item
}

async function openLeases(page: Page, table: string): Promise<void> {
  await page.getByLabel('Search streams').fill(stream)
  await page.getByRole('listbox', { name: 'Streams' }).getByRole('option', { name: stream, exact: true }).click()
  await page.getByRole('heading', { level: 2, name: stream, exact: true }).waitFor()
  await page.getByRole('tab', { name: 'Consumers' }).click()
  await page.getByRole('combobox', { name: 'Lease table' }).fill(table)
  await page.getByRole('button', { name: 'Read lease table' }).click()
  await page.getByTestId('lease-summary').filter({ hasText: `2 leases in ${table}` }).waitFor()
}

const rowOf = (dialog: Locator, shardId: string): Locator => dialog.getByRole('table', { name: 'Checkpoints before and after' }).locator('tbody tr').filter({ hasText: shardId })

describe('rewind a KCL application', () => {
  test('a stopped application: dry run to a time, typed name, rewind with backup, then Undo', async () => {
    const table = uniqueName('pizza-app')
    await createLeaseTable(dynamo, table)
    await putLease(dynamo, table, { leaseKey: shard0, checkpoint: records0.at(-1)?.sequenceNumber ?? '', owner: 'worker-a', counter: 12 })
    await putLease(dynamo, table, { leaseKey: shard1, checkpoint: records1.at(-1)?.sequenceNumber ?? '', owner: 'worker-b', counter: 30, ownerSwitches: 1 })
    const before = [await rawItem(table, shard0), await rawItem(table, shard1)]
    const firstAt = records0.findIndex((r) => r.arrival >= time)
    const { page, app, consoleErrors } = await suite.start(env(), { leaseWatchMs: 1500 })
    await openLeases(page, table)

    await page.getByRole('button', { name: 'Rewind checkpoints…' }).click()
    const dialog = page.getByRole('dialog', { name: `Rewind ${table}` })
    await dialog.getByLabel('At timestamp').check()
    await dialog.getByLabel(/^Timestamp/).fill(toDateTimeInput(time, 'local'))
    await dialog.getByRole('button', { name: 'Dry run' }).click()
    await dialog.getByTestId('rewind-plan-summary').filter({ hasText: 'Dry run: 2 of 2 leases change' }).waitFor()
    // Shard 0 goes to the last record before T; shard 1 had nothing before T: the trim horizon.
    expect(await rowOf(dialog, shard0).textContent()).toContain(records0[firstAt - 1]?.sequenceNumber ?? 'missing')
    expect((await rowOf(dialog, shard0).locator('td').nth(5).innerText()).trim()).toBe(String(records0.length - firstAt))
    expect(await rowOf(dialog, shard1).textContent()).toContain('TRIM_HORIZON')
    expect(await rowOf(dialog, shard1).textContent()).toContain('Nothing before the time in retention')
    expect(await dialog.getByTestId('rewind-watch-note').innerText()).toContain("watches the leases for 2 s (as configured; the default is 20 s, twice the KCL's default failover time of 10 s)")
    const rewind = dialog.getByRole('button', { name: 'Rewind checkpoints' })
    expect(await rewind.isDisabled()).toBe(true) // the table's name is not typed yet
    expect(await seriousAxeViolations(page, 'dialog')).toEqual([])
    await screenshot(page, 'rewind-dry-run')

    await dialog.getByLabel(`Type ${table} to confirm`).fill(table)
    await rewind.click()
    await dialog.getByTestId('rewind-progress').filter({ hasText: 'Watching the lease counters' }).waitFor()
    await dialog.getByTestId('rewind-report-summary').filter({ hasText: `rewound 2 of 2 leases in ${table}.` }).waitFor()
    expect((await rawItem(table, shard0))?.checkpoint?.S).toBe(records0[firstAt - 1]?.sequenceNumber)
    expect((await rawItem(table, shard1))?.checkpoint?.S).toBe('TRIM_HORIZON')
    const backupPath = await dialog.locator('.rewind-backup code').innerText()
    expect(backupPath.startsWith(`${app.userDataDir}/lease-backups/${table}-leases-`)).toBe(true)
    await dialog.getByRole('button', { name: 'Copy path of the lease backup' }).waitFor()
    // The web host's file is on the host's disk: the page downloads the same bytes.
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download backup' }).click()])
    expect(download.suggestedFilename()).toBe(basename(backupPath))
    expect(await readFile(await download.path(), 'utf8')).toBe(await readFile(backupPath, 'utf8'))
    expect(await seriousAxeViolations(page, 'dialog')).toEqual([])
    await screenshot(page, 'rewind-report')

    await dialog.getByRole('button', { name: 'Undo' }).click()
    await dialog.getByTestId('rewind-undo-summary').filter({ hasText: 'Undo: restored 2 of 2 leases as backed up.' }).waitFor()
    expect([await rawItem(table, shard0), await rawItem(table, shard1)]).toEqual(before)
    await screenshot(page, 'rewind-undone')
    await dialog.getByRole('button', { name: 'Close', exact: true }).click()
    await dialog.waitFor({ state: 'detached' })
    expect(consoleErrors).toEqual([])
  })

  test('a running application (a worker renewing its lease) is refused, naming the worker; nothing is written', async () => {
    const table = uniqueName('running-app')
    await createLeaseTable(dynamo, table)
    await putLease(dynamo, table, { leaseKey: shard0, checkpoint: records0.at(-1)?.sequenceNumber ?? '', owner: 'worker-live', counter: 3 })
    await putLease(dynamo, table, { leaseKey: shard1, checkpoint: records1.at(-1)?.sequenceNumber ?? '', owner: 'worker-live', counter: 4 })
    const { page } = await suite.start(env(), { leaseWatchMs: 1500 })
    await openLeases(page, table)
    await page.getByRole('button', { name: 'Rewind checkpoints…' }).click()
    const dialog = page.getByRole('dialog', { name: `Rewind ${table}` })
    await dialog.getByLabel('Trim horizon').check()
    await dialog.getByRole('button', { name: 'Dry run' }).click()
    await dialog.getByTestId('rewind-plan-summary').waitFor()
    await dialog.getByLabel(`Type ${table} to confirm`).fill(table)

    // The worker renews its lease as a live KCL worker does, until the test ends.
    let renewing = true
    const worker = (async () => {
      while (renewing) {
        await dynamo.send(new UpdateItemCommand({ TableName: table, Key: { leaseKey: { S: shard0 } }, UpdateExpression: 'ADD leaseCounter :one', ExpressionAttributeValues: { ':one': { N: '1' } } }))
        await new Promise((resolve) => setTimeout(resolve, 200))
      }
    })()
    try {
      await dialog.getByRole('button', { name: 'Rewind checkpoints' }).click()
      const alert = dialog.getByRole('alert').filter({ hasText: 'The application is still running' })
      await alert.waitFor()
      expect(await alert.innerText()).toContain('worker-live')
      expect(await alert.innerText()).toContain('Nothing was written')
      expect(await alert.innerText()).toContain('Stop every worker of the application')
    } finally {
      renewing = false
      await worker
    }
    expect((await rawItem(table, shard1))?.checkpoint?.S).toBe(records1.at(-1)?.sequenceNumber)
    expect((await rawItem(table, shard0))?.checkpoint?.S).toBe(records0.at(-1)?.sequenceNumber)
    expect(await seriousAxeViolations(page, 'dialog')).toEqual([])
    await screenshot(page, 'rewind-refused-running')
  })
})

/**
 * Schema-encoded records in the record browser, in Chromium through the web host: a GSR stream
 * (Avro written by @meinestadt.de/glue-schema-registry, a Protobuf record, a record whose schema
 * version the registry does not know) read against kinesis-local with the Glue stand-in behind
 * AWS_ENDPOINT_URL_GLUE, filtered by a decoded field; a Protobuf record's detail; a .proto
 * attached in the Schemas dialog decoding plain Protobuf records. Screenshots and axe.
 */
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { KinesisClient } from '@aws-sdk/client-kinesis'
import { GlueSchemaRegistry } from '@meinestadt.de/glue-schema-registry'
import type { Browser, Locator, Page } from 'playwright-core'
import protobuf from 'protobufjs'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { buildGsrFrame } from '../../src/main/core/schemas/gsr-frame'
import { launchBrowser, openApp, screenshot, startApp, type AppUnderTest } from '../support/app-under-test'
import { seriousAxeViolations } from '../support/axe'
import { createStreamAndWait, kinesisClient } from '../support/emulators'
import { startGlueStandIn, type GlueStandIn } from '../support/glue-stand-in'
import { orderAvsc, orderProto } from '../support/schema-fixtures'
import { putAll } from '../support/stream-fixtures'

const suffix = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`
const gsrStream = `gsr-e2e-${suffix}`
const plainStream = `proto-e2e-${suffix}`
const UNKNOWN = '0badc0de-0000-4000-8000-00000000abcd'
const Order = protobuf.parse(orderProto, { keepCase: true }).root.lookupType('shop.Order')

let client: KinesisClient
let glue: GlueStandIn
let app: AppUnderTest
let browser: Browser
let page: Page
let consoleErrors: string[] = []

beforeAll(async () => {
  const endpoint = inject('kinesisLocalEndpoint')
  client = kinesisClient(endpoint)
  glue = await startGlueStandIn()
  const avro = glue.add({ registryName: 'orders', schemaName: 'OrderPlaced', versionNumber: 3, dataFormat: 'AVRO', definition: orderAvsc })
  const proto = glue.add({ registryName: 'orders', schemaName: 'OrderProto', versionNumber: 2, dataFormat: 'PROTOBUF', definition: orderProto })
  const encoder = new GlueSchemaRegistry('orders', { region: 'us-east-1', endpoint: glue.url, credentials: { accessKeyId: 'x', secretAccessKey: 'y' } })
  const order = (i: number, storeId: number) => ({ orderId: `o-${i}`, storeId, amountCents: 1000 + i, size: 'LARGE', note: i === 1 ? 'extra cheese' : null, extra: null, signature: Buffer.from([i]) })
  await Promise.all([createStreamAndWait(client, gsrStream, 1), createStreamAndWait(client, plainStream, 1)])
  await putAll(client, gsrStream, [
    await encoder.encode(avro.schemaVersionId, order(1, 7), { compress: false }),
    await encoder.encode(avro.schemaVersionId, order(2, 8), { compress: true }),
    await encoder.encode(avro.schemaVersionId, order(3, 7), { compress: true }),
    buildGsrFrame(proto.schemaVersionId, Buffer.concat([Buffer.from([0]), Order.encode(Order.fromObject({ orderId: 'p-4', storeId: 9, amountCents: '9007199254740993', lines: [{ pizzaId: 3, quantity: 2 }] })).finish()])),
    buildGsrFrame(UNKNOWN, Buffer.from([1, 2, 3]))
  ])
  await putAll(client, plainStream, [Order.encode(Order.fromObject({ orderId: 'plain-1', storeId: 3, size: 'SMALL' })).finish()])

  app = await startApp({ AWS_ENDPOINT_URL_KINESIS: endpoint, AWS_ENDPOINT_URL_GLUE: glue.url, AWS_REGION: 'us-east-1' })
  browser = await launchBrowser()
  ;({ page, consoleErrors } = await openApp(browser, app))
  await page.getByRole('status').filter({ hasText: `Connected to AWS CLI default · us-east-1 · ${endpoint}` }).waitFor()
})

afterAll(async () => {
  await browser?.close()
  await app?.close()
  await glue?.close()
  client?.destroy()
})

const view = (stream: string): Locator => page.getByRole('region', { name: `Records of ${stream}` })
const grid = (stream: string): Locator => view(stream).getByRole('grid', { name: 'Records' })
const rows = (stream: string): Locator => grid(stream).locator('.rec-body [role="row"]')
const detail = (stream: string): Locator => view(stream).getByRole('complementary', { name: 'Record detail' })

async function openRecords(stream: string): Promise<void> {
  await page.getByLabel('Search streams').fill(stream)
  await page.getByRole('listbox', { name: 'Streams' }).getByRole('option', { name: stream, exact: true }).click()
  await page.getByRole('heading', { level: 2, name: stream, exact: true }).waitFor()
  await page.getByRole('tab', { name: 'Records' }).click()
  await view(stream).waitFor()
}

async function readAll(stream: string, count: number): Promise<void> {
  await view(stream).getByLabel('Starting position').selectOption({ label: 'Trim horizon' })
  await view(stream).getByRole('button', { name: 'Read', exact: true }).click()
  await view(stream).getByTestId('records-status').filter({ hasText: `Read every shard to its tip — ${count} record` }).waitFor({ timeout: 20_000 })
}

async function expectNoAxeViolations(): Promise<void> {
  expect(await seriousAxeViolations(page)).toEqual([])
}

describe('schema-encoded records', () => {
  test('a GSR stream is read decoded, labelled with its schema, and filtered by a decoded field', async () => {
    await openRecords(gsrStream)
    await readAll(gsrStream, 5)
    const avroLabel = 'GSR Avro · OrderPlaced v3 (registry orders)'
    await expect.poll(() => rows(gsrStream).filter({ hasText: avroLabel }).count()).toBe(3)
    await rows(gsrStream).filter({ hasText: 'GSR Protobuf · OrderProto v2 (registry orders)' }).waitFor()
    await rows(gsrStream).filter({ hasText: '"orderId":"o-1"' }).waitFor()

    await view(gsrStream).getByLabel('JSON field').fill('storeId = 7')
    await view(gsrStream).getByTestId('records-shown').filter({ hasText: '2 of 5 shown' }).waitFor()
    expect(await rows(gsrStream).allInnerTexts()).toEqual([expect.stringContaining('"o-1"'), expect.stringContaining('"o-3"')])
    await screenshot(page, 'schema-gsr-filtered')
    await view(gsrStream).getByLabel('JSON field').fill('')
    await view(gsrStream).getByLabel('Text contains').fill('extra cheese')
    await view(gsrStream).getByTestId('records-shown').filter({ hasText: '1 of 5 shown' }).waitFor()
    await view(gsrStream).getByLabel('Text contains').fill('')
    await view(gsrStream).getByTestId('records-shown').filter({ hasText: '5 of 5 shown' }).waitFor()

    // The unknown version: its bytes and the reason, not hidden.
    await rows(gsrStream).filter({ hasText: 'decode error' }).click()
    await detail(gsrStream).getByText(`Schema version ${UNKNOWN} is not in the Glue Schema Registry`, { exact: false }).first().waitFor()
    await detail(gsrStream).getByText('Raw (hex)').waitFor()
    await screenshot(page, 'schema-gsr-unknown-version')
    await expectNoAxeViolations()
  })

  test('a Protobuf record\'s detail shows the decoded message and its schema', async () => {
    await rows(gsrStream).filter({ hasText: 'GSR Protobuf' }).click()
    await detail(gsrStream).getByTestId('detail-schema').filter({ hasText: 'GSR Protobuf · OrderProto v2 (registry orders)' }).waitFor()
    const json = detail(gsrStream).getByRole('group', { name: 'JSON tree' })
    await json.getByText('"p-4"', { exact: true }).waitFor()
    // The int64 beyond 2^53 keeps every digit (the Protobuf JSON mapping writes it as a string).
    await json.getByText('"9007199254740993"', { exact: true }).waitFor()
    expect(await json.innerText()).toContain('"pizzaId": 3')
    await screenshot(page, 'schema-protobuf-detail')
    await expectNoAxeViolations()
    expect(consoleErrors).toEqual([])
  })

  test('a .proto attached in the Schemas dialog decodes plain Protobuf records', async () => {
    await openRecords(plainStream)
    await view(plainStream).getByRole('button', { name: 'Schemas…' }).click()
    const dialog = page.getByRole('dialog', { name: `Schemas for ${plainStream}` })
    await dialog.getByText('No schema files are attached to this stream.').waitFor()
    // A 50 MB file is refused before it is read.
    const dir = await mkdtemp(join(tmpdir(), 'schema-e2e-'))
    try {
      await writeFile(join(dir, 'huge.avsc'), Buffer.alloc(50 * 1024 * 1024, 0x20))
      await dialog.getByLabel('Schema file (.avsc, .proto, JSON Schema)').setInputFiles(join(dir, 'huge.avsc'))
      await dialog.getByText('huge.avsc is 50.0 MB; a schema file may be at most 1024 KB.').waitFor()
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
    await dialog.getByLabel('Schema file (.avsc, .proto, JSON Schema)').setInputFiles({ name: 'order.proto', mimeType: 'text/plain', buffer: Buffer.from(orderProto) })
    await expect.poll(() => dialog.getByLabel('Format').inputValue()).toBe('PROTOBUF')
    await dialog.getByLabel('Message (full name)').fill('shop.Order')
    await screenshot(page, 'schema-attach-dialog')
    await expectNoAxeViolations()
    await dialog.getByRole('button', { name: 'Attach', exact: true }).click()
    await dialog.getByRole('list', { name: 'Attached schemas' }).getByText('Protobuf · shop.Order · order.proto').waitFor()
    await dialog.getByRole('status').filter({ hasText: 'Attached order.proto' }).waitFor()
    await dialog.getByRole('button', { name: 'Close dialog' }).click()

    await readAll(plainStream, 1)
    await rows(plainStream).first().click()
    await detail(plainStream).getByTestId('detail-schema').filter({ hasText: 'Protobuf · shop.Order · order.proto' }).waitFor()
    await detail(plainStream).getByRole('group', { name: 'JSON tree' }).getByText('"plain-1"', { exact: true }).waitFor()
    await screenshot(page, 'schema-plain-protobuf')
    expect(consoleErrors).toEqual([])
  })
})

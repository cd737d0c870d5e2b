/**
 * An order sent with a schema from the Send tab, in Chromium through the web host: the stream on
 * kinesis-local, the registry a Glue stand-in reached through AWS_ENDPOINT_URL_GLUE. The seed's
 * order form is checked against a version that wants StoreId as a number (the field is named and
 * Send is disabled), then sent with one that fits, GSR-framed and zlib-compressed; the record on
 * the stream is decoded by @meinestadt.de/glue-schema-registry. Then a local .avsc file: the bare
 * datum, read back with avsc. Screenshot and axe.
 */
import { GlueSchemaRegistry } from '@meinestadt.de/glue-schema-registry'
import avro from 'avsc'
import { afterAll, describe, expect, inject, test } from 'vitest'
import { seriousAxeViolations } from '../support/axe'
import { browserSuite, screenshot } from '../support/app-under-test'
import { createStreamAndWait, kinesisClient } from '../support/emulators'
import { startGlueStandIn, type GlueStandIn } from '../support/glue-stand-in'
import { uniqueName } from '../support/stream-fixtures'
import { readStream } from '../support/stream-readback'

const suite = browserSuite()
const pizzaOrder = (storeId: 'int' | 'string'): string =>
  JSON.stringify({
    type: 'record',
    name: 'PizzaOrder',
    namespace: 'shop',
    fields: ['Id', 'Source', 'StoreId', 'PizzaId', 'Timestamp'].map((name) => ({ name, type: name === 'StoreId' ? storeId : 'string' }))
  })
let glue: GlueStandIn | null = null
afterAll(async () => {
  await glue?.close()
})

describe('send tab with a schema', () => {
  test('an order from the form, checked against the schema as it is filled in, sent GSR-framed', async () => {
    glue = await startGlueStandIn()
    glue.add({ registryName: 'orders', schemaName: 'PizzaOrder', versionNumber: 1, dataFormat: 'AVRO', definition: pizzaOrder('int') })
    const fits = glue.add({ registryName: 'orders', schemaName: 'PizzaOrder', versionNumber: 2, dataFormat: 'AVRO', definition: pizzaOrder('string') })
    const endpoint = inject('kinesisLocalEndpoint')
    const kinesis = kinesisClient(endpoint)
    const stream = uniqueName('gsr-e2e')
    await createStreamAndWait(kinesis, stream, 1)

    const { page, consoleErrors } = await suite.start({ AWS_ENDPOINT_URL_KINESIS: endpoint, AWS_ENDPOINT_URL_GLUE: glue.url, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' })
    await page.getByLabel('Search streams').fill(stream)
    await page.getByRole('listbox', { name: 'Streams' }).getByRole('option', { name: stream, exact: true }).click()
    await page.getByRole('tab', { name: 'Send' }).click()
    const form = page.getByRole('tabpanel', { name: 'Send' }).getByRole('form', { name: 'Record to send' })
    await form.getByLabel('Store id').fill('117')

    await form.getByLabel('Encode with').selectOption({ label: 'Glue Schema Registry' })
    const registry = form.getByRole('combobox', { name: 'Registry' })
    await expect.poll(() => registry.locator('option').allInnerTexts()).toEqual(['Choose a registry', 'orders'])
    await registry.selectOption('orders')
    const schema = form.getByRole('combobox', { name: 'Schema', exact: true })
    await expect.poll(() => schema.locator('option').allInnerTexts()).toEqual(['Choose a schema', 'PizzaOrder'])
    await schema.selectOption('PizzaOrder')
    const version = form.getByRole('combobox', { name: 'Version' })
    await expect.poll(() => version.locator('option').allInnerTexts()).toEqual(['Choose a version', 'v2', 'v1'])
    expect(await form.getByRole('button', { name: 'Send record' }).isDisabled()).toBe(true) // no version yet

    // Version 1 wants StoreId as a number: the field is named, and the record cannot be sent.
    await version.selectOption({ label: 'v1' })
    const checked = form.getByRole('status').filter({ hasText: /Fits|Does not fit/ })
    await checked.filter({ hasText: 'Does not fit GSR Avro · PizzaOrder v1 (registry orders)' }).waitFor()
    expect(await checked.innerText()).toContain('StoreId')
    expect(await form.getByRole('button', { name: 'Send record' }).isDisabled()).toBe(true)

    await version.selectOption({ label: 'v2' })
    await form.getByRole('combobox', { name: 'Compression' }).selectOption({ label: 'zlib (byte 1 = 5)' })
    await checked.filter({ hasText: '✓ Fits GSR Avro · PizzaOrder v2 (registry orders) · zlib · encoded' }).waitFor()
    await form.getByText(`Schema definition (AVRO, PizzaOrder v2, id ${fits.schemaVersionId})`).waitFor()
    const preview = page.getByRole('region', { name: 'Preview' })
    await expect.poll(() => preview.getByText(/→ \d+ B encoded/).count()).toBe(3)
    expect(await seriousAxeViolations(page)).toEqual([])
    await screenshot(page, 'send-with-schema')

    await form.getByRole('button', { name: 'Send record' }).click()
    await form.getByRole('status', { name: 'Last send' }).waitFor()
    const [stored, ...rest] = await readStream(kinesis, stream)
    expect(rest).toEqual([])
    expect([stored?.data[0], stored?.data[1]]).toEqual([3, 5])
    const theirs = new GlueSchemaRegistry('orders', { region: 'us-east-1', endpoint: glue.url, credentials: { accessKeyId: 'x', secretAccessKey: 'y' } })
    const decoded = await theirs.decode<Record<string, string>>(stored?.data ?? Buffer.alloc(0), avro.Type.forSchema(JSON.parse(pizzaOrder('string')) as avro.Schema))
    expect(decoded).toMatchObject({ Source: 'web', StoreId: '117', PizzaId: 'margherita' })
    expect(decoded.Id).toMatch(/^[0-9a-f-]{36}$/)
    await screenshot(page, 'send-with-schema-sent')

    // A local .avsc instead: the record is the bare Avro datum, no header.
    await form.getByLabel('Encode with').selectOption({ label: 'Local schema file' })
    expect(await form.getByRole('button', { name: 'Send record' }).isDisabled()).toBe(true) // no file yet
    await form.getByLabel('Schema file').setInputFiles({ name: 'pizza-order.avsc', mimeType: 'application/json', buffer: Buffer.from(pizzaOrder('string')) })
    await checked.filter({ hasText: '✓ Fits Avro · shop.PizzaOrder · pizza-order.avsc (no header)' }).waitFor()
    await form.getByLabel('Store id').fill('118')
    await checked.filter({ hasText: /✓ Fits Avro/ }).waitFor()
    await form.getByRole('button', { name: 'Send record' }).click()
    await expect.poll(async () => (await readStream(kinesis, stream)).length).toBe(2)
    const plain = (await readStream(kinesis, stream))[1]
    const datum = avro.Type.forSchema(JSON.parse(pizzaOrder('string')) as avro.Schema).fromBuffer(plain?.data ?? Buffer.alloc(0)) as Record<string, string>
    expect(datum).toMatchObject({ Source: 'web', StoreId: '118', PizzaId: 'margherita' })
    expect(consoleErrors).toEqual([])
    kinesis.destroy()
  })
})

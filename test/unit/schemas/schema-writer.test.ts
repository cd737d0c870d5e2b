/**
 * Writing with a schema against a mocked Glue (aws-sdk-client-mock): GSR-framed Avro that the
 * independent encoder's decoder (@meinestadt.de/glue-schema-registry) reads back, with
 * compression none and zlib; Protobuf with its GSR message index; a local file with no header;
 * the field that does not fit named; an unknown version refused; a bulk template encoded per record.
 */
import { GetSchemaVersionCommand, GlueClient } from '@aws-sdk/client-glue'
import { GlueSchemaRegistry } from '@meinestadt.de/glue-schema-registry'
import { mockClient } from 'aws-sdk-client-mock'
import avro from 'avsc'
import protobuf from 'protobufjs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { templateSource } from '../../../src/main/core/producer/record-source'
import type { SendItem, SourceItem } from '../../../src/main/core/producer/bulk-sender'
import { GlueRegistry } from '../../../src/main/core/schemas/glue-registry'
import { SchemaWriter } from '../../../src/main/core/schemas/schema-writer'
import { parseGsrFrame } from '../../../src/main/core/schemas/gsr-frame'
import type { RecordTemplate } from '../../../src/shared/producer'
import { orderAvsc, orderProto } from '../../support/schema-fixtures'

const glue = mockClient(GlueClient)
const AVRO_ID = '3f2b8a1c-5d6e-4f70-8a9b-0c1d2e3f4a5b'
const PROTO_ID = '0b5c7d1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e'
const credentials = { accessKeyId: 'a', secretAccessKey: 'b' }
const glueClient = new GlueClient({ region: 'us-east-1', credentials })
const registry = (): GlueRegistry => new GlueRegistry(() => glueClient, { profile: null, region: 'us-east-1', endpoint: null })
const order = { orderId: 'o-7', storeId: 7, amountCents: '1299', size: 'LARGE', note: { string: 'extra cheese' }, extra: null, signature: 'AAEC' }

beforeEach(() => {
  glue.on(GetSchemaVersionCommand, { SchemaVersionId: AVRO_ID }).resolves({
    SchemaVersionId: AVRO_ID,
    SchemaDefinition: orderAvsc,
    DataFormat: 'AVRO',
    SchemaArn: 'arn:aws:glue:us-east-1:123456789012:schema/orders/OrderPlaced',
    VersionNumber: 3,
    Status: 'AVAILABLE'
  })
  glue.on(GetSchemaVersionCommand, { SchemaVersionId: PROTO_ID }).resolves({
    SchemaVersionId: PROTO_ID,
    SchemaDefinition: orderProto,
    DataFormat: 'PROTOBUF',
    SchemaArn: 'arn:aws:glue:us-east-1:123456789012:schema/orders/Order',
    VersionNumber: 1,
    Status: 'AVAILABLE'
  })
})
afterEach(() => glue.reset())

const bytesOf = (result: Awaited<ReturnType<SchemaWriter['encode']>>): Buffer => {
  if (!result.ok) throw new Error(result.problem)
  return Buffer.from(result.dataBase64, 'base64')
}

describe('SchemaWriter', () => {
  it.each(['none', 'zlib'] as const)('GSR Avro, compression %s: the independent decoder reads the order back', async (compression) => {
    const writer = new SchemaWriter(registry())
    const result = await writer.encode({ kind: 'gsr', schemaVersionId: AVRO_ID, compression }, JSON.stringify(order))
    const bytes = bytesOf(result)
    expect(result).toMatchObject({ ok: true, size: bytes.byteLength, label: `GSR Avro · OrderPlaced v3 (registry orders) · ${compression === 'zlib' ? 'zlib' : 'uncompressed'}` })
    expect([bytes[0], bytes[1]]).toEqual([3, compression === 'zlib' ? 5 : 0])
    // One GetSchemaVersion for the writer, however many records it encodes.
    await writer.encode({ kind: 'gsr', schemaVersionId: AVRO_ID, compression }, JSON.stringify({ ...order, orderId: 'o-8' }))
    expect(glue.commandCalls(GetSchemaVersionCommand, { SchemaVersionId: AVRO_ID })).toHaveLength(1)
    const theirs = new GlueSchemaRegistry('orders', { region: 'us-east-1', credentials })
    const decoded = await theirs.decode<Record<string, unknown>>(bytes, avro.Type.forSchema(JSON.parse(orderAvsc) as avro.Schema))
    expect({ ...decoded, signature: Buffer.from(decoded.signature as Buffer).toString('base64') }).toEqual({
      orderId: 'o-7',
      storeId: 7,
      amountCents: 1299,
      size: 'LARGE',
      note: 'extra cheese',
      extra: null,
      signature: 'AAEC'
    })
  })

  it('names the field that does not fit, and says when the text is not JSON', async () => {
    const writer = new SchemaWriter(registry())
    const ref = { kind: 'gsr', schemaVersionId: AVRO_ID, compression: 'none' } as const
    const wrongType = await writer.encode(ref, JSON.stringify({ ...order, storeId: 'seven' }))
    expect(wrongType).toMatchObject({ ok: false })
    expect(wrongType.ok ? '' : wrongType.problem).toContain('storeId')
    const notJson = await writer.encode(ref, '{"orderId": ')
    expect(notJson.ok ? '' : notJson.problem).toMatch(/^Not JSON: /)
  })

  it('GSR Protobuf carries the message index; a local .avsc file writes the bare datum', async () => {
    const writer = new SchemaWriter(registry())
    const proto = bytesOf(await writer.encode({ kind: 'gsr', schemaVersionId: PROTO_ID, compression: 'none' }, JSON.stringify({ orderId: 'o-9', storeId: 3 })))
    const frame = parseGsrFrame(proto)
    if (!frame.ok) throw new Error(frame.reason)
    expect(frame.frame.schemaVersionId).toBe(PROTO_ID)
    // Message index 0 (shop.Order), then the message, as protobufjs itself writes it.
    const Order = protobuf.parse(orderProto).root.lookupType('shop.Order')
    expect(Buffer.from(frame.frame.payload.subarray(1)).equals(Buffer.from(Order.encode(Order.fromObject({ orderId: 'o-9', storeId: 3 })).finish()))).toBe(true)
    expect(frame.frame.payload[0]).toBe(0)
    // Another message of the file, as the Send tab's Message picker names it: its GSR index (2).
    const refundResult = await writer.encode({ kind: 'gsr', schemaVersionId: PROTO_ID, compression: 'none', messageName: 'shop.Refund' }, JSON.stringify({ orderId: 'o-9' }))
    expect(refundResult).toMatchObject({ ok: true, messageNames: ['shop.Order', 'shop.Order.Line', 'shop.Refund'], label: 'GSR Protobuf · Order v1 (registry orders) · shop.Refund · uncompressed' })
    const refund = parseGsrFrame(bytesOf(refundResult))
    expect(refund.ok && refund.frame.payload[0]).toBe(2)

    const file = await writer.encode({ kind: 'file', fileName: 'order.avsc', format: 'AVRO', definition: orderAvsc, messageName: null }, JSON.stringify(order))
    expect(file.label).toBe('Avro · shop.OrderPlaced · order.avsc (no header)')
    const datum = bytesOf(file)
    expect((avro.Type.forSchema(JSON.parse(orderAvsc) as avro.Schema).fromBuffer(datum) as { orderId: string }).orderId).toBe('o-7')
  })

  it('an unknown version is refused with its id named; a file that does not compile too', async () => {
    glue.on(GetSchemaVersionCommand, { SchemaVersionId: '11111111-1111-1111-1111-111111111111' }).rejects(
      Object.assign(new Error('Schema version is not found.'), { name: 'EntityNotFoundException', $metadata: { httpStatusCode: 400 } })
    )
    const writer = new SchemaWriter(registry())
    await expect(writer.encode({ kind: 'gsr', schemaVersionId: '11111111-1111-1111-1111-111111111111', compression: 'none' }, '{}')).rejects.toMatchObject({
      code: 'SCHEMA_NOT_FOUND',
      message: expect.stringContaining('11111111-1111-1111-1111-111111111111') as unknown
    })
    await expect(writer.encode({ kind: 'file', fileName: 'x.proto', format: 'PROTOBUF', definition: 'message {', messageName: null }, '{}')).rejects.toMatchObject({
      code: 'SCHEMA_INVALID'
    })
  })

  it('asks Glue again after a failure that may pass (throttled, unreachable, credentials expired), as its hint says to', async () => {
    glue.reset()
    glue
      .on(GetSchemaVersionCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }))
      .resolves({ SchemaVersionId: AVRO_ID, SchemaDefinition: orderAvsc, DataFormat: 'AVRO', SchemaArn: 'arn:aws:glue:us-east-1:123456789012:schema/orders/OrderPlaced', VersionNumber: 3 })
    const writer = new SchemaWriter(registry())
    const ref = { kind: 'gsr', schemaVersionId: AVRO_ID, compression: 'none' } as const
    await expect(writer.encode(ref, JSON.stringify(order))).rejects.toMatchObject({ code: 'THROTTLED', hint: 'Try again in a minute.' })
    expect(await writer.encode(ref, JSON.stringify(order))).toMatchObject({ ok: true })
    expect(glue.commandCalls(GetSchemaVersionCommand)).toHaveLength(2)
  })

  it('a bulk template sends each rendered record as its encoding; one that does not fit fails alone', async () => {
    const writer = new SchemaWriter(registry())
    const schema = { kind: 'gsr', schemaVersionId: AVRO_ID, compression: 'zlib' } as const
    const template: RecordTemplate = {
      encoding: 'json',
      body: '{"orderId": "o-{{counter}}", "storeId": {{counter:6}}, "amountCents": "100", "size": "{{oneOf:SMALL|HUGE}}", "note": null, "extra": null, "signature": ""}',
      gzip: false,
      partitionKey: { type: 'field', path: 'orderId' },
      explicitHashKey: null,
      schema
    }
    const source = templateSource(template, 7, 20, () => 'shardId-0', Date.now, undefined, await writer.encoder(schema))
    const items: SourceItem[] = []
    for (let item = source.next(); item !== null; item = source.next()) items.push(item)
    const sent = items.filter((i): i is SendItem => !('failure' in i))
    const failed = items.filter((i) => 'failure' in i)
    expect(sent.length + failed.length).toBe(20)
    expect(sent.length).toBeGreaterThan(0)
    expect(failed.length).toBeGreaterThan(0) // "HUGE" is not a Size
    for (const f of failed) expect('failure' in f && f.failure.errorMessage).toMatch(/^GSR Avro · OrderPlaced v3 .*size/i)
    const type = avro.Type.forSchema(JSON.parse(orderAvsc) as avro.Schema)
    for (const item of sent) {
      const frame = parseGsrFrame(item.data)
      if (!frame.ok) throw new Error(frame.reason)
      expect(frame.frame.compression).toBe('zlib')
      expect((type.fromBuffer(Buffer.from(frame.frame.payload)) as { orderId: string }).orderId).toBe(item.partitionKey)
    }
  })
})

/**
 * The schema step of the decoding pipeline: GSR frames (none and zlib, inside KPL aggregates),
 * Confluent frames, plain records with a local schema, and every way a record can fail to decode
 * — each passes through with its bytes and the reason.
 */
import avro from 'avsc'
import protobuf from 'protobufjs'
import { deflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { decodeRecord, keepMatching, type RawRecord } from '../../../src/main/core/decode/decode-record'
import { aggregate } from '../../../src/main/core/decode/kpl'
import { compileSchema } from '../../../src/main/core/schemas/schema-codecs'
import type { ResolvedSchema, SchemaLookup } from '../../../src/main/core/schemas/schema-catalog'
import { recordDataBase64 } from '../../../src/shared/record-format'
import type { DecodedRecord } from '../../../src/shared/domain'
import { orderAvsc, orderAvsc2, orderJsonSchema, orderProto } from '../../support/schema-fixtures'

const AVRO_ID = '11111111-2222-4333-8444-555555555555'
const PROTO_ID = '66666666-7777-4888-9999-aaaaaaaaaaaa'
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000'

const avroSchema: ResolvedSchema = {
  codec: compileSchema('AVRO', orderAvsc),
  info: { label: 'GSR Avro · OrderPlaced v3 (registry orders)', source: 'gsr', format: 'AVRO' }
}
const protoSchema: ResolvedSchema = {
  codec: compileSchema('PROTOBUF', orderProto),
  info: { label: 'GSR Protobuf · Order v1 (registry orders)', source: 'gsr', format: 'PROTOBUF' }
}

/** A lookup that knows two ids, refuses one and has not fetched any other; it counts its GSR lookups. */
function lookup(extra: Partial<SchemaLookup> = {}): SchemaLookup & { asked: string[] } {
  const asked: string[] = []
  return {
    asked,
    gsr(id) {
      asked.push(id)
      if (id === AVRO_ID) return avroSchema
      if (id === PROTO_ID) return protoSchema
      if (id === UNKNOWN_ID) return `Schema version ${id} is not in the Glue Schema Registry (region us-east-1).`
      return undefined
    },
    confluent: () => null,
    hasConfluent: false,
    plain: null,
    ...extra
  }
}

/** The GSR header as the Java reference writes it, then the payload (deflated for compression 5). */
function gsr(id: string, payload: Uint8Array, compression: 0 | 5 = 0): Buffer {
  const body = compression === 5 ? deflateSync(payload) : payload
  return Buffer.concat([Buffer.from([3, compression]), Buffer.from(id.replace(/-/g, ''), 'hex'), body])
}

const avroDatum = avro.Type.forSchema(JSON.parse(orderAvsc) as avro.Schema).toBuffer(orderAvsc2)

function raw(data: Uint8Array): RawRecord {
  return { shardId: 'shardId-000000000000', sequenceNumber: '1', partitionKey: 'k', arrivalTime: 0, data }
}

function one(data: Uint8Array, schemas: SchemaLookup): DecodedRecord {
  const [record] = decodeRecord(raw(data), { schemas })
  if (record === undefined) throw new Error('no record')
  return record
}

describe('GSR records', () => {
  it('decodes an Avro record to JSON, says which schema, and keeps the bytes as stored', () => {
    const data = gsr(AVRO_ID, avroDatum)
    const record = one(data, lookup())
    expect(record).toMatchObject({ kind: 'json', steps: ['schema'], decodeError: null, schema: { ...avroSchema.info, violation: null } })
    expect(JSON.parse(record.text ?? '')).toMatchObject({ orderId: 'o-1', amountCents: 1234, note: { string: 'extra cheese' } })
    expect(recordDataBase64(record)).toBe(data.toString('base64'))
    expect(record.size).toBe(data.length)
  })

  it('inflates compression 5 before decoding and shows the step', () => {
    const record = one(gsr(AVRO_ID, avroDatum, 5), lookup())
    expect(record).toMatchObject({ kind: 'json', steps: ['schema', 'zlib'] })
    expect(JSON.parse(record.text ?? '')).toMatchObject({ orderId: 'o-1' })
  })

  it('decodes GSR records inside a KPL aggregate, each user record on its own', () => {
    const Order = protobuf.parse(orderProto, { keepCase: true }).root.lookupType('shop.Order')
    const protoPayload = Buffer.concat([Buffer.from([0]), Order.encode(Order.fromObject({ orderId: 'p-1', amountCents: '12' })).finish()])
    const records = decodeRecord(
      raw(aggregate([
        { partitionKey: 'a', data: gsr(AVRO_ID, avroDatum, 5) },
        { partitionKey: 'b', data: gsr(PROTO_ID, protoPayload) },
        { partitionKey: 'c', data: Buffer.from('{"plain":true}') }
      ])),
      { schemas: lookup() }
    )
    expect(records.map((r) => r.steps)).toEqual([['kpl', 'schema', 'zlib'], ['kpl', 'schema'], ['kpl', 'utf8', 'json']])
    expect(records.map((r) => r.schema?.format ?? null)).toEqual(['AVRO', 'PROTOBUF', null])
    expect(JSON.parse(records[1]?.text ?? '')).toEqual({ orderId: 'p-1', amountCents: '12' })
  })

  it('passes an unknown or refused version through with its bytes and the reason', () => {
    const data = gsr(UNKNOWN_ID, avroDatum)
    const record = one(data, lookup())
    expect(record).toMatchObject({ kind: 'binary', steps: [], text: null })
    expect(record.decodeError).toMatch(/^Schema version 00000000-.* is not in the Glue Schema Registry/)
    expect(record.schema).toBeUndefined()
    expect(recordDataBase64(record)).toBe(data.toString('base64'))
  })

  it('says a version is not fetched yet (the read session fetches it and decodes again)', () => {
    const id = '12345678-1234-4234-8234-123456789012'
    expect(one(gsr(id, avroDatum), lookup()).decodeError).toBe(`GSR schema version ${id} has not been fetched yet.`)
  })

  it('names the schema and the reason when the payload does not fit: one byte short, bad zlib', () => {
    const short = one(gsr(AVRO_ID, avroDatum.subarray(0, avroDatum.length - 1)), lookup())
    expect(short.decodeError).toMatch(/^GSR Avro · OrderPlaced v3 \(registry orders\): the payload does not fit the Avro schema shop.OrderPlaced/)
    const badZlib = gsr(AVRO_ID, Buffer.from('not deflated'))
    badZlib[1] = 5
    expect(one(badZlib, lookup()).decodeError).toMatch(/GSR payload is marked zlib but does not inflate/)
  })

  it('leaves what is not a GSR header alone: truncated header, version byte 2, compression byte 7', () => {
    const s = lookup()
    const good = gsr(AVRO_ID, avroDatum)
    const truncated = good.subarray(0, 17)
    const version2 = Buffer.from(good)
    version2[0] = 2
    const compression7 = Buffer.from(good)
    compression7[1] = 7
    for (const data of [truncated, version2, compression7]) {
      const record = one(data, s)
      expect(record).toMatchObject({ kind: 'binary', decodeError: null, steps: [] })
      expect(record.schema).toBeUndefined()
      expect(recordDataBase64(record)).toBe(data.toString('base64'))
    }
    expect(s.asked).toEqual([])
  })

  it('decodes as before when no lookup is given', () => {
    expect(one(gsr(AVRO_ID, avroDatum), undefined as unknown as SchemaLookup)).toMatchObject({ kind: 'binary', steps: [], decodeError: null })
  })
})

describe('local schemas', () => {
  const localAvro: ResolvedSchema = { codec: compileSchema('AVRO', orderAvsc), info: { label: 'Avro · shop.OrderPlaced · order.avsc', source: 'local', format: 'AVRO' } }

  it('decode plain binary records, and leave text and JSON records alone', () => {
    const s = lookup({ plain: localAvro })
    expect(one(avroDatum, s)).toMatchObject({ kind: 'json', steps: ['schema'], schema: { label: 'Avro · shop.OrderPlaced · order.avsc', violation: null } })
    expect(one(Buffer.from('{"a":1}'), s)).toMatchObject({ kind: 'json', steps: ['utf8', 'json'] })
    expect(one(Buffer.from('hello'), s)).toMatchObject({ kind: 'text' })
    // Binary that does not fit: the bytes and the reason.
    expect(one(Buffer.from([0xff, 0x00, 0x01]), s).decodeError).toMatch(/^Avro · shop.OrderPlaced · order.avsc: the payload does not fit/)
  })

  it('check JSON records against a JSON Schema, naming the first violation', () => {
    const schema: ResolvedSchema = { codec: compileSchema('JSON', orderJsonSchema), info: { label: 'JSON Schema · order.json', source: 'local', format: 'JSON' } }
    const s = lookup({ plain: schema })
    expect(one(Buffer.from('{"orderId":"o-1","storeId":7}'), s)).toMatchObject({ kind: 'json', schema: { violation: null } })
    expect(one(Buffer.from('{"orderId":"o-1","storeId":"7"}'), s).schema?.violation).toBe('/storeId: must be integer, got string "7"')
  })

  it('leave a record that starts like JSON but is not alone in a search (JSON unchecked), as a Read does', () => {
    const schema: ResolvedSchema = { codec: compileSchema('JSON', orderJsonSchema), info: { label: 'JSON Schema · order.json', source: 'local', format: 'JSON' } }
    const s = lookup({ plain: schema })
    for (const body of ['{not json', '[1, 2', '{"orderId":"o-1","storeId":7}']) {
      const data = Buffer.from(body)
      const read = decodeRecord(raw(data), { schemas: s })
      // A search decodes with the JSON unchecked, then confirms what its filter keeps.
      const searched = keepMatching(decodeRecord(raw(data), { schemas: s, checkJson: false }), () => true)
      expect(searched).toEqual(read)
    }
  })

  it('decode plain binary records whose first bytes only look like a zlib or gzip header', () => {
    // Field 15 as a varint is tag 0x78; the value 156 is 9C 01: "78 9C" is also a zlib header.
    const proto = compileSchema('PROTOBUF', 'syntax = "proto3"; package iot; message Reading { string unit = 1; int32 sensor = 15; }')
    const s = lookup({ plain: { codec: proto, info: { label: 'Protobuf · iot.Reading · reading.proto', source: 'local', format: 'PROTOBUF' } } })
    const looksZlib = Buffer.from(proto.encode({ sensor: 156 }, 'plain'))
    expect(looksZlib.subarray(0, 2).toString('hex')).toBe('789c')
    expect(one(looksZlib, s)).toMatchObject({ kind: 'json', steps: ['schema'], text: '{"sensor":156}', decodeError: null })
    // 1F is field 3 with wire type 7, which protobuf does not have: not the schema's, so gzip's reason stays.
    const gzipLike = Buffer.from([0x1f, 0x8b, 0x08, 0x00])
    expect(one(gzipLike, s).decodeError).toMatch(/^gzip body is truncated or corrupt/)
    // Not text and not the schema's either: the pipeline's own reason stays.
    expect(one(Buffer.from([0x78, 0x9c, 0xff, 0xff]), s).decodeError).toMatch(/^zlib body is truncated or corrupt/)
  })

  it('decode Confluent-framed records whose id has a schema, and only those', () => {
    const s = lookup({ hasConfluent: true, confluent: (id) => (id === 42 ? localAvro : null) })
    const framed = (id: number): Buffer => Buffer.concat([Buffer.from([0, 0, 0, 0, id]), avroDatum])
    expect(one(framed(42), s)).toMatchObject({ kind: 'json', steps: ['schema'] })
    expect(one(framed(43), s)).toMatchObject({ kind: 'binary', decodeError: null })
  })
})

import avro from 'avsc'
import protobuf from 'protobufjs'
import { describe, expect, it } from 'vitest'
import { compileSchema, SchemaProblem, type CompiledSchema } from '../../../src/main/core/schemas/schema-codecs'
import { orderAvroJson, orderAvsc, orderAvsc2, orderJsonSchema, orderProto, orderProtoIndex } from '../../support/schema-fixtures'

function decoded(schema: CompiledSchema, payload: Uint8Array, framing: 'gsr' | 'plain' | 'confluent' = 'gsr'): unknown {
  const result = schema.decode(payload, framing)
  if (!result.ok) throw new Error(result.reason)
  return JSON.parse(result.json)
}

describe('Avro', () => {
  const schema = compileSchema('AVRO', orderAvsc)

  it('decodes a datum another encoder wrote (avsc with its defaults)', () => {
    const independent = avro.Type.forSchema(JSON.parse(orderAvsc) as avro.Schema)
    const bytes = independent.toBuffer(orderAvsc2)
    expect(schema.typeName).toBe('shop.OrderPlaced')
    expect(decoded(schema, bytes)).toEqual({
      orderId: 'o-1',
      storeId: 7,
      amountCents: 1234,
      size: 'LARGE',
      note: { string: 'extra cheese' },
      extra: null,
      signature: 'AAEC/w=='
    })
  })

  it('shows longs beyond 2^53 with every digit, unions by branch, bytes as base64, enums by symbol', () => {
    const bytes = schema.encode(orderAvroJson, 'plain')
    const result = schema.decode(bytes, 'plain')
    expect(result.ok).toBe(true)
    if (!result.ok) return
    // 2^53 + 1 written as a number literal, not rounded to ...992
    expect(result.json).toContain('"amountCents":9007199254740993')
    expect(JSON.parse(result.json)).toMatchObject({ size: 'LARGE', note: { string: 'extra cheese' }, extra: { long: 12 }, signature: 'AAEC/w==' })
    // and the bytes are what avsc with bigint longs reads back
    const exact = avro.Type.forSchema(JSON.parse(orderAvsc) as avro.Schema, { wrapUnions: true, registry: { long: avro.types.LongType.__with({ fromBuffer: (b: Buffer) => b.readBigInt64LE(), toBuffer: (n: bigint) => { const b = Buffer.alloc(8); b.writeBigInt64LE(n); return b }, fromJSON: BigInt, toJSON: Number, isValid: (n: unknown) => typeof n === 'bigint', compare: () => 0 }) } })
    expect((exact.fromBuffer(Buffer.from(bytes)) as { amountCents: bigint }).amountCents).toBe(9007199254740993n)
  })

  it('names the first field that does not fit', () => {
    expect(schema.validate(orderAvroJson)).toBeNull()
    expect(schema.validate({ ...orderAvroJson, storeId: 'seven' })).toBe('/storeId: expected int, got "seven"')
    expect(schema.validate({ ...orderAvroJson, size: 'HUGE' })).toBe('/size: expected one of SMALL, MEDIUM, LARGE, got "HUGE"')
    expect(schema.validate({ ...orderAvroJson, note: 'no branch' })).toMatch(/^\/note: expected null or an object with one of string/)
    expect(schema.validate({ ...orderAvroJson, surprise: 1 })).toMatch(/surprise|the value/)
    expect(() => schema.encode({ ...orderAvroJson, orderId: 1 }, 'plain')).toThrow(SchemaProblem)
  })

  it('fills fields that have defaults', () => {
    const required: Record<string, unknown> = { ...orderAvroJson }
    delete required.note
    delete required.extra
    expect(decoded(schema, schema.encode(required, 'plain'))).toMatchObject({ note: null, extra: null })
  })

  it('says why a payload does not fit: one byte short, trailing bytes', () => {
    const bytes = schema.encode(orderAvroJson, 'plain')
    const short = schema.decode(bytes.subarray(0, bytes.length - 1), 'plain')
    expect(short).toMatchObject({ ok: false, reason: expect.stringMatching(/^the payload does not fit the Avro schema shop.OrderPlaced: /) as unknown })
    const long = schema.decode(Buffer.concat([bytes, Buffer.from([1])]), 'plain')
    expect(long.ok).toBe(false)
  })

  it('refuses an array or map block that counts more items than the bytes left, instead of reading them past the end', () => {
    // A few bytes of a record that is not Avro at all, read with a plain schema attached to the stream.
    const zigzag = (n: number): number[] => {
      const out: number[] = []
      let v = n >= 0 ? n * 2 : -n * 2 - 1
      while (v >= 0x80) {
        out.push((v % 0x80) | 0x80)
        v = Math.floor(v / 0x80)
      }
      return [...out, v]
    }
    const lists = compileSchema('AVRO', JSON.stringify({ type: 'record', name: 'Lists', fields: [{ name: 'xs', type: { type: 'array', items: 'int' } }, { name: 'm', type: { type: 'map', values: 'string' } }] }))
    expect(lists.decode(Uint8Array.from(zigzag(20_000_000)), 'plain')).toEqual({
      ok: false,
      reason: 'the payload does not fit the Avro schema Lists: an array or map block counts 20000000 items, but 0 bytes are left'
    })
    expect(lists.decode(Uint8Array.from([...zigzag(0), ...zigzag(3_000_000_000)]), 'plain')).toMatchObject({ ok: false, reason: expect.stringContaining('counts 3000000000 items, but 0 bytes are left') as unknown })
    // What fits still decodes, blocks with a byte size included.
    const fits = Buffer.from(lists.encode({ xs: [1, 2, 3], m: { a: 'x' } }, 'plain'))
    expect(JSON.parse((lists.decode(fits, 'plain') as { json: string }).json)).toEqual({ xs: [1, 2, 3], m: { a: 'x' } })
    const sized = Uint8Array.from([...zigzag(-2), ...zigzag(2), ...zigzag(5), ...zigzag(6), 0, 0])
    expect(JSON.parse((lists.decode(sized, 'plain') as { json: string }).json)).toEqual({ xs: [5, 6], m: {} })
  })

  it('refuses a schema that is not JSON or not Avro', () => {
    expect(() => compileSchema('AVRO', '{"type": "record"')).toThrow(/^The Avro schema is not valid JSON/)
    expect(() => compileSchema('AVRO', '{"type": "record", "name": "X", "fields": [{"name": "a", "type": "nope"}]}')).toThrow(/^The Avro schema does not compile/)
  })
})

describe('JSON Schema', () => {
  const schema = compileSchema('JSON', orderJsonSchema)
  const good = { orderId: 'o-1', storeId: 7, size: 'LARGE', lines: [{ pizzaId: 3, quantity: 2 }] }

  it('keeps the document as written and names no violation when it fits', () => {
    const text = '{"orderId":"o-1","storeId":7,"lines":[{"pizzaId":3,"quantity":2}]}'
    expect(schema.decode(Buffer.from(text), 'gsr')).toEqual({ ok: true, json: text, violation: null })
    expect(schema.typeName).toBe('OrderPlaced')
  })

  it('names the first violation: type, required, enum, $ref, additionalProperties, exclusiveMinimum', () => {
    const violation = (value: unknown): string | null => schema.validate(value)
    expect(violation(good)).toBeNull()
    expect(violation({ ...good, storeId: '7' })).toBe('/storeId: must be integer, got string "7"')
    expect(violation({ orderId: 'o-1' })).toBe('/: the required property "storeId" is missing')
    expect(violation({ ...good, size: 'HUGE' })).toBe('/size: must be one of "SMALL", "LARGE", got "HUGE"')
    expect(violation({ ...good, lines: [{ pizzaId: 3 }, { quantity: 1 }] })).toBe('/lines/1: the required property "pizzaId" is missing')
    expect(violation({ ...good, lines: [{ pizzaId: 3, quantity: 0 }] })).toBe('/lines/0/quantity: must be greater than 0, got 0')
    expect(violation({ ...good, colour: 'red' })).toBe('/: the property "colour" is not allowed (additionalProperties is false)')
    expect(violation({ ...good, storeId: 0 })).toBe('/storeId: must be at least 1, got 0')
    expect(violation({ ...good, orderId: '' })).toBe('/orderId: must have at least 1 characters, has 0')
  })

  it('says a required property is missing when only Object.prototype has it (constructor, toString, __proto__)', () => {
    const definition = JSON.stringify({ type: 'object', required: ['constructor', 'toString', '__proto__'] })
    const codec = compileSchema('JSON', definition)
    const text = '{"id":1}'
    expect(codec.decode(Buffer.from(text), 'plain')).toEqual({ ok: true, json: text, violation: '/: the required property "constructor" is missing' })
    expect(codec.validate(JSON.parse('{"constructor":1,"toString":2}'))).toBe('/: the required property "__proto__" is missing')
    expect(codec.validate(JSON.parse('{"constructor":1,"toString":2,"__proto__":3}'))).toBeNull()
  })

  it('decodes a document that breaks the schema, with the violation beside it', () => {
    const result = schema.decode(Buffer.from('{"orderId":"o-1"}'), 'gsr')
    expect(result).toEqual({ ok: true, json: '{"orderId":"o-1"}', violation: '/: the required property "storeId" is missing' })
  })

  it('says when the payload is not JSON, and encodes only what fits', () => {
    expect(schema.decode(Buffer.from('not json'), 'gsr')).toMatchObject({ ok: false, reason: expect.stringMatching(/^the payload is not a JSON document/) as unknown })
    expect(Buffer.from(schema.encode(good, 'gsr')).toString()).toBe(JSON.stringify(good))
    expect(() => schema.encode({ orderId: 'o-1' }, 'gsr')).toThrow('/: the required property "storeId" is missing')
  })

  it('supports the combinators and draft-4 exclusive bounds', () => {
    const s = compileSchema('JSON', JSON.stringify({ anyOf: [{ type: 'string' }, { type: 'number', maximum: 5, exclusiveMaximum: true }], not: { const: 'x' } }))
    expect(s.validate('a')).toBeNull()
    expect(s.validate(4)).toBeNull()
    expect(s.validate(5)).toMatch(/^\/: matches none of anyOf/)
    expect(s.validate('x')).toBe('/: must not match the "not" schema')
    const one = compileSchema('JSON', JSON.stringify({ oneOf: [{ type: 'integer' }, { type: 'number' }] }))
    expect(one.validate(1.5)).toBeNull()
    expect(one.validate(1)).toBe('/: matches 2 of oneOf; it must match exactly one')
  })

  it('stops checking a schema whose combinators refer back without going deeper into the record, instead of holding main', () => {
    // Each level is anyOf two copies of the next: 2^20 paths to the leaf for one string.
    const levels = 20
    const $defs = Object.fromEntries(Array.from({ length: levels }, (_, i) => [`l${i}`, { anyOf: [{ $ref: `#/$defs/l${i + 1}` }, { $ref: `#/$defs/l${i + 1}` }] }]))
    const bomb = compileSchema('JSON', JSON.stringify({ $defs: { ...$defs, [`l${levels}`]: { type: 'number' } }, $ref: '#/$defs/l0' }))
    expect(bomb.validate('x')).toMatch(/^\/: the schema is too complex to check/)
    // A sound schema over a large record is checked in full.
    const many = compileSchema('JSON', JSON.stringify({ type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'integer', minimum: 0 }] } }))
    expect(many.validate(Array.from({ length: 300_000 }, (_, i) => i))).toBeNull()
    expect(many.validate([...Array.from({ length: 300_000 }, (_, i) => i), -1])).toBe('/300000: matches none of anyOf (first: /300000: must be string, got integer -1)')
  })

  it('refuses a schema that is not JSON or has a bad pattern', () => {
    expect(() => compileSchema('JSON', '{')).toThrow(/^The JSON Schema is not valid JSON/)
    expect(() => compileSchema('JSON', '{"properties": {"a": {"pattern": "("}}}')).toThrow(/^The JSON Schema is not usable: its pattern/)
    expect(() => compileSchema('JSON', '42')).toThrow(/not usable/)
  })
})

describe('Protobuf', () => {
  const schema = compileSchema('PROTOBUF', orderProto)
  const root = protobuf.parse(orderProto, { keepCase: true }).root
  const Order = root.lookupType('shop.Order')
  const Line = root.lookupType('shop.Order.Line')

  /** GSR's framing built by hand: a uint32 varint message index, then the message protobufjs wrote. */
  function gsrPayload(index: number, message: Uint8Array): Buffer {
    return Buffer.concat([Buffer.from(protobuf.Writer.create().uint32(index).finish()), message])
  }

  const order = Order.encode(
    Order.fromObject({ orderId: 'o-1', storeId: 7, amountCents: '9007199254740993', size: 'LARGE', lines: [{ pizzaId: 3, quantity: 2 }], signature: Buffer.from([0, 1, 2, 255]) })
  ).finish()

  it('numbers messages as MessageIndexFinder does: all of them, sorted by full name', () => {
    expect(schema.messageNames).toEqual(Object.keys(orderProtoIndex))
  })

  it('decodes a message protobufjs wrote behind a GSR message index, in the Protobuf JSON mapping', () => {
    expect(decoded(schema, gsrPayload(orderProtoIndex['shop.Order'], order))).toEqual({
      orderId: 'o-1',
      storeId: 7,
      amountCents: '9007199254740993',
      size: 'LARGE',
      lines: [{ pizzaId: 3, quantity: 2 }],
      signature: 'AAEC/w=='
    })
    const line = Line.encode(Line.fromObject({ pizzaId: 9, quantity: 1 })).finish()
    expect(decoded(schema, gsrPayload(orderProtoIndex['shop.Order.Line'], line))).toEqual({ pizzaId: 9, quantity: 1 })
  })

  it('decodes plain messages as the named message, and Confluent message-index paths', () => {
    const plain = compileSchema('PROTOBUF', orderProto, { messageName: 'shop.Order' })
    expect(plain.typeName).toBe('shop.Order')
    expect(decoded(plain, order, 'plain')).toMatchObject({ orderId: 'o-1' })
    // Confluent: [0] (shop.Refund is declared first) is the single byte 0; [1, 0] is Order.Line.
    const refund = root.lookupType('shop.Refund')
    expect(decoded(plain, Buffer.concat([Buffer.from([0]), refund.encode({ orderId: 'r-1' }).finish()]), 'confluent')).toEqual({ orderId: 'r-1' })
    const path = protobuf.Writer.create().sint32(2).sint32(1).sint32(0).finish()
    expect(decoded(plain, Buffer.concat([Buffer.from(path), Line.encode({ pizzaId: 4 }).finish()]), 'confluent')).toEqual({ pizzaId: 4 })
  })

  it('says why a payload does not fit: one byte short, an index beyond the schema', () => {
    const full = gsrPayload(0, order)
    expect(schema.decode(full.subarray(0, full.length - 1), 'gsr')).toMatchObject({ ok: false, reason: expect.stringMatching(/^the payload does not fit the Protobuf schema: /) as unknown })
    expect(schema.decode(gsrPayload(9, order), 'gsr')).toEqual({ ok: false, reason: 'the message index 9 is not in the schema (it has 3 messages)' })
  })

  it('encodes with the GSR index, and names the first field that does not fit', () => {
    const value = { orderId: 'o-2', storeId: 8, amountCents: '12', lines: [{ pizzaId: 1, quantity: 1 }] }
    expect(schema.validate(value, 'shop.Order')).toBeNull()
    const bytes = schema.encode(value, 'gsr', 'shop.Order')
    expect(decoded(schema, bytes)).toEqual(value)
    expect(schema.validate({ ...value, storeId: 'x' }, 'shop.Order')).toBe('/storeId: must be int32, got "x"')
    expect(schema.validate({ ...value, colour: 'red' }, 'shop.Order')).toBe('/colour: shop.Order has no field "colour"')
    expect(schema.validate({ ...value, lines: [{ quantity: -1 }] }, 'shop.Order')).toBe('/lines/0/quantity: must be uint32, got -1')
    expect(schema.validate({ ...value, size: 'HUGE' }, 'shop.Order')).toMatch(/^\/size: must be one of SIZE_UNSPECIFIED, SMALL, LARGE/)
    expect(() => schema.encode({ orderId: 1 }, 'gsr', 'shop.Order')).toThrow(SchemaProblem)
  })

  it('refuses a .proto that does not parse, imports an unknown file, or names a missing message', () => {
    expect(() => compileSchema('PROTOBUF', 'syntax = "proto3"; message { }')).toThrow(/^The \.proto does not parse: /)
    expect(() => compileSchema('PROTOBUF', 'syntax = "proto3"; import "other.proto"; message A { other.B b = 1; }')).toThrow(/imports other.proto/)
    expect(() => compileSchema('PROTOBUF', orderProto, { messageName: 'shop.Nope' })).toThrow(/has no message shop.Nope/)
    expect(() => compileSchema('PROTOBUF', 'syntax = "proto3";')).toThrow('The .proto defines no message.')
  })

  it('resolves well-known imports without counting them as the file\'s messages', () => {
    const withTime = compileSchema('PROTOBUF', 'syntax = "proto3"; package p; import "google/protobuf/timestamp.proto"; message E { google.protobuf.Timestamp at = 1; }')
    expect(withTime.messageNames).toEqual(['p.E'])
  })
})

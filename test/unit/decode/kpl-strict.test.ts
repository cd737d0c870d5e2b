import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { aggregate, deaggregate } from '../../../src/main/core/decode/kpl'

/**
 * What the move onto protobufjs must not loosen, beyond kpl.test.ts: protobufjs alone would
 * skip a known field sent with the wrong wire type, and would name no record in its errors.
 */
const MAGIC = [0xf3, 0x89, 0x9a, 0xc2]
const frame = (protobuf: number[]): Uint8Array => {
  const pb = Uint8Array.from(protobuf)
  return Uint8Array.from([...MAGIC, ...pb, ...createHash('md5').update(pb).digest()])
}
const reason = (result: ReturnType<typeof deaggregate>): string => (result.ok ? 'ok' : result.reason)
const agg = createRequire(__filename)('aws-kinesis-agg') as {
  aggregate(
    records: { partitionKey: string; data: Buffer }[],
    onEncoded: (encoded: { data: Buffer }, done: () => void) => void,
    afterAll: () => void,
    onError: (err: Error) => void
  ): void
}

describe('KPL codec on protobufjs: strictness', () => {
  it('a user record whose field overruns the record (not the aggregate) is truncated at the record’s end', () => {
    // record of 4 bytes (message bytes 9–12) says its data has 5; a partition key follows the record
    expect(reason(deaggregate(frame([0x0a, 0x01, 0x61, 0x1a, 0x04, 0x08, 0x00, 0x1a, 0x05, 0x0a, 0x01, 0x62])))).toBe(
      'protobuf truncated at byte 13'
    )
  })

  it('a known field with another wire type names the record, the field and its byte', () => {
    // data (field 3) written as a varint at byte 11
    expect(reason(deaggregate(frame([0x0a, 0x01, 0x61, 0x1a, 0x04, 0x08, 0x00, 0x18, 0x05])))).toBe(
      'record 0 data has wire type 0, expected 2 (byte 11)'
    )
  })

  it('a tag without its required key, and an index beyond 2^53, are refused', () => {
    expect(reason(deaggregate(frame([0x0a, 0x01, 0x61, 0x1a, 0x09, 0x08, 0x00, 0x1a, 0x01, 0x78, 0x22, 0x02, 0x12, 0x00])))).toBe(
      'record 0 tag has no key'
    )
    const huge = [0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]
    expect(reason(deaggregate(frame([0x0a, 0x01, 0x61, 0x1a, huge.length + 3, ...huge, 0x1a, 0x01, 0x78])))).toMatch(
      /^record 0: partition key index 1844674407370955\d+ out of range \(table has 1\)$/
    )
  })

  it('reads a Buffer (protobufjs’s BufferReader) as it reads a Uint8Array, with views into it', () => {
    const bytes = Buffer.from(aggregate([{ partitionKey: 'a', explicitHashKey: '7', data: Buffer.from('one') }, { partitionKey: 'b', data: Buffer.from('two') }]))
    const result = deaggregate(bytes)
    if (!result.ok) throw new Error(result.reason)
    expect(result.records.map((r) => [r.partitionKey, r.explicitHashKey, Buffer.from(r.data).toString()])).toEqual([
      ['a', '7', 'one'],
      ['b', null, 'two']
    ])
    expect(result.records[1]?.data.buffer).toBe(bytes.buffer)
  })

  it('reads what aws-kinesis-agg writes, byte for byte the same user records', async () => {
    const input = Array.from({ length: 50 }, (_, i) => ({ partitionKey: `order-${i % 7}`, data: Buffer.from(JSON.stringify({ id: i })) }))
    const written: Buffer[] = []
    await new Promise<void>((resolve, reject) =>
      agg.aggregate(input, (encoded, done) => { written.push(encoded.data); done() }, resolve, reject)
    )
    expect(written.length).toBeGreaterThan(0)
    const read = written.flatMap((bytes) => {
      const result = deaggregate(bytes)
      if (!result.ok) throw new Error(result.reason)
      return result.records.map((r) => ({ partitionKey: r.partitionKey, data: Buffer.from(r.data) }))
    })
    expect(read).toEqual(input)
  })
})

describe('KPL codec on protobufjs: tags', () => {
  it('a tag value with another wire type is refused, as the hand-written reader did', () => {
    // tag { key "k", value written as a varint at byte 19 }
    expect(reason(deaggregate(frame([0x0a, 0x01, 0x61, 0x1a, 0x0c, 0x08, 0x00, 0x1a, 0x01, 0x78, 0x22, 0x05, 0x0a, 0x01, 0x6b, 0x10, 0x01])))).toBe(
      'record 0 tag value has wire type 0, expected 2 (byte 19)'
    )
  })
})

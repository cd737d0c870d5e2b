import { createHash } from 'node:crypto'
import { describe, it, expect } from 'vitest'
import { aggregate, deaggregate, isAggregated } from '../../../src/main/core/decode/kpl'

const MAGIC = [0xf3, 0x89, 0x9a, 0xc2]
const enc = (s: string): Uint8Array => new TextEncoder().encode(s)
const dec = (b: Uint8Array): string => new TextDecoder().decode(b)
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

/** Wraps hand-written protobuf bytes the way the KPL does: magic, message, MD5 of message. */
function frame(protobuf: number[]): Uint8Array {
  const pb = Uint8Array.from(protobuf)
  const md5 = createHash('md5').update(pb).digest()
  return Uint8Array.from([...MAGIC, ...pb, ...md5])
}

function expectOk(result: ReturnType<typeof deaggregate>) {
  if (!result.ok) throw new Error(`expected ok, got: ${result.reason}`)
  return result.records
}

function expectReason(result: ReturnType<typeof deaggregate>): string {
  if (result.ok) throw new Error('expected a malformed aggregate')
  return result.reason
}

/** Deterministic pseudo-random bytes (xorshift), so failures are reproducible. */
function pseudoRandom(seed: number, length: number): Uint8Array {
  let x = seed || 1
  const out = new Uint8Array(length)
  for (let i = 0; i < length; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    out[i] = x & 0xff
  }
  return out
}

describe('isAggregated', () => {
  it('recognises the magic bytes only when there is room for the MD5', () => {
    expect(isAggregated(aggregate([{ partitionKey: 'a', data: enc('hi') }]))).toBe(true)
    // magic + 16 bytes is the smallest possible aggregate (empty message)
    expect(isAggregated(Uint8Array.from([...MAGIC, ...new Array<number>(16).fill(0)]))).toBe(true)
    expect(isAggregated(Uint8Array.from([...MAGIC, ...new Array<number>(15).fill(0)]))).toBe(false)
    expect(isAggregated(Uint8Array.from([0xf3, 0x89, 0x9a, 0xc3, ...new Array<number>(30).fill(0)]))).toBe(false)
    expect(isAggregated(enc('{"not":"kpl","padding":"xxxxxxxxxxxx"}'))).toBe(false)
    expect(isAggregated(new Uint8Array(0))).toBe(false)
  })
})

describe('aggregate: wire format', () => {
  it('writes the exact bytes of a 1-record aggregate', () => {
    const bytes = aggregate([{ partitionKey: 'a', data: enc('hi') }])
    // AggregatedRecord { partition_key_table: ["a"], records: [{ partition_key_index: 0, data: "hi" }] }
    //   0A 01 61             field 1 (len-delimited), length 1, "a"
    //   1A 06                field 3 (len-delimited), length 6
    //     08 00              Record field 1 (varint) = 0
    //     1A 02 68 69        Record field 3 (len-delimited), length 2, "hi"
    expect(hex(bytes.subarray(0, 4))).toBe('f3899ac2')
    expect(hex(bytes.subarray(4, bytes.length - 16))).toBe('0a01611a0608001a026869')
    // MD5 of the protobuf bytes, computed independently with `md5sum`.
    expect(hex(bytes.subarray(bytes.length - 16))).toBe('ed4ff28777966ae6df59911cb0530cc2')
    expect(bytes.length).toBe(4 + 11 + 16)
  })

  it('de-duplicates keys into the tables and writes explicit hash key indexes', () => {
    const bytes = aggregate([
      { partitionKey: 'a', explicitHashKey: '5', data: enc('x') },
      { partitionKey: 'a', data: enc('y') },
      { partitionKey: 'b', explicitHashKey: '5', data: enc('z') }
    ])
    const pb = hex(bytes.subarray(4, bytes.length - 16))
    expect(pb).toBe(
      [
        '0a0161', // pk table "a"
        '0a0162', // pk table "b"
        '120135', // ehk table "5"
        '1a07' + '0800' + '1000' + '1a0178', // { pk 0, ehk 0, "x" }
        '1a05' + '0800' + '1a0179', // { pk 0, "y" }
        '1a07' + '0801' + '1000' + '1a017a' // { pk 1, ehk 0, "z" }
      ].join('')
    )
  })

  it('writes multi-byte varint lengths (data of 300 bytes → AC 02)', () => {
    const bytes = aggregate([{ partitionKey: 'k', data: new Uint8Array(300).fill(7) }])
    const pb = bytes.subarray(4, bytes.length - 16)
    // record length = 2 (pk) + 1 (tag) + 2 (varint 300) + 300 = 305 = B1 02
    expect(hex(pb.subarray(0, 10))).toBe('0a016b1ab10208001aac')
    expect(pb[10]).toBe(0x02)
    expect(pb.length).toBe(3 + 3 + 305)
  })

  it('refuses to build an aggregate with no records', () => {
    expect(() => aggregate([])).toThrow(RangeError)
  })
})

describe('deaggregate', () => {
  it('reads a hand-built 1-record aggregate', () => {
    const records = expectOk(deaggregate(frame([0x0a, 0x01, 0x61, 0x1a, 0x06, 0x08, 0x00, 0x1a, 0x02, 0x68, 0x69])))
    expect(records).toHaveLength(1)
    expect(records[0]?.partitionKey).toBe('a')
    expect(records[0]?.explicitHashKey).toBeNull()
    expect(dec(records[0]?.data ?? new Uint8Array())).toBe('hi')
  })

  it('round-trips many records with explicit hash keys, unicode keys and empty data', () => {
    const input = Array.from({ length: 500 }, (_, i) => ({
      partitionKey: i % 50 === 0 ? `clé-${i % 37}-🍕` : `order-${i % 37}`,
      explicitHashKey: i % 3 === 0 ? (BigInt(i) * 10n ** 30n).toString() : null,
      data: i === 7 ? new Uint8Array(0) : pseudoRandom(i + 1, (i * 37) % 400)
    }))
    const bytes = aggregate(input)
    const records = expectOk(deaggregate(bytes))
    expect(records).toHaveLength(500)
    records.forEach((r, i) => {
      const want = input[i]
      expect(r.partitionKey).toBe(want?.partitionKey)
      expect(r.explicitHashKey).toBe(want?.explicitHashKey)
      expect(hex(r.data)).toBe(hex(want?.data ?? new Uint8Array()))
    })
    expect(records[7]?.data.length).toBe(0)
    // user record data are views into the aggregate, not copies
    expect(records[1]?.data.buffer).toBe(bytes.buffer)
  })

  it('resolves table indexes even when the tables come after the records on the wire', () => {
    const records = expectOk(
      deaggregate(
        frame([
          0x1a, 0x07, 0x08, 0x01, 0x10, 0x00, 0x1a, 0x01, 0x78, // record { pk 1, ehk 0, "x" }
          0x0a, 0x01, 0x61, // pk "a"
          0x0a, 0x01, 0x62, // pk "b"
          0x12, 0x02, 0x34, 0x32 // ehk "42"
        ])
      )
    )
    expect(records).toEqual([{ partitionKey: 'b', explicitHashKey: '42', data: enc('x') }])
  })

  it('skips unknown fields and reads tags', () => {
    const records = expectOk(
      deaggregate(
        frame([
          0x0a, 0x01, 0x61,
          0x28, 0x96, 0x01, // unknown field 5, varint 150
          0x1a, 0x12, // record of 18 bytes:
          0x08, 0x00,
          0x1a, 0x01, 0x78,
          0x22, 0x06, 0x0a, 0x01, 0x6b, 0x12, 0x01, 0x76, // tag { key "k", value "v" }
          0x3d, 0x01, 0x02, 0x03, 0x04 // unknown field 7, fixed32
        ])
      )
    )
    expect(records).toEqual([{ partitionKey: 'a', explicitHashKey: null, data: enc('x') }])
  })

  it('reports an MD5 mismatch when a message byte changes', () => {
    const bytes = aggregate([{ partitionKey: 'a', data: enc('hello') }])
    const corrupted = bytes.slice()
    corrupted[bytes.length - 17] = (corrupted[bytes.length - 17] ?? 0) ^ 0x01 // last byte of "hello"
    expect(expectReason(deaggregate(corrupted))).toBe('MD5 checksum does not match')
    const badDigest = bytes.slice()
    badDigest[bytes.length - 1] = (badDigest[bytes.length - 1] ?? 0) ^ 0x80
    expect(expectReason(deaggregate(badDigest))).toBe('MD5 checksum does not match')
    expect(expectOk(deaggregate(bytes))).toHaveLength(1)
  })

  it('reports a record truncated inside its data with the byte where the message ends', () => {
    // record says 6 bytes follow, only 5 do; message is bytes 4..13, so it runs out at byte 14
    const reason = expectReason(deaggregate(frame([0x0a, 0x01, 0x61, 0x1a, 0x06, 0x08, 0x00, 0x1a, 0x02, 0x68])))
    expect(reason).toBe('protobuf truncated at byte 14')
  })

  it('reports a varint cut short', () => {
    // 0x86 says "more varint bytes follow" but the message ends: bytes 4..8, runs out at 9
    expect(expectReason(deaggregate(frame([0x0a, 0x01, 0x61, 0x1a, 0x86])))).toBe('protobuf truncated at byte 9')
  })

  it('reports a string longer than the message', () => {
    expect(expectReason(deaggregate(frame([0x0a, 0x05, 0x61])))).toBe('protobuf truncated at byte 7')
  })

  it('reports a partition key index out of range', () => {
    const reason = expectReason(
      deaggregate(frame([0x0a, 0x01, 0x61, 0x0a, 0x01, 0x62, 0x1a, 0x06, 0x08, 0x07, 0x1a, 0x02, 0x68, 0x69]))
    )
    expect(reason).toBe('record 0: partition key index 7 out of range (table has 2)')
  })

  it('reports an explicit hash key index out of range', () => {
    const reason = expectReason(
      deaggregate(frame([0x0a, 0x01, 0x61, 0x1a, 0x07, 0x08, 0x00, 0x10, 0x03, 0x1a, 0x01, 0x78]))
    )
    expect(reason).toBe('record 0: explicit hash key index 3 out of range (table has 0)')
  })

  it('reports missing required fields, wrong wire types and empty aggregates', () => {
    expect(expectReason(deaggregate(frame([0x0a, 0x01, 0x61, 0x1a, 0x02, 0x08, 0x00])))).toBe('record 0 has no data')
    expect(expectReason(deaggregate(frame([0x0a, 0x01, 0x61, 0x1a, 0x03, 0x1a, 0x01, 0x78])))).toBe(
      'record 0 has no partition_key_index'
    )
    // partition_key_table written as a varint
    expect(expectReason(deaggregate(frame([0x08, 0x01])))).toMatch(/^partition_key_table entry has wire type 0, expected 2/)
    expect(expectReason(deaggregate(frame([0x0a, 0x01, 0x61])))).toBe('aggregate contains no user records')
    // wire type 3 (start group) is not something this format uses
    expect(expectReason(deaggregate(frame([0x33])))).toBe('unsupported protobuf wire type 3 for field 6 at byte 4')
  })

  it('explains input that is not an aggregate at all', () => {
    expect(expectReason(deaggregate(enc('just some text, long enough')))).toMatch(/no KPL magic/)
    expect(expectReason(deaggregate(Uint8Array.from([...MAGIC, 1, 2])))).toBe('too short for a KPL aggregate (6 bytes)')
  })
})

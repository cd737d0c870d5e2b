import { recordDataBase64 } from '../../../src/shared/record-format'
import { deflateSync, gzipSync } from 'node:zlib'
import { describe, it, expect } from 'vitest'
import {
  decodeRecord,
  firstInvalidUtf8Offset,
  MAX_DECOMPRESSED_BYTES,
  type RawRecord
} from '../../../src/main/core/decode/decode-record'
import { aggregate } from '../../../src/main/core/decode/kpl'
import type { DecodedRecord } from '../../../src/shared/domain'

const enc = (s: string): Uint8Array => new TextEncoder().encode(s)
const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64')
const ARRIVAL = Date.UTC(2024, 4, 1, 12, 0, 0)

function raw(data: Uint8Array, extra: Partial<RawRecord> = {}): RawRecord {
  return {
    shardId: 'shardId-000000000001',
    sequenceNumber: '49590338271490256608559692538361571095921575989136588898',
    partitionKey: 'store-7',
    arrivalTime: ARRIVAL,
    data,
    ...extra
  }
}

function one(data: Uint8Array, extra: Partial<RawRecord> = {}): DecodedRecord {
  const out = decodeRecord(raw(data, extra))
  expect(out).toHaveLength(1)
  const record = out[0]
  if (record === undefined) throw new Error('no record')
  return record
}

const order = { orderId: 'o-1', source: 'web', storeId: 7, pizzaId: 3, timestamp: 1714564800000 }

describe('decodeRecord: plain records', () => {
  it('decodes a JSON record and fills every field', () => {
    const data = enc(JSON.stringify(order))
    const r = one(data)
    expect(r).toEqual({
      id: 'shardId-000000000001/49590338271490256608559692538361571095921575989136588898',
      shardId: 'shardId-000000000001',
      sequenceNumber: '49590338271490256608559692538361571095921575989136588898',
      subSequenceNumber: null,
      partitionKey: 'store-7',
      explicitHashKey: null,
      arrivalTime: ARRIVAL,
      size: data.length,
      dataBase64: null, // the text carries the bytes: main does not send them twice
      steps: ['utf8', 'json'],
      kind: 'json',
      text: JSON.stringify(order),
      decodeError: null
    } satisfies DecodedRecord)
  })

  it('keeps an explicit hash key given with the raw record', () => {
    expect(one(enc('x'), { explicitHashKey: '123' }).explicitHashKey).toBe('123')
    expect(one(enc('x'), { explicitHashKey: null }).explicitHashKey).toBeNull()
  })

  it('accepts JSON arrays and leading whitespace', () => {
    expect(one(enc('  \n\t[1, 2, {"a": null}]')).kind).toBe('json')
    expect(one(enc('\uFEFF{"bom": true}')).kind).toBe('json')
  })

  it('treats plain text, JSON scalars and broken JSON as text', () => {
    for (const s of ['hello, pizza', '42', '"quoted"', 'true', '{"orderId": "o-1",', '[1, 2']) {
      const r = one(enc(s))
      expect(r.kind, s).toBe('text')
      expect(r.steps, s).toEqual(['utf8'])
      expect(r.text, s).toBe(s)
      expect(r.decodeError, s).toBeNull()
    }
  })

  it('keeps multi-line text with tabs, CR/LF and ANSI colours as text', () => {
    const s = 'line 1\r\n\tline 2\n\x1b[31mred\x1b[0m café 🍕'
    const r = one(enc(s))
    expect(r.kind).toBe('text')
    expect(r.text).toBe(s)
  })

  it('decodes empty data as empty text', () => {
    const r = one(new Uint8Array(0))
    expect(r).toMatchObject({ size: 0, dataBase64: null, kind: 'text', text: '', steps: ['utf8'], decodeError: null })
  })

  it('base64-encodes only the bytes of a view, not its whole buffer', () => {
    const backing = Uint8Array.from([0xff, 0, 1, 2, 3, 0xfe])
    const view = backing.subarray(1, 5)
    const r = one(view)
    expect(r.dataBase64).toBe(b64(Uint8Array.from([0, 1, 2, 3])))
    expect(r.size).toBe(4)
    expect(r.kind).toBe('binary')
  })

  it('sends the bytes of text it cannot rebuild exactly: a UTF-8 BOM that decoding drops', () => {
    const data = Uint8Array.from([0xef, 0xbb, 0xbf, ...enc('{"a":1}')])
    const r = one(data)
    expect(r.text).toBe('{"a":1}')
    expect(r.dataBase64).toBe(b64(data))
  })
})

describe('decodeRecord: binary and invalid UTF-8', () => {
  it('reports plain binary as binary without an error', () => {
    const data = Uint8Array.from([0x00, 0x01, 0xff, 0xfe, 0x80, 0x10, 0x9a, 0x00, 0x42])
    const r = one(data)
    expect(r).toMatchObject({ kind: 'binary', text: null, decodeError: null, steps: [], size: 9, dataBase64: b64(data) })
  })

  it('treats valid UTF-8 full of control characters (e.g. protobuf) as binary', () => {
    // protobuf { 1: 1, 2: "abc" } — every byte is ASCII, so it is valid UTF-8
    const r = one(Uint8Array.from([0x08, 0x01, 0x12, 0x03, 0x61, 0x62, 0x63]))
    expect(r).toMatchObject({ kind: 'binary', text: null, decodeError: null, steps: [] })
  })

  it('reports text that is not valid UTF-8 (Latin-1) with the offset of the bad byte', () => {
    const latin1 = Uint8Array.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6f, 0x6b]) // "café ok" in Latin-1
    const r = one(latin1)
    expect(r).toMatchObject({ kind: 'binary', text: null, steps: [], decodeError: 'not valid UTF-8 (byte offset 3)' })
  })

  it('reports a multi-byte character cut off at the end', () => {
    const bytes = enc('price: 5€')
    const r = one(bytes.subarray(0, bytes.length - 1))
    expect(r.decodeError).toBe(`not valid UTF-8 (byte offset ${bytes.length - 3})`)
  })
})

describe('decodeRecord: compression', () => {
  it('gunzips gzipped JSON', () => {
    const json = JSON.stringify({ ...order, items: Array.from({ length: 50 }, (_, i) => `pizza-${i}`) })
    const gz = gzipSync(enc(json))
    const r = one(gz)
    expect(r.steps).toEqual(['gzip', 'utf8', 'json'])
    expect(r.kind).toBe('json')
    expect(r.text).toBe(json)
    // dataBase64 and size describe the stored (compressed) bytes: what a re-put needs
    expect(r.dataBase64).toBe(b64(gz))
    expect(r.size).toBe(gz.length)
    expect(r.size).toBeLessThan(json.length)
  })

  it('inflates zlib text at every level zlib writes a distinct header for', () => {
    const text = 'pizza order received at store 7\n'.repeat(20)
    for (const level of [1, 2, 6, 9]) {
      const z = deflateSync(enc(text), { level })
      const r = one(z)
      expect(r.steps, `level ${level}`).toEqual(['zlib', 'utf8'])
      expect(r.kind).toBe('text')
      expect(r.text).toBe(text)
    }
  })

  it('does not mistake text starting with "x^" for zlib', () => {
    const r = one(enc('x^2 + y^2 = z^2'))
    expect(r).toMatchObject({ kind: 'text', steps: ['utf8'], text: 'x^2 + y^2 = z^2', decodeError: null })
  })

  it('reports a corrupt zlib body that is not text either', () => {
    const r = one(Uint8Array.from([0x78, 0x9c, 0xff, 0xff, 0xff, 0x00, 0x01]))
    expect(r.kind).toBe('binary')
    expect(r.steps).toEqual([])
    expect(r.decodeError).toMatch(/^zlib body is truncated or corrupt: /)
  })

  it('stops at a truncated gzip body and says why', () => {
    const gz = gzipSync(enc(JSON.stringify(order)))
    const truncated = gz.subarray(0, gz.length - 12)
    const r = one(truncated)
    expect(r).toMatchObject({
      kind: 'binary',
      text: null,
      steps: [],
      decodeError: 'gzip body is truncated or corrupt: unexpected end of file',
      size: truncated.length,
      dataBase64: b64(truncated)
    })
  })

  it('gunzips to bytes, then reports them as not valid UTF-8 when they look like text', () => {
    const r = one(gzipSync(Uint8Array.from([0x63, 0x61, 0x66, 0xe9])))
    expect(r).toMatchObject({ kind: 'binary', steps: ['gzip'], decodeError: 'not valid UTF-8 (byte offset 3)' })
  })

  it('gunzips binary without inventing an error', () => {
    const r = one(gzipSync(Uint8Array.from([0, 1, 2, 3, 0xff, 0xfe])))
    expect(r).toMatchObject({ kind: 'binary', steps: ['gzip'], decodeError: null, text: null })
  })

  it('caps decompressed output at 10 MB', () => {
    const bomb = gzipSync(new Uint8Array(MAX_DECOMPRESSED_BYTES + 1))
    expect(bomb.length).toBeLessThan(20_000)
    const r = one(bomb)
    expect(r).toMatchObject({ kind: 'binary', steps: [], text: null })
    expect(r.decodeError).toBe('gzip body decompresses to more than 10 MB; not decoded')
    // exactly at the cap is fine
    expect(one(gzipSync(new Uint8Array(MAX_DECOMPRESSED_BYTES).fill(0x61))).kind).toBe('text')
  })
})

describe('decodeRecord: KPL aggregates', () => {
  it('splits an aggregate of gzipped JSON into one record per user record', () => {
    const users = [0, 1, 2].map((i) => ({
      partitionKey: `store-${i}`,
      explicitHashKey: i === 1 ? '170141183460469231731687303715884105728' : null,
      data: gzipSync(enc(JSON.stringify({ ...order, orderId: `o-${i}` })))
    }))
    const agg = aggregate(users)
    const out = decodeRecord(raw(agg))
    expect(out).toHaveLength(3)
    out.forEach((r, i) => {
      const user = users[i]
      if (user === undefined) throw new Error('missing input')
      expect(r.id).toBe(`shardId-000000000001/49590338271490256608559692538361571095921575989136588898/${i}`)
      expect(r.subSequenceNumber).toBe(i)
      expect(r.sequenceNumber).toBe('49590338271490256608559692538361571095921575989136588898')
      expect(r.partitionKey).toBe(`store-${i}`)
      expect(r.explicitHashKey).toBe(user.explicitHashKey)
      expect(r.steps).toEqual(['kpl', 'gzip', 'utf8', 'json'])
      expect(r.kind).toBe('json')
      expect(JSON.parse(r.text ?? 'null')).toEqual({ ...order, orderId: `o-${i}` })
      // the user record's stored bytes (still gzipped), not the aggregate's
      expect(r.dataBase64).toBe(b64(user.data))
      expect(r.size).toBe(user.data.length)
      expect(r.arrivalTime).toBe(ARRIVAL)
      expect(r.decodeError).toBeNull()
    })
  })

  it('decodes each user record on its own (text, binary, empty)', () => {
    const agg = aggregate([
      { partitionKey: 'a', data: enc('plain text') },
      { partitionKey: 'b', data: Uint8Array.from([0x00, 0xff, 0x01]) },
      { partitionKey: 'c', data: new Uint8Array(0) }
    ])
    const out = decodeRecord(raw(agg, { partitionKey: 'aggregate-key' }))
    expect(out.map((r) => [r.partitionKey, r.kind, r.steps.join('+'), r.text])).toEqual([
      ['a', 'text', 'kpl+utf8', 'plain text'],
      ['b', 'binary', 'kpl', null],
      ['c', 'text', 'kpl+utf8', '']
    ])
    // each record gets its own steps array
    expect(out[0]?.steps).not.toBe(out[1]?.steps)
  })

  it('keeps a malformed aggregate as one binary record with the reason', () => {
    const agg = aggregate([{ partitionKey: 'a', data: enc('{"a":1}') }, { partitionKey: 'b', data: enc('x') }])
    const corrupted = agg.slice()
    corrupted[10] = (corrupted[10] ?? 0) ^ 0xff
    const out = decodeRecord(raw(corrupted, { explicitHashKey: '99' }))
    expect(out).toHaveLength(1)
    expect(out[0]).toMatchObject({
      id: 'shardId-000000000001/49590338271490256608559692538361571095921575989136588898',
      subSequenceNumber: null,
      partitionKey: 'store-7',
      explicitHashKey: '99',
      kind: 'binary',
      text: null,
      steps: [],
      size: corrupted.length,
      dataBase64: b64(corrupted),
      decodeError: 'KPL aggregate is malformed: MD5 checksum does not match'
    })
  })

  it('shows data that starts with the magic but is too short for an aggregate raw, with the reason', () => {
    const out = decodeRecord(raw(Uint8Array.from([0xf3, 0x89, 0x9a, 0xc2, 0x01])))
    expect(out).toHaveLength(1)
    expect(out[0]).toMatchObject({ kind: 'binary', steps: [], subSequenceNumber: null })
    expect(out[0]?.decodeError).toBe('KPL aggregate is malformed: too short for a KPL aggregate (5 bytes)')
  })
})

describe('decodeRecord: large records', () => {
  it('decodes a 1 MB JSON record', () => {
    const filler = 'p'.repeat(1024 * 1024 - 20)
    const json = JSON.stringify({ filler })
    const data = enc(json)
    expect(data.length).toBeGreaterThan(1024 * 1024 - 20)
    const r = one(data)
    expect(r.kind).toBe('json')
    expect(r.size).toBe(data.length)
    expect(r.text?.length).toBe(json.length)
    expect(Buffer.from(recordDataBase64(r), 'base64').equals(Buffer.from(data))).toBe(true)
  })

  it('decodes a 1 MB binary record without an error', () => {
    const data = new Uint8Array(1024 * 1024)
    for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24
    const r = one(data)
    expect(r).toMatchObject({ kind: 'binary', decodeError: null, size: 1024 * 1024 })
  })
})

describe('firstInvalidUtf8Offset', () => {
  it('finds the first bad byte per RFC 3629', () => {
    expect(firstInvalidUtf8Offset(enc('ok 🍕 €'))).toBeNull()
    expect(firstInvalidUtf8Offset(Uint8Array.from([0x41, 0xc0, 0x80]))).toBe(1) // overlong NUL
    expect(firstInvalidUtf8Offset(Uint8Array.from([0xe0, 0x80, 0x80]))).toBe(0) // overlong 3-byte
    expect(firstInvalidUtf8Offset(Uint8Array.from([0x41, 0x42, 0xed, 0xa0, 0x80]))).toBe(2) // surrogate
    expect(firstInvalidUtf8Offset(Uint8Array.from([0xf4, 0x90, 0x80, 0x80]))).toBe(0) // > U+10FFFF
    expect(firstInvalidUtf8Offset(Uint8Array.from([0x41, 0x80]))).toBe(1) // lone continuation
    expect(firstInvalidUtf8Offset(Uint8Array.from([0x41, 0xe2, 0x82]))).toBe(1) // cut off
  })

  it('agrees with the strict TextDecoder on random input', () => {
    const strict = new TextDecoder('utf-8', { fatal: true })
    let x = 12345
    for (let n = 0; n < 2000; n++) {
      const len = n % 12
      const bytes = new Uint8Array(len)
      for (let i = 0; i < len; i++) {
        x = (x * 1103515245 + 12345) >>> 0
        // bias towards bytes that form (almost-)valid sequences
        const pick = x % 4
        bytes[i] = pick === 0 ? 0x41 : pick === 1 ? 0x80 + ((x >>> 8) % 64) : 0xc0 + ((x >>> 8) % 64)
      }
      const offset = firstInvalidUtf8Offset(bytes)
      let valid = true
      try {
        strict.decode(bytes)
      } catch {
        valid = false
      }
      expect(offset === null, Buffer.from(bytes).toString('hex')).toBe(valid)
      if (offset !== null) expect(() => strict.decode(bytes.subarray(0, offset))).not.toThrow()
    }
  })
})

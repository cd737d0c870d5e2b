import { deflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import {
  buildConfluentFrame,
  buildGsrFrame,
  gsrSchemaVersionId,
  looksLikeGsr,
  parseConfluentFrame,
  parseGsrFrame,
  uuidFromBytes,
  uuidToBytes
} from '../../../src/main/core/schemas/gsr-frame'

const ID = 'b7b4a7f0-0f0a-4b9c-9a44-3a7e2d1c0b5e'
const payload = Buffer.from('the payload')

/** The header as the Java reference writes it, byte by byte (SerializationDataEncoder). */
function referenceFrame(compressionByte: number, body: Uint8Array): Buffer {
  const uuid = Buffer.from(ID.replace(/-/g, ''), 'hex') // most significant long, then least, big-endian
  return Buffer.concat([Buffer.from([3, compressionByte]), uuid, body])
}

describe('GSR framing', () => {
  it('reads a frame written as the reference writes it, uncompressed and zlib', () => {
    const plain = parseGsrFrame(referenceFrame(0, payload))
    expect(plain).toEqual({ ok: true, frame: { schemaVersionId: ID, compression: 'none', payload: expect.any(Uint8Array) as unknown } })
    if (plain.ok) expect(Buffer.from(plain.frame.payload).toString()).toBe('the payload')

    const zlib = parseGsrFrame(referenceFrame(5, deflateSync(payload)))
    expect(zlib.ok && zlib.frame.compression).toBe('zlib')
    if (zlib.ok) expect(Buffer.from(zlib.frame.payload).toString()).toBe('the payload')
  })

  it('builds byte-for-byte what the reference builds', () => {
    expect(buildGsrFrame(ID, payload)).toEqual(referenceFrame(0, payload))
    const zipped = buildGsrFrame(ID, payload, 'zlib')
    expect(zipped.subarray(0, 18)).toEqual(referenceFrame(5, Buffer.alloc(0)))
    const back = parseGsrFrame(zipped)
    expect(back.ok && Buffer.from(back.frame.payload).toString()).toBe('the payload')
  })

  it('refuses what the reference parser refuses, each with its reason', () => {
    expect(parseGsrFrame(referenceFrame(0, payload).subarray(0, 17))).toEqual({ ok: false, reason: 'GSR header is truncated: 17 bytes, the header alone is 18' })
    const v2 = referenceFrame(0, payload)
    v2[0] = 2
    expect(parseGsrFrame(v2)).toEqual({ ok: false, reason: 'GSR header version byte is 2, expected 3' })
    expect(parseGsrFrame(referenceFrame(7, payload))).toEqual({ ok: false, reason: 'GSR compression byte is 7, expected 0 (none) or 5 (zlib)' })
    const broken = parseGsrFrame(referenceFrame(5, Buffer.from('not zlib at all')))
    expect(broken.ok).toBe(false)
    if (!broken.ok) expect(broken.reason).toMatch(/^GSR payload is marked zlib but does not inflate/)
  })

  it('detects the header cheaply, and only a valid one', () => {
    expect(looksLikeGsr(referenceFrame(0, payload))).toBe(true)
    expect(looksLikeGsr(referenceFrame(0, Buffer.alloc(0)))).toBe(true) // an empty payload is still a frame
    expect(looksLikeGsr(referenceFrame(7, payload))).toBe(false)
    expect(looksLikeGsr(referenceFrame(0, payload).subarray(0, 17))).toBe(false)
    expect(looksLikeGsr(Buffer.from('{"a":1}'))).toBe(false)
    expect(gsrSchemaVersionId(referenceFrame(5, payload))).toBe(ID)
    expect(gsrSchemaVersionId(Buffer.from([1, 2, 3]))).toBeNull()
  })

  it('round-trips UUIDs in Java order (most significant long first)', () => {
    const bytes = uuidToBytes(ID.toUpperCase())
    expect(bytes[0]).toBe(0xb7)
    expect(bytes[15]).toBe(0x5e)
    expect(uuidFromBytes(bytes)).toBe(ID)
    expect(() => uuidToBytes('not-a-uuid')).toThrow(RangeError)
  })
})

describe('Confluent framing', () => {
  it('reads and writes magic 0 and a 4-byte big-endian id', () => {
    const frame = buildConfluentFrame(0x01020304, payload)
    expect([...frame.subarray(0, 5)]).toEqual([0, 1, 2, 3, 4])
    const parsed = parseConfluentFrame(frame)
    expect(parsed?.schemaId).toBe(0x01020304)
    expect(Buffer.from(parsed?.payload ?? []).toString()).toBe('the payload')
    expect(parseConfluentFrame(Buffer.from([0, 1, 2]))).toBeNull()
    expect(parseConfluentFrame(Buffer.from([1, 0, 0, 0, 1]))).toBeNull()
  })
})

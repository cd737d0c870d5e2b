/**
 * Wire framings that put a schema reference in front of a payload.
 *
 * AWS Glue Schema Registry (awslabs/aws-glue-schema-registry: AWSSchemaRegistryConstants,
 * SerializationDataEncoder, GlueSchemaRegistryDeserializerDataParser):
 *   byte 0      header version, always 3
 *   byte 1      compression: 0 none, 5 zlib (java.util.zip Deflater, i.e. RFC 1950 with header)
 *   bytes 2–17  the schema version id, a UUID written as its most then least significant longs
 *               (big-endian), i.e. the UUID's hex digits in order
 *   bytes 18–   the payload (compressed when byte 1 is 5)
 * The reference parser refuses anything shorter than 18 bytes, another version byte, or another
 * compression byte; so do we, each with its own reason.
 *
 * Confluent (Kafka) wire format: byte 0 is the magic 0, bytes 1–4 the schema id (big-endian
 * unsigned), then the payload.
 */
import { deflateSync, inflateSync } from 'node:zlib'

export const GSR_HEADER_VERSION = 3
export const GSR_COMPRESSION_NONE = 0
export const GSR_COMPRESSION_ZLIB = 5
export const GSR_HEADER_LENGTH = 18
/** The most a zlib payload may inflate to (a Kinesis record is at most 10 MiB). */
export const GSR_MAX_INFLATED_BYTES = 10 * 1024 * 1024

export type GsrCompression = 'none' | 'zlib'

export interface GsrFrame {
  schemaVersionId: string
  compression: GsrCompression
  /** The payload as the codec reads it: already inflated when the frame was zlib-compressed. */
  payload: Uint8Array
}

export type GsrParse = { ok: true; frame: GsrFrame } | { ok: false; reason: string }

/** True when the bytes start like a GSR frame (version byte 3 and a known compression byte). */
export function looksLikeGsr(bytes: Uint8Array): boolean {
  return (
    bytes.length >= GSR_HEADER_LENGTH &&
    bytes[0] === GSR_HEADER_VERSION &&
    (bytes[1] === GSR_COMPRESSION_NONE || bytes[1] === GSR_COMPRESSION_ZLIB)
  )
}

/** Reads the header without inflating the payload: what a schema lookup needs first. */
export function gsrSchemaVersionId(bytes: Uint8Array): string | null {
  return looksLikeGsr(bytes) ? uuidFromBytes(bytes.subarray(2, GSR_HEADER_LENGTH)) : null
}

export function parseGsrFrame(bytes: Uint8Array): GsrParse {
  if (bytes.length < GSR_HEADER_LENGTH) {
    return { ok: false, reason: `GSR header is truncated: ${bytes.length} bytes, the header alone is ${GSR_HEADER_LENGTH}` }
  }
  if (bytes[0] !== GSR_HEADER_VERSION) {
    return { ok: false, reason: `GSR header version byte is ${bytes[0]}, expected ${GSR_HEADER_VERSION}` }
  }
  const compressionByte = bytes[1]
  if (compressionByte !== GSR_COMPRESSION_NONE && compressionByte !== GSR_COMPRESSION_ZLIB) {
    return { ok: false, reason: `GSR compression byte is ${compressionByte}, expected 0 (none) or 5 (zlib)` }
  }
  const schemaVersionId = uuidFromBytes(bytes.subarray(2, GSR_HEADER_LENGTH))
  const body = bytes.subarray(GSR_HEADER_LENGTH)
  if (compressionByte === GSR_COMPRESSION_NONE) {
    return { ok: true, frame: { schemaVersionId, compression: 'none', payload: body } }
  }
  try {
    const payload = inflateSync(body, { maxOutputLength: GSR_MAX_INFLATED_BYTES })
    return { ok: true, frame: { schemaVersionId, compression: 'zlib', payload } }
  } catch (err) {
    return { ok: false, reason: `GSR payload is marked zlib but does not inflate: ${err instanceof Error ? err.message : String(err)}` }
  }
}

export function buildGsrFrame(schemaVersionId: string, payload: Uint8Array, compression: GsrCompression = 'none'): Buffer {
  const body = compression === 'zlib' ? deflateSync(payload) : payload
  const out = Buffer.alloc(GSR_HEADER_LENGTH + body.byteLength)
  out[0] = GSR_HEADER_VERSION
  out[1] = compression === 'zlib' ? GSR_COMPRESSION_ZLIB : GSR_COMPRESSION_NONE
  uuidToBytes(schemaVersionId).copy(out, 2)
  out.set(body, GSR_HEADER_LENGTH)
  return out
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function isUuid(text: string): boolean {
  return UUID.test(text)
}

/** 16 bytes → "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" (lower case, as Glue returns ids). */
export function uuidFromBytes(bytes: Uint8Array): string {
  const hex = Buffer.from(bytes.buffer, bytes.byteOffset, 16).toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

export function uuidToBytes(uuid: string): Buffer {
  if (!isUuid(uuid)) throw new RangeError(`"${uuid}" is not a UUID`)
  return Buffer.from(uuid.replace(/-/g, ''), 'hex')
}

// ── Confluent wire format ──────────────────────────────────────────────────────────────────

export const CONFLUENT_MAGIC = 0
export const CONFLUENT_HEADER_LENGTH = 5

export interface ConfluentFrame {
  schemaId: number
  payload: Uint8Array
}

/** Null when the bytes do not start with the magic 0 and a 4-byte id. */
export function parseConfluentFrame(bytes: Uint8Array): ConfluentFrame | null {
  if (bytes.length < CONFLUENT_HEADER_LENGTH || bytes[0] !== CONFLUENT_MAGIC) return null
  const schemaId = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).readUInt32BE(1)
  return { schemaId, payload: bytes.subarray(CONFLUENT_HEADER_LENGTH) }
}

export function buildConfluentFrame(schemaId: number, payload: Uint8Array): Buffer {
  const out = Buffer.alloc(CONFLUENT_HEADER_LENGTH + payload.byteLength)
  out[0] = CONFLUENT_MAGIC
  out.writeUInt32BE(schemaId, 1)
  out.set(payload, CONFLUENT_HEADER_LENGTH)
  return out
}

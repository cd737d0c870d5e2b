/**
 * The record decoding pipeline: KPL de-aggregation → schema (GSR / Confluent / a local file) →
 * gzip/zlib → UTF-8 → JSON.
 *
 * Pure and synchronous; never throws on bad data and never drops a record: when a step
 * fails, the record keeps the steps that succeeded, kind 'binary' and a `decodeError`.
 * It runs on every record a session reads (up to ~200,000/s), so the common paths avoid copies
 * and only try JSON.parse on text whose first non-space character is `{` or `[`.
 *
 * Decisions:
 * - gzip is detected by 1F 8B 08 (magic plus the only compression method gzip defines), zlib by
 *   78 01/5E/9C/DA (a valid RFC 1950 header, no preset dictionary). A gzip body that fails to
 *   inflate is an error. A zlib body that fails is an error only when the bytes are not valid
 *   UTF-8 text either: "x^" (78 5E) is a perfectly ordinary start of a text record.
 * - Decompressed output is capped at 10 MB (a Kinesis record is at most 1 MB, so more is a
 *   decompression bomb or not worth showing); over the cap → kind 'binary' with a decodeError.
 * - Bytes that are not valid UTF-8 get a decodeError ("not valid UTF-8 (byte offset N)") only
 *   when they look like text, i.e. their first KB has no control characters other than tab, LF,
 *   FF, CR and ESC: that is Latin-1/Windows-1252 text or corruption, which the user should be
 *   told about. Binary data (protobuf, Avro, random bytes) is simply kind 'binary', no error.
 * - Valid UTF-8 that has such control characters in its first KB is binary too (e.g. a small
 *   protobuf message made only of ASCII bytes): kind 'binary', no 'utf8' step, text null.
 *   JSON is never affected: JSON cannot contain raw control characters.
 * - Only objects and arrays count as JSON: `42` or `"x"` stay text.
 * - A malformed KPL aggregate's decodeError is "KPL aggregate is malformed: <reason>".
 * - A search may decode with `{ checkJson: false }`: text that starts like JSON is then kind 'json'
 *   unchecked, and only the records its filter keeps go through `confirmJson`. JSON.parse is about
 *   a seventh of a 1 KB record's decoding, and a search keeps few of the records it scans. The
 *   filters cannot keep fewer records on the unchecked form than on the checked one (only the
 *   JSON field expression reads the kind, and the text a failed check takes away only loses
 *   matches), so "filter, confirm, filter again if the record changed" gives the same answer.
 * - A CloudWatch Logs subscription record (gzip JSON) becomes a row per log event
 *   (cloudwatch-logs.ts says how they are keyed).
 * - Schemas (only when the caller passes a SchemaLookup, see schema-step.ts): a GSR header is
 *   read after KPL de-aggregation and before gzip, as the KCL does; a record that fails GSR
 *   decoding passes through the rest of the pipeline unchanged, with the reason as decodeError.
 */
import { gunzipSync, inflateSync } from 'node:zlib'
import type { DecodedRecord, DecodeStep } from '../../../shared/domain'
import { deaggregate, hasMagic } from './kpl'
import type { SchemaLookup } from '../schemas/schema-catalog'
import { splitLogEvents } from './cloudwatch-logs'
import { decodeWithSchema, plainSchemaStep, type SchemaPayload } from './schema-step'

export interface RawRecord {
  shardId: string
  sequenceNumber: string
  partitionKey: string
  explicitHashKey?: string | null
  /** ApproximateArrivalTimestamp, ms since the epoch. */
  arrivalTime: number
  data: Uint8Array
  /** `data` as base64 when the caller already has it (a GetRecords page carries it so). */
  dataBase64?: string
}

/** The most decompressed output the pipeline will produce for one record. */
export const MAX_DECOMPRESSED_BYTES = 10 * 1024 * 1024
/** How many leading bytes/characters the text-or-binary heuristic looks at. */
const TEXT_SNIFF_LENGTH = 1024

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

interface Payload extends SchemaPayload {
  steps: DecodeStep[]
  kind: DecodedRecord['kind']
  text: string | null
  decodeError: string | null
}

export interface DecodeOptions {
  /** The schemas a GSR or schema-less record is decoded with; none: no schema step. */
  schemas?: SchemaLookup | undefined
  /** false: leave JSON unchecked (kind 'json' on its first character); see `confirmJson`. */
  checkJson?: boolean
}

export function decodeRecord(raw: RawRecord, options: DecodeOptions = {}): DecodedRecord[] {
  const records = decodeStoredRecord(raw, options)
  return records.some((r) => r.steps.includes('gzip')) ? records.flatMap(splitLogEvents) : records
}

/** The record as stored: itself, or the user records of its KPL aggregate. */
function decodeStoredRecord(raw: RawRecord, options: DecodeOptions): DecodedRecord[] {
  const { schemas } = options
  const checkJson = options.checkJson !== false
  const explicitHashKey = raw.explicitHashKey ?? null
  // The magic bytes alone decide: a record that starts with them but is too short for an
  // aggregate is shown raw with that reason rather than passed off as binary.
  if (hasMagic(raw.data)) {
    const result = deaggregate(raw.data)
    if (!result.ok) {
      return [
        makeRecord(raw, `${raw.shardId}/${raw.sequenceNumber}`, null, raw.partitionKey, explicitHashKey, raw.data, {
          steps: [],
          kind: 'binary',
          text: null,
          decodeError: `KPL aggregate is malformed: ${result.reason}`
        })
      ]
    }
    const out: DecodedRecord[] = new Array<DecodedRecord>(result.records.length)
    for (let i = 0; i < result.records.length; i++) {
      const user = result.records[i]
      if (user === undefined) continue
      out[i] = makeRecord(
        raw,
        `${raw.shardId}/${raw.sequenceNumber}/${i}`,
        i,
        user.partitionKey,
        user.explicitHashKey,
        user.data,
        decodePayload(user.data, ['kpl'], schemas, checkJson)
      )
    }
    return out
  }
  return [
    makeRecord(raw, `${raw.shardId}/${raw.sequenceNumber}`, null, raw.partitionKey, explicitHashKey, raw.data, decodePayload(raw.data, [], schemas, checkJson))
  ]
}

/**
 * Null when the stored bytes are exactly the UTF-8 of the decoded text (no decompression, and
 * nothing such as a BOM lost in decoding): the text alone carries them. Otherwise the page's own
 * base64 when this is the whole record, else a Buffer view over the bytes, not a copy.
 */
function storedBase64(raw: RawRecord, data: Uint8Array, payload: Payload): string | null {
  const transformed = payload.steps.includes('gzip') || payload.steps.includes('zlib') || payload.schema !== undefined
  if (payload.text !== null && !transformed && Buffer.byteLength(payload.text, 'utf8') === data.byteLength) return null
  if (data === raw.data && raw.dataBase64 !== undefined) return raw.dataBase64
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64')
}

function makeRecord(
  raw: RawRecord,
  id: string,
  subSequenceNumber: number | null,
  partitionKey: string,
  explicitHashKey: string | null,
  data: Uint8Array,
  payload: Payload
): DecodedRecord {
  return {
    id,
    shardId: raw.shardId,
    sequenceNumber: raw.sequenceNumber,
    subSequenceNumber,
    partitionKey,
    explicitHashKey,
    arrivalTime: raw.arrivalTime,
    size: data.byteLength,
    dataBase64: storedBase64(raw, data, payload),
    steps: payload.steps,
    kind: payload.kind,
    text: payload.text,
    decodeError: payload.decodeError,
    ...(payload.schema !== undefined ? { schema: payload.schema } : {})
  }
}

function isGzip(b: Uint8Array): boolean {
  return b.length >= 3 && b[0] === 0x1f && b[1] === 0x8b && b[2] === 0x08
}

function isZlib(b: Uint8Array): boolean {
  if (b.length < 2 || b[0] !== 0x78) return false
  const flg = b[1] as number
  // These four are the headers zlib writes for its compression levels; all pass the
  // (CMF*256 + FLG) % 31 check and have FDICT clear. The check is kept so the rule is explicit.
  return (flg === 0x01 || flg === 0x5e || flg === 0x9c || flg === 0xda) && (0x78 * 256 + flg) % 31 === 0
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

function isTooLarge(err: unknown): boolean {
  return err instanceof RangeError || (err instanceof Error && 'code' in err && err.code === 'ERR_BUFFER_TOO_LARGE')
}

function decodePayload(data: Uint8Array, steps: DecodeStep[], schemas: SchemaLookup | undefined, checkJson: boolean): Payload {
  if (schemas === undefined) return decodeBytes(data, steps, checkJson)
  const schemaDecoded = decodeWithSchema(data, steps, schemas)
  if (schemaDecoded.kind === 'decoded') return schemaDecoded.payload
  const rest = decodeBytes(data, steps, checkJson)
  if (schemaDecoded.kind === 'none') return plainSchemaStep(rest, data, schemas)
  // A record its header's schema could not decode passes through, and says why.
  return rest.decodeError === null ? { ...rest, decodeError: schemaDecoded.reason } : rest
}

function decodeBytes(data: Uint8Array, steps: DecodeStep[], checkJson: boolean): Payload {
  let bytes = data
  if (isGzip(bytes)) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: MAX_DECOMPRESSED_BYTES })
    } catch (err) {
      return binary(steps, decompressError('gzip', err))
    }
    steps.push('gzip')
  } else if (isZlib(bytes)) {
    try {
      bytes = inflateSync(bytes, { maxOutputLength: MAX_DECOMPRESSED_BYTES })
      steps.push('zlib')
    } catch (err) {
      // Only an error if the bytes are not ordinary text that happens to start with "x".
      const asText = decodeText(bytes, steps, checkJson)
      if (asText.kind !== 'binary') return asText
      return binary(steps, decompressError('zlib', err))
    }
  }
  return decodeText(bytes, steps, checkJson)
}

function decompressError(format: 'gzip' | 'zlib', err: unknown): string {
  if (isTooLarge(err)) {
    return `${format} body decompresses to more than ${MAX_DECOMPRESSED_BYTES / (1024 * 1024)} MB; not decoded`
  }
  return `${format} body is truncated or corrupt: ${errorMessage(err)}`
}

function binary(steps: DecodeStep[], decodeError: string | null): Payload {
  return { steps, kind: 'binary', text: null, decodeError }
}

/**
 * Bytes checked for control characters before trying UTF-8: binary nearly always has one in
 * its first few bytes, and a failed fatal decode throws, which costs far more than this scan.
 */
const QUICK_SNIFF_LENGTH = 32

function decodeText(bytes: Uint8Array, steps: DecodeStep[], checkJson: boolean): Payload {
  const quick = Math.min(bytes.length, QUICK_SNIFF_LENGTH)
  for (let i = 0; i < quick; i++) {
    if (isControlByte(bytes[i] as number)) return binary(steps, null)
  }
  let text: string
  try {
    text = strictUtf8.decode(bytes)
  } catch {
    if (!bytesLookLikeText(bytes)) return binary(steps, null)
    const offset = firstInvalidUtf8Offset(bytes)
    return binary(steps, offset === null ? 'not valid UTF-8' : `not valid UTF-8 (byte offset ${offset})`)
  }

  if (startsLikeJson(text)) {
    if (!checkJson || isJson(text)) {
      steps.push('utf8', 'json')
      return { steps, kind: 'json', text, decodeError: null }
    }
    // Looks like JSON but is not: shown as text; the renderer's JSON view reports why.
  }
  return textOrBinary(text, steps)
}

function startsLikeJson(text: string): boolean {
  const first = firstNonSpace(text)
  return first === 0x7b /* { */ || first === 0x5b /* [ */
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

function textOrBinary(text: string, steps: DecodeStep[]): Payload {
  if (CONTROL_CHAR.test(text.length > TEXT_SNIFF_LENGTH ? text.slice(0, TEXT_SNIFF_LENGTH) : text)) {
    return binary(steps, null)
  }
  steps.push('utf8')
  return { steps, kind: 'text', text, decodeError: null }
}

/**
 * Finishes a record decoded with `{ checkJson: false }`: exactly what `decodeRecord` would have
 * made of it. Returns false when the record changed (its JSON did not parse: it is now text, or
 * binary when it has control characters), so a filter that kept it must look again.
 */
export function confirmJson(record: DecodedRecord): boolean {
  const { text } = record
  if (record.kind !== 'json' || text === null || isJson(text)) return true
  const steps = record.steps.filter((step) => step !== 'json' && step !== 'utf8')
  const payload = textOrBinary(text, steps)
  // Unchecked text carried the bytes alone (dataBase64 null); binary has no text to carry them.
  if (payload.kind === 'binary' && record.dataBase64 === null) record.dataBase64 = Buffer.from(text, 'utf8').toString('base64')
  record.steps = payload.steps
  record.kind = payload.kind
  record.text = payload.text
  return false
}

/** C0 controls and DEL, except tab, LF, FF, CR and ESC (ANSI colours in log lines). */
// eslint-disable-next-line no-control-regex
const CONTROL_CHAR = /[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]/

function isControlByte(b: number): boolean {
  if (b === 0x7f) return true
  return b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d && b !== 0x1b
}

function bytesLookLikeText(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, TEXT_SNIFF_LENGTH)
  for (let i = 0; i < n; i++) {
    if (isControlByte(bytes[i] as number)) return false
  }
  return true
}

/** JSON whitespace only (space, tab, LF, CR); returns the char code or -1. */
function firstNonSpace(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return c
  }
  return -1
}

/**
 * The offset of the first byte that makes the sequence invalid UTF-8 (RFC 3629: no overlongs,
 * no surrogates, nothing above U+10FFFF), or null if none is found. Only runs on the error path.
 */
export function firstInvalidUtf8Offset(b: Uint8Array): number | null {
  let i = 0
  const n = b.length
  while (i < n) {
    const c = b[i] as number
    if (c < 0x80) {
      i++
      continue
    }
    let need: number
    let min = 0x80
    let max = 0xbf
    if (c >= 0xc2 && c <= 0xdf) need = 1
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2
      if (c === 0xe0) min = 0xa0 // overlong
      if (c === 0xed) max = 0x9f // surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3
      if (c === 0xf0) min = 0x90 // overlong
      if (c === 0xf4) max = 0x8f // above U+10FFFF
    } else return i
    for (let k = 1; k <= need; k++) {
      const cc = b[i + k]
      if (cc === undefined) return i // truncated sequence: the lead byte is where it breaks
      const lo = k === 1 ? min : 0x80
      const hi = k === 1 ? max : 0xbf
      if (cc < lo || cc > hi) return i
    }
    i += need + 1
  }
  return null
}

/** What a search keeps of the user records `decodeRecord(raw, { checkJson: false })` gave. */
export function keepMatching(decoded: DecodedRecord[], match: (record: DecodedRecord, index: number) => boolean): DecodedRecord[] {
  return decoded.filter((user, i) => match(user, i) && (confirmJson(user) || match(user, i)))
}

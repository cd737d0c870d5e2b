/**
 * Views of one record that the renderer can force (hex, pretty JSON) and the "copy record as
 * JSON" shape. Browser-safe: no node imports, only atob, TextDecoder and plain JS.
 */
import type { DecodedRecord, DecodeStep, LogEventInfo } from './domain'

/** Standard base64 to bytes. Throws (DOMException from atob) on input that is not base64. */
export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64)
  const out = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i)
  return out
}

export interface HexDumpOptions {
  /** Dump at most this many bytes, then one line saying how many were left out. Default: all. */
  maxBytes?: number
}

const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))
const BYTES_PER_LINE = 16

/**
 * A classic hex dump, the layout of `hexdump -C`: an 8-digit hex offset, 16 bytes per line in
 * two groups of 8, and the printable-ASCII column between bars ('.' for anything else).
 * Lines are joined with '\n'; empty input gives ''. Repeated lines are not collapsed.
 */
export function bytesToHex(bytes: Uint8Array, opts: HexDumpOptions = {}): string {
  const limit = Math.max(0, Math.min(bytes.length, opts.maxBytes ?? bytes.length))
  const lines: string[] = []
  for (let offset = 0; offset < limit; offset += BYTES_PER_LINE) {
    const end = Math.min(offset + BYTES_PER_LINE, limit)
    let hex = ''
    let ascii = ''
    for (let i = offset; i < offset + BYTES_PER_LINE; i++) {
      if (i === offset + 8) hex += ' '
      if (i < end) {
        const b = bytes[i] as number
        hex += `${HEX[b] as string} `
        ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.'
      } else {
        hex += '   '
      }
    }
    lines.push(`${offset.toString(16).padStart(8, '0')}  ${hex} |${ascii}|`)
  }
  if (limit < bytes.length) {
    const rest = bytes.length - limit
    lines.push(`… ${rest} more byte${rest === 1 ? '' : 's'}`)
  }
  return lines.join('\n')
}

/**
 * Re-indents JSON text with two spaces, or returns null if it is not valid JSON.
 * It re-indents the text rather than printing JSON.parse's result, so what the user sees is
 * exactly what was sent: integers above 2^53 (order ids, snowflakes), `1.0` and duplicate keys
 * survive, where a parse/stringify round trip would silently change them.
 */
export function prettyJson(text: string): string | null {
  try {
    JSON.parse(text)
  } catch {
    return null
  }
  const indentUnit = '  '
  let out = ''
  let depth = 0
  let i = 0
  const n = text.length
  const newline = (): string => `\n${indentUnit.repeat(depth)}`
  while (i < n) {
    const c = text[i] as string
    if (c === '"') {
      // Copy the string literal verbatim, escapes included.
      let j = i + 1
      while (j < n && text[j] !== '"') j += text[j] === '\\' ? 2 : 1
      out += text.slice(i, j + 1)
      i = j + 1
      continue
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++
      continue
    }
    if (c === '{' || c === '[') {
      // Keep empty containers on one line, as JSON.stringify does.
      let j = i + 1
      while (j < n && /\s/.test(text[j] as string)) j++
      const close = c === '{' ? '}' : ']'
      if (text[j] === close) {
        out += c + close
        i = j + 1
        continue
      }
      depth++
      out += c + newline()
    } else if (c === '}' || c === ']') {
      depth--
      out += newline() + c
    } else if (c === ',') {
      out += `,${newline()}`
    } else if (c === ':') {
      out += ': '
    } else {
      out += c
    }
    i++
  }
  return out
}

/** UTF-8 text as base64, in chunks (String.fromCharCode takes only so many arguments). */
function utf8ToBase64(text: string): string {
  const bytes = new TextEncoder().encode(text)
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

/** The record's stored data as base64, whether main sent it or it is the UTF-8 of the text. */
export function recordDataBase64(record: Pick<DecodedRecord, 'dataBase64' | 'text'>): string {
  return record.dataBase64 ?? utf8ToBase64(record.text ?? '')
}

/** The "copy record as JSON" shape; a JSON Lines export line is this plus the stream name. */
export interface RecordJson {
  shardId: string
  sequenceNumber: string
  subSequenceNumber: number | null
  partitionKey: string
  explicitHashKey: string | null
  /** ISO 8601, or null when the record has no valid arrival time. */
  arrivalTime: string | null
  size: number
  dataBase64: string
  /** The parsed JSON for kind 'json', the text for kind 'text', otherwise null. */
  decoded: unknown
  decodeSteps: DecodeStep[]
  decodeError: string | null
  /** For a CloudWatch Logs record's event: which one, and what the record says about it. */
  logEvent?: LogEventInfo
}

function toIso(ms: number): string | null {
  const date = new Date(ms)
  // NaN or beyond the Date range (±8.64e15 ms): toISOString would throw.
  return Number.isNaN(date.getTime()) ? null : date.toISOString()
}

export function recordAsJson(record: DecodedRecord): RecordJson {
  let decoded: unknown = null
  if (record.kind === 'json' && record.text !== null) {
    try {
      decoded = JSON.parse(record.text)
    } catch {
      decoded = record.text
    }
  } else if (record.kind === 'text') {
    decoded = record.text
  }
  return {
    shardId: record.shardId,
    sequenceNumber: record.sequenceNumber,
    subSequenceNumber: record.subSequenceNumber,
    partitionKey: record.partitionKey,
    explicitHashKey: record.explicitHashKey,
    arrivalTime: toIso(record.arrivalTime),
    size: record.size,
    dataBase64: recordDataBase64(record),
    decoded,
    decodeSteps: [...record.steps],
    decodeError: record.decodeError,
    ...(record.logEvent !== undefined ? { logEvent: record.logEvent } : {})
  }
}

const lenientUtf8 = new TextDecoder('utf-8', { fatal: false })

/** The whole record as text, for the Text view of a record whose bytes are not valid UTF-8 or were never decoded. */
export function lossyText(record: Pick<DecodedRecord, 'dataBase64' | 'text'>): string {
  if (record.text !== null) return record.text
  try {
    return lenientUtf8.decode(base64ToBytes(recordDataBase64(record)))
  } catch {
    return ''
  }
}

/**
 * The text the filters search: the decoded text; for a record whose decoding failed, its bytes
 * as text with replacement characters (what its Text view shows); nothing for plain binary.
 */
export function searchableText(record: Pick<DecodedRecord, 'dataBase64' | 'text' | 'decodeError'>): string | null {
  if (record.text !== null) return record.text
  return record.decodeError !== null ? lossyText(record) : null
}

/** One line of a JSON Lines export (what Export writes, a search's matches file holds and Replay reads). */
export type ExportedRecord = { streamName: string } & RecordJson

export function toExportedRecord(streamName: string, record: DecodedRecord): ExportedRecord {
  return { streamName, ...recordAsJson(record) }
}

/** One line of a JSON Lines export, exact: see `stringifyRecordJson`. */
export function exportLine(streamName: string, record: DecodedRecord): string {
  return stringifyRecordJson(record, toExportedRecord(streamName, record))
}

/**
 * `json` (the record's RecordJson, or an export line) as JSON text, with `decoded` written as the
 * record's own JSON text rather than re-serialised from JSON.parse, which rounds integers beyond
 * 2^53 (an Avro long, a 64-bit id) and would show a number the record does not hold. Raw line
 * breaks in valid JSON can only be whitespace, so the text joins one line for JSON Lines.
 */
export function stringifyRecordJson(record: DecodedRecord, json: RecordJson, space?: number): string {
  if (record.kind !== 'json' || record.text === null || typeof json.decoded !== 'object' || json.decoded === null) return JSON.stringify(json, null, space)
  const mark = `\u0000decoded-${Math.random().toString(36).slice(2)}\u0000`
  const text = record.text.replace(/[\r\n]+/g, ' ').trim()
  return JSON.stringify({ ...json, decoded: mark }, null, space).replace(JSON.stringify(mark), () => text)
}

/**
 * What the table's Preview column and the detail pane show for a record in each view. Pure:
 * works on the decoded text or on a prefix of the stored bytes, never on more than it shows.
 */
import type { DecodedRecord, RecordView } from '../../../../shared/domain'
import { base64ToBytes, recordDataBase64 } from '../../../../shared/record-format'

export const PREVIEW_CHARS = 200
const PREVIEW_BYTES = 48

const lenientUtf8 = new TextDecoder('utf-8', { fatal: false })

/** The first `n` bytes of base64 data, decoding only the prefix that holds them. */
export function leadingBytes(dataBase64: string, n: number): Uint8Array {
  const chars = Math.ceil(n / 3) * 4
  try {
    return base64ToBytes(dataBase64.slice(0, chars)).subarray(0, n)
  } catch {
    return new Uint8Array(0)
  }
}

/**
 * The first `n` bytes of a record's stored data, without building all of it: from a prefix of
 * its base64, or the UTF-8 of a prefix of its text (n + 1 UTF-16 units hold at least n bytes, and
 * a surrogate pair cut at the end only changes bytes after the first n).
 */
export function leadingDataBytes(record: Pick<DecodedRecord, 'dataBase64' | 'text'>, n: number): Uint8Array {
  if (record.dataBase64 !== null || record.text === null) return leadingBytes(recordDataBase64(record), n)
  return new TextEncoder().encode(record.text.slice(0, n + 1)).subarray(0, n)
}

/** Bytes as standard base64 (a preview's few bytes: one call of String.fromCharCode is enough). */
function smallBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
}

function oneLine(text: string): string {
  const head = text.length > PREVIEW_CHARS * 2 ? text.slice(0, PREVIEW_CHARS * 2) : text
  const flat = head.replace(/\s+/g, ' ').trim()
  return flat.length > PREVIEW_CHARS ? `${flat.slice(0, PREVIEW_CHARS)}…` : flat
}

function hexPreview(record: DecodedRecord): string {
  const bytes = leadingDataBytes(record, PREVIEW_BYTES)
  let out = ''
  for (let i = 0; i < bytes.length; i++) out += (i === 0 ? '' : ' ') + (bytes[i] as number).toString(16).padStart(2, '0')
  return record.size > PREVIEW_BYTES ? `${out} …` : out
}

/**
 * The view a record opens in when nothing is forced: the furthest its decoding reached. A record
 * whose decoding failed (invalid UTF-8, a truncated gzip body, a malformed aggregate) opens as
 * text with replacement characters, beside its raw bytes and the reason.
 */
export function naturalView(record: DecodedRecord): RecordView {
  if (record.decodeError !== null) return 'text'
  return record.kind === 'json' ? 'json' : record.kind === 'text' ? 'text' : 'hex'
}

/** Whether a view can show this record as such (JSON needs JSON; text needs text or is lossy). */
export function viewFits(record: DecodedRecord, view: RecordView): boolean {
  if (view === 'json') return record.kind === 'json'
  if (view === 'text') return record.text !== null
  return true
}

/** One line, at most ~200 characters: text for text and JSON, hex for binary, or the forced view. */
export function previewOf(record: DecodedRecord, forced: RecordView | null): string {
  const view = forced !== null && (forced !== 'json' || record.kind === 'json') ? forced : naturalView(record)
  switch (view) {
    case 'json':
    case 'text':
      if (record.text !== null) return oneLine(record.text)
      return oneLine(lenientUtf8.decode(leadingDataBytes(record, PREVIEW_CHARS * 2)))
    case 'hex':
      return hexPreview(record)
    case 'base64': {
      // 150 bytes are exactly 200 base64 characters: the preview of a multi-MiB record encodes only those.
      const lead = (PREVIEW_CHARS / 4) * 3
      const base64 = smallBase64(leadingDataBytes(record, lead))
      return record.size > lead ? `${base64}…` : base64
    }
  }
}

// The text the filters search lives in shared (main's search applies the same filters).
export { lossyText, searchableText } from '../../../../shared/record-format'

const stepLabels: Record<DecodedRecord['steps'][number], string> = {
  kpl: 'KPL',
  schema: 'Schema',
  gzip: 'gzip',
  zlib: 'zlib',
  utf8: 'UTF-8',
  json: 'JSON',
  cwlogs: 'CloudWatch Logs'
}

export function stepLabel(step: DecodedRecord['steps'][number]): string {
  return stepLabels[step]
}

/**
 * Exports of loaded records: JSON Lines with every field needed to put a record again, and CSV
 * (RFC 4180) for spreadsheets. Pure string building; saving is done by the caller.
 */
import type { DecodedRecord } from '../../../../shared/domain'
import { exportLine } from '../../../../shared/record-format'
import { recordPosition } from './format'

export type ExportFormat = 'jsonl' | 'csv'

export { toExportedRecord, type ExportedRecord } from '../../../../shared/record-format'

export function toJsonLines(streamName: string, records: Iterable<DecodedRecord>): string {
  const lines: string[] = []
  for (const record of records) lines.push(exportLine(streamName, record))
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`
}

/** RFC 4180: quote a field that holds a comma, a quote, CR or LF; double the quotes inside. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

export const CSV_HEADER = ['arrivalTime', 'shardId', 'sequenceNumber', 'partitionKey', 'size', 'text'] as const

/** CRLF line ends, as RFC 4180 says; binary records have an empty text field (export JSON Lines for their data). */
export function toCsv(records: Iterable<DecodedRecord>): string {
  const rows: string[] = [CSV_HEADER.join(',')]
  for (const r of records) {
    const date = new Date(r.arrivalTime)
    rows.push(
      [
        Number.isNaN(date.getTime()) ? '' : date.toISOString(),
        r.shardId,
        recordPosition(r),
        r.partitionKey,
        String(r.size),
        r.text ?? ''
      ]
        .map(csvField)
        .join(',')
    )
  }
  return `${rows.join('\r\n')}\r\n`
}

/** "OrderStream-2026-11-25T18-30-00Z.jsonl": safe on every file system and in the contract's name rule. */
export function exportFileName(streamName: string, format: ExportFormat, now: number): string {
  const stamp = new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-')
  const safe = streamName.replace(/[^\w.-]/g, '_')
  return `${safe}-${stamp}.${format}`
}

/** The window's records (ascending arrival order), the filter's indices into them and the table's sort. */
export interface ExportSource {
  records: readonly DecodedRecord[]
  filtered: Uint32Array | null
  sortDescending: boolean
}

/**
 * The records an export holds. JSON Lines in arrival order whatever the table's sort: Replay puts
 * a file's records again in its order, so records of one key must stay in the order they came (as
 * Replay from the browser sends them). CSV, for reading, in the table's order.
 */
export function exportedRecords(source: ExportSource, which: 'loaded' | 'filtered', format: ExportFormat): DecodedRecord[] {
  const { records, filtered, sortDescending } = source
  const picked = which === 'filtered' && filtered !== null ? Array.from(filtered, (i) => records[i] as DecodedRecord) : records.slice()
  return sortDescending && format === 'csv' ? picked.reverse() : picked
}

export function exportContent(format: ExportFormat, streamName: string, records: Iterable<DecodedRecord>): string {
  return format === 'jsonl' ? toJsonLines(streamName, records) : toCsv(records)
}

export const exportMimeTypes: Record<ExportFormat, string> = {
  jsonl: 'application/x-ndjson',
  csv: 'text/csv'
}

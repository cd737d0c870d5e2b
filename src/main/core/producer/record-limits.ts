/**
 * A bulk run or a replay against the target stream's maximum record size (MaxRecordSizeInKiB,
 * 1–10 MiB): refused before anything is sent when its first record (bulk) or any record (replay)
 * is larger, with the stream's actual limit in the message (a replay may skip them instead). Later bulk records that grow past the
 * limit (placeholders) fail one by one with the same message (record-source.ts).
 */
import { gzipSync } from 'node:zlib'
import { AppFailure } from '../../../shared/errors'
import {
  compileTemplate,
  recordLimitText,
  recordSizeHint,
  recordSizeProblem,
  seededRenderContext,
  utf8Length,
  type RecordTemplate,
  type ReplayRecord,
  type TooLargeRecords
} from '../../../shared/producer'
import { base64ByteLength } from '../../../shared/replay-file'

/** Refuses a bulk run whose record 0 (as the preview shows it, gzipped when asked) is over the limit. */
export function requireFirstRecordFits(template: RecordTemplate, seed: number, now: number, maxRecordBytes: number, stream: string): void {
  const compiled = compileTemplate(template)
  if (!compiled.ok) return // templateProblem has said why already
  const first = compiled.render(seededRenderContext(seed, 0, now))
  if (!first.ok) return
  const bytes = template.gzip ? gzipSync(first.record.data).byteLength : first.record.data.byteLength
  const problem = recordSizeProblem(bytes, first.record.partitionKey, maxRecordBytes, stream)
  if (problem !== null) throw new AppFailure('INVALID_INPUT', `Record 1 cannot be sent: ${problem}`, recordSizeHint(maxRecordBytes))
}

function replayRecordBytes(record: ReplayRecord): number {
  return (base64ByteLength(record.dataBase64) ?? 0) + utf8Length(record.partitionKey)
}

/** The records of a replay over the target's limit, counted (null when every one fits). */
export function tooLargeRecords(records: readonly ReplayRecord[], maxRecordBytes: number): TooLargeRecords | null {
  let found: TooLargeRecords | null = null
  for (let i = 0; i < records.length; i++) {
    const bytes = replayRecordBytes(records[i] as ReplayRecord)
    if (bytes <= maxRecordBytes) continue
    if (found === null) found = { count: 0, maxRecordBytes, firstIndex: i, firstBytes: bytes }
    found.count += 1
  }
  return found
}

/** Whether a replay's record (data plus partition key) is within the target's limit. */
export function fitsRecordLimit(record: ReplayRecord, maxRecordBytes: number): boolean {
  return replayRecordBytes(record) <= maxRecordBytes
}

/** The records of a replay that fit the target's limit, in their order. */
export function recordsThatFit(records: readonly ReplayRecord[], maxRecordBytes: number): ReplayRecord[] {
  return records.filter((record) => fitsRecordLimit(record, maxRecordBytes))
}

/** What the dry run and a refused replay say about the records over the target's limit. */
export function tooLargeText(tooLarge: TooLargeRecords, total: number, stream: string): string {
  const { count, maxRecordBytes, firstIndex, firstBytes } = tooLarge
  return `Stream ${stream} takes records of at most ${recordLimitText(maxRecordBytes)} of data plus partition key; ${count.toLocaleString('en-US')} of the ${total.toLocaleString('en-US')} records to replay ${count === 1 ? 'is' : 'are'} larger (the first is record ${(firstIndex + 1).toLocaleString('en-US')}, ${firstBytes.toLocaleString('en-US')} bytes).`
}

/**
 * The records a replay sends: refused whole (nothing sent) when some are over the target's limit
 * and the user did not choose to skip them, so that a replay never fails part-way on them.
 */
export function replayableRecords(records: readonly ReplayRecord[], maxRecordBytes: number, stream: string, skipTooLarge: boolean): readonly ReplayRecord[] {
  const tooLarge = tooLargeRecords(records, maxRecordBytes)
  if (tooLarge === null) return records
  if (!skipTooLarge) {
    throw new AppFailure('INVALID_INPUT', `${tooLargeText(tooLarge, records.length, stream)} Nothing was sent.`, `${recordSizeHint(maxRecordBytes)} Or replay without the larger records (Skip them, in the dry run).`)
  }
  if (tooLarge.count === records.length) {
    throw new AppFailure('INVALID_INPUT', `${tooLargeText(tooLarge, records.length, stream)} None is left to send.`, recordSizeHint(maxRecordBytes))
  }
  return recordsThatFit(records, maxRecordBytes)
}

/**
 * A bulk run or a replay against the target stream's maximum record size (MaxRecordSizeInKiB,
 * 1–10 MiB): refused before anything is sent when its first record (bulk) or any record (replay)
 * is larger, with the stream's actual limit in the message. Later bulk records that grow past the
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
  type ReplayRecord
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

/** Refuses a replay any of whose records is over the target's limit: none is sent. */
export function requireReplayFits(records: readonly ReplayRecord[], maxRecordBytes: number, stream: string): void {
  let over = 0
  let index = -1
  let bytes = 0
  for (let i = 0; i < records.length; i++) {
    const record = records[i] as ReplayRecord
    const size = (base64ByteLength(record.dataBase64) ?? 0) + utf8Length(record.partitionKey)
    if (size <= maxRecordBytes) continue
    over += 1
    if (index < 0) [index, bytes] = [i, size]
  }
  if (over === 0) return
  throw new AppFailure(
    'INVALID_INPUT',
    `Stream ${stream} takes records of at most ${recordLimitText(maxRecordBytes)} of data plus partition key; ${over.toLocaleString('en-US')} of the ${records.length.toLocaleString('en-US')} records to replay ${over === 1 ? 'is' : 'are'} larger (the first is record ${(index + 1).toLocaleString('en-US')}, ${bytes.toLocaleString('en-US')} bytes). Nothing was sent.`,
    `${recordSizeHint(maxRecordBytes)} Or replay without the larger records.`
  )
}

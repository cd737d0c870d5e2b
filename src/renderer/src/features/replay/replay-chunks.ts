/**
 * How a replay's records go up to main: replay.append takes at most 5,000 records a call, and a
 * call must stay well under the web host's 1 MiB message limit. Pure.
 */
import type { DecodedRecord } from '../../../../shared/domain'
import type { ReplayRecord } from '../../../../shared/producer'
import { recordDataBase64 } from '../../../../shared/record-format'

export const MAX_CHUNK_RECORDS = 5000
/** Characters of JSON a call carries at most (a single larger record goes alone). */
export const MAX_CHUNK_CHARS = 512 * 1024

/** A record as the browser shows it → exactly the key, hash key and bytes it had. */
export function toReplayRecord(record: DecodedRecord): ReplayRecord {
  return { partitionKey: record.partitionKey, explicitHashKey: record.explicitHashKey, dataBase64: recordDataBase64(record) }
}

/** About what a record adds to a call's JSON. */
function weight(record: ReplayRecord): number {
  return record.dataBase64.length + record.partitionKey.length * 2 + (record.explicitHashKey?.length ?? 4) + 64
}

/** Consecutive chunks of at most `maxRecords` records and about `maxChars` characters, in order. */
export function chunkRecords(
  records: readonly ReplayRecord[],
  maxRecords = MAX_CHUNK_RECORDS,
  maxChars = MAX_CHUNK_CHARS
): ReplayRecord[][] {
  const chunks: ReplayRecord[][] = []
  let current: ReplayRecord[] = []
  let chars = 0
  for (const record of records) {
    const w = weight(record)
    if (current.length > 0 && (current.length >= maxRecords || chars + w > maxChars)) {
      chunks.push(current)
      current = []
      chars = 0
    }
    current.push(record)
    chars += w
  }
  if (current.length > 0) chunks.push(current)
  return chunks
}

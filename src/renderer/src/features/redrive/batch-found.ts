/** What a read found of a failure record's batch, from the records in the browser's window. Pure. */
import type { BatchFound } from '../../../../shared/lambda-failure-record'

/** Kinesis records (the user records of one KPL aggregate share a sequence number and count once), lowest and highest. */
export function batchFound(records: readonly { sequenceNumber: string }[]): BatchFound {
  const seen = new Set<string>()
  let first: bigint | null = null
  let last: bigint | null = null
  for (const { sequenceNumber } of records) {
    if (seen.has(sequenceNumber)) continue
    seen.add(sequenceNumber)
    const n = BigInt(sequenceNumber)
    if (first === null || n < first) first = n
    if (last === null || n > last) last = n
  }
  return { count: seen.size, firstSequenceNumber: first?.toString() ?? null, lastSequenceNumber: last?.toString() ?? null }
}

/**
 * How far a KCL checkpoint trails the tip of its shard, for the price of a few small calls on
 * that shard (well inside the 5 GetRecords/s production consumers share):
 * - GetShardIterator AT the checkpoint and one GetRecords with Limit 2: the checkpointed record
 *   (decoded: a KPL aggregate may still hold user records after checkpointSubSequenceNumber) and
 *   the next one. The first unprocessed record's arrival time is how far behind the application
 *   is; MillisBehindLatest says how far that page is from the tip.
 * - When the shard is behind, one more GetRecords (Limit COUNT_LIMIT) counts the records after
 *   it: exact when that page reaches the tip, "at least" otherwise.
 */
import { GetShardIteratorCommand, type KinesisClient } from '@aws-sdk/client-kinesis'
import type { CheckpointLag } from '../../../shared/consumers'
import type { DecodedRecord } from '../../../shared/domain'
import { userRecordCount } from '../decode/cloudwatch-logs'
import { decodeRecord } from '../decode/decode-record'
import { getRecordsCommand, rawRecord, type PageRecord, type RecordsPage } from '../reader/records-page'
import { dropBeforeSubSequence } from '../reader/sub-sequence-start'

export const COUNT_LIMIT = 500

async function page(kinesis: KinesisClient, iterator: string, limit: number): Promise<RecordsPage> {
  const sink: { page: RecordsPage | null } = { page: null }
  await kinesis.send(getRecordsCommand({ iterator, limit }, { sentAt: 0, answeredAt: 0 }, sink, Date.now))
  if (sink.page === null) throw new Error('GetRecords answered without a page')
  return sink.page
}

const decode = (shardId: string, r: PageRecord): DecodedRecord[] => decodeRecord(rawRecord(shardId, r))

export async function checkpointLag(
  kinesis: KinesisClient,
  stream: string,
  shardId: string,
  sequenceNumber: string,
  subSequenceNumber: number
): Promise<CheckpointLag> {
  const { ShardIterator } = await kinesis.send(
    new GetShardIteratorCommand({ StreamName: stream, ShardId: shardId, ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: sequenceNumber })
  )
  if (ShardIterator === undefined) return { type: 'none', reason: 'No shard iterator was returned' }
  const first = await page(kinesis, ShardIterator, 2)
  // The user records not yet processed: the rest of the checkpointed record (a KPL aggregate's
  // user records after checkpointSubSequenceNumber), then whatever follows. The checkpointed
  // record is on the second page when the first is empty (GetRecords may answer an empty page
  // behind the tip), so both pages are counted the same way.
  const start = { type: 'AT_SEQUENCE_NUMBER' as const, sequenceNumber, shardId, subSequenceNumber: subSequenceNumber + 1 }
  let nextArrival: number | null = null
  let pending = 0
  const countUnprocessed = (records: readonly PageRecord[]): void => {
    for (const r of records) {
      const unprocessed = dropBeforeSubSequence(start, shardId, r.sequenceNumber, decode(shardId, r))
      if (unprocessed.length > 0 && nextArrival === null) nextArrival = r.arrivalTime
      pending += userRecordCount(unprocessed)
    }
  }
  countUnprocessed(first.records)
  let atLeast = false
  const behind = first.nextShardIterator !== null && ((first.millisBehindLatest ?? 0) > 0 || first.records.length === 2)
  if (behind && first.nextShardIterator !== null) {
    const more = await page(kinesis, first.nextShardIterator, COUNT_LIMIT)
    countUnprocessed(more.records)
    atLeast = !(more.nextShardIterator === null || (more.records.length < COUNT_LIMIT && (more.millisBehindLatest ?? 0) === 0))
  }
  // Nothing unprocessed seen, and not at the tip either: empty pages say nothing (not "caught up").
  if (nextArrival === null && atLeast) return { type: 'none', reason: 'Not measured: the pages after the checkpoint were empty, short of the tip' }
  return { type: 'measured', nextArrival, millisBehindLatest: first.millisBehindLatest, records: { count: pending, atLeast } }
}

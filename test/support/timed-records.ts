/**
 * Records with known arrival times, for tests of anything "at or after a time" (a KCL rewind to
 * a timestamp): put with an explicit hash key, read a shard back with ApproximateArrivalTimestamp,
 * and put until a record arrives strictly after a given time (each put takes its time: no sleeping).
 */
import { GetRecordsCommand, GetShardIteratorCommand, PutRecordCommand, type KinesisClient } from '@aws-sdk/client-kinesis'

/** Explicit hash keys that pin a record to the first or the last shard. */
export const LOW = '0'
export const HIGH = '340282366920938463463374607431768211455'

export interface TimedRecord {
  sequenceNumber: string
  arrival: number
  text: string
}

export async function putText(kinesis: KinesisClient, stream: string, text: string, hashKey: string): Promise<{ shardId: string; sequenceNumber: string }> {
  const out = await kinesis.send(new PutRecordCommand({ StreamName: stream, PartitionKey: 'k', ExplicitHashKey: hashKey, Data: Buffer.from(text) }))
  return { shardId: out.ShardId ?? '', sequenceNumber: out.SequenceNumber ?? '' }
}

/** A shard's records from the trim horizon to its tip, with their arrival times. */
export async function readShard(kinesis: KinesisClient, stream: string, shardId: string): Promise<TimedRecord[]> {
  let iterator = (await kinesis.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator
  const out: TimedRecord[] = []
  while (iterator !== undefined) {
    const page = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }))
    for (const r of page.Records ?? []) {
      out.push({ sequenceNumber: r.SequenceNumber ?? '', arrival: r.ApproximateArrivalTimestamp?.getTime() ?? 0, text: Buffer.from(r.Data ?? new Uint8Array()).toString() })
    }
    if ((page.Records ?? []).length === 0 && (page.MillisBehindLatest ?? 0) === 0) break
    iterator = page.NextShardIterator
  }
  return out
}

/** Puts on a shard until a record arrives after `after`; that record. */
export async function putAfter(kinesis: KinesisClient, stream: string, after: number, hashKey: string): Promise<TimedRecord> {
  for (let i = 0; ; i++) {
    const { shardId, sequenceNumber } = await putText(kinesis, stream, `{"boundary":${i}}`, hashKey)
    const stored = (await readShard(kinesis, stream, shardId)).find((r) => r.sequenceNumber === sequenceNumber)
    if (stored !== undefined && stored.arrival > after) return stored
  }
}

/** Reads a whole stream back (every shard from Trim horizon) to check what a producer wrote. */
import { GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand, type KinesisClient } from '@aws-sdk/client-kinesis'
import type { Events } from '../../src/shared/contract'
import type { ProducerReport } from '../../src/shared/producer'
import type { TestClient } from './test-client'

export interface StoredRecord {
  shardId: string
  sequenceNumber: string
  partitionKey: string
  data: Buffer
}

/** Every record of every shard, each shard in sequence order. */
export async function readStream(client: KinesisClient, stream: string): Promise<StoredRecord[]> {
  const { Shards = [] } = await client.send(new ListShardsCommand({ StreamName: stream }))
  const all: StoredRecord[] = []
  for (const shard of Shards) {
    const shardId = shard.ShardId ?? ''
    let iterator = (await client.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator
    let empty = 0
    while (iterator !== undefined && empty < 2) {
      const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }))
      const records = page.Records ?? []
      empty = records.length === 0 ? empty + 1 : 0
      for (const r of records) all.push({ shardId, sequenceNumber: r.SequenceNumber ?? '', partitionKey: r.PartitionKey ?? '', data: Buffer.from(r.Data ?? new Uint8Array()) })
      iterator = page.NextShardIterator
    }
  }
  return all
}

/** Records per shard id. */
export function countByShard(records: readonly { shardId: string }[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const r of records) counts[r.shardId] = (counts[r.shardId] ?? 0) + 1
  return counts
}

/** The job's final report, waited for on events. */
export async function jobEnded(client: TestClient, jobId: string): Promise<ProducerReport> {
  const find = (): ProducerReport | undefined => client.of('producer.ended').find((r) => r.jobId === jobId)
  await client.until(() => find() !== undefined, `job ${jobId} to end`)
  return find() as ProducerReport
}

export function progressOf(client: TestClient, jobId: string): Events['producer.progress'][] {
  return client.of('producer.progress').filter((p) => p.jobId === jobId)
}

/** Per key, the values in stream order (a shard holds each key's records in write order). */
export function perKey<T>(records: readonly StoredRecord[], value: (r: StoredRecord) => T): Map<string, T[]> {
  const byKey = new Map<string, T[]>()
  for (const r of records) byKey.set(r.partitionKey, [...(byKey.get(r.partitionKey) ?? []), value(r)])
  return byKey
}

/** Streams with known records, for reader tests. */
import { PutRecordsCommand, type KinesisClient } from '@aws-sdk/client-kinesis'
import { createStreamAndWait } from './emulators'

export interface PutResult {
  partitionKey: string
  shardId: string
  sequenceNumber: string
  body: string
}

export const uniqueName = (prefix: string): string =>
  `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`

/** Puts the given bodies (strings or bytes), 500 a call, and returns where each one landed. */
export async function putAll(
  client: KinesisClient,
  stream: string,
  bodies: (string | Uint8Array)[],
  partitionKey: (i: number) => string = (i) => `key-${i}`
): Promise<PutResult[]> {
  const results: PutResult[] = []
  for (let start = 0; start < bodies.length; start += 500) {
    const chunk = bodies.slice(start, start + 500)
    const out = await client.send(
      new PutRecordsCommand({
        StreamName: stream,
        Records: chunk.map((body, j) => ({
          PartitionKey: partitionKey(start + j),
          Data: typeof body === 'string' ? Buffer.from(body) : body
        }))
      })
    )
    if ((out.FailedRecordCount ?? 0) > 0) throw new Error(`${out.FailedRecordCount} records failed to put`)
    out.Records?.forEach((r, j) => {
      const body = chunk[j] ?? ''
      results.push({
        partitionKey: partitionKey(start + j),
        shardId: r.ShardId ?? '',
        sequenceNumber: r.SequenceNumber ?? '',
        body: typeof body === 'string' ? body : Buffer.from(body).toString('base64')
      })
    })
  }
  return results
}

export async function streamWithOrders(client: KinesisClient, shards: number, count: number, prefix = 'orders'): Promise<{ name: string; puts: PutResult[] }> {
  const name = uniqueName(prefix)
  await createStreamAndWait(client, name, shards)
  const puts = await putAll(
    client,
    name,
    Array.from({ length: count }, (_, i) => JSON.stringify({ orderId: i, storeId: 100 + (i % 7), pizza: 'margherita' }))
  )
  return { name, puts }
}

/**
 * KPL aggregation of bulk output: user records grouped by the shard they route to, packed into
 * aggregates (magic F3 89 9A C2, protobuf, MD5 — written by decode/kpl.ts's `aggregate`, the same
 * module the record browser de-aggregates with) of at most 1 MiB with the outer partition key (the
 * KPL's own limit, and every stream's default: also on a stream that takes larger records).
 * The outer record takes its first user record's partition key and explicit hash key, so it lands
 * on that shard; every user record of a key is on that shard too, and a shard's aggregates are
 * sent in order (order key = the shard), which keeps per-key order.
 */
import { DEFAULT_MAX_RECORD_BYTES as MAX_AGGREGATE_BYTES } from '../../../shared/producer'
import { aggregate } from '../decode/kpl'
import type { RecordSource, SendItem, SourceItem } from './bulk-sender'

/** Magic, MD5 and room for the protobuf framing of the outer message. */
const FIXED_OVERHEAD = 4 + 16 + 64
/** Per user record: field tags, varint lengths and key indexes, generously. */
const PER_RECORD_OVERHEAD = 24

interface Bucket {
  items: SendItem[]
  keys: Set<string>
  size: number
}

export function aggregatingSource(inner: RecordSource, maxRecordsPerAggregate = Infinity): RecordSource {
  const buckets = new Map<string, Bucket>()
  const ready: SourceItem[] = []
  let innerDone = false

  const flush = (shardId: string, bucket: Bucket): void => {
    buckets.delete(shardId)
    const first = bucket.items[0]
    if (first === undefined) return
    const data = aggregate(bucket.items.map((i) => ({ partitionKey: i.partitionKey, explicitHashKey: i.explicitHashKey, data: i.data })))
    ready.push({
      index: first.index,
      records: bucket.items.length,
      partitionKey: first.partitionKey,
      explicitHashKey: first.explicitHashKey,
      data,
      orderKey: `shard:${shardId}`,
      shardId
    })
  }

  const cost = (bucket: Bucket, item: SendItem): number => {
    let extra = item.data.byteLength + PER_RECORD_OVERHEAD
    if (!bucket.keys.has(item.partitionKey)) extra += Buffer.byteLength(item.partitionKey) + 8
    if (item.explicitHashKey !== null && !bucket.keys.has(`#${item.explicitHashKey}`)) extra += item.explicitHashKey.length + 8
    return extra
  }

  return {
    next() {
      while (ready.length === 0 && !innerDone) {
        const item = inner.next()
        if (item === null) {
          innerDone = true
          for (const [shardId, bucket] of [...buckets]) flush(shardId, bucket)
          break
        }
        if ('failure' in item) {
          ready.push(item)
          break
        }
        let bucket = buckets.get(item.shardId)
        const outerKeyBytes = Buffer.byteLength(bucket?.items[0]?.partitionKey ?? item.partitionKey)
        if (bucket !== undefined && (bucket.size + cost(bucket, item) + outerKeyBytes > MAX_AGGREGATE_BYTES || bucket.items.length >= maxRecordsPerAggregate)) {
          flush(item.shardId, bucket)
          bucket = undefined
        }
        if (bucket === undefined && FIXED_OVERHEAD + cost({ items: [], keys: new Set(), size: 0 }, item) + outerKeyBytes > MAX_AGGREGATE_BYTES) {
          // Too big to wrap: sent as a plain record, in its shard's order with the aggregates.
          ready.push({ ...item, orderKey: `shard:${item.shardId}` })
          break
        }
        if (bucket === undefined) {
          bucket = { items: [], keys: new Set(), size: FIXED_OVERHEAD }
          buckets.set(item.shardId, bucket)
        }
        bucket.size += cost(bucket, item)
        bucket.items.push(item)
        bucket.keys.add(item.partitionKey)
        if (item.explicitHashKey !== null) bucket.keys.add(`#${item.explicitHashKey}`)
      }
      return ready.shift() ?? null
    }
  }
}

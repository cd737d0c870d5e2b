/**
 * How Kinesis routes a record: the MD5 of its partition key (UTF-8), read as a 128-bit unsigned
 * big-endian integer, is its hash key — unless an explicit hash key is given — and the one open
 * shard whose [start, end] hash-key range holds it takes the record. A key with an unpaired
 * surrogate has no UTF-8 bytes and no one answer: the contract refuses it (partitionKeyProblem).
 */
import { createHash } from 'node:crypto'
import type { ShardInfo } from '../../../shared/domain'

export function hashKeyOf(partitionKey: string): bigint {
  return BigInt(`0x${createHash('md5').update(partitionKey, 'utf8').digest('hex')}`)
}

/** The hash key a record is routed by: the explicit one if set, else its partition key's MD5. */
export function routingHashKey(partitionKey: string, explicitHashKey: string | null): bigint {
  return explicitHashKey !== null ? BigInt(explicitHashKey) : hashKeyOf(partitionKey)
}

/** The open shard that owns a hash key, or null (no open shard covers it: a stream mid-reshard). */
export function openShardFor(shards: readonly ShardInfo[], hashKey: bigint): ShardInfo | null {
  for (const shard of shards) {
    if (shard.open && BigInt(shard.hashKeyStart) <= hashKey && hashKey <= BigInt(shard.hashKeyEnd)) return shard
  }
  return null
}

/** A router for many records: parses the open shards' ranges once, sorted, then binary-searches. */
export function shardRouter(shards: readonly ShardInfo[]): (hashKey: bigint) => ShardInfo | null {
  const open = shards
    .filter((s) => s.open)
    .map((s) => ({ shard: s, start: BigInt(s.hashKeyStart), end: BigInt(s.hashKeyEnd) }))
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0))
  return (hashKey) => {
    let low = 0
    let high = open.length - 1
    while (low <= high) {
      const mid = (low + high) >> 1
      const range = open[mid]
      if (range === undefined) break
      if (hashKey < range.start) high = mid - 1
      else if (hashKey > range.end) low = mid + 1
      else return range.shard
    }
    return null
  }
}

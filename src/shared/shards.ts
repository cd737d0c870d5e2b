/** Shard tools: key routing, load samples and resharding. Plain data only. */
import type { RecordDistributionStrategy, ShardInfo } from './domain'

export interface RouteAnswer {
  partitionKey: string
  /** MD5 of the key as a 128-bit unsigned integer, decimal. */
  hashKey: string
  /** The open shard that owns the hash key; null mid-reshard (no open shard covers it), and on AUTO. */
  shard: ShardInfo | null
  /**
   * AUTO: the stream ignores partition keys and spreads records evenly over its open shards, so
   * no key has a shard (shard is null, hashKey is only the key's MD5).
   */
  recordDistribution: RecordDistributionStrategy
  openShardCount: number
}

export interface SampledShard {
  shardId: string
  records: number
  bytes: number
}

/** Load per shard from a short read of the most recent records, made by this app. */
export interface LoadSample {
  source: 'sample'
  /** The window read: the last `seconds` before `endedAt`. */
  seconds: number
  maxRecords: number
  /** Records read in all (user records, after KPL de-aggregation). */
  records: number
  /** True when the record cap cut the window short. */
  capped: boolean
  startedAt: number
  endedAt: number
  shards: SampledShard[]
}

export type ReshardAction =
  | { type: 'split'; shardId: string; newStartingHashKey: string | null }
  | { type: 'merge'; shardId: string; adjacentShardId: string }
  | { type: 'updateShardCount'; targetShardCount: number }

/** What changing a stream's record distribution strategy means for its records, in words (main and the dialog say the same). */
export function recordDistributionChange(stream: string, strategy: RecordDistributionStrategy): string {
  return strategy === 'AUTO'
    ? `New records on ${stream} are spread evenly across its shards: partition keys and explicit hash keys are ignored, so records of one key may land on different shards and be read out of order. Records already on the stream stay where they are.`
    : `New records on ${stream} go to the shard their partition key (or explicit hash key) picks, so records of one key are on one shard, in order. Records already on the stream stay where they are.`
}

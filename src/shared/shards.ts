/** Shard tools: key routing, load samples and resharding. Plain data only. */
import type { ShardInfo } from './domain'

export interface RouteAnswer {
  partitionKey: string
  /** MD5 of the key as a 128-bit unsigned integer, decimal. */
  hashKey: string
  /** The open shard that owns the hash key; null mid-reshard (no open shard covers it). */
  shard: ShardInfo | null
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

/**
 * What a search changes about a read, before the first call: pure functions over the filter.
 * - A partition-key search (equals) reads only the shards whose hash-key range holds the key's
 *   MD5 hash key, in every generation: the parent that held it before a split or merge and the
 *   child that holds it after. On a stream that spreads records evenly (AUTO distribution)
 *   keys say nothing about shards, so such a search reads every shard.
 * - A time range starts At timestamp at the range's start, and each shard stops once its
 *   records pass the range's end (the stop condition's end time, per shard).
 */
import type { ShardInfo, SkippedShard, StartPosition, StopCondition } from '../../../shared/domain'
import type { RecordFilterSpec } from '../../../shared/filter/record-filter'
import { unpairedSurrogateAt } from '../../../shared/producer'
import { hashKeyOf } from '../kinesis/hash-key'

export type DistributionStrategy = 'USER_PARTITION_KEY' | 'AUTO'

/**
 * The key a search can route by: an exact partition key, or null. Not one with an unpaired
 * surrogate: servers hash it differently (shared/producer.ts), so its records may be on any shard.
 */
export function searchedKey(filter: RecordFilterSpec): string | null {
  const key = filter.partitionKey
  return filter.partitionKeyMode === 'exact' && key !== '' && unpairedSurrogateAt(key) === -1 ? key : null
}

export interface ShardSelection {
  /** Whether the session reads a shard (applied to shards found later, too). */
  keep: (shard: ShardInfo) => boolean
  /** Why each shard it does not read is skipped. */
  skipped: (shards: readonly ShardInfo[]) => SkippedShard[]
  /** For the shard panel: what the selection did, or null when it reads every shard. */
  note: string | null
}

/** Shards that held the key, or null when every shard must be read. */
export function keySearchSelection(key: string, distribution: DistributionStrategy): ShardSelection | null {
  if (distribution === 'AUTO') return null
  const hash = hashKeyOf(key)
  const holds = (s: ShardInfo): boolean => BigInt(s.hashKeyStart) <= hash && hash <= BigInt(s.hashKeyEnd)
  return {
    keep: holds,
    skipped: (shards) =>
      shards
        .filter((s) => !holds(s))
        .map((s) => ({
          shardId: s.shardId,
          reason: `Skipped: its hash keys ${abbreviate(s.hashKeyStart)}–${abbreviate(s.hashKeyEnd)} do not hold partition key "${key}" (hash key ${abbreviate(hash.toString())})`
        })),
    note: `Partition key "${key}" has hash key ${hash.toString()}: only the shards whose range holds it are read`
  }
}

/** A note for a key search that must read every shard. */
export function evenDistributionNote(key: string): string {
  return `This stream spreads records evenly (AUTO record distribution) and ignores partition keys: the search for "${key}" reads every shard`
}

function abbreviate(hashKey: string): string {
  return hashKey.length > 12 ? `${hashKey.slice(0, 6)}…${hashKey.slice(-4)}` : hashKey
}

/**
 * Where a search starts: At timestamp at the range's start, unless the position already starts
 * later (a later timestamp, Latest, or a sequence number the user chose).
 */
export function searchStart(position: StartPosition, filter: RecordFilterSpec): StartPosition {
  const from = filter.from
  if (from === null) return position
  if (position.type === 'TRIM_HORIZON') return { type: 'AT_TIMESTAMP', timestamp: from }
  if (position.type === 'AT_TIMESTAMP' && position.timestamp < from) return { type: 'AT_TIMESTAMP', timestamp: from }
  return position
}

/** The stop condition with the range's end as the end time (the earlier of the two). */
export function searchStop(stop: StopCondition | undefined, filter: RecordFilterSpec): StopCondition | undefined {
  if (filter.to === null) return stop
  const endTime = stop?.endTime !== undefined ? Math.min(stop.endTime, filter.to) : filter.to
  return { ...stop, endTime }
}

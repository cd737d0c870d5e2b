/**
 * What the views say about a stream's record distribution strategy. On AUTO, Kinesis spreads
 * records evenly and ignores partition keys and explicit hash keys: every view that would predict
 * a shard from a key, or promise per-key order, says so instead. Pure (useRecordDistribution
 * reads a stream's strategy).
 */
import type { RecordDistributionStrategy } from '../../../../shared/domain'

export const KEYS_IGNORED = 'This stream ignores partition keys: records are spread evenly'

/** "This stream ignores partition keys: records are spread evenly across 4 shards." */
export function spreadEvenlyText(openShards: number): string {
  return `${KEYS_IGNORED} across ${openShards} ${openShards === 1 ? 'shard' : 'shards'}.`
}

export const AUTO_HASH_KEY_REASON =
  'Not available on this stream: its record distribution is AUTO, so Kinesis ignores explicit hash keys and no shard can be chosen.'

export const AUTO_ORDER_NOTE =
  'Per-key order is not kept: this stream (record distribution AUTO) spreads records evenly, so records of one key may land on different shards and be read out of order.'

export const distributionNames: Record<RecordDistributionStrategy, string> = {
  USER_PARTITION_KEY: 'By partition key',
  AUTO: 'Evenly (AUTO)'
}

export const distributionMeanings: Record<RecordDistributionStrategy, string> = {
  USER_PARTITION_KEY:
    'The MD5 of the partition key (or the explicit hash key) picks the shard: records of one key are on one shard, in order.',
  AUTO: 'Kinesis spreads records evenly over the shards and ignores partition keys and explicit hash keys: no per-key order.'
}

/**
 * Bulk send and replay on an AUTO stream (record distribution strategy, see
 * kinesis/record-distribution.ts): Kinesis spreads the records evenly and ignores their keys, so
 * the sender paces them over every shard in turn and keeps no per-key order it could not promise.
 */
import type { ShardInfo } from '../../../shared/domain'
import type { RecordSource, SourceItem } from './bulk-sender'
import type { Route } from './record-source'

/**
 * The bulk sender's shard for each record on an AUTO stream: the open shards in turn (Kinesis
 * spreads records evenly), so pacing spreads the run over every shard's write budget instead of
 * the one shard a fixed key would hash to. The keys are not read.
 */
export function evenRoute(shards: readonly ShardInfo[]): Route {
  const open = shards.filter((s) => s.open).map((s) => s.shardId)
  let next = 0
  return () => {
    if (open.length === 0) return ''
    const shardId = open[next % open.length] ?? ''
    next += 1
    return shardId
  }
}

/**
 * A source whose records each have an order key of their own: on an AUTO stream the stream keeps
 * no per-key order, so the sender does not pay for it (one record of a key in flight at a time).
 */
export function unordered(source: RecordSource): RecordSource {
  return {
    next(): SourceItem | null {
      const item = source.next()
      return item === null || 'failure' in item ? item : { ...item, orderKey: `#${item.index}` }
    }
  }
}

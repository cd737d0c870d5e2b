/**
 * Resharding for test setups: SplitShard, MergeShards and UpdateShardCount, each checked against
 * the stream's shards first so that a wrong choice gets a message that names it, not the
 * service's. A server without the operation (kinesalite has no UpdateShardCount) says so.
 */
import {
  MergeShardsCommand,
  SplitShardCommand,
  UpdateShardCountCommand,
  type KinesisClient
} from '@aws-sdk/client-kinesis'
import type { ShardInfo } from '../../../shared/domain'
import { AppFailure } from '../../../shared/errors'
import type { ReshardAction } from '../../../shared/shards'
import { listShards } from './stream-gateway'

/** The hash key that splits a shard's range in two equal halves. */
export function midpointHashKey(shard: Pick<ShardInfo, 'hashKeyStart' | 'hashKeyEnd'>): string {
  const start = BigInt(shard.hashKeyStart)
  const end = BigInt(shard.hashKeyEnd)
  return ((start + end + 1n) / 2n).toString()
}

function openShard(shards: ShardInfo[], stream: string, shardId: string): ShardInfo {
  const shard = shards.find((s) => s.shardId === shardId)
  if (shard === undefined) {
    throw new AppFailure('INVALID_INPUT', `${shardId} is not a shard of ${stream}.`, 'Refresh the shard list and pick an open shard.')
  }
  if (!shard.open) {
    throw new AppFailure('INVALID_INPUT', `${shardId} is closed: only open shards can be split or merged.`, 'Pick an open shard.')
  }
  return shard
}

/** Two open shards are adjacent when one's range ends right before the other's begins. */
export function adjacent(a: ShardInfo, b: ShardInfo): boolean {
  return BigInt(a.hashKeyEnd) + 1n === BigInt(b.hashKeyStart) || BigInt(b.hashKeyEnd) + 1n === BigInt(a.hashKeyStart)
}

/** Runs a reshard and returns what it started, in words. */
export async function reshard(kinesis: KinesisClient, stream: string, action: ReshardAction): Promise<string> {
  switch (action.type) {
    case 'split': {
      const shard = openShard(await listShards(kinesis, stream), stream, action.shardId)
      const key = action.newStartingHashKey ?? midpointHashKey(shard)
      const k = BigInt(key)
      if (k <= BigInt(shard.hashKeyStart) || k > BigInt(shard.hashKeyEnd)) {
        throw new AppFailure(
          'INVALID_INPUT',
          `Hash key ${key} does not split ${shard.shardId}: it must be above ${shard.hashKeyStart} and at most ${shard.hashKeyEnd}.`,
          'Leave the hash key empty to split at the midpoint.'
        )
      }
      await kinesis.send(new SplitShardCommand({ StreamName: stream, ShardToSplit: shard.shardId, NewStartingHashKey: key }))
      return `Splitting ${shard.shardId} at hash key ${key}.`
    }
    case 'merge': {
      const shards = await listShards(kinesis, stream)
      const a = openShard(shards, stream, action.shardId)
      const b = openShard(shards, stream, action.adjacentShardId)
      if (a.shardId === b.shardId || !adjacent(a, b)) {
        throw new AppFailure(
          'INVALID_INPUT',
          `${a.shardId} and ${b.shardId} are not adjacent: only shards whose hash-key ranges touch can be merged.`,
          'Pick two neighbouring segments of the shard map.'
        )
      }
      await kinesis.send(new MergeShardsCommand({ StreamName: stream, ShardToMerge: a.shardId, AdjacentShardToMerge: b.shardId }))
      return `Merging ${a.shardId} and ${b.shardId}.`
    }
    case 'updateShardCount': {
      try {
        await kinesis.send(
          new UpdateShardCountCommand({ StreamName: stream, TargetShardCount: action.targetShardCount, ScalingType: 'UNIFORM_SCALING' })
        )
      } catch (error) {
        throw unsupported(error, 'UpdateShardCount') ?? error
      }
      return `Scaling ${stream} to ${action.targetShardCount} open shards.`
    }
  }
}

/**
 * An emulator that lacks an operation answers UnknownOperationException (kinesalite) or a 400
 * naming it: that becomes UNSUPPORTED with the operation's name. Anything else: null.
 */
export function unsupported(error: unknown, operation: string): AppFailure | null {
  const e = error as { name?: string; message?: string }
  if (e.name === 'UnknownOperationException' || /unknown operation|not (yet )?(supported|implemented)/i.test(e.message ?? '')) {
    return new AppFailure(
      'UNSUPPORTED',
      `This Kinesis server does not support ${operation}.`,
      operation === 'UpdateShardCount'
        ? 'kinesalite (and the sandbox, which runs it) lacks UpdateShardCount: split or merge shards one at a time, or use kinesis-local or AWS.'
        : `kinesalite (and the sandbox, which runs it) lacks ${operation}; kinesis-local and AWS have it.`
    )
  }
  return null
}

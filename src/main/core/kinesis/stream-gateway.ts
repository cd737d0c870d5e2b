/**
 * Control-plane calls on streams and shards, each read through all its pages. DescribeStream is
 * never called in a loop (10 calls/s per account): summaries come from DescribeStreamSummary and
 * shards from ListShards.
 */
import {
  CreateStreamCommand,
  DeleteStreamCommand,
  DescribeStreamSummaryCommand,
  ListShardsCommand,
  ListStreamsCommand,
  type EnhancedMetrics,
  type KinesisClient,
  type Shard
} from '@aws-sdk/client-kinesis'
import type {
  CapacityMode,
  ShardInfo,
  StreamDetails,
  StreamListItem
} from '../../../shared/domain'
import { DEFAULT_MAX_RECORD_KIB } from '../../../shared/producer'
import { SHARD_LEVEL_METRICS } from '../../../shared/stream-config'

const KEY_SPACE = 2n ** 128n

export async function listStreams(kinesis: KinesisClient): Promise<StreamListItem[]> {
  const streams: StreamListItem[] = []
  let nextToken: string | undefined
  let exclusiveStart: string | undefined
  for (;;) {
    const page = await kinesis.send(
      new ListStreamsCommand(
        nextToken !== undefined ? { NextToken: nextToken } : { Limit: 1000, ExclusiveStartStreamName: exclusiveStart }
      )
    )
    const names = page.StreamNames ?? []
    const summaries = page.StreamSummaries
    if (summaries !== undefined && summaries.length > 0) {
      for (const s of summaries) {
        streams.push({
          name: s.StreamName ?? '',
          arn: s.StreamARN ?? null,
          status: s.StreamStatus ?? null,
          mode: s.StreamModeDetails?.StreamMode ?? null,
          createdAt: s.StreamCreationTimestamp?.getTime() ?? null
        })
      }
    } else {
      // Older servers (kinesalite) return names only; details come from streams.describe.
      for (const name of names) streams.push({ name, arn: null, status: null, mode: null, createdAt: null })
    }
    if (page.HasMoreStreams !== true) break
    // NextToken where the server has it; the older ExclusiveStartStreamName paging otherwise.
    nextToken = page.NextToken
    exclusiveStart = streams.at(-1)?.name
    if (nextToken === undefined && exclusiveStart === undefined) break
  }
  return streams
}

export async function describeStream(kinesis: KinesisClient, name: string): Promise<StreamDetails> {
  const { StreamDescriptionSummary: s } = await kinesis.send(
    new DescribeStreamSummaryCommand({ StreamName: name })
  )
  if (s === undefined) throw new Error(`DescribeStreamSummary returned nothing for ${name}`)
  return {
    name: s.StreamName ?? name,
    arn: s.StreamARN ?? '',
    status: s.StreamStatus ?? 'ACTIVE',
    mode: s.StreamModeDetails?.StreamMode ?? 'PROVISIONED',
    openShardCount: s.OpenShardCount ?? 0,
    retentionHours: s.RetentionPeriodHours ?? 24,
    encryption: s.EncryptionType === 'KMS' ? 'KMS' : 'NONE',
    keyId: s.KeyId ?? null,
    createdAt: s.StreamCreationTimestamp?.getTime() ?? 0,
    consumerCount: s.ConsumerCount ?? null,
    maxRecordSizeKiB: s.MaxRecordSizeInKiB ?? DEFAULT_MAX_RECORD_KIB,
    recordDistribution: s.RecordDistributionStrategy === 'AUTO' ? 'AUTO' : 'USER_PARTITION_KEY',
    shardLevelMetrics: shardLevelMetricsOf(s.EnhancedMonitoring),
    warmThroughput:
      s.WarmThroughput === undefined ? null : { targetMiBps: s.WarmThroughput.TargetMiBps ?? null, currentMiBps: s.WarmThroughput.CurrentMiBps ?? null }
  }
}

/** The shard-level metrics enabled, each named: 'ALL' stands for every one of them. */
function shardLevelMetricsOf(monitoring: EnhancedMetrics[] | undefined): string[] {
  const named = (monitoring ?? []).flatMap((m) => m.ShardLevelMetrics ?? [])
  return named.includes('ALL') ? [...SHARD_LEVEL_METRICS] : [...new Set(named)]
}

export function toShardInfo(shard: Shard): ShardInfo {
  const start = shard.HashKeyRange?.StartingHashKey ?? '0'
  const end = shard.HashKeyRange?.EndingHashKey ?? '0'
  const width = BigInt(end) - BigInt(start) + 1n
  const ending = shard.SequenceNumberRange?.EndingSequenceNumber ?? null
  return {
    shardId: shard.ShardId ?? '',
    parentShardId: shard.ParentShardId ?? null,
    adjacentParentShardId: shard.AdjacentParentShardId ?? null,
    hashKeyStart: start,
    hashKeyEnd: end,
    // Scaled by 1e6 before dividing so that the BigInt division keeps six significant digits.
    keySpaceShare: Number((width * 1_000_000n) / KEY_SPACE) / 1_000_000,
    startingSequenceNumber: shard.SequenceNumberRange?.StartingSequenceNumber ?? '',
    endingSequenceNumber: ending,
    open: ending === null
  }
}

export async function listShards(kinesis: KinesisClient, name: string): Promise<ShardInfo[]> {
  const shards: ShardInfo[] = []
  let nextToken: string | undefined
  do {
    // With NextToken the API refuses StreamName: the token already names the stream.
    const page = await kinesis.send(
      new ListShardsCommand(nextToken !== undefined ? { NextToken: nextToken } : { StreamName: name })
    )
    for (const shard of page.Shards ?? []) shards.push(toShardInfo(shard))
    nextToken = page.NextToken
  } while (nextToken !== undefined)
  return shards
}

export async function createStream(
  kinesis: KinesisClient,
  input: { name: string; mode: CapacityMode; shardCount?: number | undefined; maxRecordSizeKiB?: number | undefined }
): Promise<StreamListItem> {
  // Sent only when asked: servers without large records (kinesalite) refuse the unknown parameter.
  const size = input.maxRecordSizeKiB !== undefined ? { MaxRecordSizeInKiB: input.maxRecordSizeKiB } : {}
  await kinesis.send(
    new CreateStreamCommand(
      input.mode === 'ON_DEMAND'
        ? { StreamName: input.name, StreamModeDetails: { StreamMode: 'ON_DEMAND' }, ...size }
        : { StreamName: input.name, ShardCount: input.shardCount ?? 1, ...size }
    )
  )
  return { name: input.name, arn: null, status: 'CREATING', mode: input.mode, createdAt: Date.now() }
}

export async function deleteStream(kinesis: KinesisClient, name: string): Promise<void> {
  await kinesis.send(new DeleteStreamCommand({ StreamName: name }))
}

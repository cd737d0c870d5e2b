/**
 * A stream's configuration, as the Configuration tab changes it: retention, encryption, enhanced
 * shard-level monitoring, tags, capacity mode and warm throughput (the maximum record size and the
 * record distribution strategy have their own operations). One schema for the change (checked in
 * main), and the words for what each change costs or breaks, which main and the dialog both say.
 * No electron, no node.
 */
import { z } from 'zod'
import type { CapacityMode, StreamDetails } from './domain'

/** DescribeStreamSummary's retention bounds: 24 hours to 365 days. */
export const MIN_RETENTION_HOURS = 24
export const MAX_RETENTION_HOURS = 8760
/** Retention past 24 hours is billed per shard-hour (provisioned) or per GB-month stored (on-demand); past 7 days it is long-term retention. */
export const EXTENDED_RETENTION_HOURS = 168

/** The shard-level metrics EnableEnhancedMonitoring takes (the SDK's MetricsName, without ALL). */
export const SHARD_LEVEL_METRICS = [
  'IncomingBytes',
  'IncomingRecords',
  'OutgoingBytes',
  'OutgoingRecords',
  'WriteProvisionedThroughputExceeded',
  'ReadProvisionedThroughputExceeded',
  'IteratorAgeMilliseconds'
] as const
export type ShardLevelMetric = (typeof SHARD_LEVEL_METRICS)[number]

/** The key Kinesis owns: every account has it, and it costs nothing in KMS. */
export const KINESIS_OWNED_KEY = 'alias/aws/kinesis'
/** UpdateStreamWarmThroughput's default ceiling: 10 GiB/s an on-demand stream. */
export const MAX_WARM_THROUGHPUT_MIBPS = 10240
/**
 * How often a stream's capacity mode may change. The Kinesis Data Streams Developer Guide, "Choose
 * the data stream capacity mode" › "Switching Between Capacity Modes" (docs.aws.amazon.com/streams/
 * latest/dev/how-do-i-size-a-stream.html; read in awsdocs/amazon-kinesis-data-streams-developer-guide,
 * doc_source/how-do-i-size-a-stream.md): "For each data stream in your AWS account, you can switch
 * between the on-demand and provisioned capacity modes twice within 24 hours", the stream is
 * UPDATING meanwhile and must be ACTIVE again before its properties change again, and it keeps its
 * shard count. The API reference of UpdateStreamMode states no frequency, only LimitExceededException
 * and ResourceInUseException (not ACTIVE); so the app does not count switches (another client may
 * have made them) and shows the service's refusal when there is one.
 */
export const MODE_SWITCHES_PER_DAY = 2
export const MODE_SWITCH_LIMIT = `AWS allows ${MODE_SWITCHES_PER_DAY} switches between on-demand and provisioned per stream within 24 hours; the stream keeps its shard count, and reads and writes go on.`

/** A stream holds at most 50 tags; a key is 1–128 characters, a value 0–256. */
export const MAX_TAGS = 50

export interface StreamTag {
  key: string
  value: string
}

export interface StreamTags {
  tags: StreamTag[]
  /** Which call listed them: ListTagsForResource (by ARN) where the server has it, ListTagsForStream otherwise. */
  via: 'ListTagsForResource' | 'ListTagsForStream'
}

/** DescribeStreamSummary's WarmThroughput (on-demand streams in accounts with the billing commitment). */
export interface WarmThroughput {
  targetMiBps: number | null
  currentMiBps: number | null
}

/** DescribeAccountSettings' MinimumThroughputBillingCommitment. */
export interface AccountSettings {
  /** null: the server answered without one (no commitment reported). */
  commitment: {
    /** ENABLED, DISABLED or ENABLED_UNTIL_EARLIEST_ALLOWED_END (a disable waiting for the commitment's end); kept as sent. */
    status: string
    startedAt: number | null
    endedAt: number | null
    earliestAllowedEndAt: number | null
  } | null
}

const tagKey = z
  .string()
  .min(1, 'A tag key is required')
  .max(128, 'A tag key is at most 128 characters')
  .refine((k) => !k.startsWith('aws:'), 'Tag keys starting with aws: are reserved for AWS')
const tagValue = z.string().max(256, 'A tag value is at most 256 characters')

/** One change to a stream's configuration: what streams.configure takes. */
export const configChangeSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('retention'),
      hours: z
        .number()
        .int()
        .min(MIN_RETENTION_HOURS, `Retention is at least ${MIN_RETENTION_HOURS} hours`)
        .max(MAX_RETENTION_HOURS, `Retention is at most ${MAX_RETENTION_HOURS.toLocaleString('en-US')} hours (365 days)`)
    })
    .strict(),
  z.object({ type: z.literal('startEncryption'), keyId: z.string().trim().min(1, 'A KMS key is required').max(2048) }).strict(),
  z.object({ type: z.literal('stopEncryption') }).strict(),
  /** The shard-level metrics wanted: main enables the missing ones and disables the others. */
  z.object({ type: z.literal('monitoring'), metrics: z.array(z.enum(SHARD_LEVEL_METRICS)).max(SHARD_LEVEL_METRICS.length) }).strict(),
  z
    .object({
      type: z.literal('tags'),
      add: z.array(z.object({ key: tagKey, value: tagValue }).strict()).max(MAX_TAGS),
      remove: z.array(tagKey).max(MAX_TAGS)
    })
    .strict(),
  z.object({ type: z.literal('capacityMode'), mode: z.enum(['PROVISIONED', 'ON_DEMAND']) }).strict(),
  z
    .object({
      type: z.literal('warmThroughput'),
      mibps: z.number().int().min(0).max(MAX_WARM_THROUGHPUT_MIBPS, `Warm throughput is at most ${MAX_WARM_THROUGHPUT_MIBPS.toLocaleString('en-US')} MiB/s (10 GiB/s)`)
    })
    .strict()
])
export type ConfigChange = z.infer<typeof configChangeSchema>

/** The API call a change makes, for messages ("This Kinesis server does not support …"). */
export function operationsOf(change: ConfigChange, details: Pick<StreamDetails, 'retentionHours'> | null): string {
  switch (change.type) {
    case 'retention':
      return details !== null && change.hours < details.retentionHours ? 'DecreaseStreamRetentionPeriod' : 'IncreaseStreamRetentionPeriod'
    case 'startEncryption':
      return 'StartStreamEncryption'
    case 'stopEncryption':
      return 'StopStreamEncryption'
    case 'monitoring':
      return 'EnableEnhancedMonitoring / DisableEnhancedMonitoring'
    case 'tags':
      return 'TagResource / UntagResource'
    case 'capacityMode':
      return 'UpdateStreamMode'
    case 'warmThroughput':
      return 'UpdateStreamWarmThroughput'
  }
}

const modeName = (mode: CapacityMode): string => (mode === 'ON_DEMAND' ? 'on-demand' : 'provisioned')

/**
 * What a change costs or breaks, in words: the dialog shows it before the change, main returns
 * it after. Prices differ by Region, so these name what is billed and point at the pricing page,
 * not a figure.
 */
export function configChangeEffect(stream: string, details: Pick<StreamDetails, 'retentionHours' | 'mode' | 'openShardCount' | 'shardLevelMetrics' | 'keyId'>, change: ConfigChange): string {
  switch (change.type) {
    case 'retention': {
      const from = details.retentionHours
      if (change.hours < from) {
        return `Records on ${stream} older than ${change.hours} hours become unreadable at once and cannot be brought back (DecreaseStreamRetentionPeriod). Consumers that are further behind than that lose those records.`
      }
      const extended = change.hours > MIN_RETENTION_HOURS
        ? ` Retention past 24 hours is billed: per shard-hour on a provisioned stream, per GB-month stored on an on-demand one${change.hours > EXTENDED_RETENTION_HOURS ? ', and past 7 days as long-term retention per GB-month, with reads of that older data billed per GB' : ''} (see Kinesis Data Streams pricing for your Region).`
        : ''
      return `${stream} keeps records for ${change.hours} hours from now on; records already trimmed do not come back.${extended}`
    }
    case 'startEncryption': {
      const owned = change.keyId === KINESIS_OWNED_KEY
      return `New records on ${stream} are encrypted with ${change.keyId} once the stream is ACTIVE again (records already on it stay as they are). Every producer and consumer then needs kms:GenerateDataKey / kms:Decrypt on the key${owned ? '' : ', and KMS bills the key and its API calls'}; a disabled or deleted key stops writes and reads. AWS allows a new key 25 times in a rolling 24 hours.`
    }
    case 'stopEncryption':
      return `New records on ${stream} are stored unencrypted once the stream is ACTIVE again; records already written stay encrypted with ${details.keyId ?? 'the current key'} and still need it to be read.`
    case 'monitoring': {
      const wanted = change.metrics.length
      const added = change.metrics.filter((m) => !details.shardLevelMetrics.includes(m)).length
      const removed = details.shardLevelMetrics.filter((m) => !(change.metrics as readonly string[]).includes(m)).length
      const shards = details.openShardCount
      const series = wanted * shards
      const cost = wanted === 0
        ? 'No shard-level metrics are then published, and none are billed.'
        : `Shard-level metrics are billed as CloudWatch custom metrics, one per metric per shard: ${wanted} ${wanted === 1 ? 'metric' : 'metrics'} × ${shards} open ${shards === 1 ? 'shard' : 'shards'} = ${series.toLocaleString('en-US')} custom ${series === 1 ? 'metric' : 'metrics'} (more after a reshard; see CloudWatch pricing for your Region). Stream-level metrics stay free.`
      const steps = [added > 0 ? `enables ${added}` : '', removed > 0 ? `disables ${removed}` : ''].filter((x) => x !== '')
      const what = steps.length === 0 ? 'Changes no shard-level metrics' : `${capitalise(steps.join(' and '))} shard-level ${added + removed === 1 ? 'metric' : 'metrics'}`
      return `${what} on ${stream}. ${cost}`
    }
    case 'tags': {
      const parts: string[] = []
      if (change.add.length > 0) parts.push(`sets ${change.add.length} ${change.add.length === 1 ? 'tag' : 'tags'} (an existing key is overwritten)`)
      if (change.remove.length > 0) parts.push(`removes ${change.remove.length} ${change.remove.length === 1 ? 'tag' : 'tags'} for good`)
      return `${parts.length === 0 ? 'Changes no tags' : capitalise(parts.join(' and '))} on ${stream}. Tags can drive cost allocation reports and IAM policies (aws:ResourceTag conditions): a changed tag can change who may use the stream.`
    }
    case 'capacityMode':
      return change.mode === 'ON_DEMAND'
        ? `${stream} becomes on-demand: billed per stream-hour and per GB written and read instead of per shard-hour, and Kinesis manages its shards (they change without a reshard of yours). ${MODE_SWITCH_LIMIT}`
        : `${stream} becomes provisioned with its ${details.openShardCount} open ${details.openShardCount === 1 ? 'shard' : 'shards'}: billed per shard-hour, and from then on it takes only what those shards take (1 MiB/s and 1,000 records/s in, 2 MiB/s out, each); scaling is yours (UpdateShardCount). ${MODE_SWITCH_LIMIT}`
    case 'warmThroughput':
      return change.mibps === 0
        ? `Releases the warm throughput of ${stream}: it then absorbs bursts only as far as its previous peak allows.`
        : `${stream} is scaled to take ${change.mibps.toLocaleString('en-US')} MiB/s of writes at once (UpdateStreamWarmThroughput; the stream is UPDATING for a few minutes, reads and writes go on). Warm throughput needs the account's minimum throughput billing commitment, which is billed for its committed throughput for at least 24 hours; capacity kept warm may raise the bill (see Kinesis Data Streams pricing, On-demand Advantage). Set it lower, or to 0, to release it.`
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** "On-demand → provisioned"-style wording for the mode switch's button. */
export function modeSwitchLabel(mode: CapacityMode): string {
  return `Switch to ${modeName(mode)}`
}

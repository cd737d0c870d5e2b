/**
 * The Configuration tab's changes, each checked against the stream first so that a wrong choice
 * gets a message naming it: retention (Increase/DecreaseStreamRetentionPeriod), encryption
 * (Start/StopStreamEncryption), enhanced shard-level monitoring (Enable/DisableEnhancedMonitoring
 * per metric), tags (TagResource/UntagResource by ARN, or AddTagsToStream/RemoveTagsFromStream where
 * the server lacks them), capacity mode (UpdateStreamMode) and warm throughput
 * (UpdateStreamWarmThroughput). A server without the operation says so (UNSUPPORTED): kinesalite,
 * and so the sandbox, has retention and the stream-named tag calls only; kinesis-local has all.
 */
import {
  AddTagsToStreamCommand,
  DecreaseStreamRetentionPeriodCommand,
  DescribeAccountSettingsCommand,
  DisableEnhancedMonitoringCommand,
  EnableEnhancedMonitoringCommand,
  IncreaseStreamRetentionPeriodCommand,
  ListTagsForResourceCommand,
  ListTagsForStreamCommand,
  RemoveTagsFromStreamCommand,
  StartStreamEncryptionCommand,
  StopStreamEncryptionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateStreamModeCommand,
  UpdateStreamWarmThroughputCommand,
  type KinesisClient,
  type MetricsName,
  type Tag
} from '@aws-sdk/client-kinesis'
import type { StreamDetails } from '../../../shared/domain'
import { AppFailure } from '../../../shared/errors'
import { configChangeEffect, MAX_TAGS, type AccountSettings, type ConfigChange, type StreamTag, type StreamTags } from '../../../shared/stream-config'
import { describeStream } from './stream-gateway'

/** kinesalite answers UnknownOperationException; kinesis-local a 400 that names no operation. */
function lacks(error: unknown): boolean {
  const e = error as { name?: string; message?: string }
  return e.name === 'UnknownOperationException' || /unknown operation|not (yet )?(supported|implemented)|unable to determine service\/operation name/i.test(e.message ?? '')
}

function unsupported(operation: string): AppFailure {
  return new AppFailure(
    'UNSUPPORTED',
    `This Kinesis server does not support ${operation}.`,
    `kinesalite (and the sandbox, which runs it) lacks ${operation}; kinesis-local and AWS have it.`
  )
}

/** Sends, turning "this server has no such operation" into UNSUPPORTED with the operation's name. */
async function call<T>(operation: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send()
  } catch (error) {
    if (lacks(error)) throw unsupported(operation)
    throw error
  }
}

function needsArn(details: StreamDetails, operation: string): string {
  if (details.arn === '') throw new AppFailure('UNSUPPORTED', `The server gave no ARN for ${details.name}, and ${operation} needs one.`, 'Use kinesis-local or AWS.')
  return details.arn
}

function refuse(message: string, hint: string): never {
  throw new AppFailure('INVALID_INPUT', message, hint)
}

/** Every tag of the stream: by ARN where the server can, else ListTagsForStream page by page. */
export async function listTags(kinesis: KinesisClient, stream: string): Promise<StreamTags> {
  const details = await describeStream(kinesis, stream)
  if (details.arn !== '') {
    try {
      const answer = await kinesis.send(new ListTagsForResourceCommand({ ResourceARN: details.arn }))
      return { tags: toTags(answer.Tags), via: 'ListTagsForResource' }
    } catch (error) {
      if (!lacks(error)) throw error
    }
  }
  const tags: StreamTag[] = []
  let after: string | undefined
  // 10 a page: kinesalite's limit (AWS allows more); HasMoreTags says when to go on.
  for (;;) {
    const page = await kinesis.send(new ListTagsForStreamCommand({ StreamName: stream, Limit: 10, ExclusiveStartTagKey: after }))
    const got = toTags(page.Tags)
    tags.push(...got)
    const last = got.at(-1)?.key
    // A page that does not move past the last key would loop for ever: stop there.
    if (page.HasMoreTags !== true || last === undefined || last === after) break
    after = last
  }
  return { tags, via: 'ListTagsForStream' }
}

function toTags(tags: Tag[] | undefined): StreamTag[] {
  return (tags ?? []).map((t) => ({ key: t.Key ?? '', value: t.Value ?? '' })).sort((a, b) => a.key.localeCompare(b.key))
}

/** Applies one change; returns what it started and what it costs or breaks, in words. */
export async function configure(kinesis: KinesisClient, stream: string, change: ConfigChange): Promise<string> {
  const details = await describeStream(kinesis, stream)
  const effect = configChangeEffect(stream, details, change)
  const nothing = await apply(kinesis, details, change)
  return nothing ?? [effect, statusNote(change)].filter((part) => part !== '').join(' ')
}

function statusNote(change: ConfigChange): string {
  // Tags and monitoring leave the stream ACTIVE; the others make it UPDATING for a while.
  return change.type === 'tags' || change.type === 'monitoring' ? '' : 'The stream is UPDATING until the change is done.'
}

/** Returns a message when there was nothing to change, null after sending the change. */
async function apply(kinesis: KinesisClient, details: StreamDetails, change: ConfigChange): Promise<string | null> {
  const stream = details.name
  switch (change.type) {
    case 'retention': {
      if (change.hours === details.retentionHours) return `${stream} already keeps records for ${change.hours} hours: nothing changed.`
      if (change.hours > details.retentionHours) {
        await call('IncreaseStreamRetentionPeriod', () => kinesis.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: stream, RetentionPeriodHours: change.hours })))
      } else {
        await call('DecreaseStreamRetentionPeriod', () => kinesis.send(new DecreaseStreamRetentionPeriodCommand({ StreamName: stream, RetentionPeriodHours: change.hours })))
      }
      return null
    }
    case 'startEncryption':
      if (details.encryption === 'KMS' && details.keyId === change.keyId) return `${stream} is already encrypted with ${change.keyId}: nothing changed.`
      await call('StartStreamEncryption', () => kinesis.send(new StartStreamEncryptionCommand({ StreamName: stream, EncryptionType: 'KMS', KeyId: change.keyId })))
      return null
    case 'stopEncryption': {
      if (details.encryption !== 'KMS') return `${stream} is not encrypted: nothing changed.`
      // StopStreamEncryption names the key in use: the one DescribeStreamSummary gave.
      const keyId = details.keyId
      if (keyId === null) refuse(`The server gave no key for ${stream}, and StopStreamEncryption needs the key in use.`, 'Describe the stream again and retry.')
      await call('StopStreamEncryption', () => kinesis.send(new StopStreamEncryptionCommand({ StreamName: stream, EncryptionType: 'KMS', KeyId: keyId })))
      return null
    }
    case 'monitoring': {
      const wanted = new Set<string>(change.metrics)
      const enable = [...new Set(change.metrics)].filter((m) => !details.shardLevelMetrics.includes(m))
      const disable = details.shardLevelMetrics.filter((m) => !wanted.has(m))
      if (enable.length === 0 && disable.length === 0) return `${stream} already publishes exactly these shard-level metrics: nothing changed.`
      if (enable.length > 0) {
        await call('EnableEnhancedMonitoring', () => kinesis.send(new EnableEnhancedMonitoringCommand({ StreamName: stream, ShardLevelMetrics: enable })))
      }
      if (disable.length > 0) {
        await call('DisableEnhancedMonitoring', () => kinesis.send(new DisableEnhancedMonitoringCommand({ StreamName: stream, ShardLevelMetrics: disable as MetricsName[] })))
      }
      return null
    }
    case 'tags':
      return changeTags(kinesis, details, change)
    case 'capacityMode': {
      if (change.mode === details.mode) return `${stream} is already ${change.mode === 'ON_DEMAND' ? 'on-demand' : 'provisioned'}: nothing changed.`
      const arn = needsArn(details, 'UpdateStreamMode')
      await call('UpdateStreamMode', () => kinesis.send(new UpdateStreamModeCommand({ StreamARN: arn, StreamModeDetails: { StreamMode: change.mode } })))
      return null
    }
    case 'warmThroughput': {
      if (details.mode !== 'ON_DEMAND') {
        refuse(`${stream} is a provisioned stream: only on-demand streams have warm throughput (a provisioned stream takes what its shards take).`, 'Switch the stream to on-demand first, or add shards.')
      }
      if (details.warmThroughput?.targetMiBps === change.mibps) return `${stream} already has a warm throughput target of ${change.mibps} MiB/s: nothing changed.`
      const arn = needsArn(details, 'UpdateStreamWarmThroughput')
      await call('UpdateStreamWarmThroughput', () => kinesis.send(new UpdateStreamWarmThroughputCommand({ StreamARN: arn, WarmThroughputMiBps: change.mibps })))
      return null
    }
  }
}

async function changeTags(kinesis: KinesisClient, details: StreamDetails, change: Extract<ConfigChange, { type: 'tags' }>): Promise<string | null> {
  const stream = details.name
  if (change.add.length === 0 && change.remove.length === 0) return `No tags to change on ${stream}.`
  const both = change.add.find((t) => change.remove.includes(t.key))
  if (both !== undefined) refuse(`Tag ${both.key} is both set and removed.`, 'Set it or remove it, not both.')
  const { tags, via } = await listTags(kinesis, stream)
  const keys = new Set(tags.map((t) => t.key))
  for (const key of change.remove) keys.delete(key)
  for (const tag of change.add) keys.add(tag.key)
  if (keys.size > MAX_TAGS) refuse(`${stream} would have ${keys.size} tags: a stream holds at most ${MAX_TAGS}.`, 'Remove some tags first.')
  const byArn = via === 'ListTagsForResource'
  if (change.remove.length > 0) {
    if (byArn) {
      await call('UntagResource', () => kinesis.send(new UntagResourceCommand({ ResourceARN: details.arn, TagKeys: change.remove })))
    } else {
      for (const keys of tensOf(change.remove)) {
        await call('RemoveTagsFromStream', () => kinesis.send(new RemoveTagsFromStreamCommand({ StreamName: stream, TagKeys: keys })))
      }
    }
  }
  if (change.add.length > 0) {
    if (byArn) {
      const tagMap = Object.fromEntries(change.add.map((t) => [t.key, t.value]))
      await call('TagResource', () => kinesis.send(new TagResourceCommand({ ResourceARN: details.arn, Tags: tagMap })))
    } else {
      for (const tags of tensOf(change.add)) {
        const chunk = Object.fromEntries(tags.map((t) => [t.key, t.value]))
        await call('AddTagsToStream', () => kinesis.send(new AddTagsToStreamCommand({ StreamName: stream, Tags: chunk })))
      }
    }
  }
  return null
}

/**
 * The stream-named tag calls, 10 tags (or keys) a call: the SDK's reference allows 50 today, but
 * servers that only have these calls follow the older limit of 10 (kinesalite refuses more).
 */
function tensOf<T>(items: readonly T[]): T[][] {
  const chunks: T[][] = []
  for (let i = 0; i < items.length; i += 10) chunks.push(items.slice(i, i + 10))
  return chunks
}

/** DescribeAccountSettings: the account's minimum throughput billing commitment (null when none is reported). */
export async function accountSettings(kinesis: KinesisClient): Promise<AccountSettings> {
  const answer = await call('DescribeAccountSettings', () => kinesis.send(new DescribeAccountSettingsCommand({})))
  const c = answer.MinimumThroughputBillingCommitment
  if (c === undefined) return { commitment: null }
  return {
    commitment: {
      status: c.Status ?? 'DISABLED',
      startedAt: c.StartedAt?.getTime() ?? null,
      endedAt: c.EndedAt?.getTime() ?? null,
      earliestAllowedEndAt: c.EarliestAllowedEndAt?.getTime() ?? null
    }
  }
}

/**
 * A stream's channels (Kinesis-run deliveries to S3 or S3 Tables): ListChannels filtered to the
 * stream's ARN, through every page, then DescribeChannel for each. Read only: the app never
 * creates, changes or deletes a channel.
 *
 * Both calls are limited to 5 transactions per second per account (the API reference of
 * ListChannels and DescribeChannel): calls start at least `spacingMs` (250) apart, so the app
 * takes at most 4 of the 5 and leaves one for whoever else in the account needs it; the SDK
 * retries a LimitExceededException.
 */
import {
  DescribeChannelCommand,
  ListChannelsCommand,
  type ChannelDescription,
  type ChannelSummary,
  type KinesisClient
} from '@aws-sdk/client-kinesis'
import { bucketNameOf, type Channel, type ChannelDetails, type ChannelDestination, type ChannelsView, type DeadLetterBucket } from '../../../shared/channels'
import { AppFailure, type AppError } from '../../../shared/errors'
import { toAppFailure, type ConnectionTarget, type ServiceCall } from '../connections/aws-errors'
import { describeStream } from '../kinesis/stream-gateway'

const listChannelsCall: ServiceCall = { service: 'Kinesis', permission: 'kinesis:ListChannels' }
const describeChannelCall: ServiceCall = { service: 'Kinesis', permission: 'kinesis:DescribeChannel' }

export interface ChannelOptions {
  /** The least time between the starts of two channel calls (default 250 ms: 4 a second). */
  spacingMs?: number
  now?: () => number
}

/** kinesalite answers UnknownOperationException; kinesis-local an AccessDeniedException that names no operation. */
function lacksChannels(error: unknown): boolean {
  const e = error as { name?: string; message?: string }
  return (
    e.name === 'UnknownOperationException' ||
    /unknown operation|not (yet )?(supported|implemented)|unable to determine service\/operation name/i.test(e.message ?? '')
  )
}

function unsupportedChannels(): AppFailure {
  return new AppFailure(
    'UNSUPPORTED',
    'This Kinesis server does not support channels (ListChannels).',
    'No local emulator has channels (kinesalite, the sandbox, kinesis-local, LocalStack): they exist on AWS. Consumers and KCL applications above and below work without them.'
  )
}

function errorOf(failure: AppFailure): AppError {
  return failure.hint !== undefined ? { code: failure.code, message: failure.message, hint: failure.hint } : { code: failure.code, message: failure.message }
}

function deadLetterOf(dlq: { BucketARN?: string | undefined; ExpectedBucketOwner?: string | undefined; ErrorOutputPrefix?: string | undefined } | undefined): DeadLetterBucket | null {
  if (dlq?.BucketARN === undefined) return null
  return {
    bucketArn: dlq.BucketARN,
    bucketName: bucketNameOf(dlq.BucketARN),
    expectedBucketOwner: dlq.ExpectedBucketOwner ?? null,
    errorOutputPrefix: dlq.ErrorOutputPrefix ?? null
  }
}

/** DescribeChannel's answer as the Consumers tab shows it, for the stream with `streamArn`. */
export function channelDetails(d: ChannelDescription, streamArn: string): ChannelDetails {
  const sources = d.StreamConfigurationList ?? []
  const source = sources.find((s) => s.StreamARN === streamArn) ?? sources[0]
  const s3 = d.S3DestinationConfiguration
  const tables = d.S3TablesDestinationConfiguration
  let destination: ChannelDestination | null = null
  if (s3 !== undefined) {
    const storage = s3.StorageConfiguration
    destination = {
      type: 'S3',
      bucketArn: storage?.BucketARN ?? '',
      bucketName: bucketNameOf(storage?.BucketARN ?? ''),
      expectedBucketOwner: storage?.ExpectedBucketOwner ?? null,
      keyTemplate: storage?.OutputKeyTemplate ?? null,
      compression: storage?.CompressionType ?? null,
      storageClass: storage?.StorageClass ?? null
    }
  } else if (tables !== undefined) {
    destination = {
      type: 'S3_TABLES',
      tables: (tables.S3TablesConfigurationList ?? []).map((t) => ({
        tableBucketArn: t.TableBucketARN ?? '',
        tableBucketName: bucketNameOf(t.TableBucketARN ?? ''),
        namespace: t.Namespace ?? '',
        table: t.TableName ?? '',
        compression: t.CompressionType ?? null,
        partitionFields: (t.PartitionSpec?.PartitionFields ?? []).map((f) => `${f.Transform ?? '?'}(${f.SourceName ?? '?'})`)
      }))
    }
  }
  const logs = d.LoggingConfiguration?.CloudWatchLogs
  return {
    destination,
    recordFormat: source?.RecordConfiguration?.RecordFormatType ?? null,
    gsrSchemaArn: source?.RecordConfiguration?.GSRSchemaARN ?? null,
    dataFreshnessSeconds: (s3 ?? tables)?.DataFreshnessInSeconds ?? null,
    deadLetter: deadLetterOf((s3 ?? tables)?.DeadLetterQueueS3Configuration),
    logging: logs !== undefined ? { enabled: logs.Enabled === true, logGroup: logs.LogGroupName ?? null, logStream: logs.LogStreamName ?? null } : null,
    kmsKeyId: d.EncryptionConfiguration?.KeyId ?? null,
    serviceRoleArn: d.ServiceExecutionRoleARN ?? null
  }
}

function channelOf(s: ChannelSummary, streamArn: string): Channel {
  return {
    name: s.ChannelName ?? '',
    arn: s.ChannelARN ?? '',
    id: s.ChannelId ?? '',
    status: s.ChannelStatus ?? 'ACTIVE',
    statusReason: s.ChannelStatusReason ?? null,
    createdAt: s.ChannelCreationTimestamp?.getTime() ?? null,
    destinationType: s.ChannelDestinationType ?? '',
    otherStreams: (s.Streams ?? []).filter((x) => x.StreamARN !== streamArn).length,
    details: null,
    detailsError: null
  }
}

/** Spaces calls so that at most one starts every `spacingMs`. */
function pacer(spacingMs: number, now: () => number): () => Promise<void> {
  let next = -Infinity
  return async () => {
    const at = now()
    const start = Math.max(at, next)
    next = start + spacingMs
    if (start > at) await new Promise((resolve) => setTimeout(resolve, start - at))
  }
}

/** The channels that read `stream`, each described. */
export async function listChannels(kinesis: KinesisClient, target: ConnectionTarget, stream: string, options: ChannelOptions = {}): Promise<ChannelsView> {
  const what = `list the channels of ${stream}`
  const now = options.now ?? (() => Date.now())
  const pace = pacer(options.spacingMs ?? 250, now)
  let streamArn: string
  try {
    streamArn = (await describeStream(kinesis, stream)).arn
  } catch (error) {
    throw toAppFailure(error, what, target)
  }
  if (streamArn === '') throw new AppFailure('UNSUPPORTED', `The server gave no ARN for ${stream}, and ListChannels filters by ARN.`, 'Use AWS, where every stream has an ARN.')

  const channels: Channel[] = []
  let pages = 0
  let nextToken: string | undefined
  try {
    do {
      await pace()
      const page = await kinesis.send(
        new ListChannelsCommand({ StreamFilter: [{ StreamARN: streamArn }], ...(nextToken !== undefined ? { NextToken: nextToken } : {}) })
      )
      pages++
      for (const s of page.ChannelSummaries ?? []) channels.push(channelOf(s, streamArn))
      nextToken = page.NextToken ?? undefined
    } while (nextToken !== undefined && nextToken !== '')
  } catch (error) {
    if (lacksChannels(error)) throw unsupportedChannels()
    throw toAppFailure(error, what, target, listChannelsCall)
  }

  // One DescribeChannel at a time; a denial stops the rest (they would be denied too).
  const gone = new Set<Channel>()
  let denied: { channel: string; error: AppError } | null = null
  for (const channel of channels) {
    if (denied !== null) {
      channel.detailsError = {
        ...denied.error,
        message: `Could not describe the channel ${channel.name}: DescribeChannel was denied for ${denied.channel}, so it was not asked again.`
      }
      continue
    }
    try {
      await pace()
      const { ChannelDescription: d } = await kinesis.send(new DescribeChannelCommand({ ChannelARN: channel.arn }))
      if (d === undefined) continue
      channel.details = channelDetails(d, streamArn)
      // The describe is newer than the list: its status wins.
      channel.status = d.ChannelStatus ?? channel.status
      channel.statusReason = d.ChannelStatusReason ?? (d.ChannelStatus !== undefined ? null : channel.statusReason)
    } catch (error) {
      if ((error as { name?: string }).name === 'ResourceNotFoundException') {
        gone.add(channel) // deleted since it was listed
        continue
      }
      const failure = toAppFailure(error, `describe the channel ${channel.name}`, target, describeChannelCall)
      channel.detailsError = errorOf(failure)
      if (failure.code === 'ACCESS_DENIED') denied = { channel: channel.name, error: channel.detailsError }
    }
  }
  return { stream, streamArn, channels: channels.filter((c) => !gone.has(c)), pages, readAt: Date.now() }
}

/**
 * Channels: deliveries from a stream that Kinesis runs itself, to a general purpose S3 bucket or to
 * an S3 Tables (Apache Iceberg) table (ListChannels, DescribeChannel in @aws-sdk/client-kinesis).
 * The Consumers tab shows them as one more kind of reader of the stream. Read only: the app never
 * creates, changes or deletes a channel. Plain data only: everything here crosses IPC.
 */
import type { AppError } from './errors'

/** CREATING, ACTIVE, UPDATING, DELETING or FAILED (ChannelStatus). */
export type ChannelStatus = string

export interface S3Destination {
  type: 'S3'
  bucketArn: string
  /** The bucket's name, from its ARN (arn:aws:s3:::NAME). */
  bucketName: string
  expectedBucketOwner: string | null
  /** OutputKeyTemplate; null: Kinesis's default template. */
  keyTemplate: string | null
  /** NONE, GZIP or ZSTD. */
  compression: string | null
  /** STANDARD, INTELLIGENT_TIERING or GLACIER_IR; null: not given (STANDARD). */
  storageClass: string | null
}

export interface S3Table {
  tableBucketArn: string
  /** The table bucket's name, from its ARN (arn:aws:s3tables:region:account:bucket/NAME). */
  tableBucketName: string
  namespace: string
  table: string
  /** NONE, ZSTD or SNAPPY (of the Parquet data files). */
  compression: string | null
  /** e.g. "TIME_HOUR(order_time)". */
  partitionFields: string[]
}

export interface S3TablesDestination {
  type: 'S3_TABLES'
  tables: S3Table[]
}

export type ChannelDestination = S3Destination | S3TablesDestination

export interface DeadLetterBucket {
  bucketArn: string
  bucketName: string
  expectedBucketOwner: string | null
  errorOutputPrefix: string | null
}

export interface ChannelLogging {
  enabled: boolean
  logGroup: string | null
  logStream: string | null
}

/** What DescribeChannel adds to ListChannels' summary. */
export interface ChannelDetails {
  /** null when the answer had neither S3 nor S3 Tables configuration. */
  destination: ChannelDestination | null
  /** This stream's record format: JSON, GSR_JSON, STRING or BYTE_ARRAY. */
  recordFormat: string | null
  /** The Glue Schema Registry schema records are checked against (S3 Tables destinations). */
  gsrSchemaArn: string | null
  /** The longest undelivered data may wait before it is delivered. */
  dataFreshnessSeconds: number | null
  deadLetter: DeadLetterBucket | null
  logging: ChannelLogging | null
  /** The customer managed KMS key delivered data is encrypted with; null: none given. */
  kmsKeyId: string | null
  serviceRoleArn: string | null
}

export interface Channel {
  name: string
  arn: string
  id: string
  status: ChannelStatus
  /** Why it FAILED (ChannelStatusReason). */
  statusReason: string | null
  createdAt: number | null
  /** S3 or S3_TABLES (ChannelDestinationType). */
  destinationType: string
  /** Other source streams the channel reads besides this one. */
  otherStreams: number
  /** From DescribeChannel; null when that call failed for this channel (see `detailsError`). */
  details: ChannelDetails | null
  detailsError: AppError | null
}

export interface ChannelsView {
  stream: string
  streamArn: string
  channels: Channel[]
  /** ListChannels pages read. */
  pages: number
  readAt: number
}

/** The name in a bucket ARN: arn:aws:s3:::NAME, arn:aws:s3tables:…:bucket/NAME; the ARN itself otherwise. */
export function bucketNameOf(arn: string): string {
  const s3 = /^arn:[^:]+:s3:::([^/]+)/.exec(arn)
  if (s3?.[1] !== undefined) return s3[1]
  const tables = /^arn:[^:]+:s3tables:[^:]*:[^:]*:bucket\/([^/]+)/.exec(arn)
  return tables?.[1] ?? arn
}

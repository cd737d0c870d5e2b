/**
 * Channels as DescribeChannel returns them (the SDK's own ChannelDescription type, so the shapes
 * are the SDK's, not guessed): one to a general purpose S3 bucket, one to an S3 Tables table that
 * FAILED, and one of another stream. For aws-sdk-client-mock in unit tests and for the AWS-like
 * proxy's emulated channels (emulateChannels) in integration and e2e tests.
 */
import type { ChannelDescription } from '@aws-sdk/client-kinesis'

const ACCOUNT = '000000000000'

export function channelArn(name: string, region = 'us-east-1'): string {
  return `arn:aws:kinesis:${region}:${ACCOUNT}:channel/${name}`
}

/** A channel of `streamArn` delivering to an S3 bucket, JSON records, GZIP, Intelligent-Tiering. */
export function s3Channel(streamArn: string, name = 'orders-to-s3'): ChannelDescription {
  return {
    ChannelName: name,
    ChannelARN: channelArn(name),
    ChannelId: `ch-${name}-0001`,
    ChannelStatus: 'ACTIVE',
    ChannelCreationTimestamp: new Date('2026-11-02T09:30:00Z'),
    ServiceExecutionRoleARN: `arn:aws:iam::${ACCOUNT}:role/kinesis-channel-delivery`,
    StreamConfigurationList: [
      { StreamARN: streamArn, StreamCreationTimestamp: new Date('2026-10-01T08:00:00Z'), RecordConfiguration: { RecordFormatType: 'JSON' } }
    ],
    S3DestinationConfiguration: {
      DataFreshnessInSeconds: 300,
      DeadLetterQueueS3Configuration: { BucketARN: 'arn:aws:s3:::pizza-orders-dlq', ExpectedBucketOwner: ACCOUNT, ErrorOutputPrefix: 'failed/' },
      StorageConfiguration: {
        BucketARN: 'arn:aws:s3:::pizza-orders-archive',
        ExpectedBucketOwner: ACCOUNT,
        OutputKeyTemplate: 'orders/{yyyy}/{MM}/{dd}/',
        StorageClass: 'INTELLIGENT_TIERING',
        CompressionType: 'GZIP'
      }
    },
    EncryptionConfiguration: { EncryptionType: 'KMS', KeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab` },
    LoggingConfiguration: { CloudWatchLogs: { Enabled: true, LogGroupName: `/aws/kinesis/${name}/ch-${name}-0001`, LogStreamName: 'DestinationDelivery' } }
  }
}

/** A channel of `streamArn` to an S3 Tables (Iceberg) table, GSR_JSON records, that FAILED. */
export function tablesChannel(streamArn: string, name = 'orders-iceberg'): ChannelDescription {
  return {
    ChannelName: name,
    ChannelARN: channelArn(name),
    ChannelId: `ch-${name}-0002`,
    ChannelStatus: 'FAILED',
    ChannelStatusReason: 'The service execution role cannot write to the table bucket analytics-tables.',
    ChannelCreationTimestamp: new Date('2026-11-20T14:05:00Z'),
    ServiceExecutionRoleARN: `arn:aws:iam::${ACCOUNT}:role/kinesis-channel-tables`,
    StreamConfigurationList: [
      {
        StreamARN: streamArn,
        StreamCreationTimestamp: new Date('2026-10-01T08:00:00Z'),
        RecordConfiguration: { RecordFormatType: 'GSR_JSON', GSRSchemaARN: `arn:aws:glue:us-east-1:${ACCOUNT}:schema/pizza/order` }
      }
    ],
    S3TablesDestinationConfiguration: {
      DataFreshnessInSeconds: 60,
      DeadLetterQueueS3Configuration: { BucketARN: 'arn:aws:s3:::pizza-orders-dlq', ExpectedBucketOwner: ACCOUNT },
      S3TablesConfigurationList: [
        {
          TableBucketARN: `arn:aws:s3tables:us-east-1:${ACCOUNT}:bucket/analytics-tables`,
          Namespace: 'pizza',
          TableName: 'orders',
          CompressionType: 'ZSTD',
          PartitionSpec: { PartitionFields: [{ Transform: 'TIME_HOUR', SourceName: 'order_time' }] }
        }
      ]
    },
    LoggingConfiguration: { CloudWatchLogs: { Enabled: false } }
  }
}

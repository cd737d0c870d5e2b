/**
 * A stream's channels against a mocked Kinesis (aws-sdk-client-mock; no emulator has channels):
 * ListChannels filtered to the stream's ARN through every page, DescribeChannel for each, the
 * destinations mapped (S3 bucket, S3 Tables table), calls paced under the 5-a-second account
 * limit, and the errors: a server without channels, a missing permission named, a channel
 * deleted between the list and the describe.
 */
import {
  DescribeChannelCommand,
  DescribeStreamSummaryCommand,
  KinesisClient,
  ListChannelsCommand,
  type ChannelDescription,
  type ChannelSummary
} from '@aws-sdk/client-kinesis'
import { mockClient } from 'aws-sdk-client-mock'
import { afterEach, describe, expect, it } from 'vitest'
import { channelDetails, listChannels } from '../../../src/main/core/consumers/channels'
import { bucketNameOf } from '../../../src/shared/channels'
import { AppFailure } from '../../../src/shared/errors'
import { s3Channel, tablesChannel } from '../../support/channel-fixtures'

const STREAM_ARN = 'arn:aws:kinesis:us-east-1:000000000000:stream/OrderStream'
const target = { profile: 'dev', region: 'us-east-1', endpoint: null }
const kinesisMock = mockClient(KinesisClient)
afterEach(() => kinesisMock.reset())

function summaryOf(c: ChannelDescription): ChannelSummary {
  return {
    ChannelName: c.ChannelName,
    ChannelARN: c.ChannelARN,
    ChannelId: c.ChannelId,
    ChannelStatus: c.ChannelStatus,
    ChannelStatusReason: c.ChannelStatusReason,
    ChannelCreationTimestamp: c.ChannelCreationTimestamp,
    ChannelDestinationType: c.S3TablesDestinationConfiguration !== undefined ? 'S3_TABLES' : 'S3',
    Streams: (c.StreamConfigurationList ?? []).map((s) => ({ StreamARN: s.StreamARN, StreamCreationTimestamp: s.StreamCreationTimestamp }))
  }
}

function sdkError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400 } })
}

async function failureOf(promise: Promise<unknown>): Promise<AppFailure> {
  try {
    await promise
  } catch (error) {
    if (error instanceof AppFailure) return error
    throw error
  }
  throw new Error('expected a failure')
}

function withStream(): void {
  kinesisMock.on(DescribeStreamSummaryCommand).resolves({
    StreamDescriptionSummary: {
      StreamName: 'OrderStream',
      StreamARN: STREAM_ARN,
      StreamStatus: 'ACTIVE',
      RetentionPeriodHours: 24,
      StreamCreationTimestamp: new Date(0),
      EnhancedMonitoring: [],
      OpenShardCount: 2
    }
  })
}

describe('listChannels', () => {
  it('filters ListChannels to the stream, follows NextToken, describes each channel', async () => {
    withStream()
    const s3 = s3Channel(STREAM_ARN)
    const tables = tablesChannel(STREAM_ARN)
    kinesisMock
      .on(ListChannelsCommand)
      .resolvesOnce({ ChannelSummaries: [summaryOf(s3)], NextToken: 'next-1' })
      .resolvesOnce({ ChannelSummaries: [summaryOf(tables)] })
    kinesisMock.on(DescribeChannelCommand, { ChannelARN: s3.ChannelARN }).resolves({ ChannelDescription: s3 })
    kinesisMock.on(DescribeChannelCommand, { ChannelARN: tables.ChannelARN }).resolves({ ChannelDescription: tables })

    const view = await listChannels(new KinesisClient({ region: 'us-east-1' }), target, 'OrderStream', { spacingMs: 0 })

    const lists = kinesisMock.commandCalls(ListChannelsCommand).map((c) => c.args[0].input)
    expect(lists).toEqual([{ StreamFilter: [{ StreamARN: STREAM_ARN }] }, { StreamFilter: [{ StreamARN: STREAM_ARN }], NextToken: 'next-1' }])
    expect(kinesisMock.commandCalls(DescribeChannelCommand)).toHaveLength(2)
    expect(view).toMatchObject({ stream: 'OrderStream', streamArn: STREAM_ARN, pages: 2 })
    expect(view.channels.map((c) => [c.name, c.status, c.destinationType])).toEqual([
      ['orders-to-s3', 'ACTIVE', 'S3'],
      ['orders-iceberg', 'FAILED', 'S3_TABLES']
    ])
    expect(view.channels[1]?.statusReason).toContain('cannot write to the table bucket')
    expect(view.channels[0]?.details).toEqual({
      destination: {
        type: 'S3',
        bucketArn: 'arn:aws:s3:::pizza-orders-archive',
        bucketName: 'pizza-orders-archive',
        expectedBucketOwner: '000000000000',
        keyTemplate: 'orders/{yyyy}/{MM}/{dd}/',
        compression: 'GZIP',
        storageClass: 'INTELLIGENT_TIERING'
      },
      recordFormat: 'JSON',
      gsrSchemaArn: null,
      dataFreshnessSeconds: 300,
      deadLetter: { bucketArn: 'arn:aws:s3:::pizza-orders-dlq', bucketName: 'pizza-orders-dlq', expectedBucketOwner: '000000000000', errorOutputPrefix: 'failed/' },
      logging: { enabled: true, logGroup: '/aws/kinesis/orders-to-s3/ch-orders-to-s3-0001', logStream: 'DestinationDelivery' },
      kmsKeyId: 'arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      serviceRoleArn: 'arn:aws:iam::000000000000:role/kinesis-channel-delivery'
    })
    expect(view.channels[1]?.details?.destination).toEqual({
      type: 'S3_TABLES',
      tables: [
        {
          tableBucketArn: 'arn:aws:s3tables:us-east-1:000000000000:bucket/analytics-tables',
          tableBucketName: 'analytics-tables',
          namespace: 'pizza',
          table: 'orders',
          compression: 'ZSTD',
          partitionFields: ['TIME_HOUR(order_time)']
        }
      ]
    })
    expect(view.channels[1]?.details).toMatchObject({ recordFormat: 'GSR_JSON', dataFreshnessSeconds: 60, logging: { enabled: false }, kmsKeyId: null })
  })

  it('no channels: an empty list after one page, and no DescribeChannel', async () => {
    withStream()
    kinesisMock.on(ListChannelsCommand).resolves({ ChannelSummaries: [] })
    const view = await listChannels(new KinesisClient({ region: 'us-east-1' }), target, 'OrderStream', { spacingMs: 0 })
    expect(view.channels).toEqual([])
    expect(view.pages).toBe(1)
    expect(kinesisMock.commandCalls(DescribeChannelCommand)).toHaveLength(0)
  })

  it('starts the channel calls at least spacingMs apart (the account allows 5 a second)', async () => {
    withStream()
    const channels = [s3Channel(STREAM_ARN, 'a'), s3Channel(STREAM_ARN, 'b'), s3Channel(STREAM_ARN, 'c')]
    kinesisMock.on(ListChannelsCommand).resolves({ ChannelSummaries: channels.map(summaryOf) })
    const starts: number[] = []
    kinesisMock.on(DescribeChannelCommand).callsFake((input: { ChannelARN: string }) => {
      starts.push(performance.now())
      return { ChannelDescription: channels.find((c) => c.ChannelARN === input.ChannelARN) }
    })
    await listChannels(new KinesisClient({ region: 'us-east-1' }), target, 'OrderStream', { spacingMs: 40, now: () => performance.now() })
    expect(starts).toHaveLength(3)
    for (let i = 1; i < starts.length; i++) expect((starts[i] ?? 0) - (starts[i - 1] ?? 0)).toBeGreaterThanOrEqual(35)
  })

  it('a server without channels (kinesalite, kinesis-local): UNSUPPORTED, said plainly', async () => {
    withStream()
    kinesisMock.on(ListChannelsCommand).rejects(sdkError('UnknownOperationException', 'UnknownError'))
    const kinesalite = await failureOf(listChannels(new KinesisClient({ region: 'us-east-1' }), target, 'OrderStream', { spacingMs: 0 }))
    expect(kinesalite.code).toBe('UNSUPPORTED')
    expect(kinesalite.message).toBe('This Kinesis server does not support channels (ListChannels).')
    kinesisMock.on(ListChannelsCommand).rejects(sdkError('AccessDeniedException', 'Unable to determine service/operation name to be authorized'))
    expect((await failureOf(listChannels(new KinesisClient({ region: 'us-east-1' }), target, 'OrderStream', { spacingMs: 0 }))).code).toBe('UNSUPPORTED')
  })

  it('kinesis:ListChannels denied: ACCESS_DENIED naming the permission', async () => {
    withStream()
    kinesisMock
      .on(ListChannelsCommand)
      .rejects(sdkError('AccessDeniedException', 'User: arn:aws:iam::000000000000:user/dev is not authorized to perform: kinesis:ListChannels'))
    const failure = await failureOf(listChannels(new KinesisClient({ region: 'us-east-1' }), target, 'OrderStream', { spacingMs: 0 }))
    expect(failure.code).toBe('ACCESS_DENIED')
    expect(failure.message).toContain('list the channels of OrderStream')
    expect(failure.hint).toContain('kinesis:ListChannels')
  })

  it('kinesis:DescribeChannel denied: the summaries stay, each says which permission, one call only', async () => {
    withStream()
    const channels = [s3Channel(STREAM_ARN, 'a'), tablesChannel(STREAM_ARN, 'b')]
    kinesisMock.on(ListChannelsCommand).resolves({ ChannelSummaries: channels.map(summaryOf) })
    kinesisMock
      .on(DescribeChannelCommand)
      .rejects(sdkError('AccessDeniedException', 'User: arn:aws:iam::000000000000:user/dev is not authorized to perform: kinesis:DescribeChannel'))
    const view = await listChannels(new KinesisClient({ region: 'us-east-1' }), target, 'OrderStream', { spacingMs: 0 })
    expect(kinesisMock.commandCalls(DescribeChannelCommand)).toHaveLength(1)
    expect(view.channels.map((c) => [c.name, c.destinationType, c.details])).toEqual([
      ['a', 'S3', null],
      ['b', 'S3_TABLES', null]
    ])
    for (const c of view.channels) {
      expect(c.detailsError?.code).toBe('ACCESS_DENIED')
      expect(c.detailsError?.message).toContain(`describe the channel ${c.name}`)
      expect(c.detailsError?.hint).toContain('kinesis:DescribeChannel')
    }
    expect(view.channels[1]?.detailsError?.message).toContain('denied for a, so it was not asked again')
  })

  it('a channel deleted between ListChannels and DescribeChannel is left out', async () => {
    withStream()
    const [a, b] = [s3Channel(STREAM_ARN, 'a'), s3Channel(STREAM_ARN, 'b')]
    kinesisMock.on(ListChannelsCommand).resolves({ ChannelSummaries: [summaryOf(a), summaryOf(b)] })
    kinesisMock.on(DescribeChannelCommand, { ChannelARN: a.ChannelARN }).rejects(sdkError('ResourceNotFoundException', 'Channel a not found.'))
    kinesisMock.on(DescribeChannelCommand, { ChannelARN: b.ChannelARN }).resolves({ ChannelDescription: { ...b, ChannelStatus: 'UPDATING' } })
    const view = await listChannels(new KinesisClient({ region: 'us-east-1' }), target, 'OrderStream', { spacingMs: 0 })
    expect(view.channels.map((c) => [c.name, c.status])).toEqual([['b', 'UPDATING']])
  })
})

describe('channelDetails and bucket names', () => {
  it('reads the record format of this stream among several sources, and counts the others', () => {
    const other = 'arn:aws:kinesis:us-east-1:000000000000:stream/Other'
    const c = s3Channel(other)
    c.StreamConfigurationList = [...(c.StreamConfigurationList ?? []), { StreamARN: STREAM_ARN, StreamCreationTimestamp: new Date(0), RecordConfiguration: { RecordFormatType: 'STRING' } }]
    expect(channelDetails(c, STREAM_ARN).recordFormat).toBe('STRING')
    expect(channelDetails({ ...c, S3DestinationConfiguration: undefined }, STREAM_ARN).destination).toBeNull()
  })

  it('takes the name out of S3 and S3 Tables bucket ARNs', () => {
    expect(bucketNameOf('arn:aws:s3:::pizza-orders-archive')).toBe('pizza-orders-archive')
    expect(bucketNameOf('arn:aws-cn:s3:::b/prefix')).toBe('b')
    expect(bucketNameOf('arn:aws:s3tables:us-east-1:000000000000:bucket/analytics-tables')).toBe('analytics-tables')
    expect(bucketNameOf('not-an-arn')).toBe('not-an-arn')
  })
})

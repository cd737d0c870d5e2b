import { describe, expect, it } from 'vitest'
import {
  channelsSummary,
  compressionText,
  destinationText,
  freshnessText,
  loggingText,
  recordFormatText,
  storageClassText
} from '../../../src/renderer/src/features/consumers/channel-format'
import type { ChannelsView } from '../../../src/shared/channels'

const view = (n: number): ChannelsView => ({
  stream: 's',
  streamArn: 'arn',
  pages: 1,
  readAt: 0,
  channels: Array.from({ length: n }, (_, i) => ({
    name: `c${i}`,
    arn: `arn${i}`,
    id: `${i}`,
    status: 'ACTIVE',
    statusReason: null,
    createdAt: null,
    destinationType: 'S3',
    otherStreams: 0,
    details: null,
    detailsError: null
  }))
})

describe('channel wording', () => {
  it('counts the channels', () => {
    expect(channelsSummary(view(0))).toBe('No channels deliver this stream.')
    expect(channelsSummary(view(1))).toBe('1 channel delivers this stream · read only')
    expect(channelsSummary(view(3))).toBe('3 channels deliver this stream · read only')
  })

  it('words data freshness', () => {
    expect(freshnessText(300)).toBe('5 min')
    expect(freshnessText(90)).toBe('1 min 30 s')
    expect(freshnessText(3600)).toBe('1 h')
    expect(freshnessText(0)).toBe('0 s')
    expect(freshnessText(null)).toBe('—')
  })

  it('names storage classes, compressions and record formats as the console does, and passes unknown ones through', () => {
    expect(storageClassText('GLACIER_IR')).toBe('S3 Glacier Instant Retrieval')
    expect(storageClassText(null)).toBe('S3 Standard (default)')
    expect(storageClassText('NEW_CLASS')).toBe('NEW_CLASS')
    expect(compressionText('ZSTD')).toBe('Zstandard (ZSTD)')
    expect(recordFormatText('BYTE_ARRAY')).toBe('Bytes (BYTE_ARRAY)')
  })

  it('says where records go', () => {
    expect(destinationText({ type: 'S3', bucketArn: 'arn:aws:s3:::b', bucketName: 'b', expectedBucketOwner: null, keyTemplate: null, compression: null, storageClass: null }, 'S3')).toBe('S3 bucket b')
    expect(
      destinationText({ type: 'S3_TABLES', tables: [{ tableBucketArn: 'x', tableBucketName: 'tb', namespace: 'ns', table: 't', compression: null, partitionFields: [] }] }, 'S3_TABLES')
    ).toBe('S3 Tables (Apache Iceberg): ns.t in table bucket tb')
    expect(destinationText(null, 'S3_TABLES')).toBe('S3 Tables (details not read)')
    expect(loggingText({ enabled: false, logGroup: 'g', logStream: null })).toBe('Off')
    expect(loggingText({ enabled: true, logGroup: null, logStream: null })).toBe('CloudWatch Logs (default log group)')
  })
})

/**
 * A stream's record distribution strategy (DescribeStreamSummary's RecordDistributionStrategy,
 * changed with UpdateStreamRecordDistributionStrategy). Under USER_PARTITION_KEY, the default,
 * the MD5 of a record's partition key (or its explicit hash key) picks its shard; under AUTO
 * (on-demand streams only) Kinesis spreads records evenly and ignores both. So on AUTO the app
 * predicts no shard for a key (see producer/auto-distribution.ts for what bulk sends do).
 */
import { UpdateStreamRecordDistributionStrategyCommand, type KinesisClient } from '@aws-sdk/client-kinesis'
import type { RecordDistributionStrategy } from '../../../shared/domain'
import { AppFailure } from '../../../shared/errors'
import { recordDistributionChange } from '../../../shared/shards'
import { describeStream } from './stream-gateway'

export const OPERATION = 'UpdateStreamRecordDistributionStrategy'

/** UpdateStreamRecordDistributionStrategy, after checking what Kinesis would refuse less clearly. */
export async function setRecordDistribution(
  kinesis: KinesisClient,
  stream: string,
  strategy: RecordDistributionStrategy
): Promise<{ recordDistribution: RecordDistributionStrategy; message: string }> {
  const details = await describeStream(kinesis, stream)
  if (details.mode !== 'ON_DEMAND') {
    throw new AppFailure(
      'INVALID_INPUT',
      `${stream} is a provisioned stream: only on-demand streams have a record distribution strategy (they route by partition key).`,
      'Switch the stream to on-demand capacity first, or keep routing by partition key.'
    )
  }
  if (details.recordDistribution === strategy) {
    return { recordDistribution: strategy, message: `${stream} already uses ${strategy}: nothing changed.` }
  }
  if (details.arn === '') {
    throw new AppFailure('UNSUPPORTED', `The server gave no ARN for ${stream}, and ${OPERATION} needs one.`, 'Use AWS, where every stream has an ARN.')
  }
  try {
    await kinesis.send(new UpdateStreamRecordDistributionStrategyCommand({ StreamARN: details.arn, RecordDistributionStrategy: strategy }))
  } catch (error) {
    const e = error as { name?: string; message?: string }
    // kinesalite answers UnknownOperationException; kinesis-local an AccessDeniedException that names no operation.
    if (e.name === 'UnknownOperationException' || /unknown operation|not (yet )?(supported|implemented)|unable to determine service\/operation name/i.test(e.message ?? '')) {
      throw new AppFailure(
        'UNSUPPORTED',
        `This Kinesis server does not support ${OPERATION}.`,
        'No local emulator has it yet (kinesalite, kinesis-local, LocalStack): change it on AWS.'
      )
    }
    throw error
  }
  return { recordDistribution: strategy, message: recordDistributionChange(stream, strategy) }
}

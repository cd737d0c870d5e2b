/**
 * A stream's maximum record size (MaxRecordSizeInKiB, 1,024–10,240 KiB): UpdateMaxRecordSize
 * names the stream by ARN only, so the stream is described first. The stream is UPDATING for a
 * while afterwards; a server without the operation (kinesalite, the sandbox) says so.
 */
import { UpdateMaxRecordSizeCommand, type KinesisClient } from '@aws-sdk/client-kinesis'
import { AppFailure } from '../../../shared/errors'
import { maxRecordSizeProblem, recordLimitText } from '../../../shared/producer'
import { unsupported } from './resharding'
import { describeStream } from './stream-gateway'

/** Sets the stream's maximum record size; returns what it started, in words. */
export async function updateMaxRecordSize(kinesis: KinesisClient, stream: string, kib: number): Promise<string> {
  const problem = maxRecordSizeProblem(kib)
  if (problem !== null) throw new AppFailure('INVALID_INPUT', problem, 'Pick a size from 1 MiB to 10 MiB.')
  const details = await describeStream(kinesis, stream)
  const limit = recordLimitText(kib * 1024)
  if (details.maxRecordSizeKiB === kib) return `${stream} already takes records of up to ${limit}.`
  if (details.arn === '') {
    throw new AppFailure('UNSUPPORTED', `This Kinesis server gives no ARN for ${stream}, and UpdateMaxRecordSize needs one.`, 'Use kinesis-local or AWS for records over 1 MiB.')
  }
  try {
    await kinesis.send(new UpdateMaxRecordSizeCommand({ StreamARN: details.arn, MaxRecordSizeInKiB: kib }))
  } catch (error) {
    throw unsupported(error, 'UpdateMaxRecordSize') ?? error
  }
  return `${stream} will take records of up to ${limit} once it is ACTIVE again.`
}

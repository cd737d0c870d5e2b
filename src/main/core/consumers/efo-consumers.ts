/** Enhanced fan-out consumers of a stream: ListStreamConsumers through every page. Read only. */
import { ListStreamConsumersCommand, type KinesisClient } from '@aws-sdk/client-kinesis'
import type { EfoConsumer } from '../../../shared/consumers'
import { unsupported } from '../kinesis/resharding'
import { describeStream } from '../kinesis/stream-gateway'

export async function listConsumers(kinesis: KinesisClient, stream: string): Promise<EfoConsumer[]> {
  // ListStreamConsumers takes the stream's ARN, which DescribeStreamSummary has.
  const { arn } = await describeStream(kinesis, stream)
  const consumers: EfoConsumer[] = []
  let nextToken: string | undefined
  try {
    do {
      const page = await kinesis.send(
        new ListStreamConsumersCommand(nextToken !== undefined ? { StreamARN: arn, NextToken: nextToken } : { StreamARN: arn })
      )
      for (const c of page.Consumers ?? []) {
        consumers.push({
          name: c.ConsumerName ?? '',
          arn: c.ConsumerARN ?? '',
          status: c.ConsumerStatus ?? 'ACTIVE',
          createdAt: c.ConsumerCreationTimestamp?.getTime() ?? null
        })
      }
      nextToken = page.NextToken
    } while (nextToken !== undefined)
  } catch (error) {
    throw unsupported(error, 'ListStreamConsumers') ?? error
  }
  return consumers
}

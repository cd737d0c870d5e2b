/**
 * Lambda on-failure records for Kinesis, as Lambda writes them to an SQS queue, SNS topic or S3
 * bucket (the shape of the Lambda developer guide's example), and the envelopes they arrive in.
 */
export interface BatchFacts {
  streamArn: string
  shardId: string
  startSequenceNumber: string
  endSequenceNumber: string
  batchSize: number
  firstArrival?: number
  lastArrival?: number
  functionName?: string
  condition?: string
}

export function failureRecord(b: BatchFacts): Record<string, unknown> {
  const first = b.firstArrival ?? Date.parse('2026-12-07T08:00:00.000Z')
  const last = b.lastArrival ?? first + 1000
  return {
    requestContext: {
      requestId: 'c9b8fa9f-5a7f-4e1d-af9c-0c604cde93a5',
      functionArn: `arn:aws:lambda:us-east-1:000000000000:function:${b.functionName ?? 'order-writer'}`,
      condition: b.condition ?? 'RetryAttemptsExhausted',
      approximateInvokeCount: 3
    },
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    version: '1.0',
    timestamp: new Date(last + 5000).toISOString(),
    KinesisBatchInfo: {
      shardId: b.shardId,
      startSequenceNumber: b.startSequenceNumber,
      endSequenceNumber: b.endSequenceNumber,
      approximateArrivalOfFirstRecord: new Date(first).toISOString(),
      approximateArrivalOfLastRecord: new Date(last).toISOString(),
      batchSize: b.batchSize,
      streamArn: b.streamArn
    }
  }
}

/** As an SNS topic delivers it: the document as a string in Message. */
export function snsNotification(doc: unknown): Record<string, unknown> {
  return {
    Type: 'Notification',
    MessageId: '95df01b4-ee98-5cb9-9903-4c221d41eb5e',
    TopicArn: 'arn:aws:sns:us-east-1:000000000000:order-writer-failures',
    Message: JSON.stringify(doc),
    Timestamp: '2026-12-07T08:00:06.000Z'
  }
}

/** `aws sqs receive-message` output: each document as a string in Messages[].Body. */
export function sqsReceiveOutput(docs: unknown[]): Record<string, unknown> {
  return {
    Messages: docs.map((doc, i) => ({ MessageId: `m-${i}`, ReceiptHandle: `r-${i}`, MD5OfBody: 'x', Body: JSON.stringify(doc) }))
  }
}

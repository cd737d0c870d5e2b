/**
 * Lambda functions that read a stream: its event source mappings (ListEventSourceMappings in
 * @aws-sdk/client-lambda, filtered by the stream's ARN). The Consumers tab shows them as one more
 * kind of reader. Read only: the app never creates, changes or deletes a mapping. Plain data only:
 * everything here crosses IPC.
 */

export interface EventSourceMapping {
  uuid: string
  functionArn: string
  /** The function's name (with its version or alias), from its ARN. */
  functionName: string
  /** Creating, Enabling, Enabled, Disabling, Disabled, Updating or Deleting. */
  state: string
  /** StateTransitionReason: "User action", "USER_INITIATED", or why Lambda changed the state. */
  stateReason: string | null
  batchSize: number | null
  /** MaximumBatchingWindowInSeconds. */
  batchingWindowSeconds: number | null
  /** TRIM_HORIZON, LATEST or AT_TIMESTAMP. */
  startingPosition: string | null
  /** StartingPositionTimestamp, epoch ms (AT_TIMESTAMP). */
  startingTimestamp: number | null
  parallelizationFactor: number | null
  bisectOnError: boolean | null
  /** MaximumRetryAttempts; -1 retries until the record expires. */
  maxRetries: number | null
  /** MaximumRecordAgeInSeconds; -1 never discards a record for its age. */
  maxRecordAgeSeconds: number | null
  /** FunctionResponseTypes has ReportBatchItemFailures. */
  reportsItemFailures: boolean
  tumblingWindowSeconds: number | null
  /** DestinationConfig.OnFailure.Destination: the SQS queue, SNS topic or S3 bucket failure records go to. */
  onFailure: string | null
  /** LastProcessingResult, e.g. "OK", "PROBLEM: Function call failed", "No records processed". */
  lastResult: string | null
  /** LastModified, epoch ms: when the mapping (and its last processing result) last changed. */
  lastModified: number | null
  /** The mapping filters records (FilterCriteria): it does not see every record. */
  filtered: boolean
}

export interface LambdaMappingsView {
  stream: string
  streamArn: string
  mappings: EventSourceMapping[]
  /** ListEventSourceMappings pages read. */
  pages: number
  readAt: number
}

/** "my-function:live" from arn:aws:lambda:REGION:ACCOUNT:function:my-function:live; the text itself otherwise. */
export function functionNameOf(arn: string): string {
  const match = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:(.+)$/.exec(arn)
  return match?.[1] ?? arn
}

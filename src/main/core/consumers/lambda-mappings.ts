/**
 * The Lambda functions that read a stream: ListEventSourceMappings with the stream's ARN as
 * EventSourceArn, through every page (Marker / NextMarker). Read only: the app never creates,
 * changes or deletes a mapping. The Lambda client is the connection's (same HTTP/1.1 handler and
 * timeouts as Kinesis; AWS_ENDPOINT_URL_LAMBDA, then AWS_ENDPOINT_URL, then the region), and a
 * custom-endpoint connection with no Lambda endpoint answers SERVICE_UNAVAILABLE without a call.
 */
import { ListEventSourceMappingsCommand, type EventSourceMappingConfiguration, type LambdaClient } from '@aws-sdk/client-lambda'
import type { KinesisClient } from '@aws-sdk/client-kinesis'
import { AppFailure } from '../../../shared/errors'
import { functionNameOf, type EventSourceMapping, type LambdaMappingsView } from '../../../shared/lambda'
import { toAppFailure, type ConnectionTarget, type ServiceCall } from '../connections/aws-errors'
import { describeStream } from '../kinesis/stream-gateway'

const listMappingsCall: ServiceCall = { service: 'Lambda', permission: 'lambda:ListEventSourceMappings' }

/** The most mappings a page holds (ListEventSourceMappings' MaxItems allows 1–10,000). */
const PAGE_SIZE = 100

/** ListEventSourceMappings' answer as the Consumers tab shows it. */
export function mappingOf(m: EventSourceMappingConfiguration): EventSourceMapping {
  const functionArn = m.FunctionArn ?? ''
  return {
    uuid: m.UUID ?? '',
    functionArn,
    functionName: functionNameOf(functionArn),
    state: m.State ?? 'Unknown',
    stateReason: m.StateTransitionReason ?? null,
    batchSize: m.BatchSize ?? null,
    batchingWindowSeconds: m.MaximumBatchingWindowInSeconds ?? null,
    startingPosition: m.StartingPosition ?? null,
    startingTimestamp: m.StartingPositionTimestamp?.getTime() ?? null,
    parallelizationFactor: m.ParallelizationFactor ?? null,
    bisectOnError: m.BisectBatchOnFunctionError ?? null,
    maxRetries: m.MaximumRetryAttempts ?? null,
    maxRecordAgeSeconds: m.MaximumRecordAgeInSeconds ?? null,
    reportsItemFailures: (m.FunctionResponseTypes ?? []).includes('ReportBatchItemFailures'),
    tumblingWindowSeconds: m.TumblingWindowInSeconds ?? null,
    onFailure: m.DestinationConfig?.OnFailure?.Destination ?? null,
    lastResult: m.LastProcessingResult ?? null,
    lastModified: m.LastModified?.getTime() ?? null,
    filtered: (m.FilterCriteria?.Filters ?? []).length > 0
  }
}

/**
 * The event source mappings that read `stream`, every page. `lambdaTarget` is where Lambda calls
 * go (its endpoint, not Kinesis's), for what a Lambda error says was tried.
 */
export async function listLambdaMappings(
  kinesis: KinesisClient,
  lambda: () => LambdaClient,
  target: ConnectionTarget,
  stream: string,
  lambdaTarget: ConnectionTarget = target
): Promise<LambdaMappingsView> {
  const what = `list the Lambda functions reading ${stream}`
  const client = lambda() // SERVICE_UNAVAILABLE, with the reason, where the connection has no Lambda: no call at all
  let streamArn: string
  try {
    streamArn = (await describeStream(kinesis, stream)).arn
  } catch (error) {
    throw toAppFailure(error, what, target)
  }
  if (streamArn === '') {
    throw new AppFailure('UNSUPPORTED', `The server gave no ARN for ${stream}, and ListEventSourceMappings filters by ARN.`, 'Use AWS, where every stream has an ARN.')
  }
  const mappings: EventSourceMapping[] = []
  let pages = 0
  let marker: string | undefined
  try {
    do {
      const page = await client.send(
        new ListEventSourceMappingsCommand({ EventSourceArn: streamArn, MaxItems: PAGE_SIZE, ...(marker !== undefined ? { Marker: marker } : {}) })
      )
      pages++
      for (const m of page.EventSourceMappings ?? []) mappings.push(mappingOf(m))
      marker = page.NextMarker ?? undefined
    } while (marker !== undefined && marker !== '')
  } catch (error) {
    throw toAppFailure(error, what, lambdaTarget, listMappingsCall)
  }
  mappings.sort((a, b) => a.functionName.localeCompare(b.functionName))
  return { stream, streamArn, mappings, pages, readAt: Date.now() }
}

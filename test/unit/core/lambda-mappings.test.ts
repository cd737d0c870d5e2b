/**
 * The Lambda functions reading a stream against a mocked Lambda (aws-sdk-client-mock; no emulator
 * has Lambda): ListEventSourceMappings asked with the stream's ARN as EventSourceArn through every
 * page (Marker), the answer mapped to what the Consumers tab shows, a missing
 * lambda:ListEventSourceMappings named, and a connection without Lambda refused before any call.
 */
import { DescribeStreamSummaryCommand, KinesisClient } from '@aws-sdk/client-kinesis'
import { LambdaClient, ListEventSourceMappingsCommand, type EventSourceMappingConfiguration } from '@aws-sdk/client-lambda'
import { mockClient } from 'aws-sdk-client-mock'
import { afterEach, describe, expect, it } from 'vitest'
import { listLambdaMappings, mappingOf } from '../../../src/main/core/consumers/lambda-mappings'
import { AppFailure } from '../../../src/shared/errors'
import { functionNameOf } from '../../../src/shared/lambda'

const STREAM_ARN = 'arn:aws:kinesis:us-east-1:000000000000:stream/OrderStream'
const target = { profile: 'dev', region: 'us-east-1', endpoint: null }
const kinesisMock = mockClient(KinesisClient)
const lambdaMock = mockClient(LambdaClient)
const kinesis = new KinesisClient({ region: 'us-east-1' })
const lambda = new LambdaClient({ region: 'us-east-1' })
afterEach(() => {
  kinesisMock.reset()
  lambdaMock.reset()
})

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

function mapping(name: string, extra: Partial<EventSourceMappingConfiguration> = {}): EventSourceMappingConfiguration {
  return { UUID: `uuid-${name}`, FunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`, EventSourceArn: STREAM_ARN, State: 'Enabled', ...extra }
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

describe('listLambdaMappings', () => {
  it('asks by the stream ARN and follows NextMarker through every page', async () => {
    withStream()
    lambdaMock
      .on(ListEventSourceMappingsCommand)
      .resolvesOnce({ EventSourceMappings: [mapping('orders-writer')], NextMarker: 'm-1' })
      .resolvesOnce({ EventSourceMappings: [mapping('audit')], NextMarker: 'm-2' })
      .resolvesOnce({ EventSourceMappings: [mapping('billing')] })
    const view = await listLambdaMappings(kinesis, () => lambda, target, 'OrderStream')

    const calls = lambdaMock.commandCalls(ListEventSourceMappingsCommand).map((c) => c.args[0].input)
    expect(calls).toEqual([
      { EventSourceArn: STREAM_ARN, MaxItems: 100 },
      { EventSourceArn: STREAM_ARN, MaxItems: 100, Marker: 'm-1' },
      { EventSourceArn: STREAM_ARN, MaxItems: 100, Marker: 'm-2' }
    ])
    expect(view.pages).toBe(3)
    expect(view.streamArn).toBe(STREAM_ARN)
    expect(view.mappings.map((m) => m.functionName)).toEqual(['audit', 'billing', 'orders-writer'])
  })

  it('names lambda:ListEventSourceMappings when it is denied', async () => {
    withStream()
    lambdaMock.on(ListEventSourceMappingsCommand).rejects(
      Object.assign(new Error('User: arn:aws:iam::000000000000:user/dev is not authorized to perform: lambda:ListEventSourceMappings'), {
        name: 'AccessDeniedException',
        $metadata: { httpStatusCode: 403 }
      })
    )
    const failure = await failureOf(listLambdaMappings(kinesis, () => lambda, target, 'OrderStream'))
    expect(failure.code).toBe('ACCESS_DENIED')
    expect(failure.message).toContain('list the Lambda functions reading OrderStream')
    expect(failure.hint).toContain('lambda:ListEventSourceMappings')
  })

  it('makes no Lambda call where the connection has no Lambda, and says why', async () => {
    withStream()
    const unavailable = (): never => {
      throw new AppFailure('SERVICE_UNAVAILABLE', 'no Lambda calls are sent to AWS')
    }
    const failure = await failureOf(listLambdaMappings(kinesis, unavailable, target, 'OrderStream'))
    expect(failure.code).toBe('SERVICE_UNAVAILABLE')
    expect(lambdaMock.commandCalls(ListEventSourceMappingsCommand)).toHaveLength(0)
    expect(kinesisMock.calls()).toHaveLength(0) // not even the stream's ARN is asked for
  })
})

describe('mappingOf', () => {
  it('maps every setting the Consumers tab shows', () => {
    const m = mappingOf(
      mapping('orders-writer:live', {
        StateTransitionReason: 'User action',
        BatchSize: 100,
        MaximumBatchingWindowInSeconds: 5,
        StartingPosition: 'AT_TIMESTAMP',
        StartingPositionTimestamp: new Date(1_700_000_000_000),
        ParallelizationFactor: 2,
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: 3,
        MaximumRecordAgeInSeconds: 3600,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:000000000000:orders-dlq' } },
        LastProcessingResult: 'PROBLEM: Function call failed',
        LastModified: new Date(1_700_000_100_000),
        FilterCriteria: { Filters: [{ Pattern: '{"data":{"type":["order"]}}' }] }
      })
    )
    expect(m).toEqual({
      uuid: 'uuid-orders-writer:live',
      functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:orders-writer:live',
      functionName: 'orders-writer:live',
      state: 'Enabled',
      stateReason: 'User action',
      batchSize: 100,
      batchingWindowSeconds: 5,
      startingPosition: 'AT_TIMESTAMP',
      startingTimestamp: 1_700_000_000_000,
      parallelizationFactor: 2,
      bisectOnError: true,
      maxRetries: 3,
      maxRecordAgeSeconds: 3600,
      reportsItemFailures: true,
      tumblingWindowSeconds: null,
      onFailure: 'arn:aws:sqs:us-east-1:000000000000:orders-dlq',
      lastResult: 'PROBLEM: Function call failed',
      lastModified: 1_700_000_100_000,
      filtered: true
    })
  })

  it('leaves unset settings null rather than inventing defaults', () => {
    const m = mappingOf({})
    expect(m).toMatchObject({ functionName: '', state: 'Unknown', batchSize: null, onFailure: null, reportsItemFailures: false, filtered: false })
    expect(functionNameOf('not-an-arn')).toBe('not-an-arn')
  })
})

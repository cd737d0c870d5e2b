/**
 * A few lines of node:http that answer ListEventSourceMappings the way @aws-sdk/client-lambda asks
 * for it: REST-JSON, `GET /2015-03-31/event-source-mappings?EventSourceArn=…&Marker=…&MaxItems=…`,
 * timestamps as epoch seconds, errors named in `x-amzn-errortype`. There is no Lambda emulator on
 * npm or Debian; this lets integration and e2e tests run the whole path from
 * AWS_ENDPOINT_URL_LAMBDA to the Consumers tab. Answers come `pageSize` mappings a page
 * (NextMarker) so that paging runs too, and every request is kept for the test to inspect.
 */
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A mapping as Lambda's JSON carries it (LastModified and StartingPositionTimestamp in epoch seconds). */
export type StandInMapping = Record<string, unknown> & { UUID: string; EventSourceArn: string; FunctionArn: string }

export interface LambdaStandInRequest {
  method: string
  path: string
  query: Record<string, string>
}

export interface LambdaStandIn {
  url: string
  requests: LambdaStandInRequest[]
  /** Answer every call with AccessDeniedException from now on. */
  deny(on: boolean): void
  close(): Promise<void>
}

/** The SDK asks without the trailing slash the API reference shows; both are answered. */
const LIST_PATH = /^\/2015-03-31\/event-source-mappings\/?$/

export async function startLambdaStandIn(mappings: StandInMapping[], options: { pageSize?: number } = {}): Promise<LambdaStandIn> {
  const pageSize = options.pageSize ?? 2
  const requests: LambdaStandInRequest[] = []
  let denied = false
  const send = (res: ServerResponse, status: number, body: unknown, errorType?: string): void => {
    res.writeHead(status, { 'content-type': 'application/json', ...(errorType !== undefined ? { 'x-amzn-errortype': errorType } : {}) })
    res.end(JSON.stringify(body))
  }
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in')
    const query = Object.fromEntries(url.searchParams)
    requests.push({ method: req.method ?? '', path: url.pathname, query })
    req.resume()
    if (req.method !== 'GET' || !LIST_PATH.test(url.pathname)) {
      return send(res, 404, { Type: 'User', Message: `The stand-in answers ListEventSourceMappings only, not ${req.method} ${url.pathname}` }, 'ResourceNotFoundException')
    }
    if (denied) {
      return send(
        res,
        403,
        { Type: 'User', Message: 'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: lambda:ListEventSourceMappings because no identity-based policy allows the lambda:ListEventSourceMappings action' },
        'AccessDeniedException'
      )
    }
    const matching = mappings.filter((m) => query.EventSourceArn === undefined || m.EventSourceArn === query.EventSourceArn)
    const start = Number(query.Marker ?? 0)
    const size = Math.min(pageSize, Number(query.MaxItems ?? pageSize))
    const page = matching.slice(start, start + size)
    const next = start + size < matching.length ? String(start + size) : undefined
    send(res, 200, { EventSourceMappings: page, ...(next !== undefined ? { NextMarker: next } : {}) })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    deny(on) {
      denied = on
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

/** Two mappings of the pizza shop's functions on `streamArn`: one healthy, one giving up on batches. */
export function pizzaMappings(streamArn: string): StandInMapping[] {
  return [
    {
      UUID: '6d9bce8e-836b-442c-8070-74e77903c815',
      FunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:order-writer',
      EventSourceArn: streamArn,
      State: 'Enabled',
      StateTransitionReason: 'User action',
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 5,
      StartingPosition: 'TRIM_HORIZON',
      ParallelizationFactor: 1,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 2,
      MaximumRecordAgeInSeconds: 3600,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:000000000000:order-writer-failures' } },
      LastProcessingResult: 'PROBLEM: Function call failed',
      LastModified: 1_796_000_000
    },
    {
      UUID: 'a1f4c2d0-2b8e-4f7e-9d0b-5b1c7e6f2a10',
      FunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:loyalty-points:live',
      EventSourceArn: streamArn,
      State: 'Disabled',
      StateTransitionReason: 'USER_INITIATED',
      BatchSize: 500,
      MaximumBatchingWindowInSeconds: 0,
      StartingPosition: 'LATEST',
      ParallelizationFactor: 4,
      BisectBatchOnFunctionError: false,
      MaximumRetryAttempts: -1,
      MaximumRecordAgeInSeconds: -1,
      FunctionResponseTypes: [],
      LastProcessingResult: 'No records processed',
      LastModified: 1_795_000_000
    },
    {
      UUID: 'f00dfeed-0000-4000-8000-000000000000',
      FunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:another-streams-reader',
      EventSourceArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/SomethingElse',
      State: 'Enabled'
    }
  ]
}

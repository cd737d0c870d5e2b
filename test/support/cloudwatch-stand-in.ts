/**
 * A few lines of node:http that answer GetMetricData the way @aws-sdk/client-cloudwatch (3.11xx)
 * asks for it: AWS JSON 1.0, `x-amz-target: GraniteServiceVersion20100801.GetMetricData`, times
 * as epoch seconds. There is no CloudWatch emulator; this lets the e2e suite run the whole path
 * from AWS_ENDPOINT_URL_CLOUDWATCH to the chart. Answers come in two pages (NextToken) so that
 * paging runs too, and every request is kept for the test to inspect.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface StandInQuery {
  Id: string
  MetricStat: {
    Metric: { Namespace: string; MetricName: string; Dimensions: { Name: string; Value: string }[] }
    Period: number
    Stat: string
  }
}

export interface StandInRequest {
  target: string
  MetricDataQueries: StandInQuery[]
  StartTime: number
  EndTime: number
  NextToken?: string
}

/** Points for one query: [epoch ms, value] pairs, or none. */
export type StandInData = (query: StandInQuery, window: { start: number; end: number }) => [number, number][]

export interface CloudWatchStandIn {
  url: string
  requests: StandInRequest[]
  /** Answer every call with AccessDeniedException from now on. */
  deny(on: boolean): void
  close(): Promise<void>
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', ...headers })
  res.end(JSON.stringify(body))
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

export async function startCloudWatchStandIn(data: StandInData): Promise<CloudWatchStandIn> {
  const requests: StandInRequest[] = []
  let denied = false
  const server = createServer((req, res) => {
    void readBody(req).then((text) => {
      const target = String(req.headers['x-amz-target'] ?? '')
      if (target !== 'GraniteServiceVersion20100801.GetMetricData') {
        return send(res, 400, { __type: 'UnknownOperationException', message: `The stand-in answers GetMetricData only, not ${target}` })
      }
      const body = JSON.parse(text) as Omit<StandInRequest, 'target'>
      requests.push({ target, ...body })
      if (denied) {
        return send(
          res,
          400,
          { __type: 'com.amazon.coral.service#AccessDeniedException', message: 'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: cloudwatch:GetMetricData' },
          { 'x-amzn-query-error': 'AccessDenied;Sender' }
        )
      }
      const window = { start: body.StartTime * 1000, end: body.EndTime * 1000 }
      // Page 1 answers the first half of the queries, page 2 (NextToken "page-2") the rest.
      const half = Math.ceil(body.MetricDataQueries.length / 2)
      const page = body.NextToken === 'page-2' ? body.MetricDataQueries.slice(half) : body.MetricDataQueries.slice(0, half)
      const results = page.map((q) => {
        const points = data(q, window).filter(([t]) => t >= window.start && t < window.end)
        return {
          Id: q.Id,
          Label: q.MetricStat.Metric.MetricName,
          Timestamps: points.map(([t]) => t / 1000),
          Values: points.map(([, v]) => v),
          StatusCode: 'Complete'
        }
      })
      send(res, 200, { MetricDataResults: results, Messages: [], ...(body.NextToken === 'page-2' ? {} : { NextToken: 'page-2' }) })
    }, (error: unknown) => send(res, 500, { __type: 'InternalServiceFault', message: String(error) }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    deny: (on) => {
      denied = on
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

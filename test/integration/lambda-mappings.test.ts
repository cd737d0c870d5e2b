/**
 * The Lambda functions reading a stream, over real HTTP: the app on kinesis-local with
 * AWS_ENDPOINT_URL_LAMBDA pointing at the Lambda stand-in (REST-JSON ListEventSourceMappings).
 * Every page is read, only the stream's mappings are shown, a denial names the permission, and a
 * connection with a custom Kinesis endpoint and no Lambda endpoint sends nothing anywhere.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { AppCore } from '../../src/main/core/app-core'
import { createStreamAndWait, kinesisClient } from '../support/emulators'
import { pizzaMappings, startLambdaStandIn, type LambdaStandIn } from '../support/lambda-stand-in'
import { uniqueName } from '../support/stream-fixtures'
import { TestClient } from '../support/test-client'

const isolated = { AWS_REGION: 'us-east-1', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' }

describe('Lambda event source mappings through the stand-in', () => {
  let standIn: LambdaStandIn
  let core: AppCore
  let c: TestClient
  const stream = uniqueName('lambda')
  let arn = ''

  beforeAll(async () => {
    const endpoint = inject('kinesisLocalEndpoint')
    const direct = kinesisClient(endpoint)
    await createStreamAndWait(direct, stream, 1)
    direct.destroy()
    core = new AppCore({ env: { ...isolated, AWS_ENDPOINT_URL_KINESIS: endpoint }, userDataDir: null })
    c = new TestClient(core.handlers())
    await c.call('connections.select', { id: 'default' })
    arn = (await c.call('streams.describe', { name: stream })).arn
    standIn = await startLambdaStandIn(pizzaMappings(arn), { pageSize: 1 })
    await core.dispose()
    core = new AppCore({ env: { ...isolated, AWS_ENDPOINT_URL_KINESIS: endpoint, AWS_ENDPOINT_URL_LAMBDA: standIn.url }, userDataDir: null })
    c = new TestClient(core.handlers())
    await c.call('connections.select', { id: 'default' })
  })
  afterAll(async () => {
    await core.dispose()
    await standIn.close()
  })

  it("lists the stream's mappings from every page, by its ARN, and nothing else", async () => {
    standIn.requests.length = 0
    const view = await c.call('consumers.lambdaMappings', { stream })
    expect(view.streamArn).toBe(arn)
    expect(view.pages).toBe(2)
    expect(standIn.requests.map((r) => [r.method, r.path, r.query.EventSourceArn, r.query.Marker])).toEqual([
      ['GET', '/2015-03-31/event-source-mappings', arn, undefined],
      ['GET', '/2015-03-31/event-source-mappings', arn, '1']
    ])
    expect(view.mappings.map((m) => [m.functionName, m.state, m.onFailure])).toEqual([
      ['loyalty-points:live', 'Disabled', null],
      ['order-writer', 'Enabled', 'arn:aws:sqs:us-east-1:000000000000:order-writer-failures']
    ])
    const writer = view.mappings[1]
    expect(writer).toMatchObject({ batchSize: 100, batchingWindowSeconds: 5, bisectOnError: true, maxRetries: 2, reportsItemFailures: true, lastResult: 'PROBLEM: Function call failed' })
    // Lambda's epoch seconds arrive as epoch milliseconds.
    expect(writer?.lastModified).toBe(1_796_000_000_000)
  })

  it('names lambda:ListEventSourceMappings when it is denied, and the rest keeps working', async () => {
    standIn.deny(true)
    try {
      const error = await c.fails('consumers.lambdaMappings', { stream })
      expect(error.code).toBe('ACCESS_DENIED')
      expect(error.hint).toContain('lambda:ListEventSourceMappings')
      // What was tried is the Lambda endpoint, not the Kinesis one.
      expect(error.message).toContain(`endpoint ${standIn.url}`)
      expect(await c.call('consumers.list', { stream })).toEqual([])
    } finally {
      standIn.deny(false)
    }
  })

  it('sends no Lambda call on a custom Kinesis endpoint without a Lambda endpoint', async () => {
    const plain = new AppCore({ env: { ...isolated, AWS_ENDPOINT_URL_KINESIS: inject('kinesisLocalEndpoint') }, userDataDir: null })
    const client = new TestClient(plain.handlers())
    try {
      const active = await client.call('connections.select', { id: 'default' })
      expect(active.services.lambda).toMatchObject({ available: false })
      standIn.requests.length = 0
      const error = await client.fails('consumers.lambdaMappings', { stream })
      expect(error.code).toBe('SERVICE_UNAVAILABLE')
      expect(error.message).toContain('AWS_ENDPOINT_URL_LAMBDA')
      expect(standIn.requests).toHaveLength(0)
    } finally {
      await plain.dispose()
    }
  })

  it('a custom-endpoint connection that names a Lambda endpoint lists the mappings there', async () => {
    const custom = new AppCore({ env: isolated, userDataDir: null })
    const client = new TestClient(custom.handlers())
    try {
      const saved = await client.call('connections.save', { name: 'local with Lambda', kind: 'endpoint', endpoint: inject('kinesisLocalEndpoint'), region: 'us-east-1', lambdaEndpoint: standIn.url })
      const id = saved.connections.find((x) => x.name === 'local with Lambda')?.id ?? ''
      const active = await client.call('connections.select', { id })
      expect(active.services.lambda).toEqual({ available: true, endpoint: standIn.url })
      expect((await client.call('consumers.lambdaMappings', { stream })).mappings).toHaveLength(2)
    } finally {
      await custom.dispose()
    }
  })
})

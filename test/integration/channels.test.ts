/**
 * A stream's channels through the AWS-like proxy in front of kinesis-local (no emulator has
 * channels: the proxy answers ListChannels / DescribeChannel over real HTTP, AWS JSON 1.1, for the
 * channels a test gives it, and passes everything else to kinesis-local). Then the servers that
 * lack channels (kinesis-local and kinesalite themselves) and a missing permission.
 */
import { ListChannelsCommand, type KinesisClient } from '@aws-sdk/client-kinesis'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { AppCore } from '../../src/main/core/app-core'
import { s3Channel, tablesChannel } from '../support/channel-fixtures'
import { createStreamAndWait, kinesisClient, startKinesalite, type Emulator } from '../support/emulators'
import { startKinesisProxy, type KinesisProxy, type ProxyEvent } from '../support/kinesis-proxy'
import { uniqueName } from '../support/stream-fixtures'
import { TestClient } from '../support/test-client'

const isolated = { AWS_REGION: 'us-east-1', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' }

function appOn(endpoint: string): { core: AppCore; c: TestClient } {
  const core = new AppCore({ env: { ...isolated, AWS_ENDPOINT_URL_KINESIS: endpoint }, userDataDir: null })
  return { core, c: new TestClient(core.handlers()) }
}

describe('channels through the proxy (emulated) in front of kinesis-local', () => {
  let proxy: KinesisProxy
  let direct: KinesisClient
  let viaProxy: KinesisClient
  let core: AppCore
  let c: TestClient
  const events: ProxyEvent[] = []
  const stream = uniqueName('channels')
  const other = uniqueName('channels-other')
  let arn = ''

  beforeAll(async () => {
    const endpoint = inject('kinesisLocalEndpoint')
    direct = kinesisClient(endpoint)
    await createStreamAndWait(direct, stream, 1)
    await createStreamAndWait(direct, other, 1)
    proxy = await startKinesisProxy({ target: endpoint, latencyMs: 0 })
    proxy.onRequest((event) => events.push(event))
    viaProxy = kinesisClient(proxy.endpoint, { maxAttempts: 1 })
    ;({ core, c } = appOn(proxy.endpoint))
    await c.call('connections.select', { id: 'default' })
    arn = (await c.call('streams.describe', { name: stream })).arn
    const otherArn = (await c.call('streams.describe', { name: other })).arn
    proxy.emulateChannels([s3Channel(arn), s3Channel(otherArn, 'other-stream-to-s3'), tablesChannel(arn)], { pageSize: 1 })
  })
  afterAll(async () => {
    await core.dispose()
    viaProxy.destroy()
    direct.destroy()
    await proxy.close()
  })

  it('the proxy answers ListChannels in the SDK shapes: filtered by StreamARN, paged, timestamps as dates', async () => {
    const first = await viaProxy.send(new ListChannelsCommand({ StreamFilter: [{ StreamARN: arn }] }))
    expect(first.ChannelSummaries?.map((s) => s.ChannelName)).toEqual(['orders-to-s3'])
    expect(first.ChannelSummaries?.[0]?.ChannelCreationTimestamp).toEqual(new Date('2026-11-02T09:30:00Z'))
    expect(first.NextToken).toBeTruthy()
    const second = await viaProxy.send(new ListChannelsCommand({ StreamFilter: [{ StreamARN: arn }], NextToken: first.NextToken }))
    expect(second.ChannelSummaries?.map((s) => [s.ChannelName, s.ChannelDestinationType])).toEqual([['orders-iceberg', 'S3_TABLES']])
    expect(second.NextToken).toBeUndefined()
  })

  it("lists the stream's channels (every page) and describes each; other streams' channels are not shown", async () => {
    events.length = 0
    const view = await c.call('consumers.channels', { stream })
    expect(view.streamArn).toBe(arn)
    expect(view.pages).toBe(2)
    expect(view.channels.map((ch) => [ch.name, ch.status, ch.destinationType])).toEqual([
      ['orders-to-s3', 'ACTIVE', 'S3'],
      ['orders-iceberg', 'FAILED', 'S3_TABLES']
    ])
    const [s3, tables] = view.channels
    expect(s3?.details?.destination).toMatchObject({ type: 'S3', bucketName: 'pizza-orders-archive', compression: 'GZIP', storageClass: 'INTELLIGENT_TIERING', keyTemplate: 'orders/{yyyy}/{MM}/{dd}/' })
    expect(s3?.details).toMatchObject({ recordFormat: 'JSON', dataFreshnessSeconds: 300, deadLetter: { bucketName: 'pizza-orders-dlq' }, logging: { enabled: true } })
    expect(s3?.createdAt).toBe(Date.parse('2026-11-02T09:30:00Z'))
    expect(tables?.statusReason).toContain('cannot write to the table bucket analytics-tables')
    expect(tables?.details?.destination).toMatchObject({ type: 'S3_TABLES', tables: [{ namespace: 'pizza', table: 'orders', tableBucketName: 'analytics-tables' }] })
    // Read only: only list and describe calls went out for channels, each answered by the proxy.
    const channelCalls = events.filter((e) => /Channel/.test(e.operation))
    expect(channelCalls.map((e) => e.operation)).toEqual(['ListChannels', 'ListChannels', 'DescribeChannel', 'DescribeChannel'])
    expect(channelCalls.every((e) => e.outcome === 'emulated' && e.status === 200)).toBe(true)
  })

  it('a stream with no channels: an empty list; a stream that does not exist: STREAM_NOT_FOUND', async () => {
    expect((await c.fails('consumers.channels', { stream: uniqueName('none') })).code).toBe('STREAM_NOT_FOUND')
    const bare = uniqueName('bare')
    await createStreamAndWait(direct, bare, 1)
    expect((await c.call('consumers.channels', { stream: bare })).channels).toEqual([])
  })

  it('kinesis:ListChannels denied: ACCESS_DENIED naming the permission; consumers still list', async () => {
    proxy.injectError('ListChannels', 'AccessDeniedException', `User: arn:aws:iam::000000000000:user/dev is not authorized to perform: kinesis:ListChannels on resource: ${arn}`)
    const error = await c.fails('consumers.channels', { stream })
    expect(error.code).toBe('ACCESS_DENIED')
    expect(error.hint).toContain('kinesis:ListChannels')
    expect(await c.call('consumers.list', { stream })).toEqual([])
  })

  it('kinesis:DescribeChannel denied: the channels are listed, their details say which permission', async () => {
    proxy.injectError('DescribeChannel', 'AccessDeniedException', 'User: arn:aws:iam::000000000000:user/dev is not authorized to perform: kinesis:DescribeChannel')
    const view = await c.call('consumers.channels', { stream })
    expect(view.channels.map((ch) => ch.name)).toEqual(['orders-to-s3', 'orders-iceberg'])
    expect(view.channels.map((ch) => ch.detailsError?.code)).toEqual(['ACCESS_DENIED', 'ACCESS_DENIED'])
    expect(view.channels[0]?.detailsError?.hint).toContain('kinesis:DescribeChannel')
  })
})

describe('servers without channels', () => {
  let kinesalite: Emulator
  const apps: AppCore[] = []
  afterAll(async () => {
    for (const core of apps) await core.dispose()
    await kinesalite.close()
  })

  it('kinesis-local and kinesalite: UNSUPPORTED, said plainly, and the consumers list still works', async () => {
    kinesalite = await startKinesalite()
    for (const endpoint of [inject('kinesisLocalEndpoint'), kinesalite.endpoint]) {
      const kinesis = kinesisClient(endpoint)
      const name = uniqueName('no-channels')
      await createStreamAndWait(kinesis, name, 1)
      kinesis.destroy()
      const { core, c } = appOn(endpoint)
      apps.push(core)
      await c.call('connections.select', { id: 'default' })
      const error = await c.fails('consumers.channels', { stream: name })
      expect(error.code).toBe('UNSUPPORTED')
      expect(error.message).toBe('This Kinesis server does not support channels (ListChannels).')
      expect(error.hint).toContain('they exist on AWS')
      if (endpoint !== kinesalite.endpoint) expect(await c.call('consumers.list', { stream: name })).toEqual([])
    }
  })
})

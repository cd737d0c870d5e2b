/**
 * The embedded sandbox: a kinesalite server that main starts on demand, bound to 127.0.0.1 only
 * (kinesis-local listens on every interface, so it is a test backend, never started here), on a
 * free port, with its data on LevelDB under the user-data folder so it survives restarts.
 * On first start it seeds OrderStream (2 shards) with a few sample pizza orders.
 */
import kinesalite from 'kinesalite'
import type { ServiceAccess } from '../../../shared/domain'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdir } from 'node:fs/promises'
import {
  CreateStreamCommand,
  ListStreamsCommand,
  PutRecordsCommand,
  waitUntilStreamExists
} from '@aws-sdk/client-kinesis'
import { createKinesisClients, localCredentials } from '../connections/client-factory'
import { orderPartitionKey, sampleOrder } from './sample-orders'
import { AppFailure } from '../../../shared/errors'

export const SANDBOX_REGION = 'us-east-1'
export const SANDBOX_STREAM = 'OrderStream'
const SAMPLE_ORDER_COUNT = 12

export interface Sandbox {
  endpoint: string
  stop(): Promise<void>
}

/** `dataDir` null keeps everything in memory (tests). */
export async function startSandbox(dataDir: string | null): Promise<Sandbox> {
  if (dataDir !== null) await mkdir(dataDir, { recursive: true })
  const server: Server = kinesalite({
    createStreamMs: 0,
    deleteStreamMs: 0,
    updateStreamMs: 0,
    ...(dataDir !== null ? { path: dataDir } : {})
  })
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => resolve())
    })
  } catch (error) {
    throw new AppFailure(
      'SANDBOX_FAILED',
      `The local sandbox could not start: ${(error as Error).message}`,
      dataDir !== null ? `Another copy of the app may be using ${dataDir}; close it and try again.` : undefined
    )
  }
  const { port } = server.address() as AddressInfo
  const endpoint = `http://127.0.0.1:${port}`
  await seedOrderStream(endpoint)
  return {
    endpoint,
    stop: async () => {
      server.closeAllConnections()
      // kinesalite finishes CreateStream/DeleteStream in a timer after it has answered; closing
      // LevelDB under such a write crashes leveldown, so let those timers run first.
      await new Promise((resolve) => setTimeout(resolve, 50))
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}

const noService = (service: string): ServiceAccess => ({
  available: false,
  reason: `The local sandbox has no ${service}; the app shows what it observes itself instead.`
})

/** The sandbox is Kinesis only: metrics are observed by the app, and there are no lease tables. */
export const SANDBOX_SERVICES = {
  cloudwatch: noService('CloudWatch'),
  dynamodb: {
    available: false,
    reason: 'The local sandbox has no DynamoDB, so it has no KCL lease tables. Use a connection whose DynamoDB endpoint holds them (AWS, or a custom endpoint with a DynamoDB endpoint).'
  } satisfies ServiceAccess,
  glue: {
    available: false,
    reason: 'The local sandbox has no Glue Schema Registry. Attach a local schema file to the stream instead, or use a connection whose Glue endpoint holds the schemas.'
  } satisfies ServiceAccess
}

async function seedOrderStream(endpoint: string): Promise<void> {
  const clients = createKinesisClients({
    region: SANDBOX_REGION,
    endpoint,
    profile: null,
    credentials: localCredentials,
    services: SANDBOX_SERVICES
  })
  const kinesis = clients.control
  try {
    const { StreamNames = [] } = await kinesis.send(new ListStreamsCommand({}))
    if (StreamNames.includes(SANDBOX_STREAM)) return
    await kinesis.send(new CreateStreamCommand({ StreamName: SANDBOX_STREAM, ShardCount: 2 }))
    await waitUntilStreamExists({ client: kinesis, maxWaitTime: 30, minDelay: 1 }, { StreamName: SANDBOX_STREAM })
    const start = Date.now() - SAMPLE_ORDER_COUNT * 60_000
    const orders = Array.from({ length: SAMPLE_ORDER_COUNT }, (_, i) =>
      sampleOrder(i, new Date(start + i * 60_000))
    )
    await kinesis.send(
      new PutRecordsCommand({
        StreamName: SANDBOX_STREAM,
        Records: orders.map((order) => ({
          PartitionKey: orderPartitionKey(order),
          Data: Buffer.from(JSON.stringify(order))
        }))
      })
    )
  } finally {
    clients.destroy()
  }
}

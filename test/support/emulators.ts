/**
 * Local Kinesis backends for tests: kinesalite in process (fast, loopback only) and kinesis-local
 * (the kinesis-mock engine LocalStack uses) as a child process, plus client and stream helpers.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import kinesalite from 'kinesalite'
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  KinesisClient,
  ListStreamsCommand,
  type KinesisClientConfig
} from '@aws-sdk/client-kinesis'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { freePort } from './free-port'

export interface Emulator {
  endpoint: string
  close(): Promise<void>
}

/** In memory, instant state changes, and room for many streams (kinesalite's default is 10 shards an account). */
export function startKinesalite(): Promise<Emulator> {
  return serveOnLoopback(kinesalite({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0, shardLimit: 1000 }))
}

/** Listens on a free port of 127.0.0.1; close() also ends kept-alive connections. */
export async function serveOnLoopback(server: Server): Promise<Emulator> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}

export interface ChildEmulator {
  endpoint: string
  /** The child's process id, e.g. to change its scheduling priority (bench/support.ts). */
  pid: number | undefined
  close(): void
}

/** kinesalite in a child process (so its CPU is not the reader's), on 127.0.0.1, in memory. */
export function startKinesaliteProcess(): Promise<ChildEmulator> {
  const script = `require('kinesalite')({ createStreamMs: 0, shardLimit: 1000 }).listen(0, '127.0.0.1', function () { console.log('PORT ' + this.address().port) })`
  const child = spawn(process.execPath, ['--max-old-space-size=8192', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise((resolvePort, reject) => {
    child.once('exit', (code) => reject(new Error(`kinesalite exited (${String(code)})`)))
    child.stdout.on('data', (chunk: Buffer) => {
      const port = /PORT (\d+)/.exec(chunk.toString())?.[1]
      if (port !== undefined) resolvePort({ endpoint: `http://127.0.0.1:${port}`, pid: child.pid, close: () => child.kill() })
    })
  })
}

/**
 * A client for an emulator: us-east-1, dummy static credentials and the HTTP/1.1 handler (the
 * SDK's default HTTP/2 handler fails with "Protocol error" on plain http:// ports).
 * Pass `{ maxAttempts: 1 }` to see throttling and network errors instead of SDK retries.
 */
export function kinesisClient(endpoint: string, config: Partial<KinesisClientConfig> = {}): KinesisClient {
  return new KinesisClient({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: new NodeHttpHandler(),
    ...config
  })
}

/** Creates a stream and polls DescribeStreamSummary until it is ACTIVE (kinesis-local creates asynchronously). */
export async function createStreamAndWait(client: KinesisClient, name: string, shardCount: number): Promise<void> {
  await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: shardCount }))
  for (let attempt = 0; attempt < 200; attempt++) {
    const { StreamDescriptionSummary } = await client.send(new DescribeStreamSummaryCommand({ StreamName: name }))
    if (StreamDescriptionSummary?.StreamStatus === 'ACTIVE') return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`Stream ${name} did not become ACTIVE`)
}

const STARTUP_ATTEMPTS = 3
const READY_POLLS = 200
const READY_POLL_MS = 50

/**
 * Spawns kinesis-local on a free plain-HTTP port. Notes from running it:
 * - It opens its TLS certificate (`server.json`) relative to the working directory, so without
 *   KINESIS_MOCK_CERT_PATH it dies at startup unless cwd is its package folder.
 * - It always binds 0.0.0.0; we talk to it on 127.0.0.1. It is ready after about a second.
 * - Durations use the Scala format ("0ms"); every async state change is set near-instant here.
 * Retries with new ports if the child exits before it answers (a port taken in between).
 */
export async function startKinesisLocal(): Promise<Emulator> {
  let lastError: Error | null = null
  for (let attempt = 0; attempt < STARTUP_ATTEMPTS; attempt++) {
    try {
      return await spawnKinesisLocal()
    } catch (error) {
      lastError = error instanceof Error ? error : new Error(String(error))
    }
  }
  throw lastError ?? new Error('kinesis-local did not start')
}

async function spawnKinesisLocal(): Promise<Emulator> {
  const main = createRequire(__filename).resolve('kinesis-local/main.js')
  const plainPort = await freePort()
  const tlsPort = await freePort()
  const durations = [
    'CREATE_STREAM_DURATION',
    'DELETE_STREAM_DURATION',
    'MERGE_SHARDS_DURATION',
    'SPLIT_SHARD_DURATION',
    'UPDATE_SHARD_COUNT_DURATION',
    'UPDATE_STREAM_MODE_DURATION',
    'REGISTER_STREAM_CONSUMER_DURATION',
    'DEREGISTER_STREAM_CONSUMER_DURATION',
    'START_STREAM_ENCRYPTION_DURATION',
    'STOP_STREAM_ENCRYPTION_DURATION'
  ]
  const child = spawn(process.execPath, [main], {
    env: {
      ...process.env,
      ...Object.fromEntries(durations.map((name) => [name, '0ms'])),
      KINESIS_MOCK_PLAIN_PORT: String(plainPort),
      KINESIS_MOCK_TLS_PORT: String(tlsPort),
      KINESIS_MOCK_CERT_PATH: path.join(path.dirname(main), 'server.json'),
      SHOULD_PERSIST_DATA: 'false',
      LOAD_DATA_IF_EXISTS: 'false',
      SHARD_LIMIT: '1000',
      // Its default is 10 on-demand streams, fewer than the suites that share one kinesis-local create.
      ON_DEMAND_STREAM_COUNT_LIMIT: '1000',
      LOG_LEVEL: 'ERROR',
      ROOT_LOG_LEVEL: 'ERROR'
    },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  // Keep the tail of its output for the error message if it fails to start.
  let output = ''
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-4000)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  let exited = false
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true
      resolve()
    })
  )
  const killOnExit = (): void => void child.kill('SIGKILL')
  process.once('exit', killOnExit)

  const close = async (): Promise<void> => {
    process.removeListener('exit', killOnExit)
    if (!exited) {
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000)
      await exit
      clearTimeout(timer)
    }
  }

  const endpoint = `http://127.0.0.1:${plainPort}`
  const client = kinesisClient(endpoint, { maxAttempts: 1 })
  try {
    await waitUntilReady(client, child, () => exited)
  } catch (error) {
    await close()
    const reason = error instanceof Error ? error.message : String(error)
    throw new Error(`kinesis-local did not start on ${endpoint}: ${reason}\n${output}`, { cause: error })
  } finally {
    client.destroy()
  }
  return { endpoint, close }
}

/** Startup readiness: a real ListStreams call, polled a bounded number of times. */
async function waitUntilReady(client: KinesisClient, child: ChildProcess, exited: () => boolean): Promise<void> {
  for (let poll = 0; poll < READY_POLLS; poll++) {
    if (exited()) throw new Error(`it exited with code ${String(child.exitCode)}`)
    try {
      await client.send(new ListStreamsCommand({}))
      return
    } catch {
      await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS))
    }
  }
  throw new Error(`no answer after ${(READY_POLLS * READY_POLL_MS) / 1000} s`)
}

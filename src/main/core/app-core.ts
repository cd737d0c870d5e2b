/**
 * Everything main does, with no electron import: the connection manager, the stream gateway and
 * the read sessions, wired to the contract's operations. Both hosts create one AppCore and hand
 * its handlers to the router.
 */
import { join } from 'node:path'
import { AppFailure } from '../../shared/errors'
import type { OperationName } from '../../shared/contract'
import type { DecodedRecord } from '../../shared/domain'
import type { Handlers } from '../router'
import type { Env } from './connections/aws-environment'
import { toAppFailure } from './connections/aws-errors'
import { ConnectionManager } from './connections/connection-manager'
import { fileConnectionStore, type ConnectionStore } from './connections/connection-store'
import * as gateway from './kinesis/stream-gateway'
import { defaultTuning, type ReaderTuning } from './reader/read-budget'
import { ReaderService } from './reader/reader-service'
import { DEFAULT_STUCK_AFTER_MS, LeaseService } from './consumers/lease-service'
import { shardAndConsumerHandlers } from './shard-consumer-handlers'
import { shardLoad, streamMetrics } from './metrics/metrics-service'
import { ObservedTrafficLog } from './metrics/observed-traffic'

export interface AppCoreOptions {
  env: Env
  /** Where saved connections and the sandbox's data live; null keeps everything in memory. */
  userDataDir: string | null
  /** Host capability: the Electron host shows a save dialog; the web host has none. */
  saveFile?: (suggestedName: string, content: string) => Promise<string | null>
  tuning?: Partial<ReaderTuning>
  /** How long a lease counter must stand still before the lease counts as stuck (tests use 0). */
  leaseStuckAfterMs?: number
}

export class AppCore {
  readonly connections: ConnectionManager
  readonly reader: ReaderService
  private readonly tuning: ReaderTuning
  private readonly leases: LeaseService
  /** Traffic the app saw itself; the producer reports its confirmed records here (recordSent). */
  readonly observed = new ObservedTrafficLog()

  constructor(private readonly options: AppCoreOptions) {
    this.connections = new ConnectionManager({
      env: options.env,
      store: options.userDataDir !== null ? fileConnectionStore(options.userDataDir) : memoryStore(),
      sandboxDataDir: options.userDataDir !== null ? join(options.userDataDir, 'sandbox') : null
    })
    this.tuning = { ...defaultTuning, ...options.tuning }
    this.reader = new ReaderService(this.tuning, (stream, records) => {
      for (const [shardId, { count, bytes }] of perShard(records)) this.observed.recordRead(stream, shardId, count, bytes)
    })
    this.leases = new LeaseService(options.leaseStuckAfterMs ?? DEFAULT_STUCK_AFTER_MS)
  }

  async dispose(): Promise<void> {
    this.reader.stopAll()
    await this.connections.dispose()
  }

  handlers(): Handlers {
    const connections = this.connections
    /** Runs a control-plane call on the active connection, with errors that say what was tried. */
    const onStream = async <T>(what: string, fn: (c: ReturnType<ConnectionManager['require']>) => Promise<T>): Promise<T> => {
      const connection = connections.require()
      try {
        return await fn(connection)
      } catch (error) {
        throw toAppFailure(error, what, connection.target)
      }
    }
    return {
      'connections.list': () => connections.list(),
      'connections.save': (input) => connections.save(input),
      'connections.remove': ({ id }) => connections.remove(id),
      'connections.select': async ({ id }) => {
        this.reader.stopAll() // sessions belong to the connection they were opened on
        this.leases.forget()
        this.observed.clear() // and so do the streams the app observed
        return connections.select(id)
      },
      'connections.active': () => Promise.resolve(connections.active()),

      'streams.list': () => onStream('list streams', (c) => gateway.listStreams(c.clients.control)),
      'streams.describe': ({ name }) =>
        onStream(`describe stream ${name}`, (c) => gateway.describeStream(c.clients.control, name)),
      'streams.shards': ({ name }) =>
        onStream(`list the shards of ${name}`, (c) => gateway.listShards(c.clients.control, name)),
      'streams.create': (input) =>
        onStream(`create stream ${input.name}`, (c) => gateway.createStream(c.clients.control, input)),
      'streams.delete': async ({ name, confirmName }) => {
        if (confirmName !== name) {
          throw new AppFailure(
            'CONFIRMATION_MISMATCH',
            `The confirmation "${confirmName}" does not match the stream name "${name}".`,
            'Type the stream name exactly to delete it.'
          )
        }
        await onStream(`delete stream ${name}`, (c) => gateway.deleteStream(c.clients.control, name))
        return { name }
      },

      ...shardAndConsumerHandlers(connections, this.leases, this.tuning),

      'reader.start': (input, client) => this.reader.start(connections.require(), input, client),
      'reader.pause': ({ sessionId }, client) => Promise.resolve({ state: this.reader.pause(sessionId, client) }),
      'reader.resume': ({ sessionId }, client) => Promise.resolve({ state: this.reader.resume(sessionId, client) }),
      'reader.stop': ({ sessionId }, client) => Promise.resolve({ state: this.reader.stop(sessionId, client) }),

      'metrics.stream': ({ stream, range }) => streamMetrics(connections.require(), stream, range),
      'metrics.shardLoad': ({ stream, minutes }) => shardLoad(connections.require(), stream, minutes),
      'metrics.observed': ({ stream }) => Promise.resolve(this.observed.snapshot(stream)),

      // Placeholders until the producer lands (issue 6): the contract is shared by the work in flight.
      ...notYet([
        'producer.put',
        'producer.startBulk',
        'producer.cancel',
        'templates.list',
        'templates.save',
        'templates.remove',
        'templates.import',
        'replay.create',
        'replay.append',
        'replay.plan',
        'replay.start',
        'replay.discard'
      ]),

      'files.saveExport': async ({ suggestedName, content }) => {
        if (this.options.saveFile === undefined) {
          throw new AppFailure('UNSUPPORTED', 'Saving files is done by the browser here.', 'Use the download the page offers.')
        }
        return { path: await this.options.saveFile(suggestedName, content) }
      }
    }
  }
}

function notYet<K extends OperationName>(names: K[]): Pick<Handlers, K> {
  const handlers = {} as Record<K, () => Promise<never>>
  for (const name of names) {
    handlers[name] = () => Promise.reject(new AppFailure('UNSUPPORTED', `${name} is not built yet.`))
  }
  return handlers
}

/** A batch's records and bytes per shard. */
function perShard(records: DecodedRecord[]): Map<string, { count: number; bytes: number }> {
  const shards = new Map<string, { count: number; bytes: number }>()
  for (const record of records) {
    const entry = shards.get(record.shardId) ?? { count: 0, bytes: 0 }
    entry.count += 1
    entry.bytes += record.size
    shards.set(record.shardId, entry)
  }
  return shards
}

function memoryStore(): ConnectionStore {
  let saved: Awaited<ReturnType<ConnectionStore['load']>> = []
  return {
    load: () => Promise.resolve(structuredClone(saved)),
    save: (connections) => {
      saved = structuredClone(connections)
      return Promise.resolve()
    }
  }
}

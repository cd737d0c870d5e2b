/**
 * Everything main does, with no electron import: the connection manager, the stream gateway and
 * the read sessions, wired to the contract's operations. Both hosts create one AppCore and hand
 * its handlers to the router.
 */
import { join } from 'node:path'
import { AppFailure } from '../../shared/errors'
import type { Handlers } from '../router'
import type { Env } from './connections/aws-environment'
import { ConnectionManager } from './connections/connection-manager'
import { fileConnectionStore, type ConnectionStore } from './connections/connection-store'
import type { ClientTimeouts } from './connections/client-factory'
import { collectDiagnostics } from './diagnostics/diagnostics'
import { createMainLog, type MainLog } from './diagnostics/main-log'
import * as gateway from './kinesis/stream-gateway'
import { updateMaxRecordSize } from './kinesis/record-size'
import { defaultTuning, type ReaderTuning } from './reader/read-budget'
import { estimateRead } from './reader/read-estimate'
import { ReaderService } from './reader/reader-service'
import { ProducerService, type ProducerServiceOptions } from './producer/producer-service'
import { ReplayDrafts } from './producer/replay-drafts'
import { putOne } from './producer/single-put'
import { templateStore, type TemplateStore } from './producer/template-store'
import { DEFAULT_STUCK_AFTER_MS, LeaseService } from './consumers/lease-service'
import { RewindService } from './consumers/rewind-service'
import { leaseRewindHandlers } from './lease-rewind-handlers'
import { shardAndConsumerHandlers } from './shard-consumer-handlers'
import { requireTypedName } from './typed-name'
import { streamConfigHandlers } from './stream-config-handlers'
import { schemaWritingHandlers } from './schema-writing-handlers'
import { schemaWriterFor } from './schemas/schema-writer'
import { shardLoad, streamMetrics } from './metrics/metrics-service'
import { ObservedTrafficLog } from './metrics/observed-traffic'
import { SchemaService } from './schemas/schema-service'

export interface AppCoreOptions {
  env: Env
  /** Where saved connections and the sandbox's data live; null keeps everything in memory. */
  userDataDir: string | null
  /** Host capability: the Electron host shows a save dialog; the web host has none. */
  saveFile?: (suggestedName: string, content: string) => Promise<string | null>
  /**
   * Host capability: where a search's matches file goes (the Electron host asks with a save
   * dialog). Without it, matches files go to the user-data folder's searches/.
   */
  chooseMatchesFile?: (suggestedName: string) => Promise<string | null>
  tuning?: Partial<ReaderTuning>
  /** The bulk sender's clock and tuning (tests), and the observed-writes seam for metrics. */
  producer?: ProducerServiceOptions
  /** How long AWS calls may take; tests shorten them. */
  clientTimeouts?: ClientTimeouts
  /** Main's log (the hosts create theirs first, for the crash guards); by default one under userDataDir. */
  log?: MainLog
  /** The app's version, for diagnostics. */
  appVersion?: string
  /** How long a lease counter must stand still before the lease counts as stuck (tests use 0). */
  leaseStuckAfterMs?: number
  /** The most checkpoints a lease table refresh measures the lag of (default MAX_LAG_MEASURED). */
  leaseLagLimit?: number
  /**
   * Host capability: where a rewind's lease backup goes (the Electron host asks with a save
   * dialog). Without it, backups go to the user-data folder's lease-backups/.
   */
  chooseLeaseBackupFile?: (suggestedName: string) => Promise<string | null>
  /** How long a rewind watches the lease counters (default 2× the KCL's failover time; tests shorten it). */
  leaseWatchMs?: number
  /** Test seam: runs between a rewind's watch and backup and its first write. */
  beforeLeaseWrite?: () => Promise<void>
}

export class AppCore {
  readonly connections: ConnectionManager
  readonly reader: ReaderService
  readonly producer: ProducerService
  readonly drafts = new ReplayDrafts()
  readonly templates: TemplateStore
  readonly log: MainLog
  /** Local schema files attached to streams, and each connection's Glue Schema Registry. */
  readonly schemas: SchemaService
  private readonly tuning: ReaderTuning
  private readonly leases: LeaseService
  private readonly rewinds: RewindService
  /** Traffic the app saw itself; the producer reports its confirmed records here (recordSent). */
  readonly observed = new ObservedTrafficLog()

  constructor(private readonly options: AppCoreOptions) {
    this.log = options.log ?? createMainLog({ userDataDir: options.userDataDir })
    const warn = (message: string): void => this.log.write('warn', message)
    this.connections = new ConnectionManager({
      env: options.env,
      store: options.userDataDir !== null ? fileConnectionStore(options.userDataDir, warn) : memoryStore(),
      sandboxDataDir: options.userDataDir !== null ? join(options.userDataDir, 'sandbox') : null,
      ...(options.clientTimeouts !== undefined ? { timeouts: options.clientTimeouts } : {})
    })
    this.tuning = { ...defaultTuning, ...options.tuning }
    const userDataDir = options.userDataDir
    this.schemas = new SchemaService(userDataDir)
    this.reader = new ReaderService(
      this.tuning,
      (stream, shardId, records, bytes) => this.observed.recordRead(stream, shardId, records, bytes),
      options.chooseMatchesFile ??
        (userDataDir === null ? null : (name) => Promise.resolve(join(userDataDir, 'searches', name))),
      (connection, stream) => this.schemas.forRead(connection, stream)
    )
    this.producer = new ProducerService({
      ...options.producer,
      observe: (stream, shardId, records, bytes) => {
        this.observed.recordSent(stream, shardId, records, bytes)
        options.producer?.observe?.(stream, shardId, records, bytes)
      }
    })
    this.templates = templateStore(options.userDataDir)
    this.leases = new LeaseService(options.leaseStuckAfterMs ?? DEFAULT_STUCK_AFTER_MS, Date.now, options.leaseLagLimit)
    this.rewinds = new RewindService({
      tuning: this.tuning,
      chooseBackupFile:
        options.chooseLeaseBackupFile ??
        (userDataDir === null ? null : (name) => Promise.resolve(join(userDataDir, 'lease-backups', name))),
      ...(options.leaseWatchMs !== undefined ? { watchMs: options.leaseWatchMs } : {}),
      ...(options.beforeLeaseWrite !== undefined ? { beforeWrite: options.beforeLeaseWrite } : {})
    })
  }

  async dispose(): Promise<void> {
    this.reader.stopAll()
    this.producer.stopAll()
    await this.connections.dispose()
  }

  handlers(): Handlers {
    const connections = this.connections
    return {
      'connections.list': () => connections.list(),
      'connections.save': (input) => connections.save(input),
      'connections.remove': ({ id }) => connections.remove(id),
      'connections.select': async ({ id }) => {
        this.reader.stopAll() // sessions belong to the connection they were opened on
        const previous = connections.active()
        if (previous !== null) this.producer.stopOnConnection(previous.connectionId)
        this.leases.forget()
        this.observed.clear() // and so do the streams the app observed
        return connections.select(id)
      },
      'connections.active': () => Promise.resolve(connections.active()),
      'connections.cancelSelect': () => Promise.resolve(connections.cancelSelect()),

      'app.diagnostics': () =>
        Promise.resolve(
          collectDiagnostics({
            appVersion: this.options.appVersion ?? 'unknown',
            active: connections.active(),
            logFile: this.log.path
          })
        ),

      'streams.list': () => connections.use('list streams', (c) => gateway.listStreams(c.clients.control)),
      'streams.describe': ({ name }) =>
        connections.use(`describe stream ${name}`, (c) => gateway.describeStream(c.clients.control, name)),
      'streams.shards': ({ name }) =>
        connections.use(`list the shards of ${name}`, (c) => gateway.listShards(c.clients.control, name)),
      'streams.create': (input) =>
        connections.use(`create stream ${input.name}`, (c) => gateway.createStream(c.clients.control, input)),
      'streams.setMaxRecordSize': async ({ name, maxRecordSizeKiB, confirmName }) => {
        requireTypedName(connections, name, confirmName, 'change its maximum record size')
        const message = await connections.use(`change the maximum record size of ${name}`, (c) => updateMaxRecordSize(c.clients.control, name, maxRecordSizeKiB))
        return { name, message }
      },
      'streams.delete': async ({ name, confirmName }) => {
        if (confirmName !== name) {
          throw new AppFailure(
            'CONFIRMATION_MISMATCH',
            `The confirmation "${confirmName}" does not match the stream name "${name}".`,
            'Type the stream name exactly to delete it.'
          )
        }
        await connections.use(`delete stream ${name}`, (c) => gateway.deleteStream(c.clients.control, name))
        return { name }
      },

      ...shardAndConsumerHandlers(connections, this.leases, this.tuning),
      ...leaseRewindHandlers(connections, this.rewinds),
      ...streamConfigHandlers(connections),
      ...schemaWritingHandlers(connections, this.schemas),

      'reader.start': (input, client) => this.reader.start(connections.require(), input, client),
      'reader.estimate': (input) => connections.use(`estimate the read of ${input.stream}`, (c) => estimateRead(c, input)),
      'reader.pause': ({ sessionId }, client) => Promise.resolve({ state: this.reader.pause(sessionId, client) }),
      'reader.resume': ({ sessionId }, client) => Promise.resolve({ state: this.reader.resume(sessionId, client) }),
      'reader.stop': ({ sessionId }, client) => Promise.resolve({ state: this.reader.stop(sessionId, client) }),
      'reader.ack': ({ delivery }, client) => {
        client.acknowledge(delivery)
        return Promise.resolve({ delivery })
      },

      'producer.put': async (input) => {
        const sent = await putOne(connections.require(), input)
        this.observed.recordSent(sent.stream, sent.shardId, 1, sent.size)
        return sent
      },
      'producer.startBulk': async (input, client) => {
        const connection = connections.require()
        const schema = input.template.schema === undefined ? null : await schemaWriterFor(this.schemas.registry(connection)).encoder(input.template.schema)
        return this.producer.startBulk(connection, input, client, schema)
      },
      'producer.cancel': ({ jobId }, client) => Promise.resolve({ state: this.producer.cancel(jobId, client) }),

      'templates.list': () => this.templates.list(),
      'templates.save': (input) => this.templates.save(input),
      'templates.remove': ({ id }) => this.templates.remove(id),
      'templates.import': ({ content }) => this.templates.import(content),

      ...this.schemas.handlers(),

      'replay.create': (_input, client) => Promise.resolve({ draftId: this.drafts.create(client) }),
      'replay.append': ({ draftId, records }, client) => Promise.resolve({ count: this.drafts.append(draftId, records, client) }),
      'replay.plan': async ({ draftId, target }, client) => {
        const records = this.drafts.records(draftId, client)
        return this.producer.plan(await connections.connectionFor(target.connectionId), draftId, target.stream, records)
      },
      'replay.start': async ({ draftId, target, ratePerSecond, confirmName, skipTooLarge }, client) => {
        const records = this.drafts.records(draftId, client)
        const connection = await connections.connectionFor(target.connectionId)
        return this.producer.startReplay(connection, { stream: target.stream, ratePerSecond, confirmName, skipTooLarge: skipTooLarge === true }, records, client)
      },
      'replay.discard': ({ draftId }, client) => {
        this.drafts.discard(draftId, client)
        return Promise.resolve({ draftId })
      },

      'metrics.stream': ({ stream, range }) => streamMetrics(connections.require(), stream, range),
      'metrics.shardLoad': ({ stream, minutes }) => shardLoad(connections.require(), stream, minutes),
      'metrics.observed': ({ stream }) => Promise.resolve(this.observed.snapshot(stream)),


      'files.saveExport': async ({ suggestedName, content }) => {
        if (this.options.saveFile === undefined) {
          throw new AppFailure('UNSUPPORTED', 'Saving files is done by the browser here.', 'Use the download the page offers.')
        }
        return { path: await this.options.saveFile(suggestedName, content) }
      }
    }
  }
}

/** A batch's records and bytes per shard. */
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

/**
 * Everything main does, with no electron import: the connection manager, the stream gateway and
 * the read sessions, wired to the contract's operations. Both hosts create one AppCore and hand
 * its handlers to the router.
 */
import { join } from 'node:path'
import { AppFailure } from '../../shared/errors'
import type { OperationName } from '../../shared/contract'
import type { Handlers } from '../router'
import type { Env } from './connections/aws-environment'
import { toAppFailure } from './connections/aws-errors'
import { ConnectionManager } from './connections/connection-manager'
import { fileConnectionStore, type ConnectionStore } from './connections/connection-store'
import type { ClientTimeouts } from './connections/client-factory'
import { collectDiagnostics } from './diagnostics/diagnostics'
import { createMainLog, type MainLog } from './diagnostics/main-log'
import * as gateway from './kinesis/stream-gateway'
import { defaultTuning, type ReaderTuning } from './reader/read-budget'
import { ReaderService } from './reader/reader-service'

export interface AppCoreOptions {
  env: Env
  /** Where saved connections and the sandbox's data live; null keeps everything in memory. */
  userDataDir: string | null
  /** Host capability: the Electron host shows a save dialog; the web host has none. */
  saveFile?: (suggestedName: string, content: string) => Promise<string | null>
  tuning?: Partial<ReaderTuning>
  /** How long AWS calls may take; tests shorten them. */
  clientTimeouts?: ClientTimeouts
  /** Main's log (the hosts create theirs first, for the crash guards); by default one under userDataDir. */
  log?: MainLog
  /** The app's version, for diagnostics. */
  appVersion?: string
}

export class AppCore {
  readonly connections: ConnectionManager
  readonly reader: ReaderService
  readonly log: MainLog

  constructor(private readonly options: AppCoreOptions) {
    this.log = options.log ?? createMainLog({ userDataDir: options.userDataDir })
    const warn = (message: string): void => this.log.write('warn', message)
    this.connections = new ConnectionManager({
      env: options.env,
      store: options.userDataDir !== null ? fileConnectionStore(options.userDataDir, warn) : memoryStore(),
      sandboxDataDir: options.userDataDir !== null ? join(options.userDataDir, 'sandbox') : null,
      ...(options.clientTimeouts !== undefined ? { timeouts: options.clientTimeouts } : {})
    })
    this.reader = new ReaderService({ ...defaultTuning, ...options.tuning })
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

      'reader.start': (input, client) => this.reader.start(connections.require(), input, client),
      'reader.pause': ({ sessionId }, client) => Promise.resolve({ state: this.reader.pause(sessionId, client) }),
      'reader.resume': ({ sessionId }, client) => Promise.resolve({ state: this.reader.resume(sessionId, client) }),
      'reader.stop': ({ sessionId }, client) => Promise.resolve({ state: this.reader.stop(sessionId, client) }),

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

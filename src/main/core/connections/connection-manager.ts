/**
 * Knows every connection (built-in and saved), resolves one into Kinesis clients, and holds the
 * active one. The sandbox is started the first time it is selected and stopped on dispose.
 */
import { randomUUID } from 'node:crypto'
import { ListStreamsCommand } from '@aws-sdk/client-kinesis'
import type {
  ActiveConnection,
  ConnectionConfig,
  ConnectionSummary,
  ConnectionsState,
  ServiceAccess
} from '../../../shared/domain'
import { shownEndpoint } from '../../../shared/endpoints'
import { AppFailure } from '../../../shared/errors'
import { namedProfile, readAwsEnvironment, type AwsEnvironment, type Env } from './aws-environment'
import { toAppFailure, type ConnectionTarget } from './aws-errors'
import {
  createKinesisClients,
  credentialsOrLocal,
  defaultClientTimeouts,
  type ClientTimeouts,
  localCredentials,
  profileCredentials,
  serviceAccess,
  type KinesisClients,
  type ResolvedConnection
} from './client-factory'
import { oneAtATime } from '../json-file'
import type { ConnectionStore } from './connection-store'
import { SANDBOX_REGION, SANDBOX_SERVICES, startSandbox, type Sandbox } from '../sandbox/sandbox'

export const SANDBOX_ID = 'sandbox'
export const DEFAULT_ID = 'default'
const profileId = (name: string): string => `profile:${name}`

export interface ConnectionManagerOptions {
  env: Env
  store: ConnectionStore
  /** Where the sandbox keeps its LevelDB data; null keeps it in memory. */
  sandboxDataDir: string | null
  /** How long each kind of call may take (tests shorten them). */
  timeouts?: ClientTimeouts
}

export interface Connected {
  active: ActiveConnection
  clients: KinesisClients
  target: ConnectionTarget
}

export class ConnectionManager {
  private current: Connected | null = null
  private sandbox: Promise<Sandbox> | null = null
  /** Clients for connections other than the active one (replay targets), opened on demand. */
  private readonly others = new Map<string, Promise<Connected>>()
  /** Saves and removes, one at a time: two read-modify-writes at once would each drop the other's change. */
  private readonly storeChange = oneAtATime()
  /** The select in flight, which `cancelSelect` stops. */
  private selecting: AbortController | null = null

  constructor(private readonly options: ConnectionManagerOptions) {}

  /** What the renderer sees: endpoints without the password AWS_ENDPOINT_URL or a profile may carry. */
  async list(): Promise<ConnectionsState> {
    const state = await this.state()
    return {
      ...state,
      connections: state.connections.map((c) => (c.endpoint !== undefined ? { ...c, endpoint: shownEndpoint(c.endpoint) } : c))
    }
  }

  /** Every connection as configured, whole endpoints included: for main's own use. */
  private async state(): Promise<ConnectionsState> {
    const aws = await readAwsEnvironment(this.options.env)
    // An unreadable connections.json must not hide the built-in connections; save and remove read
    // it first, so they stay refused with the reason and never overwrite it.
    const saved = await this.options.store.load().catch((error: unknown) => {
      if (error instanceof AppFailure && error.code === 'FILE_READ_FAILED') return []
      throw error
    })
    const connections = [...this.builtins(aws), ...saved.map((c) => summarise(c, false))]
    return {
      connections,
      activeId: this.current?.active.connectionId ?? null,
      // KINESIS_INSPECTOR_CONNECTION names the connection to open with (e.g. "sandbox").
      initialId: this.options.env.KINESIS_INSPECTOR_CONNECTION ?? (aws.configured ? DEFAULT_ID : SANDBOX_ID),
      profiles: aws.profiles.map((p) => p.name),
      defaultRegion: aws.region
    }
  }

  async save(input: Omit<ConnectionConfig, 'id'> & { id?: string | undefined }): Promise<ConnectionsState> {
    await this.storeChange(async () => {
      const saved = await this.options.store.load()
      const id = input.id ?? `saved:${randomUUID()}`
      const config: ConnectionConfig = { ...input, id }
      const index = saved.findIndex((c) => c.id === id)
      if (input.id !== undefined && index === -1) {
        throw new AppFailure('CONNECTION_NOT_FOUND', `No saved connection has the id ${input.id}.`, 'Refresh the connection list.')
      }
      if (index === -1) saved.push(config)
      else saved[index] = config
      await this.options.store.save(saved)
      this.forget(id)
    })
    return this.list()
  }

  async remove(id: string): Promise<ConnectionsState> {
    await this.storeChange(async () => {
      const saved = await this.options.store.load()
      const kept = saved.filter((c) => c.id !== id)
      if (kept.length === saved.length) {
        throw new AppFailure('CONNECTION_NOT_FOUND', `No saved connection has the id ${id}.`, 'Built-in connections cannot be removed.')
      }
      await this.options.store.save(kept)
      this.forget(id)
      if (this.current?.active.connectionId === id) this.disconnect()
    })
    return this.list()
  }

  /** Resolves the connection, checks it with one ListStreams call, and makes it the active one. */
  async select(id: string): Promise<ActiveConnection> {
    const { summary, connected } = await this.open(id)
    this.selecting?.abort() // a newer select replaces an older one still waiting
    const selecting = new AbortController()
    this.selecting = selecting
    try {
      await untilAborted(
        connected.clients.control.send(new ListStreamsCommand({ Limit: 1 }), { abortSignal: selecting.signal }),
        selecting.signal
      )
    } catch (error) {
      connected.clients.destroy()
      throw toAppFailure(error, `connect to "${summary.name}"`, connected.target)
    } finally {
      if (this.selecting === selecting) this.selecting = null
    }
    if (selecting.signal.aborted) {
      connected.clients.destroy()
      throw toAppFailure(Object.assign(new Error('aborted'), { name: 'AbortError' }), `connect to "${summary.name}"`, connected.target)
    }
    this.disconnect()
    this.current = connected
    return connected.active
  }

  /**
   * Clients for a connection without making it the active one (a replay onto a stream of another
   * connection): the active connection's own for null or its id, otherwise opened once and kept
   * until the connection is edited or removed, or the manager is disposed.
   */
  connectionFor(id: string | null): Promise<Connected> {
    if (id === null || id === this.current?.active.connectionId) return Promise.resolve(this.require())
    let opened = this.others.get(id)
    if (opened === undefined) {
      opened = this.open(id).then((o) => o.connected)
      this.others.set(id, opened)
      opened.catch(() => this.others.delete(id))
    }
    return opened
  }

  private async open(id: string): Promise<{ summary: ConnectionSummary; connected: Connected }> {
    const state = await this.state()
    const summary = state.connections.find((c) => c.id === id)
    if (summary === undefined) {
      throw new AppFailure('CONNECTION_NOT_FOUND', `There is no connection with the id "${id}".`, 'Refresh the connection list.')
    }
    const resolved = await this.resolve(summary)
    // The clients get the whole endpoints; what is shown (active, and errors through target) does not.
    const endpoint = resolved.endpoint !== null ? shownEndpoint(resolved.endpoint) : null
    const target: ConnectionTarget = { profile: resolved.profile, region: resolved.region, endpoint }
    const { cloudwatch, dynamodb, glue, lambda } = resolved.services
    const active: ActiveConnection = {
      connectionId: summary.id,
      name: summary.name,
      kind: summary.kind,
      region: resolved.region,
      endpoint,
      profile: resolved.profile,
      services: { cloudwatch: shownAccess(cloudwatch), dynamodb: shownAccess(dynamodb), glue: shownAccess(glue), lambda: shownAccess(lambda) }
    }
    return {
      summary,
      connected: { active, clients: createKinesisClients(resolved, this.options.timeouts ?? defaultClientTimeouts), target }
    }
  }

  private forget(id: string): void {
    const opened = this.others.get(id)
    this.others.delete(id)
    void opened?.then((c) => c.clients.destroy(), () => undefined)
  }

  /** Stops the select in flight (it fails with CANCELLED); the active connection stays as it was. */
  cancelSelect(): { cancelled: boolean } {
    const selecting = this.selecting
    selecting?.abort()
    return { cancelled: selecting !== null }
  }

  active(): ActiveConnection | null {
    return this.current?.active ?? null
  }

  /** The active connection, or a NOT_CONNECTED failure that says what to do. */
  require(): Connected {
    if (this.current === null) {
      throw new AppFailure('NOT_CONNECTED', 'No connection is selected.', 'Pick a connection first.')
    }
    return this.current
  }

  /** Runs `fn` on the active connection; its errors become failures that say what was tried, and where. */
  async use<T>(what: string, fn: (connection: Connected) => Promise<T>): Promise<T> {
    const connection = this.require()
    try {
      return await fn(connection)
    } catch (error) {
      throw toAppFailure(error, what, connection.target)
    }
  }

  async dispose(): Promise<void> {
    this.selecting?.abort()
    this.disconnect()
    for (const id of [...this.others.keys()]) this.forget(id)
    const sandbox = this.sandbox
    this.sandbox = null
    if (sandbox !== null) await (await sandbox.catch(() => null))?.stop()
  }

  private disconnect(): void {
    this.current?.clients.destroy()
    this.current = null
  }

  private builtins(aws: AwsEnvironment): ConnectionSummary[] {
    const list: ConnectionSummary[] = [
      {
        id: SANDBOX_ID,
        name: 'Local sandbox',
        kind: 'sandbox',
        builtin: true,
        description: 'Embedded Kinesis on 127.0.0.1 · no AWS account needed'
      },
      {
        id: DEFAULT_ID,
        name: 'AWS CLI default',
        kind: 'default',
        builtin: true,
        ...(aws.region !== null ? { region: aws.region } : {}),
        ...(aws.endpoint !== null ? { endpoint: aws.endpoint } : {}),
        description: [
          `profile ${aws.activeProfile}`,
          aws.region ?? 'no region set',
          ...(aws.endpoint !== null ? [shownEndpoint(aws.endpoint)] : [])
        ].join(' · ')
      }
    ]
    for (const p of aws.profiles) {
      list.push({
        id: profileId(p.name),
        name: `Profile ${p.name}`,
        kind: 'profile',
        profile: p.name,
        builtin: true,
        description: [p.sso ? 'SSO' : null, p.region ?? 'no region set', p.endpoint !== null ? shownEndpoint(p.endpoint) : null]
          .filter((x) => x !== null)
          .join(' · '),
        ...(p.region !== null ? { region: p.region } : {}),
        ...(p.endpoint !== null ? { endpoint: p.endpoint } : {})
      })
    }
    return list
  }

  private async resolve(c: ConnectionSummary): Promise<ResolvedConnection> {
    const env = this.options.env
    if (c.kind === 'sandbox') {
      this.sandbox ??= startSandbox(this.options.sandboxDataDir)
      const sandbox = await this.sandbox.catch((error: unknown) => {
        this.sandbox = null
        throw error
      })
      return {
        region: SANDBOX_REGION,
        endpoint: sandbox.endpoint,
        profile: null,
        credentials: localCredentials,
        services: SANDBOX_SERVICES
      }
    }
    const aws = await readAwsEnvironment(env)
    if (c.kind === 'default') {
      const region = aws.region ?? (aws.endpoint !== null ? SANDBOX_REGION : null)
      if (region === null) throw noRegion(`profile "${aws.activeProfile}"`)
      // The profile the description names: the one whose region and endpoint were read.
      const profile = namedProfile(env)
      return {
        region,
        endpoint: aws.endpoint,
        profile,
        services: {
          cloudwatch: serviceAccess('cloudwatch', aws.endpoint, aws.endpoints.cloudwatch),
          dynamodb: serviceAccess('dynamodb', aws.endpoint, aws.endpoints.dynamodb),
          glue: serviceAccess('glue', aws.endpoint, aws.endpoints.glue),
          lambda: serviceAccess('lambda', aws.endpoint, aws.endpoints.lambda)
        },
        // A local endpoint with no credentials configured still works: emulators accept any.
        credentials: aws.endpoint !== null ? credentialsOrLocal(profile, env) : profileCredentials(profile, env)
      }
    }
    const info = aws.profiles.find((p) => p.name === c.profile)
    const region = c.region ?? info?.region ?? aws.region ?? (c.endpoint !== undefined ? SANDBOX_REGION : null)
    if (region === null) throw noRegion(c.profile !== undefined ? `profile "${c.profile}"` : c.name)
    const endpoint = c.endpoint ?? info?.endpoint ?? null
    const profile = c.profile ?? null
    return {
      region,
      endpoint,
      profile,
      services: {
        cloudwatch: serviceAccess('cloudwatch', endpoint, c.cloudwatchEndpoint ?? info?.endpoints.cloudwatch ?? null),
        dynamodb: serviceAccess('dynamodb', endpoint, c.dynamodbEndpoint ?? info?.endpoints.dynamodb ?? null),
        glue: serviceAccess('glue', endpoint, c.glueEndpoint ?? info?.endpoints.glue ?? null),
        lambda: serviceAccess('lambda', endpoint, c.lambdaEndpoint ?? info?.endpoints.lambda ?? null)
      },
      credentials: c.kind === 'endpoint' ? credentialsOrLocal(profile, env) : profileCredentials(profile, env)
    }
  }
}

/**
 * The call, or an AbortError as soon as the signal fires. The SDK's abortSignal reaches only the
 * HTTP request: credentials are resolved before it, and a credential_process that waits (for
 * an MFA prompt nobody sees, say) or an SSO call would keep the connect, and its Cancel, waiting.
 */
function untilAborted<T>(call: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => reject(Object.assign(new Error('aborted'), { name: 'AbortError' }))
    if (signal.aborted) abort()
    signal.addEventListener('abort', abort, { once: true })
    call.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort))
  })
}

function noRegion(what: string): AppFailure {
  return new AppFailure(
    'NO_REGION',
    `No region is set for ${what}.`,
    'Set AWS_REGION, add `region = …` to the profile in ~/.aws/config, or add a connection with a region.'
  )
}

function shownAccess(access: ServiceAccess): ServiceAccess {
  return access.available && access.endpoint !== null ? { available: true, endpoint: shownEndpoint(access.endpoint) } : access
}

function summarise(c: ConnectionConfig, builtin: boolean): ConnectionSummary {
  const parts =
    c.kind === 'endpoint'
      ? [c.endpoint ?? '', c.region ?? 'us-east-1', ...(c.profile !== undefined ? [`profile ${c.profile}`] : [])]
      : [`profile ${c.profile ?? 'default'}`, c.region ?? 'profile region']
  return { ...c, builtin, description: parts.join(' · ') }
}

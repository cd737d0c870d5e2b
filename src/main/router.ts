/**
 * The one door into main. Both hosts (Electron IPC, the web host's WebSocket) hand every call to
 * `dispatch`: it checks the operation is in the contract, parses the input with the contract's
 * schema, runs the handler, and answers with an envelope. Nothing thrown escapes as a stack trace,
 * and a bad call never takes main down.
 */
import type { z } from 'zod'
import {
  operations,
  type AcknowledgedEvent,
  type Envelope,
  type EventName,
  type Events,
  type OperationName,
  type ParsedInputOf,
  type ResultOf
} from '../shared/contract'
import { AppFailure, type AppError } from '../shared/errors'
import { DeliveryWindow, type WindowLimits } from './delivery-window'
import { withoutSecrets } from './core/connections/aws-errors'

/**
 * One renderer (a window or a WebSocket): where its events go, its flow-control window, and
 * what to clean up after it.
 */
export interface ClientContext {
  readonly clientId: string
  emit<E extends EventName>(event: E, payload: Events[E]): void
  /**
   * Sends an event the client acknowledges (reader.ack): numbered, and counted in the client's
   * window (`bytes`, an estimate of its wire size) until acknowledged.
   */
  deliver<E extends AcknowledgedEvent>(event: E, payload: Omit<Events[E], 'delivery'>, bytes: number): void
  /** The client has more unacknowledged than it may: long work waits (whenReady) before producing more. */
  readonly behind: boolean
  /** Resolves when the client has room again, or has gone away. */
  whenReady(): Promise<void>
  acknowledge(delivery: number): void
  /** Runs when the client goes away: window reload or close, socket closed, app quitting. */
  onDispose(cleanup: () => void): () => void
}

export type Handlers = {
  [K in OperationName]: (input: ParsedInputOf<K>, client: ClientContext) => Promise<ResultOf<K>>
}

export interface ClientSession extends ClientContext {
  dispose(): void
  readonly disposed: boolean
}

/** Hosts create one per client; `send` must itself check that the client still exists. */
export function createClientSession(
  clientId: string,
  send: (event: EventName, payload: unknown) => void,
  limits?: WindowLimits
): ClientSession {
  const cleanups = new Set<() => void>()
  const window = new DeliveryWindow(limits)
  let disposed = false
  return {
    clientId,
    get disposed() {
      return disposed
    },
    emit(event, payload) {
      if (!disposed) send(event, payload)
    },
    deliver(event, payload, bytes) {
      if (!disposed) send(event, { ...payload, delivery: window.send(bytes) })
    },
    get behind() {
      return window.behind
    },
    whenReady: () => window.whenReady(),
    acknowledge: (delivery) => window.acknowledge(delivery),
    onDispose(cleanup) {
      if (disposed) {
        cleanup()
        return () => undefined
      }
      cleanups.add(cleanup)
      return () => cleanups.delete(cleanup)
    },
    dispose() {
      if (disposed) return
      disposed = true
      window.close()
      for (const cleanup of [...cleanups]) {
        try {
          cleanup()
        } catch {
          // one failing cleanup must not keep the others from running
        }
      }
      cleanups.clear()
    }
  }
}

export interface Router {
  dispatch(operation: unknown, input: unknown, client: ClientContext): Promise<Envelope<unknown>>
}

export interface RouterOptions {
  /** Where unexpected failures are written (main's log). */
  log?: (message: string) => void
  /** The log file, named in the hint of an INTERNAL error so that a user can find the details. */
  logFile?: string | null
}

export function createRouter(handlers: Handlers, options: RouterOptions = {}): Router {
  const log = options.log ?? (() => undefined)
  const internalHint =
    options.logFile !== undefined && options.logFile !== null
      ? `This is a bug in Kinesis Inspector; the details are in the log file ${options.logFile}.`
      : 'This is a bug in Kinesis Inspector; the details are in the main process log.'
  const internal = (name: string, error: unknown): Envelope<never> => {
    // An error nobody turned into an AppFailure may still quote a credential (an SDK message).
    log(withoutSecrets(`${name} failed unexpectedly: ${error instanceof Error ? (error.stack ?? error.message) : safeText(error)}`))
    return fail({
      code: 'INTERNAL',
      message: withoutSecrets(`${name} failed: ${error instanceof Error ? error.message : safeText(error)}`),
      hint: internalHint
    })
  }
  return {
    async dispatch(operation, input, client) {
      if (typeof operation !== 'string' || !Object.hasOwn(operations, operation)) {
        return fail({
          code: 'UNKNOWN_OPERATION',
          message: `Unknown operation ${safeText(operation).slice(0, 80)}.`,
          hint: 'The app and its main process may be out of date with each other; restart the app.'
        })
      }
      const name = operation as OperationName
      const schema: z.ZodType = operations[name].input
      let parsed: z.ZodSafeParseResult<unknown>
      try {
        parsed = schema.safeParse(input)
      } catch (error) {
        // A schema must never throw; if one does on some input, that input is still refused.
        return internal(name, error)
      }
      if (!parsed.success) {
        return fail({ code: 'INVALID_INPUT', message: `${name}: ${describeIssues(parsed.error.issues)}` })
      }
      try {
        const handler = handlers[name] as (input: unknown, client: ClientContext) => Promise<unknown>
        return { ok: true, result: await handler(parsed.data, client) }
      } catch (error) {
        if (error instanceof AppFailure) return fail(error.toJSON())
        return internal(name, error)
      }
    }
  }
}

/**
 * Any value as short text for a message: JSON where it can be (so a string shows quoted), never
 * an exception (`String({toString: 1})` throws, and so does JSON of a cycle or a BigInt).
 */
export function safeText(value: unknown): string {
  try {
    const json = JSON.stringify(value)
    if (json !== undefined) return json
  } catch {
    // fall through
  }
  try {
    return String(value)
  } catch {
    return Object.prototype.toString.call(value)
  }
}

function fail(error: AppError): Envelope<never> {
  return { ok: false, error }
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => {
      const path = issue.path.length > 0 ? `${issue.path.map((key) => String(key)).join('.')}: ` : ''
      return `${path}${issue.message}`
    })
    .join('; ')
}

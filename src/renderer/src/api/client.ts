/**
 * The renderer's one api client. Under Electron it wraps the preload's bridge
 * (window.kinesisInspector); in a browser (the web host) it speaks the same contract over a
 * WebSocket authenticated by the token in the page URL. Either way callers get typed functions
 * that resolve with the result or throw an ApiError carrying {code, message, hint}.
 */
import { buildDomainApi, type Transport } from '../../../shared/api-shape'
import type { BridgeApi, ClientApi, Envelope, EventName, OperationName } from '../../../shared/contract'
import { acknowledgementOf, listenerKey } from '../../../shared/contract'
import type { AppError, ErrorCode } from '../../../shared/errors'

export class ApiError extends Error implements AppError {
  readonly code: ErrorCode
  readonly hint?: string
  constructor(error: AppError) {
    super(error.message)
    this.name = 'ApiError'
    this.code = error.code
    if (error.hint !== undefined) this.hint = error.hint
  }
}

declare global {
  interface Window {
    kinesisInspector?: BridgeApi
  }
}

type EnvelopeTransport = Transport<Envelope<unknown>>

function bridgeTransport(bridge: BridgeApi): EnvelopeTransport {
  const loose = bridge as unknown as Record<string, Record<string, (arg?: unknown) => unknown>>
  return {
    call: (operation, input) => {
      const [domain, member] = operation.split('.') as [string, string]
      return loose[domain]?.[member]?.(input) as Promise<Envelope<unknown>>
    },
    listen: (event, listener) => {
      const [domain, member] = listenerKey(event)
      return loose[domain]?.[member]?.(listener) as () => void
    }
  }
}

/** Calls wait for the socket to open; events fan out to listeners by name. */
function socketTransport(url: string): EnvelopeTransport {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>()
  const pending = new Map<number, (envelope: Envelope<unknown>) => void>()
  let nextId = 1
  const socket = new WebSocket(url)
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true })
    socket.addEventListener('error', () => reject(new Error('The connection to the app server failed.')), { once: true })
  })
  const lost: AppError = {
    code: 'ENDPOINT_UNREACHABLE',
    message: 'The connection to the Kinesis Inspector server was lost.',
    hint: 'Check that `npm run web` is still running, then reload the page.'
  }
  socket.addEventListener('message', (message: MessageEvent<string>) => {
    const data = JSON.parse(message.data) as
      | { type: 'result'; id: number; envelope: Envelope<unknown> }
      | { type: 'event'; event: EventName; payload: unknown }
      | { type: 'protocol-error'; message: string; id?: number }
    if (data.type === 'result') {
      pending.get(data.id)?.(data.envelope)
      pending.delete(data.id)
    } else if (data.type === 'protocol-error' && data.id !== undefined) {
      // A call main could not read (too big, malformed) is answered, not left waiting.
      pending.get(data.id)?.({ ok: false, error: { code: 'INVALID_INPUT', message: data.message } })
      pending.delete(data.id)
    } else if (data.type === 'event') {
      for (const listener of listeners.get(data.event) ?? []) listener(data.payload)
      // Flow control: main sends more only as the page takes what it was sent.
      const ack = acknowledgementOf(data.event, data.payload)
      if (ack !== null && socket.readyState === WebSocket.OPEN) {
        socket.send(JSON.stringify({ type: 'call', id: nextId++, operation: ack.operation, input: ack.input }))
      }
    }
  })
  socket.addEventListener('close', () => {
    for (const settle of pending.values()) settle({ ok: false, error: lost })
    pending.clear()
  })
  return {
    call: async (operation: OperationName, input: unknown) => {
      try {
        await opened
      } catch {
        return { ok: false, error: lost }
      }
      if (socket.readyState !== WebSocket.OPEN) return { ok: false, error: lost }
      const id = nextId++
      return new Promise<Envelope<unknown>>((resolve) => {
        pending.set(id, resolve)
        socket.send(JSON.stringify({ type: 'call', id, operation, input }))
      })
    },
    listen: (event, listener) => {
      let set = listeners.get(event)
      if (set === undefined) listeners.set(event, (set = new Set()))
      set.add(listener)
      return () => {
        set.delete(listener)
      }
    }
  }
}

function createApi(): ClientApi {
  const transport =
    window.kinesisInspector !== undefined
      ? bridgeTransport(window.kinesisInspector)
      : socketTransport(
          `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api?token=${encodeURIComponent(
            new URLSearchParams(location.search).get('token') ?? ''
          )}`
        )
  return buildDomainApi<unknown>({
    call: async (operation, input) => {
      const envelope = await transport.call(operation, input)
      if (!envelope.ok) throw new ApiError(envelope.error)
      return envelope.result
    },
    listen: (event, listener) => transport.listen(event, listener)
  }) as unknown as ClientApi
}

export const api: ClientApi = createApi()

/** The message to show for any error: AppErrors as they are, anything else as a bug. */
export function errorText(error: unknown): { message: string; hint: string | null } {
  if (error instanceof ApiError) return { message: error.message, hint: error.hint ?? null }
  return { message: error instanceof Error ? error.message : String(error), hint: null }
}

/**
 * Builds the domain-grouped api object ({ streams: { list, … }, reader: { onBatch, … } }) from a
 * transport that can call an operation and listen to an event. The preload builds the bridge with
 * it over ipcRenderer; the renderer builds its client with it over the bridge or a WebSocket.
 * The caller can only reach the names listed in the contract: there is no generic invoke.
 */
import {
  eventNames,
  listenerKey,
  operationNames,
  type EventName,
  type OperationName
} from './contract'

export interface Transport<CallResult> {
  call(operation: OperationName, input: unknown): Promise<CallResult>
  listen(event: EventName, listener: (payload: unknown) => void): () => void
}

export function buildDomainApi<CallResult>(transport: Transport<CallResult>): Record<
  string,
  Record<string, (arg?: unknown) => unknown>
> {
  const api: Record<string, Record<string, (arg?: unknown) => unknown>> = {}
  const domain = (name: string): Record<string, (arg?: unknown) => unknown> => (api[name] ??= {})
  for (const operation of operationNames) {
    const [d, member] = operation.split('.') as [string, string]
    domain(d)[member] = (input?: unknown) => transport.call(operation, input ?? {})
  }
  for (const event of eventNames) {
    const [d, member] = listenerKey(event)
    domain(d)[member] = (listener?: unknown) => {
      if (typeof listener !== 'function') throw new TypeError(`${member} needs a listener function`)
      return transport.listen(event, listener as (payload: unknown) => void)
    }
  }
  return api
}

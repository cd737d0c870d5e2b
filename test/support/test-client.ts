/**
 * A client of the contract for core tests: dispatches through the real router, collects the
 * events main sends, and offers event-driven waits (never sleeps).
 */
import { acknowledgementOf, type EventName, type Events, type InputOf, type OperationName, type ResultOf } from '../../src/shared/contract'
import type { AppError } from '../../src/shared/errors'
import { createClientSession, createRouter, type ClientSession, type Handlers } from '../../src/main/router'

type Waiter = { check: () => boolean; resolve: () => void }

export class TestClient {
  readonly session: ClientSession
  readonly events: { event: EventName; payload: unknown }[] = []
  private readonly router
  private waiters: Waiter[] = []

  /**
   * Like the app's clients, acknowledges every batch as it arrives (reader.ack, through the
   * router), unless `acknowledge` is false: then the test acknowledges with `ack`.
   */
  constructor(handlers: Handlers, id = 'test-client', options: { acknowledge?: boolean } = {}) {
    this.router = createRouter(handlers)
    this.session = createClientSession(id, (event, payload) => {
      this.events.push({ event, payload })
      const ack = acknowledgementOf(event, payload)
      if (ack !== null && options.acknowledge !== false) void this.ack(ack.input.delivery)
      this.waiters = this.waiters.filter((w) => {
        if (!w.check()) return true
        w.resolve()
        return false
      })
    })
  }

  /** Calls an operation; resolves with the result or rejects with the AppError main sent. */
  async call<K extends OperationName>(operation: K, input: InputOf<K>): Promise<ResultOf<K>> {
    const envelope = await this.router.dispatch(operation, input, this.session)
    if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), envelope.error)
    return envelope.result as ResultOf<K>
  }

  /** Acknowledges every delivery up to `delivery`, as the app's clients do. */
  async ack(delivery: number): Promise<void> {
    await this.call('reader.ack', { delivery })
  }

  /** Calls an operation expecting an error; resolves with it. */
  async fails(operation: string, input: unknown): Promise<AppError> {
    const envelope = await this.router.dispatch(operation, input, this.session)
    if (envelope.ok) throw new Error(`${operation} was expected to fail but returned ${JSON.stringify(envelope.result)}`)
    return envelope.error
  }

  of<E extends EventName>(event: E, sessionId?: string): Events[E][] {
    return this.events
      .filter((e) => e.event === event)
      .map((e) => e.payload as Events[E])
      .filter((p) => sessionId === undefined || (p as { sessionId?: string }).sessionId === sessionId)
  }

  records(sessionId: string): Events['reader.batch']['records'] {
    return this.of('reader.batch', sessionId).flatMap((b) => b.records)
  }

  /** Resolves as soon as `check` holds, re-checked on every event. */
  until(check: () => boolean, what = 'condition'): Promise<void> {
    if (check()) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Timed out waiting for ${what}`)), 50_000)
      this.waiters.push({
        check,
        resolve: () => {
          clearTimeout(timer)
          resolve()
        }
      })
    })
  }

  ended(sessionId: string): Promise<Events['reader.ended']> {
    return this.until(() => this.of('reader.ended', sessionId).length > 0, `session ${sessionId} to end`).then(
      () => this.of('reader.ended', sessionId)[0] as Events['reader.ended']
    )
  }

  recordCount(sessionId: string, count: number): Promise<void> {
    return this.until(() => this.records(sessionId).length >= count, `${count} records`)
  }
}

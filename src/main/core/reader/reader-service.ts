/**
 * Keeps the read sessions of every client. A session belongs to the client that opened it: it
 * ends when that client goes away (window reload or close, socket closed) and when the
 * connection changes, so nothing keeps reading for nobody.
 */
import type { DecodedRecord, SessionState, ShardInfo } from '../../../shared/domain'
import { AppFailure } from '../../../shared/errors'
import type { ClientContext } from '../../router'
import type { Connected } from '../connections/connection-manager'
import { listShards } from '../kinesis/stream-gateway'
import { defaultTuning, type ReaderTuning } from './read-budget'
import { ReadSession, type ReadSessionRequest } from './read-session'

export class ReaderService {
  private readonly sessions = new Map<string, { session: ReadSession; clientId: string }>()

  constructor(
    private readonly tuning: ReaderTuning = defaultTuning,
    /** Sees every batch delivered (the observed-traffic log counts the app's own reads). */
    private readonly observe: (stream: string, records: DecodedRecord[]) => void = () => undefined
  ) {}

  async start(
    connection: Connected,
    request: ReadSessionRequest,
    client: ClientContext
  ): Promise<{ sessionId: string; shards: ShardInfo[] }> {
    let sessionId = ''
    const forget = (): void => {
      this.sessions.delete(sessionId)
      release()
    }
    const session = new ReadSession(request, {
      kinesis: connection.clients.reader,
      target: connection.target,
      listShards: () => listShards(connection.clients.control, request.stream),
      tuning: this.tuning,
      events: {
        batch: (records) => {
          this.observe(request.stream, records)
          client.emit('reader.batch', { sessionId, records })
        },
        progress: (state, delivered, shards, message) =>
          client.emit('reader.progress', { sessionId, state, delivered, shards, message }),
        ended: (reason, delivered, error) => {
          forget()
          client.emit('reader.ended', { sessionId, reason, delivered, error })
        }
      }
    })
    sessionId = session.id
    const release = client.onDispose(() => session.stop())
    this.sessions.set(sessionId, { session, clientId: client.clientId })
    try {
      const shards = await session.start()
      return { sessionId, shards }
    } catch (error) {
      session.stop()
      forget()
      throw error
    }
  }

  pause(sessionId: string, client: ClientContext): SessionState {
    return this.get(sessionId, client).pause()
  }

  resume(sessionId: string, client: ClientContext): SessionState {
    return this.get(sessionId, client).resume()
  }

  stop(sessionId: string, client: ClientContext): SessionState {
    return this.get(sessionId, client).stop()
  }

  stopAll(): void {
    for (const { session } of [...this.sessions.values()]) session.stop()
  }

  get openSessions(): number {
    return this.sessions.size
  }

  private get(sessionId: string, client: ClientContext): ReadSession {
    const entry = this.sessions.get(sessionId)
    // Another client's session is as good as unknown: one window cannot stop another's read.
    if (entry === undefined || entry.clientId !== client.clientId) {
      throw new AppFailure('SESSION_NOT_FOUND', `Read session ${sessionId} is not open.`, 'It has ended; start a new read.')
    }
    return entry.session
  }
}

/**
 * Keeps the read sessions of every client. A session belongs to the client that opened it: it
 * ends when that client goes away (window reload or close, socket closed) and when the
 * connection changes, so nothing keeps reading for nobody.
 */
import type { ReaderStartResult } from '../../../shared/contract'
import type { ReadBudget, SearchProgress, SessionState } from '../../../shared/domain'
import { AppFailure } from '../../../shared/errors'
import { compileRecordFilter, filterProblem, type RecordFilterSpec } from '../../../shared/filter/record-filter'
import type { ClientContext } from '../../router'
import { toAppFailure } from '../connections/aws-errors'
import type { Connected } from '../connections/connection-manager'
import { describeStream, listShards } from '../kinesis/stream-gateway'
import type { SessionSchemas } from '../schemas/schema-catalog'
import { MatchesFile } from './matches-file'
import { budgetTuning, defaultTuning, type ReaderTuning } from './read-budget'
import { ReadSession, type ReadSessionRequest, type ScanCounts } from './read-session'
import { evenDistributionNote, keySearchSelection, searchedKey, searchStart, searchStop, type ShardSelection } from './search-plan'

/** reader.start's input: a read, optionally a search, on a budget. */
export type ReadStartRequest = Omit<ReadSessionRequest, 'match' | 'keepShard'> & {
  search?: { filter: RecordFilterSpec; saveMatches: boolean } | undefined
  budget?: ReadBudget | undefined
}

/**
 * Where a search's matches file goes, given a suggested name: the desktop app asks with a save
 * dialog (null: the user cancelled); the web host writes under its user-data folder.
 */
export type MatchesPathChooser = (suggestedName: string) => Promise<string | null>

/** Compiles a search's filter as main will apply it; a part that does not compile is refused, never ignored. */
export function compileSearchFilter(filter: RecordFilterSpec): ReturnType<typeof compileRecordFilter> {
  const compiled = compileRecordFilter(filter)
  const problem = filterProblem(compiled.errors)
  if (problem !== null) throw new AppFailure('INVALID_INPUT', problem, 'Fix the filter, then search again.')
  return compiled
}

/** "OrderStream-matches-2026-12-02T18-30-00Z.jsonl": safe on every file system. */
export function matchesFileName(stream: string, now: number): string {
  const stamp = new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-')
  return `${stream.replace(/[^\w.-]/g, '_')}-matches-${stamp}.jsonl`
}

export class ReaderService {
  private readonly sessions = new Map<string, { session: ReadSession; clientId: string }>()

  constructor(
    private readonly tuning: ReaderTuning = defaultTuning,
    /** Sees every page read, per shard (the observed-traffic log counts the app's own reads). */
    private readonly observe: (stream: string, shardId: string, records: number, bytes: number) => void = () => undefined,
    private readonly matchesPath: MatchesPathChooser | null = null,
    /** The schemas a read of the stream decodes with (schema-service.ts); none: no schema step. */
    private readonly schemas: ((connection: Connected, stream: string) => Promise<SessionSchemas>) | null = null
  ) {}

  async start(connection: Connected, input: ReadStartRequest, client: ClientContext): Promise<ReaderStartResult> {
    const { search, budget = 'full', ...read } = input
    const filter = search !== undefined ? compileSearchFilter(search.filter) : null
    const selection = search !== undefined ? await this.shardSelection(connection, input.stream, search.filter) : null
    const request: ReadSessionRequest =
      search === undefined || filter === null
        ? read
        : {
            ...read,
            position: searchStart(read.position, search.filter),
            stop: searchStop(read.stop, search.filter),
            match: filter.active ? filter.test : undefined,
            keepShard: selection?.keep
          }
    const schemas = this.schemas === null ? undefined : await this.schemas(connection, input.stream)
    const file = search?.saveMatches === true ? await this.openMatchesFile(input.stream) : null
    let sessionId = ''
    const forget = (): void => {
      this.sessions.delete(sessionId)
      release()
    }
    const searchProgress = (scan: ScanCounts): SearchProgress | null =>
      search === undefined ? null : { ...scan, matchesWritten: file?.count ?? null }
    // The session waits while the window or the matches file is behind.
    const window = file === null ? client : {
      get behind() {
        return client.behind || file.behind
      },
      whenReady: () => Promise.all([client.whenReady(), file.whenReady()]).then(() => undefined)
    }
    const session = new ReadSession(request, {
      kinesis: connection.clients.reader,
      target: connection.target,
      listShards: () => listShards(connection.clients.control, request.stream),
      tuning: budgetTuning(this.tuning, budget),
      window,
      schemas,
      events: {
        page: (shardId, records, bytes) => this.observe(request.stream, shardId, records, bytes),
        batch: (records, bytes) => {
          file?.append(records)
          client.deliver('reader.batch', { sessionId, records }, bytes)
        },
        progress: (state, delivered, shards, message, scan) =>
          client.emit('reader.progress', { sessionId, state, delivered, shards, message, search: searchProgress(scan) }),
        ended: (reason, delivered, error, scan) => {
          forget()
          const progress = searchProgress(scan)
          const summary = progress === null ? null : { ...progress, shardsRead: session.shardsStarted, matchesFile: file?.path ?? null }
          const writeError = file?.error ?? null
          const ended = { sessionId, reason, delivered, search: summary }
          if (file === null) return client.emit('reader.ended', { ...ended, error })
          // The summary goes out once every match is on disk.
          void file.close().then(() =>
            client.emit('reader.ended', {
              ...ended,
              error:
                error ??
                (writeError === null
                  ? null
                  : { code: 'FILE_WRITE_FAILED', message: `Writing the matches file ${file.path} failed: ${writeError.message}.`, hint: 'The matches are still in the window; export them from there.' })
            })
          )
        }
      }
    })
    sessionId = session.id
    const release = client.onDispose(() => session.stop())
    this.sessions.set(sessionId, { session, clientId: client.clientId })
    try {
      const shards = await session.start()
      const skipped = selection === null ? [] : selection.skipped(session.skippedFrom)
      return { sessionId, shards, skipped, searchNote: selection?.note ?? null, position: request.position, budget, matchesFile: file?.path ?? null }
    } catch (error) {
      session.stop()
      forget()
      throw error
    }
  }

  /** A key search's shards, or null when it reads every shard (no exact key, or an AUTO stream). */
  private async shardSelection(connection: Connected, stream: string, filter: RecordFilterSpec): Promise<ShardSelection | null> {
    const key = searchedKey(filter)
    if (key === null) return null
    let details
    try {
      details = await describeStream(connection.clients.control, stream)
    } catch (error) {
      throw toAppFailure(error, `describe stream ${stream}`, connection.target)
    }
    const selection = keySearchSelection(key, details.recordDistribution)
    return selection ?? { keep: () => true, skipped: () => [], note: evenDistributionNote(key) }
  }

  private async openMatchesFile(stream: string): Promise<MatchesFile> {
    const name = matchesFileName(stream, Date.now())
    const path = this.matchesPath === null ? null : await this.matchesPath(name)
    if (path === null) {
      throw new AppFailure(
        'CANCELLED',
        this.matchesPath === null ? 'This app has nowhere to save a matches file.' : 'No file was chosen for the matches.',
        'Search without saving the matches, or choose a file.'
      )
    }
    return MatchesFile.open(path, stream)
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

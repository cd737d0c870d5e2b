/**
 * The search slice of the records store: "Keep only matching records" sends the filter the user
 * typed to main with reader.start, so what is scanned is not bounded by the window; this slice
 * keeps what main said about the search (skipped shards, the matches file, the counts), the
 * estimate taken before it, and the pure rules that turn the form into a search. No React.
 */
import type { ClientApi, Events, InputOf, ReaderStartResult } from '../../../../shared/contract'
import {
  readBudgets,
  type ReadBudget,
  type ReadEstimate,
  type SearchProgress,
  type SearchSummary,
  type ShardProgress,
  type SkippedShard,
  type StartPosition
} from '../../../../shared/domain'
import type { AppError } from '../../../../shared/errors'
import { compileRecordFilter, filterProblem } from '../../../../shared/filter/record-filter'
import type { TimeZone } from './format'
import { resolveFilter, type FilterSpec } from './record-filter'

/** What the form holds for a search, beside where to read and when to stop. */
export interface SearchForm {
  /** "Keep only matching records": the filter runs in main and only matches reach the window. */
  searchMode: boolean
  /** Write the matches to a JSON Lines file as they are found. */
  saveMatches: boolean
  budget: ReadBudget
}

export const initialSearchForm: SearchForm = { searchMode: false, saveMatches: false, budget: 'full' }

/** The search a session runs, as main started it, and its counts. */
export interface ActiveSearch {
  skipped: SkippedShard[]
  note: string | null
  budget: ReadBudget
  position: StartPosition
  matchesFile: string | null
  progress: SearchProgress | null
  summary: SearchSummary | null
  /** Per shard, the arrival time of the first record scanned: how fast its reading advances. */
  firstArrival: Readonly<Record<string, number>>
}

export type EstimateState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; estimate: ReadEstimate }
  | { status: 'error'; error: AppError }

export interface SearchSliceState {
  search: ActiveSearch | null
  estimate: EstimateState
}

export const initialSearchSlice: SearchSliceState = { search: null, estimate: { status: 'idle' } }

type StartInput = InputOf<'reader.start'>

/**
 * A read's input with the search added (when the form asks for one): the window's filter with its
 * time range resolved in the view's zone. An error names what to fix before searching.
 */
export function withSearch(
  input: StartInput,
  form: SearchForm,
  filter: FilterSpec,
  zone: TimeZone
): { ok: true; input: StartInput } | { ok: false; error: string } {
  const budgeted: StartInput = form.budget === 'full' ? input : { ...input, budget: form.budget }
  if (!form.searchMode) return { ok: true, input: budgeted }
  const resolved = resolveFilter(filter, zone)
  const spec = resolved.spec
  // What main would refuse (it compiles the filter again): said here, before anything is sent.
  const problem = filterProblem({ ...resolved.errors, ...compileRecordFilter(spec).errors })
  if (problem !== null) return { ok: false, error: problem }
  const empty =
    spec.text === '' && spec.regex === '' && spec.partitionKey === '' && spec.field.trim() === '' && spec.from === null && spec.to === null
  if (empty) return { ok: false, error: 'Type what to search for in the filter bar (text, regex, partition key, JSON field or time range), or turn off "Keep only matching records".' }
  return { ok: true, input: { ...budgeted, search: { filter: spec, saveMatches: form.saveMatches } } }
}

export function activeSearch(result: ReaderStartResult): ActiveSearch {
  return {
    skipped: result.skipped,
    note: result.searchNote,
    budget: result.budget,
    position: result.position,
    matchesFile: result.matchesFile,
    progress: null,
    summary: null,
    firstArrival: {}
  }
}

/** The slice after a reader.progress of the current session. */
export function searchAfterProgress(search: ActiveSearch | null, payload: Events['reader.progress']): ActiveSearch | null {
  if (search === null || payload.search === null) return search
  let firstArrival = search.firstArrival
  for (const p of payload.shards) {
    if (p.lastArrivalTime !== null && firstArrival[p.shardId] === undefined) firstArrival = { ...firstArrival, [p.shardId]: p.lastArrivalTime }
  }
  return { ...search, progress: payload.search, firstArrival }
}

/** The slice after reader.ended. */
export function searchAfterEnded(search: ActiveSearch | null, payload: Events['reader.ended']): ActiveSearch | null {
  return search === null || payload.search === null ? search : { ...search, progress: payload.search, summary: payload.search }
}

/** Asks main for an estimate of what the search (or read) will scan. */
export async function takeEstimate(
  api: { reader: Pick<ClientApi['reader'], 'estimate'> },
  input: StartInput
): Promise<EstimateState> {
  const { mode: _mode, ...rest } = input
  void _mode
  const request: InputOf<'reader.estimate'> = {
    stream: rest.stream,
    shardIds: rest.shardIds,
    position: rest.position,
    ...(rest.stop !== undefined ? { stop: rest.stop } : {}),
    ...(rest.search !== undefined ? { search: rest.search } : {}),
    ...(rest.budget !== undefined ? { budget: rest.budget } : {})
  }
  try {
    return { status: 'ready', estimate: await api.reader.estimate(request) }
  } catch (error) {
    const e = error as Partial<AppError>
    return { status: 'error', error: { code: e.code ?? 'INTERNAL', message: e.message ?? String(error), ...(e.hint !== undefined ? { hint: e.hint } : {}) } }
  }
}

/**
 * Time left of a search, in ms: the bytes the estimate has not yet seen, at the rate read so far;
 * without an estimate, the shard furthest behind its tip, at the pace its records' times advance.
 * Null when nothing says.
 */
export function searchTimeLeft(
  progress: SearchProgress,
  shards: readonly ShardProgress[],
  estimate: ReadEstimate | null,
  firstArrival: Readonly<Record<string, number>>
): number | null {
  if (progress.elapsedMs <= 0 || progress.scannedBytes <= 0) return null
  const rate = progress.scannedBytes / progress.elapsedMs
  if (estimate !== null) return Math.max(0, estimate.bytes - progress.scannedBytes) / rate
  let left: number | null = null
  for (const p of shards) {
    const first = firstArrival[p.shardId]
    if (p.millisBehindLatest === null || first === undefined || p.lastArrivalTime === null) continue
    const covered = p.lastArrivalTime - first
    if (covered <= 0) continue
    const pace = covered / progress.elapsedMs // stream time covered per ms of reading
    const shardLeft = p.millisBehindLatest / pace
    left = Math.max(left ?? 0, shardLeft)
  }
  return left
}

/** "Full budget: 5 calls/s and 2 MiB/s per shard". */
export function budgetLabel(budget: ReadBudget): string {
  return readBudgets[budget].label
}

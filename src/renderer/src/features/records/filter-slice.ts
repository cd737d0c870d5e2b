/**
 * The filter slice of the records store: the filter bar's spec, its compiled form and the window
 * indices it shows, kept in step with every window change; and the work done ahead of the first
 * keystroke (lowercase texts, the schema's JSON members) while the page is idle. The window
 * itself belongs to the store; this slice is told what changed. No React.
 */
import type { DecodedRecord } from '../../../../shared/domain'
import type { TimeZone } from './format'
import { MemberColumns } from './member-columns'
import {
  compileFilter,
  createSearchWarmer,
  emptyFilter,
  filterRecords,
  idleWorker,
  searchCacheMisses,
  updateFiltered,
  type CompiledFilter,
  type FilterSpec,
  type IdleScheduler
} from './record-filter'
import type { WindowChange } from './record-window'

export interface FilterState {
  /** The time zone the filter's time range (and the whole view) is read in. */
  zone: TimeZone
  filter: FilterSpec
  compiled: CompiledFilter
  /** Window indices shown, ascending; null when no filter is active. */
  filtered: Uint32Array | null
  /** How long the last full filter pass took, ms, and how many passes there were. */
  filterMs: number
  filterRuns: number
  /**
   * What the next pass will likely cost: the last pass that found every lowercase text already
   * computed (a first pass computes them all, once). The filter inputs debounce above 150 ms.
   */
  filterCostMs: number
}

export interface FilterActions {
  setZone: (zone: TimeZone) => void
  setFilter: (patch: Partial<FilterSpec>) => void
  clearFilter: () => void
}

/** The filter's side of the window: what it keeps per record, and when it works ahead. */
export interface WindowFilter {
  initial: FilterState
  /** The filtered indices after a window change. */
  follow(state: FilterState, change: WindowChange): Uint32Array | null
  /** Batches that reached the window: warmed while the page is idle. */
  added(batches: readonly DecodedRecord[][]): void
  /** The window was emptied (a new read, Clear): what the filter shows of it. */
  emptied(state: FilterState, records: readonly DecodedRecord[]): Pick<FilterState, 'filtered'>
  actions(set: (patch: Partial<FilterState>) => void, get: () => FilterState & { records: readonly DecodedRecord[] }, onChange: () => void): FilterActions
}

export function windowFilter(idle: IdleScheduler | null, cap: () => number): WindowFilter {
  // Filled as batches arrive; emptied with the window (a new session, Clear).
  const warmer = createSearchWarmer(idle, cap)
  // Where the JSON field filter found members, by window index: follows every window change,
  // and the keys of the stream's schema are read into it ahead of use while the page is idle.
  const kept = new MemberColumns()
  const warmMembers = idleWorker(idle, () => kept.warm(300))
  const zone: TimeZone = 'utc'
  return {
    initial: { zone, filter: emptyFilter, compiled: compileFilter(emptyFilter, zone, kept), filtered: null, filterMs: 0, filterRuns: 0, filterCostMs: 0 },
    follow(state, change) {
      kept.follow(change.state.records, change)
      warmMembers()
      return state.filtered === null || !state.compiled.active ? null : updateFiltered(state.filtered, change, change.state.records, state.compiled)
    },
    added(batches) {
      for (const batch of batches) warmer.add(batch)
    },
    emptied(state, records) {
      warmer.clear()
      kept.follow(records)
      return { filtered: state.compiled.active ? new Uint32Array(0) : null }
    },
    actions(set, get, onChange) {
      const refilter = (filter: FilterSpec, zone: TimeZone): void => {
        onChange()
        const compiled = compileFilter(filter, zone, kept)
        const misses = searchCacheMisses()
        const t0 = performance.now()
        const filtered = filterRecords(get().records, compiled)
        const filterMs = performance.now() - t0
        const cold = searchCacheMisses() !== misses
        set({ filter, zone, compiled, filtered, filterMs, filterRuns: get().filterRuns + 1, filterCostMs: cold ? get().filterCostMs : filterMs })
      }
      return {
        setZone: (zone) => refilter(get().filter, zone),
        setFilter: (patch) => refilter({ ...get().filter, ...patch }, get().zone),
        clearFilter: () => refilter(emptyFilter, get().zone)
      }
    }
  }
}

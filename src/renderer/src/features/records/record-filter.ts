/**
 * Filters over the loaded records, applied as the user types: text contains, regular expression,
 * partition key, a JSON field expression and a time range, all ANDed. Pure: no React, no DOM.
 *
 * Speed (200,000 records, each keystroke): the lowercase text of a record is computed once,
 * lazily, and kept on the record (it goes when the record leaves the window); the time range is
 * two binary searches (the window is sorted by arrival time); the JSON field filter reads members
 * in place and keeps where it found them for the next expression (field-filter.ts); the result is
 * one Uint32Array of window indices, or null when nothing filters. When the window only grew or
 * lost its oldest records, `updateFiltered` filters just what changed.
 */
import type { DecodedRecord } from '../../../../shared/domain'
import {
  compileRecordFilter,
  type FilterAccess,
  type FilterErrors,
  type RecordFilterSpec
} from '../../../../shared/filter/record-filter'
import { searchableText } from '../../../../shared/record-format'
import { compileFieldFilter } from './field-filter'
import type { MemberColumns, WindowMove } from './member-columns'
import { parseDateTimeInput, type TimeZone } from './format'

export { parseRegex, type FilterErrors } from '../../../../shared/filter/record-filter'

export interface FilterSpec {
  text: string
  regex: string
  partitionKey: string
  partitionKeyMode: 'contains' | 'exact'
  field: string
  /** datetime-local values, read in the view's time zone. */
  from: string
  to: string
}

export const emptyFilter: FilterSpec = {
  text: '',
  regex: '',
  partitionKey: '',
  partitionKeyMode: 'contains',
  field: '',
  from: '',
  to: ''
}

export interface CompiledFilter {
  /** False when no filter applies: every loaded record is shown. */
  active: boolean
  /** The full test of the record at window index `index`, time range included. */
  test: (record: DecodedRecord, index: number) => boolean
  /** Before a pass over `records` (the window after `change`, when it is known). */
  follow: (records: readonly DecodedRecord[], change?: WindowMove) => void
  from: number | null
  to: number | null
  errors: FilterErrors
}

/**
 * Where a record keeps its lowercase text and partition key: symbol-keyed properties on the
 * record object itself (the renderer's own copy, parsed from the event), so they live and die
 * with the record and cost one property load to find, where a WeakMap lookup costs several
 * times more. Computed on first use.
 */
const LOWER_TEXT = Symbol('lowercase text')
const LOWER_KEY = Symbol('lowercase partition key')
/** The text of a record that failed to decode, as searched (its bytes, lossily decoded), kept too. */
const LOSSY_TEXT = Symbol('lossy text')
type Searchable = DecodedRecord & { [LOWER_TEXT]?: string; [LOWER_KEY]?: string; [LOSSY_TEXT]?: string | null }

let cacheMisses = 0

/** How many lowercase texts were computed so far: a filter pass that computed some was a cold one. */
export function searchCacheMisses(): number {
  return cacheMisses
}

/**
 * What the text filters search: the record's text, or for a record that failed to decode its
 * bytes as text with replacement characters (computed once and kept); null for plain binary.
 */
function textOf(record: DecodedRecord): string | null {
  if (record.text !== null || record.decodeError === null) return record.text
  const r = record as Searchable
  if (r[LOSSY_TEXT] === undefined) r[LOSSY_TEXT] = searchableText(record)
  return r[LOSSY_TEXT]
}

/** The record's searchable text, lowercased once and kept ('' for binary records). */
export function lowerText(record: DecodedRecord): string {
  const r = record as Searchable
  let s = r[LOWER_TEXT]
  if (s === undefined) {
    cacheMisses++
    const text = textOf(record)
    s = text === null ? '' : text.toLowerCase()
    r[LOWER_TEXT] = s
  }
  return s
}

export interface IdleDeadline {
  timeRemaining(): number
}
export type IdleScheduler = (work: (deadline: IdleDeadline) => void) => void

/**
 * Runs `slice` (a few hundred records' worth of work; it answers whether work is left) while the
 * page is idle, until nothing is left; call the returned wake() when new work came.
 */
export function idleWorker(idle: IdleScheduler | null, slice: () => boolean): () => void {
  let scheduled = false
  const work = (deadline: IdleDeadline): void => {
    scheduled = false
    let left = true
    while (left && deadline.timeRemaining() > 1) left = slice()
    if (left) wake()
  }
  const wake = (): void => {
    if (scheduled || idle === null) return
    scheduled = true
    idle(work)
  }
  return wake
}

/**
 * Computes the records' lowercase text and partition key ahead of the first keystroke, a slice at a time while the
 * page is idle, so that the first text filter over a large window costs what the later ones do.
 * Holds at most `limit` records (the newest): what the page never had time for is done by the
 * filter itself, as before.
 */
export function createSearchWarmer(idle: IdleScheduler | null, limit: () => number): {
  add(records: readonly DecodedRecord[]): void
  clear(): void
} {
  let queue: (readonly DecodedRecord[])[] = []
  let queued = 0
  let at = 0
  const wake = idleWorker(idle, () => {
    const batch = queue[0]
    if (batch === undefined) return false
    const end = Math.min(batch.length, at + 500)
    for (; at < end; at++) {
      const record = batch[at] as DecodedRecord
      lowerText(record)
      lowerKey(record) // "Text contains" searches partition keys too
    }
    if (at >= batch.length) {
      queue.shift()
      queued -= batch.length
      at = 0
    }
    return queue.length > 0
  })
  return {
    add(records) {
      if (idle === null || records.length === 0) return
      queue.push(records)
      queued += records.length
      while (queue.length > 1 && queued - (queue[0] as readonly DecodedRecord[]).length >= limit()) {
        queued -= (queue.shift() as readonly DecodedRecord[]).length
        at = 0
      }
      wake()
    },
    clear() {
      queue = []
      queued = 0
      at = 0
    }
  }
}

function lowerKey(record: DecodedRecord): string {
  const r = record as Searchable
  let s = r[LOWER_KEY]
  if (s === undefined) {
    s = record.partitionKey.toLowerCase()
    r[LOWER_KEY] = s
  }
  return s
}

/** How the window reads a record's text: computed once, kept on the record. */
const cachedAccess: FilterAccess = { text: textOf, lowerText, lowerKey }

/**
 * The form's filter with its time range read in the view's time zone: what the window applies
 * and what a search sends to main. A `to` given to the minute or second includes that whole
 * minute or second.
 */
export function resolveFilter(spec: FilterSpec, zone: TimeZone): { spec: RecordFilterSpec; errors: FilterErrors } {
  const errors: FilterErrors = {}
  const bound = (value: string, which: 'from' | 'to'): number | null => {
    if (value === '') return null
    const ms = parseDateTimeInput(value, zone)
    if (ms === null) errors[which] = 'Not a date and time'
    return ms
  }
  const from = bound(spec.from, 'from')
  const to = bound(spec.to, 'to')
  return {
    spec: {
      text: spec.text,
      regex: spec.regex,
      partitionKey: spec.partitionKey,
      partitionKeyMode: spec.partitionKeyMode,
      field: spec.field,
      from,
      to: to === null ? null : to + inclusiveSpan(spec.to) - 1
    },
    errors
  }
}

/**
 * `kept`: where the JSON field filter keeps the members it found, for the next filters over the
 * same window (the store's; none in a one-off filter).
 */
export function compileFilter(spec: FilterSpec, zone: TimeZone, kept: MemberColumns | null = null): CompiledFilter {
  const resolved = resolveFilter(spec, zone)
  const compiled = compileRecordFilter(resolved.spec, cachedAccess, (clauses) => compileFieldFilter(clauses, kept))
  const field = compiled.field
  return {
    active: compiled.active,
    test: compiled.test,
    follow: field === null ? () => undefined : (records, change) => field.follow(records, change),
    from: compiled.from,
    to: compiled.to,
    errors: { ...resolved.errors, ...compiled.errors }
  }
}

/** 60,000 for "…T18:30", 1,000 for "…T18:30:05", 1 with milliseconds. */
function inclusiveSpan(value: string): number {
  const time = value.split(/[T ]/)[1] ?? ''
  if (time.includes('.')) return 1
  return time.split(':').length >= 3 ? 1000 : 60_000
}

/** First index whose arrival time is >= t (the window is sorted by arrival time). */
function lowerBoundTime(records: readonly DecodedRecord[], t: number): number {
  let lo = 0
  let hi = records.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((records[mid] as DecodedRecord).arrivalTime < t) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Window indices of the records that pass, ascending; null when the filter is not active. */
export function filterRecords(records: readonly DecodedRecord[], filter: CompiledFilter): Uint32Array | null {
  if (!filter.active) return null
  const lo = filter.from === null ? 0 : lowerBoundTime(records, filter.from)
  const hi = filter.to === null ? records.length : lowerBoundTime(records, filter.to + 1)
  filter.follow(records)
  return collect(records, filter.test, lo, hi, null, 0)
}

type Test = (record: DecodedRecord, index: number) => boolean

/** Filters records[lo..hi) and appends their indices after `prefix` (indices already shifted). */
function collect(
  records: readonly DecodedRecord[],
  test: Test,
  lo: number,
  hi: number,
  prefix: Uint32Array | null,
  prefixLength: number
): Uint32Array {
  // One scratch buffer sized for the worst case, then one exact copy: no per-match growth.
  const scratch = new Uint32Array(prefixLength + Math.max(0, hi - lo))
  if (prefix !== null) scratch.set(prefix.subarray(0, prefixLength))
  let n = prefixLength
  for (let i = lo; i < hi; i++) {
    if (test(records[i] as DecodedRecord, i)) scratch[n++] = i
  }
  return n === scratch.length ? scratch : scratch.slice(0, n)
}

/**
 * The filtered indices after a window change, reusing what did not change: indices below the
 * change (shifted by the records dropped from the front) are kept, the rest is filtered again.
 */
export function updateFiltered(
  previous: Uint32Array,
  change: WindowMove,
  records: readonly DecodedRecord[],
  filter: CompiledFilter
): Uint32Array {
  const { droppedNow, firstChanged } = change
  // Keep indices i with droppedNow <= i < firstChanged + droppedNow, shifted down by droppedNow.
  const start = lowerBoundIndex(previous, droppedNow)
  const end = lowerBoundIndex(previous, firstChanged + droppedNow)
  const kept = previous.subarray(start, end)
  const shifted = droppedNow === 0 ? kept : kept.map((i) => i - droppedNow)
  const hi = filter.to === null ? records.length : lowerBoundTime(records, filter.to + 1)
  filter.follow(records, change)
  return collect(records, filter.test, firstChanged, Math.max(firstChanged, hi), shifted, shifted.length)
}

/** First position in the ascending indices whose value is >= value. */
function lowerBoundIndex(indices: Uint32Array, value: number): number {
  let lo = 0
  let hi = indices.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((indices[mid] as number) < value) lo = mid + 1
    else hi = mid
  }
  return lo
}

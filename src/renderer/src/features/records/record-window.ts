/**
 * The bounded, time-ordered window of loaded records: pure functions, no React, no DOM.
 *
 * Order: arrival time, then shard id, then sequence number, then sub-sequence number, then log
 * event (the rows of a CloudWatch Logs record). Records of
 * one shard arrive in order, shards interleave; a batch is merged into the window in linear time
 * (an append when all of it is newer than the window's last record, which is the common case),
 * never by sorting the whole window again.
 */
import type { DecodedRecord } from '../../../../shared/domain'

/** Sequence numbers are decimal strings up to 128 digits: compare by length, then by digits. */
export function compareSequenceNumbers(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length
  return a < b ? -1 : a > b ? 1 : 0
}

export function compareRecords(a: DecodedRecord, b: DecodedRecord): number {
  if (a.arrivalTime !== b.arrivalTime) return a.arrivalTime - b.arrivalTime
  if (a.shardId !== b.shardId) return a.shardId < b.shardId ? -1 : 1
  const bySequence = compareSequenceNumbers(a.sequenceNumber, b.sequenceNumber)
  if (bySequence !== 0) return bySequence
  const bySub = (a.subSequenceNumber ?? -1) - (b.subSequenceNumber ?? -1)
  // A CloudWatch Logs record's events keep the record's order (see decode/cloudwatch-logs.ts).
  return bySub !== 0 ? bySub : (a.logEvent?.index ?? -1) - (b.logEvent?.index ?? -1)
}

/** First index whose record sorts after `record` (the insertion point that keeps ties stable). */
export function upperBound(records: readonly DecodedRecord[], record: DecodedRecord): number {
  let lo = 0
  let hi = records.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (compareRecords(records[mid] as DecodedRecord, record) <= 0) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Index of `record` in the sorted window, or -1. O(log n). */
export function indexOfRecord(records: readonly DecodedRecord[], record: DecodedRecord): number {
  let lo = 0
  let hi = records.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    const c = compareRecords(records[mid] as DecodedRecord, record)
    if (c === 0) return (records[mid] as DecodedRecord).id === record.id ? mid : -1
    if (c < 0) lo = mid + 1
    else hi = mid
  }
  return -1
}

/** True when the records are already in window order (a page of one shard almost always is). */
function isSorted(records: readonly DecodedRecord[]): boolean {
  for (let i = 1; i < records.length; i++) {
    if (compareRecords(records[i - 1] as DecodedRecord, records[i] as DecodedRecord) > 0) return false
  }
  return true
}

/** The batch in window order: as it is when sorted already, else a sorted copy (batch-sized only). */
export function sortBatch(batch: readonly DecodedRecord[]): readonly DecodedRecord[] {
  return isSorted(batch) ? batch : [...batch].sort(compareRecords)
}

export interface MergeResult {
  records: DecodedRecord[]
  /** Index of the first record in `records` that was not at the same index before the merge. */
  firstChanged: number
  /** True when the batch went after every record already there (the window only grew at its end). */
  appended: boolean
}

/**
 * Merges a batch into the sorted window. Returns a new array (the store's arrays are immutable);
 * the prefix older than the batch is copied as a block, only the overlapping tail is merged.
 */
export function mergeBatch(window: readonly DecodedRecord[], batch: readonly DecodedRecord[]): MergeResult {
  const sorted = sortBatch(batch)
  const first = sorted[0]
  if (first === undefined) return { records: window as DecodedRecord[], firstChanged: window.length, appended: true }
  const last = window[window.length - 1]
  if (last === undefined || compareRecords(last, first) <= 0) {
    return { records: window.concat(sorted), firstChanged: window.length, appended: true }
  }
  const start = upperBound(window, first)
  const out = window.slice(0, start)
  out.length = window.length + sorted.length
  let i = start
  let j = 0
  let k = start
  while (i < window.length && j < sorted.length) {
    const a = window[i] as DecodedRecord
    const b = sorted[j] as DecodedRecord
    if (compareRecords(a, b) <= 0) {
      out[k++] = a
      i++
    } else {
      out[k++] = b
      j++
    }
  }
  while (i < window.length) out[k++] = window[i++] as DecodedRecord
  while (j < sorted.length) out[k++] = sorted[j++] as DecodedRecord
  return { records: out, firstChanged: start, appended: false }
}

/** Merges several batches: one combined batch, sorted once, then one merge. */
export function mergeBatches(window: readonly DecodedRecord[], batches: readonly (readonly DecodedRecord[])[]): MergeResult {
  if (batches.length === 1) return mergeBatch(window, batches[0] as DecodedRecord[])
  let combined: DecodedRecord[] = []
  for (const b of batches) combined = combined.length === 0 ? [...b] : mergeBatch(combined, b).records
  return mergeBatch(window, combined)
}

export type OverflowPolicy =
  /** A Read: keep the oldest `cap` records, hold the rest and pause (the user decides). */
  | 'hold'
  /** Live tail, or a Read the user continued: drop the oldest and count them. */
  | 'drop-oldest'

export interface WindowState {
  records: DecodedRecord[]
  /** Records received past the cap while a Read is held at it: not shown, not lost. */
  held: DecodedRecord[]
  /** Oldest records dropped to keep the window bounded, this session. */
  dropped: number
}

/**
 * What changed, so that derived views (the filtered indices) can be updated instead of rebuilt:
 * after removing `droppedNow` records from the front of the previous window, every index below
 * `firstChanged` still holds the same record; from `firstChanged` on, records are new or moved.
 */
export interface WindowChange {
  state: WindowState
  /** The records the change was applied to (what droppedNow and firstChanged relate to). */
  previous: readonly DecodedRecord[]
  /** How many records were removed from the front of the previous window. */
  droppedNow: number
  /** The first index (in the new window, after any drop) whose record changed or is new. */
  firstChanged: number
  /** The window only grew at its end (after dropping droppedNow from its front). */
  appended: boolean
  /** Records arrived past the cap under the 'hold' policy: the caller pauses the read. */
  reachedCap: boolean
}

/**
 * Adds batches to the window and keeps it within `cap`, by the policy. Pure: returns new arrays.
 */
export function addToWindow(
  state: WindowState,
  batches: readonly (readonly DecodedRecord[])[],
  cap: number,
  policy: OverflowPolicy
): WindowChange {
  const incoming = batches.reduce((n, b) => n + b.length, 0)
  if (incoming === 0) {
    return { state, previous: state.records, droppedNow: 0, firstChanged: state.records.length, appended: true, reachedCap: false }
  }
  if (policy === 'hold' && state.held.length > 0) {
    // Already at the cap and waiting for the user: everything new is held.
    const held = mergeBatches(state.held, batches).records
    return {
      state: { ...state, held },
      previous: state.records,
      droppedNow: 0,
      firstChanged: state.records.length,
      appended: true,
      reachedCap: true
    }
  }
  const merged = mergeBatches(state.records, batches)
  const excess = merged.records.length - cap
  if (excess <= 0) {
    return {
      state: { ...state, records: merged.records },
      previous: state.records,
      droppedNow: 0,
      firstChanged: merged.firstChanged,
      appended: merged.appended,
      // Exactly full is not yet over: only a record past the cap pauses a Read, so a read whose
      // last record fills the window ends normally instead of waiting at the limit.
      reachedCap: false
    }
  }
  if (policy === 'hold') {
    const records = merged.records.slice(0, cap)
    return {
      state: { ...state, records, held: merged.records.slice(cap) },
      previous: state.records,
      droppedNow: 0,
      firstChanged: Math.min(merged.firstChanged, cap),
      appended: merged.appended,
      reachedCap: true
    }
  }
  return {
    state: { ...state, records: merged.records.slice(excess), dropped: state.dropped + excess },
    previous: state.records,
    droppedNow: excess,
    firstChanged: Math.max(0, merged.firstChanged - excess),
    appended: merged.appended,
    reachedCap: false
  }
}

/**
 * "Continue (drop oldest)": the held records join the window and the oldest are dropped so that
 * the window is back within the cap. Also used when the user lowers the cap.
 */
export function releaseHeld(state: WindowState, cap: number): WindowChange {
  const merged = state.held.length > 0 ? mergeBatch(state.records, state.held) : null
  const all = merged?.records ?? state.records
  const excess = Math.max(0, all.length - cap)
  const records = excess > 0 ? all.slice(excess) : all
  return {
    state: { records, held: [], dropped: state.dropped + excess },
    previous: state.records,
    droppedNow: excess,
    firstChanged: merged === null ? records.length : Math.max(0, merged.firstChanged - excess),
    appended: merged === null ? true : merged.appended,
    reachedCap: false
  }
}

/**
 * Where the JSON field filter found top-level members, kept per key for every record of the
 * window (a column of source ranges, by window index), so that the next expression over the same
 * key reads no text: refining `storeId >= 140` with `and source = web` reads `storeId` from the
 * column and scans only the records it lets through. Pure, no DOM.
 *
 * The columns follow the window: when it changes by a known change (records appended or merged
 * in, the oldest dropped) they shift with it and forget the changed part; when it is another
 * window (cleared, a new read, a change they did not see) they are dropped.
 */
import type { DecodedRecord } from '../../../../shared/domain'
import type { WindowChange } from './record-window'

/** Starts that are not positions: -1 (as in json-scan.ts) is a member the object lacks. */
/** A record whose member was not looked for yet. */
export const UNREAD = -2
/** The record's text is JSON but not an object: the filter parses it whole. */
export const NOT_AN_OBJECT = -3

/** At most this many keys are kept; asking for one more drops them all (a column is 8 bytes a record). */
const MAX_KEYS = 8

export type WindowMove = Pick<WindowChange, 'previous' | 'droppedNow' | 'firstChanged'>

export class MemberColumns {
  private records: readonly DecodedRecord[] | null = null
  /** Per key, [start, end) of the member's value for record i at [2i] and [2i + 1]. */
  private readonly columns = new Map<string, Int32Array>()

  /** Aligns the columns with `records`, the window after `move` when it is known. */
  follow(records: readonly DecodedRecord[], move?: WindowMove): void {
    if (records === this.records) return
    if (move === undefined || move.previous !== this.records) this.columns.clear()
    else {
      const { droppedNow, firstChanged } = move
      for (const [key, column] of this.columns) {
        const kept = Math.max(0, Math.min(firstChanged, move.previous.length - droppedNow))
        const next = column.length >= 2 * records.length ? column : grow(column, records.length)
        next.copyWithin(0, 2 * droppedNow, 2 * (droppedNow + kept))
        next.fill(UNREAD, 2 * kept, 2 * records.length)
        this.columns.set(key, next)
      }
    }
    this.records = records
  }

  /** The column of `key` for the window last followed, UNREAD where nothing was looked for. */
  column(key: string): Int32Array {
    let column = this.columns.get(key)
    if (column === undefined) {
      if (this.columns.size >= MAX_KEYS) this.columns.clear()
      column = new Int32Array(2 * (this.records?.length ?? 0)).fill(UNREAD)
      this.columns.set(key, column)
    }
    return column
  }
}

/** A column with room for `records` records and some more (a live window grows a batch at a time). */
function grow(column: Int32Array, records: number): Int32Array {
  const next = new Int32Array(2 * Math.ceil(records * 1.25))
  next.set(column)
  return next
}

/**
 * Where the JSON field filter found top-level members, kept per key for every record of the
 * window (a column of source ranges, by window index), so that the next expression over the same
 * key reads no text: refining `storeId >= 140` with `and source = web` reads `storeId` from the
 * column and scans only the records it lets through. Pure, no DOM.
 *
 * The columns follow the window: when it changes by a known change (records appended or merged
 * in, the oldest dropped) they shift with it and forget the changed part; when it is another
 * window (cleared, a new read, a change they did not see) they are dropped.
 *
 * The keys of the stream's common schema (the top-level keys of the window's first JSON objects)
 * are read ahead of use, a slice of records at a time while the page is idle (`warm`), with the
 * same pass a filter makes, so that the first JSON filter over them reads no text either.
 */
import type { DecodedRecord } from '../../../../shared/domain'
import { memberScan } from '../../../../shared/filter/json-scan'
import type { WindowChange } from './record-window'

/** Starts that are not positions: -1 (as in json-scan.ts) is a member the object lacks. */
/** A record whose member was not looked for yet. */
export const UNREAD = -2
/** The record's text is JSON but not an object: the filter parses it whole. */
export const NOT_AN_OBJECT = -3

/** At most this many keys are kept; asking for one more drops those not in the schema (a column is 8 bytes a record). */
const MAX_KEYS = 8
/** The schema is the union of the keys of this many first JSON objects of the window... */
const SCHEMA_SAMPLE = 20
/** ...at most this many of them, leaving room for two columns of other keys. */
const SCHEMA_KEYS = MAX_KEYS - 2

/** The keys read ahead of use, and one scan for all of them. */
interface Schema {
  keys: readonly string[]
  scan: (text: string, ranges: Int32Array) => boolean
  ranges: Int32Array
}

export type WindowMove = Pick<WindowChange, 'previous' | 'droppedNow' | 'firstChanged'>

export class MemberColumns {
  private records: readonly DecodedRecord[] | null = null
  /** Per key, [start, end) of the member's value for record i at [2i] and [2i + 1]. */
  private readonly columns = new Map<string, Int32Array>()
  /** The keys read ahead of use for this window; null until it has a JSON object. */
  private schema: Schema | null = null
  /** Records [0, warmed) have every schema key read. */
  private warmed = 0

  /** Aligns the columns with `records`, the window after `move` when it is known. */
  follow(records: readonly DecodedRecord[], move?: WindowMove): void {
    if (records === this.records) return
    if (move === undefined || move.previous !== this.records) {
      this.columns.clear()
      this.schema = null
      this.warmed = 0
    } else {
      const { droppedNow, firstChanged } = move
      const kept = Math.max(0, Math.min(firstChanged, move.previous.length - droppedNow))
      this.warmed = Math.min(Math.max(0, this.warmed - droppedNow), kept)
      for (const [key, column] of this.columns) {
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
      // Full: the columns of other keys go, the schema's stay (they are read ahead again otherwise).
      if (this.columns.size >= MAX_KEYS) for (const k of this.columns.keys()) if (!this.schema?.keys.includes(k)) this.columns.delete(k)
      column = new Int32Array(2 * (this.records?.length ?? 0)).fill(UNREAD)
      this.columns.set(key, column)
    }
    return column
  }

  /**
   * Reads the schema keys of up to `count` more records of the window, as a filter pass would
   * (json-scan.ts; JSON records only); false when every record has them read.
   */
  warm(count: number): boolean {
    const records = this.records ?? []
    this.schema ??= schemaOf(records)
    if (this.schema === null || this.warmed >= records.length) return false
    const { keys, scan, ranges } = this.schema
    const columns = keys.map((key) => this.column(key))
    const end = Math.min(records.length, this.warmed + count)
    for (let i = this.warmed; i < end; i++) {
      const { kind, text } = records[i] as DecodedRecord
      if (kind !== 'json' || text === null) continue
      writeMembers(columns, i, scan(text, ranges), ranges)
    }
    this.warmed = end
    return end < records.length
  }
}

/**
 * Writes what a scan found (json-scan.ts memberScan: `object`, its answer, and the `ranges` it
 * wrote for keys k = 0, 1, …) into the keys' `columns` at window index `index`.
 */
export function writeMembers(columns: readonly Int32Array[], index: number, object: boolean, ranges: Int32Array): void {
  for (let k = 0; k < columns.length; k++) {
    const column = columns[k] as Int32Array
    column[2 * index] = object ? (ranges[2 * k] as number) : NOT_AN_OBJECT
    column[2 * index + 1] = ranges[2 * k + 1] as number
  }
}

/**
 * The top-level keys of the first JSON objects among the window's first 1,000 records (at most
 * SCHEMA_KEYS, the most common first); null while the window has none (chosen again with more).
 */
function schemaOf(records: readonly DecodedRecord[]): Schema | null {
  const seen = new Map<string, number>()
  let objects = 0
  for (let i = 0; i < records.length && i < 1000 && objects < SCHEMA_SAMPLE; i++) {
    const { kind, text } = records[i] as DecodedRecord
    if (kind !== 'json' || text === null || !text.trimStart().startsWith('{')) continue
    objects++
    for (const key of Object.keys(JSON.parse(text) as object)) seen.set(key, (seen.get(key) ?? 0) + 1)
  }
  if (seen.size === 0) return null
  const keys = [...seen.keys()].sort((a, b) => (seen.get(b) as number) - (seen.get(a) as number)).slice(0, SCHEMA_KEYS)
  return { keys, scan: memberScan(keys), ranges: new Int32Array(2 * keys.length) }
}

/** A column with room for `records` records and some more (a live window grows a batch at a time). */
function grow(column: Int32Array, records: number): Int32Array {
  const next = new Int32Array(2 * Math.ceil(records * 1.25))
  next.set(column)
  return next
}

/** The table's rows as positions over the window: filter indices, then the sort direction. Pure. */
import type { DecodedRecord } from '../../../../shared/domain'
import { indexOfRecord } from './record-window'

export interface TableRows {
  records: readonly DecodedRecord[]
  filtered: Uint32Array | null
  descending: boolean
}

export function rowCount(rows: TableRows): number {
  return rows.filtered?.length ?? rows.records.length
}

/** The record shown at a row (0 = first row under the header). */
export function recordAtRow(rows: TableRows, row: number): DecodedRecord | undefined {
  const count = rowCount(rows)
  if (row < 0 || row >= count) return undefined
  const position = rows.descending ? count - 1 - row : row
  const index = rows.filtered === null ? position : rows.filtered[position]
  return index === undefined ? undefined : rows.records[index]
}

function binarySearch(sorted: Uint32Array, value: number): number {
  let lo = 0
  let hi = sorted.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    const v = sorted[mid] as number
    if (v === value) return mid
    if (v < value) lo = mid + 1
    else hi = mid - 1
  }
  return -1
}

/** The row a record is shown at, or -1 when it is filtered out or no longer loaded. O(log n). */
export function rowOfRecord(rows: TableRows, record: DecodedRecord | null): number {
  if (record === null) return -1
  const index = indexOfRecord(rows.records, record)
  if (index < 0) return -1
  const position = rows.filtered === null ? index : binarySearch(rows.filtered, index)
  if (position < 0) return -1
  return rows.descending ? rowCount(rows) - 1 - position : position
}

export type NavigationKey = 'ArrowUp' | 'ArrowDown' | 'PageUp' | 'PageDown' | 'Home' | 'End'

export function isNavigationKey(key: string): key is NavigationKey {
  return key === 'ArrowUp' || key === 'ArrowDown' || key === 'PageUp' || key === 'PageDown' || key === 'Home' || key === 'End'
}

/** The row a key moves the selection to, from `current` (-1: nothing selected). */
export function moveRow(key: NavigationKey, current: number, count: number, pageSize: number): number {
  if (count === 0) return -1
  const last = count - 1
  const clamp = (n: number): number => Math.max(0, Math.min(last, n))
  switch (key) {
    case 'ArrowDown':
      return current < 0 ? 0 : clamp(current + 1)
    case 'ArrowUp':
      return current < 0 ? 0 : clamp(current - 1)
    case 'PageDown':
      return clamp((current < 0 ? 0 : current) + pageSize)
    case 'PageUp':
      return clamp((current < 0 ? 0 : current) - pageSize)
    case 'Home':
      return 0
    case 'End':
      return last
  }
}

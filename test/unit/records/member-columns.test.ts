import { describe, expect, it } from 'vitest'
import type { DecodedRecord } from '../../../src/shared/domain'
import { MemberColumns, UNREAD } from '../../../src/renderer/src/features/records/member-columns'
import { addToWindow, type WindowState } from '../../../src/renderer/src/features/records/record-window'
import { rec } from './fixtures'

const T0 = 1_700_000_000_000
const at = (t: number): DecodedRecord => rec({ t: T0 + t, json: { t } })

/** The column of `key` read back as the record times it was written for (UNREAD as null). */
function read(columns: MemberColumns, key: string, records: readonly DecodedRecord[]): (number | null)[] {
  const column = columns.column(key)
  return records.map((_, i) => (column[2 * i] === UNREAD ? null : (column[2 * i + 1] as number)))
}

/** Marks every record's entry with its arrival time, as a filter pass would write its ranges. */
function fill(columns: MemberColumns, key: string, records: readonly DecodedRecord[]): void {
  const column = columns.column(key)
  records.forEach((r, i) => {
    column[2 * i] = 0
    column[2 * i + 1] = r.arrivalTime - T0
  })
}

describe('MemberColumns', () => {
  it('keeps entries for the same window, shifts them with appends and drops, forgets the changed part', () => {
    const columns = new MemberColumns()
    let state: WindowState = { records: [], held: [], dropped: 0 }
    const step = (batch: DecodedRecord[]): void => {
      const change = addToWindow(state, [batch], 5, 'drop-oldest')
      state = change.state
      columns.follow(state.records, change)
    }
    step([at(10), at(20), at(30)])
    fill(columns, 'k', state.records)
    columns.follow(state.records)
    expect(read(columns, 'k', state.records)).toEqual([10, 20, 30])
    step([at(40), at(50), at(60)]) // one dropped from the front, three appended
    expect(read(columns, 'k', state.records)).toEqual([20, 30, null, null, null])
    fill(columns, 'k', state.records)
    step([at(35)]) // merged in the middle: from there on the records changed
    expect(read(columns, 'k', state.records)).toEqual([30, null, null, null, null])
  })

  it('drops everything for a window it did not see change, and past its limit of keys', () => {
    const columns = new MemberColumns()
    const records = [at(1), at(2)]
    columns.follow(records)
    fill(columns, 'k', records)
    const cleared: DecodedRecord[] = []
    columns.follow(cleared)
    columns.follow(records) // the same records, but not by a change it knows of
    expect(read(columns, 'k', records)).toEqual([null, null])
    fill(columns, 'k', records)
    for (let i = 0; i < 8; i++) columns.column(`other${i}`)
    expect(read(columns, 'k', records)).toEqual([null, null])
  })
})

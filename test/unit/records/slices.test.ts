/**
 * The records store's slices on their own: the selection (marks, the selected row and its pane)
 * and the filter (spec, compiled filter and shown indices kept in step with the window).
 */
import { describe, expect, it } from 'vitest'
import type { DecodedRecord } from '../../../src/shared/domain'
import { windowFilter, type FilterState } from '../../../src/renderer/src/features/records/filter-slice'
import { addToWindow, type WindowState } from '../../../src/renderer/src/features/records/record-window'
import { initialSelection, selectionActions, type SelectionState } from '../../../src/renderer/src/features/records/selection-slice'
import { rec } from './fixtures'

const records = Array.from({ length: 6 }, (_, i) => rec({ seq: i + 1, t: 1000 + i, json: { i, even: i % 2 === 0 } }))

describe('selection slice', () => {
  it('marks by id, gives the marked records in window order, and opens the pane only with a selection', () => {
    let state: SelectionState & { records: readonly DecodedRecord[] } = { ...initialSelection, records }
    const actions = selectionActions((patch) => (state = { ...state, ...patch }), () => state)
    const [r0, r1, r2, , r4] = records as [DecodedRecord, DecodedRecord, DecodedRecord, DecodedRecord, DecodedRecord]
    actions.toggleMark(r4)
    actions.markRange([r2, r1])
    actions.toggleMark(r2) // a second toggle unmarks
    expect(actions.markedRecords().map((r) => r.id)).toEqual([r1.id, r4.id])
    actions.clearMarks()
    expect(actions.markedRecords()).toEqual([])
    actions.setDetailOpen(true)
    expect(state.detailOpen).toBe(false) // nothing selected
    actions.select(r0, { open: true })
    expect(state).toMatchObject({ selected: r0, detailOpen: true })
    actions.select(r1) // the keyboard keeps the pane as it is
    expect(state.detailOpen).toBe(true)
    actions.select(null)
    expect(state).toMatchObject({ selected: null, detailOpen: false })
  })
})

describe('filter slice', () => {
  it('filters the window, follows its changes, and empties with it', () => {
    const filtering = windowFilter(null, () => 4)
    let window: WindowState = { records: [], held: [], dropped: 0 }
    let state: FilterState & { records: readonly DecodedRecord[] } = { ...filtering.initial, records: window.records }
    let changes = 0
    const actions = filtering.actions((patch) => (state = { ...state, ...patch }), () => state, () => changes++)
    actions.setFilter({ field: 'even = true' })
    expect(changes).toBe(1)
    expect(state.compiled.active).toBe(true)
    expect(Array.from(state.filtered ?? [])).toEqual([])
    // Six records into a window of four: the oldest two dropped, the shown indices follow.
    const change = addToWindow(window, [records], 4, 'drop-oldest')
    window = change.state
    state = { ...state, records: window.records, filtered: filtering.follow(state, change) }
    expect(Array.from(state.filtered ?? []).map((i) => window.records[i]?.id)).toEqual([records[2]?.id, records[4]?.id])
    expect(filtering.emptied(state, []).filtered).toEqual(new Uint32Array(0))
    actions.clearFilter()
    expect(state.filtered).toBeNull()
    expect(state.filterRuns).toBe(2)
  })
})

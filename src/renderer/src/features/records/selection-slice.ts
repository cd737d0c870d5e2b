/**
 * The selection slice of the records store: the selected row and its detail pane, the rows marked
 * for Replay…, the forced view and the export panel. Nothing here reads or filters; a new read or
 * Clear resets it (noSelection). No React.
 */
import type { DecodedRecord, RecordView } from '../../../../shared/domain'

export interface SelectionState {
  selected: DecodedRecord | null
  /** Rows marked with Ctrl/⌘-click, Shift-click or Space (by record id): what Replay… takes. */
  marked: ReadonlySet<string>
  detailOpen: boolean
  /** "Apply view to all": the previews and the detail use this view. */
  forcedView: RecordView | null
  exportOpen: boolean
}

export interface SelectionActions {
  /** Marks or unmarks one row (Ctrl/⌘-click, Space). */
  toggleMark: (record: DecodedRecord) => void
  /** Marks every row given (Shift-click: the rows between the last one marked and this one). */
  markRange: (records: readonly DecodedRecord[]) => void
  clearMarks: () => void
  /** The marked records, in arrival order. */
  markedRecords: () => DecodedRecord[]
  /** Selects a row; a click opens the detail pane, the keyboard keeps it as it is. */
  select: (record: DecodedRecord | null, options?: { open?: boolean }) => void
  setDetailOpen: (open: boolean) => void
  setForcedView: (view: RecordView | null) => void
  setExportOpen: (open: boolean) => void
}

const NO_MARKS: ReadonlySet<string> = new Set()

/** What a new read or Clear leaves of the selection: nothing selected, nothing marked. */
export const noSelection: Pick<SelectionState, 'selected' | 'marked' | 'detailOpen'> = { selected: null, marked: NO_MARKS, detailOpen: false }

export const initialSelection: SelectionState = { ...noSelection, forcedView: null, exportOpen: false }

export function selectionActions(
  set: (patch: Partial<SelectionState>) => void,
  get: () => SelectionState & { records: readonly DecodedRecord[] }
): SelectionActions {
  return {
    toggleMark(record) {
      const marked = new Set(get().marked)
      if (!marked.delete(record.id)) marked.add(record.id)
      set({ marked })
    },
    markRange(records) {
      const marked = new Set(get().marked)
      for (const record of records) marked.add(record.id)
      set({ marked })
    },
    clearMarks() {
      set({ marked: NO_MARKS })
    },
    markedRecords() {
      const { marked, records } = get()
      return marked.size === 0 ? [] : records.filter((r) => marked.has(r.id))
    },
    select(record, options) {
      set({ selected: record, detailOpen: record === null ? false : (options?.open ?? get().detailOpen) })
    },
    setDetailOpen(open) {
      set({ detailOpen: open && get().selected !== null })
    },
    setForcedView(view) {
      set({ forcedView: view })
    },
    setExportOpen(open) {
      set({ exportOpen: open })
    }
  }
}

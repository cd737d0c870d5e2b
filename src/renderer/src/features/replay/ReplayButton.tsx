import { useState } from 'react'
import type { DecodedRecord } from '../../../../shared/domain'
import { useRecordsGetter, useRecordsShallow } from '../records/records-context'
import { toReplayRecord } from './replay-chunks'
import { ReplayDialog, type ReplayBrowserSource } from './ReplayDialog'

/** "Replay…" beside Export: the marked rows (or the selected one), or everything the filter shows, onto a stream. */
export function ReplayButton(): React.JSX.Element {
  const { shown, filterActive, selected, marked, stream } = useRecordsShallow((s) => ({
    shown: s.filtered?.length ?? s.records.length,
    filterActive: s.filtered !== null,
    selected: s.selected !== null,
    marked: s.marked.size,
    stream: s.stream
  }))
  const getState = useRecordsGetter()
  const [open, setOpen] = useState(false)
  const browser: ReplayBrowserSource = {
    // Marked rows when there are any (still in the window), else the one selected.
    selectedCount: marked > 0 ? getState().actions.markedRecords().length : selected ? 1 : 0,
    shownCount: shown,
    filterActive,
    records: (source) => {
      const s = getState()
      if (source === 'selected') {
        const picked = s.marked.size > 0 ? s.actions.markedRecords() : s.selected !== null ? [s.selected] : []
        return picked.map(toReplayRecord)
      }
      // Arrival order, whatever the table's sort: records of one key go in the order they came.
      const picked = s.filtered !== null ? Array.from(s.filtered, (i) => s.records[i] as DecodedRecord) : s.records
      return picked.map(toReplayRecord)
    }
  }
  return (
    <>
      <button type="button" className="small-button" aria-haspopup="dialog" onClick={() => setOpen(true)} title="Put records again on this or another stream">
        Replay…
      </button>
      {open && <ReplayDialog stream={stream} browser={browser} onClose={() => setOpen(false)} />}
    </>
  )
}

import { useState } from 'react'
import type { DecodedRecord } from '../../../../shared/domain'
import { useRecordsGetter, useRecordsShallow } from '../records/records-context'
import { toReplayRecord } from './replay-chunks'
import { ReplayDialog, type ReplayBrowserSource } from './ReplayDialog'

/** "Replay…" beside Export: the selected record, or everything the filter shows, onto a stream. */
export function ReplayButton(): React.JSX.Element {
  const { shown, filterActive, selected, stream } = useRecordsShallow((s) => ({
    shown: s.filtered?.length ?? s.records.length,
    filterActive: s.filtered !== null,
    selected: s.selected !== null,
    stream: s.stream
  }))
  const getState = useRecordsGetter()
  const [open, setOpen] = useState(false)
  const browser: ReplayBrowserSource = {
    selectedCount: selected ? 1 : 0,
    shownCount: shown,
    filterActive,
    records: (source) => {
      const s = getState()
      if (source === 'selected') return s.selected !== null ? [toReplayRecord(s.selected)] : []
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

import { useId, useRef } from 'react'
import { formatCount } from '../records/format'
import { useReplay } from './replay-hooks'
import type { ReplayStore } from './replay-store'
import { FilePickerButton, type FilePicker } from '../../components/FilePickerButton'

/** Where the records come from: the browser's selected record, what its filter shows, or a JSON Lines file. */
export function ReplaySourceFields(props: {
  store: ReplayStore
  selectedCount: number
  shownCount: number
  filterActive: boolean
  shownLabel?: string
  disabled: boolean
}): React.JSX.Element {
  const { source, file, skipBroken } = useReplay(props.store, (s) => ({ source: s.source, file: s.file, skipBroken: s.skipBroken }))
  const { setSource, loadFile, setSkipBroken } = props.store.getState().actions
  const name = useId()
  const picker = useRef<FilePicker>(null)
  const problems = file !== null && 'problems' in file ? file.problems : []
  return (
    <fieldset className="field-group send-fieldset" disabled={props.disabled}>
      <legend>Records to replay</legend>
      <label className="send-inline">
        <input type="radio" name={name} checked={source === 'selected'} disabled={props.selectedCount === 0} onChange={() => setSource('selected')} />
        {props.selectedCount > 1
          ? `The selected records (${props.selectedCount.toLocaleString('en-US')})`
          : `The selected record${props.selectedCount === 0 ? ' (none selected: Ctrl/⌘-click or Space marks rows)' : ''}`}
      </label>
      <label className="send-inline">
        <input type="radio" name={name} checked={source === 'shown'} disabled={props.shownCount === 0} onChange={() => setSource('shown')} />
        {props.shownLabel ?? (props.filterActive ? 'Records the filter shows' : 'All loaded records')} ({formatCount(props.shownCount)})
      </label>
      <div className="send-row replay-file-row">
        <label className="send-inline">
          <input type="radio" name={name} checked={source === 'file'} onChange={() => (file === null ? picker.current?.open() : setSource('file'))} />
          A JSON Lines file exported by the record browser
        </label>
        <FilePickerButton
          caption="Choose file…"
          label="JSON Lines file to replay"
          accept=".jsonl,.ndjson,.json,application/x-ndjson,application/json"
          onFile={(picked) => void loadFile(picked.name, () => picked.text())}
          picker={picker}
        />
      </div>
      {source === 'file' && file !== null && 'error' in file && <p className="field-error">{file.error}</p>}
      {source === 'file' && file !== null && 'records' in file && (
        <div className="replay-file" data-testid="replay-file">
          <p>
            <span className="mono">{file.name}</span>: {formatCount(file.records.length)} {file.records.length === 1 ? 'record' : 'records'}
            {problems.length > 0 && `, ${formatCount(problems.length)} broken ${problems.length === 1 ? 'line' : 'lines'}`}
          </p>
          {problems.length > 0 && (
            <>
              <ul className="replay-problems" aria-label="Broken lines">
                {problems.slice(0, 50).map((p) => (
                  <li key={p.line}>{p.message}</li>
                ))}
                {problems.length > 50 && <li>… and {formatCount(problems.length - 50)} more</li>}
              </ul>
              <label className="send-inline">
                <input type="checkbox" checked={skipBroken} onChange={(e) => setSkipBroken(e.target.checked)} />
                Skip the broken lines and replay the other {formatCount(file.records.length)}
              </label>
            </>
          )}
        </div>
      )}
    </fieldset>
  )
}

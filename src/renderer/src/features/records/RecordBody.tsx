import { useMemo, useState } from 'react'
import type { DecodedRecord, RecordView } from '../../../../shared/domain'
import { base64ToBytes, bytesToHex, prettyJson, recordDataBase64 } from '../../../../shared/record-format'
import { CopyButton } from '../../components/CopyButton'
import { JsonTree, parseExactJson } from './JsonTree'
import { lossyText, naturalView, viewFits } from './record-preview'
import { useRecords, useRecordsActions } from './records-context'

const views: { id: RecordView; label: string }[] = [
  { id: 'json', label: 'JSON' },
  { id: 'text', label: 'Text' },
  { id: 'hex', label: 'Hex' },
  { id: 'base64', label: 'Base64' }
]

/** Views show at most this much; Copy still copies everything. */
const MAX_HEX_BYTES = 64 * 1024
const MAX_CHARS = 256 * 1024

/** The record's data in the view the user picks (for this record, or for all with "Apply view to all"). */
export function RecordBody({ record }: { record: DecodedRecord }): React.JSX.Element {
  const forced = useRecords((s) => s.forcedView)
  const { setForcedView } = useRecordsActions()
  // A view picked for this record only; forgotten when another record is selected.
  const [picked, setPicked] = useState<{ id: string; view: RecordView } | null>(null)
  const view = picked?.id === record.id ? picked.view : (forced ?? naturalView(record))
  return (
    <div className="rec-body-view">
      <div className="rec-view-bar">
        <div className="rec-segmented" role="group" aria-label="View">
          {views.map((v) => (
            <button key={v.id} type="button" aria-pressed={view === v.id} onClick={() => setPicked({ id: record.id, view: v.id })}>
              {v.label}
            </button>
          ))}
        </div>
        <label className="rec-inline rec-apply-all">
          <input type="checkbox" checked={forced !== null && forced === view} onChange={(e) => setForcedView(e.target.checked ? view : null)} />
          Apply view to all
        </label>
      </div>
      <ViewContent record={record} view={view} />
    </div>
  )
}

function ViewContent({ record, view }: { record: DecodedRecord; view: RecordView }): React.JSX.Element {
  switch (view) {
    case 'json':
      return <JsonView record={record} />
    case 'text':
      return <TextView record={record} />
    case 'hex':
      return <HexView record={record} />
    case 'base64':
      return <Capped text={recordDataBase64(record)} label="Copy base64" />
  }
}

function JsonView({ record }: { record: DecodedRecord }): React.JSX.Element {
  const parsed = useMemo(() => {
    if (!viewFits(record, 'json') || record.text === null) return null
    try {
      return { value: parseExactJson(record.text), pretty: prettyJson(record.text) ?? record.text }
    } catch {
      return null
    }
  }, [record])
  if (parsed === null) {
    return <p className="rec-view-note">This record is not JSON{record.kind === 'text' ? ' (it is text: see the Text view)' : ' (see the Hex view)'}.</p>
  }
  return (
    <div className="rec-view-content">
      <CopyButton text={parsed.pretty} label="Copy JSON, pretty-printed" caption="Copy JSON" />
      <JsonTree value={parsed.value} />
    </div>
  )
}

function TextView({ record }: { record: DecodedRecord }): React.JSX.Element {
  const text = useMemo(() => lossyText(record), [record])
  if (record.decodeError !== null) {
    // Decoding failed: the bytes as text (what the filters search) beside the raw bytes, and why.
    return (
      <>
        <p className="rec-view-note rec-decode-error" role="note">
          Could not decode this record: {record.decodeError}. Its bytes are shown as text with replacement characters (�), beside the raw bytes.
        </p>
        <div className="rec-split">
          <section aria-label="Bytes as text">
            <h4 className="rec-split-title">As text</h4>
            <Capped text={text} label="Copy text" />
          </section>
          <section aria-label="Raw bytes">
            <h4 className="rec-split-title">Raw (hex)</h4>
            <HexView record={record} />
          </section>
        </div>
      </>
    )
  }
  return (
    <>
      {record.text === null && (
        <p className="rec-view-note">The bytes are not valid UTF-8 text: shown with replacement characters (�).</p>
      )}
      <Capped text={text} label="Copy text" />
    </>
  )
}

function HexView({ record }: { record: DecodedRecord }): React.JSX.Element {
  const dump = useMemo(() => {
    try {
      return bytesToHex(base64ToBytes(recordDataBase64(record)), { maxBytes: MAX_HEX_BYTES })
    } catch {
      return 'The data is not valid base64.'
    }
  }, [record])
  return (
    <div className="rec-view-content">
      {record.steps.some((s) => s === 'gzip' || s === 'zlib') && <p className="rec-view-note">The bytes as stored (compressed).</p>}
      <pre className="rec-pre mono">{dump}</pre>
    </div>
  )
}

function Capped(props: { text: string; label: string }): React.JSX.Element {
  const over = props.text.length - MAX_CHARS
  return (
    <div className="rec-view-content">
      <CopyButton text={props.text} label={props.label} caption={props.label} />
      <pre className="rec-pre mono rec-wrap">{over > 0 ? props.text.slice(0, MAX_CHARS) : props.text}</pre>
      {over > 0 && <p className="muted">… {over.toLocaleString('en-US')} more characters (Copy takes all of them).</p>}
    </div>
  )
}

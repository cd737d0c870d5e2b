import { useMemo, useState } from 'react'
import type { DecodedRecord, RecordView } from '../../../../shared/domain'
import { base64ToBytes, bytesToHex, prettyJson, recordDataBase64 } from '../../../../shared/record-format'
import { CopyButton } from '../../components/CopyButton'
import { JsonTree, parseExactJson } from './JsonTree'
import { formatBytes } from './format'
import { leadingDataBytes, lossyText, naturalView, viewFits } from './record-preview'
import { useRecords, useRecordsActions } from './records-context'

const views: { id: RecordView; label: string }[] = [
  { id: 'json', label: 'JSON' },
  { id: 'text', label: 'Text' },
  { id: 'hex', label: 'Hex' },
  { id: 'base64', label: 'Base64' }
]

/**
 * Views show the first part of a large body; "Show all" renders the rest on request, and Copy
 * always copies every byte. A multi-MiB record laid out whole (a 6 MiB <pre>, a hex dump of
 * 400,000 lines, a JSON tree of thousands of nodes) would freeze the window when it is selected.
 */
export const FIRST_PART_CHARS = 64 * 1024
const FIRST_PART_BYTES = 16 * 1024
/** Past this, the JSON tree is built only on request: parsing and laying out the tree is the costly part. */
export const JSON_TREE_MAX_CHARS = 512 * 1024

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
      return <Base64View record={record} />
  }
}

function JsonView({ record }: { record: DecodedRecord }): React.JSX.Element {
  const large = record.text !== null && record.text.length > JSON_TREE_MAX_CHARS
  const [treeFor, setTreeFor] = useState<string | null>(null)
  const wantTree = !large || treeFor === record.id
  const parsed = useMemo(() => {
    if (!wantTree || !viewFits(record, 'json') || record.text === null) return null
    try {
      return { value: parseExactJson(record.text), pretty: prettyJson(record.text) ?? record.text }
    } catch {
      return null
    }
  }, [record, wantTree])
  if (!viewFits(record, 'json') || record.text === null || (wantTree && parsed === null)) {
    return <p className="rec-view-note">This record is not JSON{record.kind === 'text' ? ' (it is text: see the Text view)' : ' (see the Hex view)'}.</p>
  }
  if (parsed === null) {
    const text = record.text
    return (
      <div className="rec-view-content">
        <p className="rec-view-note" role="note">
          This JSON is {formatBytes(record.size)}: its tree is built on request, since a tree this large takes the window a while to lay out.{' '}
          <button type="button" className="small-button" onClick={() => setTreeFor(record.id)}>
            Show JSON tree
          </button>
        </p>
        <Capped text={text} id={record.id} label="Copy JSON" />
      </div>
    )
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
            <Capped text={text} id={record.id} label="Copy text" />
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
      <Capped text={text} id={record.id} label="Copy text" />
    </>
  )
}

function HexView({ record }: { record: DecodedRecord }): React.JSX.Element {
  const [allFor, setAllFor] = useState<string | null>(null)
  const all = allFor === record.id || record.size <= FIRST_PART_BYTES
  const dump = useMemo(() => {
    try {
      // Only the bytes shown are decoded: the whole record only once "Show all" asks for it.
      return bytesToHex(all ? base64ToBytes(recordDataBase64(record)) : leadingDataBytes(record, FIRST_PART_BYTES))
    } catch {
      return 'The data is not valid base64.'
    }
  }, [record, all])
  return (
    <div className="rec-view-content">
      {record.steps.includes('schema') ? (
        <p className="rec-view-note">The bytes as stored (schema-encoded; the JSON view shows the decoded value).</p>
      ) : (
        record.steps.some((s) => s === 'gzip' || s === 'zlib') && <p className="rec-view-note">The bytes as stored (compressed).</p>
      )}
      {/* Focusable: in the side-by-side view of an undecodable record it scrolls, and the keyboard must reach it. */}
      <pre className="rec-pre mono" tabIndex={0} aria-label="Bytes in hex">
        {dump}
      </pre>
      {!all && (
        <ShowAll
          onShow={() => setAllFor(record.id)}
          text={`The first ${FIRST_PART_BYTES.toLocaleString('en-US')} of ${record.size.toLocaleString('en-US')} bytes.`}
          all={`Show all ${record.size.toLocaleString('en-US')} bytes`}
        />
      )}
    </div>
  )
}

function Base64View({ record }: { record: DecodedRecord }): React.JSX.Element {
  const base64 = useMemo(() => recordDataBase64(record), [record])
  return <Capped text={base64} id={record.id} label="Copy base64" />
}

/** The first FIRST_PART_CHARS of a text, then "Show all" (per record); Copy takes all of it. */
function Capped(props: { text: string; id: string; label: string }): React.JSX.Element {
  const [allFor, setAllFor] = useState<string | null>(null)
  const over = props.text.length - FIRST_PART_CHARS
  const cut = over > 0 && allFor !== props.id
  return (
    <div className="rec-view-content">
      <CopyButton text={props.text} label={props.label} caption={props.label} />
      <pre className="rec-pre mono rec-wrap" data-testid="record-body-text">
        {cut ? props.text.slice(0, FIRST_PART_CHARS) : props.text}
      </pre>
      {cut && (
        <ShowAll
          onShow={() => setAllFor(props.id)}
          text={`The first ${FIRST_PART_CHARS.toLocaleString('en-US')} of ${props.text.length.toLocaleString('en-US')} characters (Copy takes all of them).`}
          all={`Show all ${props.text.length.toLocaleString('en-US')} characters`}
        />
      )}
    </div>
  )
}

function ShowAll(props: { text: string; all: string; onShow: () => void }): React.JSX.Element {
  return (
    <p className="muted rec-first-part" role="note">
      {props.text}{' '}
      <button type="button" className="small-button" onClick={props.onShow} title="Lays out the whole body: several seconds for a record of several MiB (about 7 s for 6 MiB of text, measured)">
        {props.all}
      </button>
    </p>
  )
}

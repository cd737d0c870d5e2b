import type { Ref } from 'react'
import { recordAsJson, stringifyRecordJson } from '../../../../shared/record-format'
import { CopyButton } from '../../components/CopyButton'
import { DecodeChips } from './DecodeChips'
import { LogEventMeta } from './LogEventMeta'
import { formatBytes, formatTime, zoneName } from './format'
import { RecordBody } from './RecordBody'
import { useRecords, useRecordsActions, useRecordsShallow } from './records-context'
import { indexOfRecord } from './record-window'

/** The selected record: all its metadata, its data in any view, and what can be done with it. */
export function RecordDetail({ ref, onClose }: { ref: Ref<HTMLElement>; onClose: () => void }): React.JSX.Element | null {
  const { record, open } = useRecordsShallow((s) => ({ record: s.selected, open: s.detailOpen }))
  const loaded = useRecords((s) => (s.selected === null ? true : indexOfRecord(s.records, s.selected) >= 0))
  const { readFrom, setDetailOpen } = useRecordsActions()
  if (record === null || !open) return null
  const close = (): void => {
    setDetailOpen(false)
    onClose()
  }
  return (
    <aside
      ref={ref}
      className="rec-detail"
      aria-label="Record detail"
      tabIndex={-1}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation()
          close()
        }
      }}
    >
      <header className="rec-detail-head">
        <h3>Record</h3>
        <button type="button" className="link-button" onClick={close} aria-label="Close record detail">
          Close
        </button>
      </header>
      {!loaded && <p className="rec-view-note">This record is no longer in the loaded window (dropped or re-read).</p>}
      <dl className="rec-meta">
        <dt>Shard</dt>
        <dd className="mono">{record.shardId}</dd>
        <dt>Sequence number</dt>
        <dd className="mono rec-break" data-testid="detail-sequence-number">
          {record.sequenceNumber}
        </dd>
        <dt>Sub-sequence</dt>
        <dd className="mono">{record.subSequenceNumber ?? <span className="muted">— (not a KPL user record)</span>}</dd>
        <dt>Partition key</dt>
        <dd className="mono rec-break">{record.partitionKey}</dd>
        <dt>Explicit hash key</dt>
        <dd className="mono rec-break">{record.explicitHashKey ?? <span className="muted">—</span>}</dd>
        <dt>Arrival (UTC)</dt>
        <dd className="mono">{formatTime(record.arrivalTime, 'utc')}</dd>
        <dt>Arrival (local, {zoneName('local')})</dt>
        <dd className="mono">{formatTime(record.arrivalTime, 'local')}</dd>
        <dt>{record.logEvent === undefined ? 'Size' : 'Size (message)'}</dt>
        <dd>
          {formatBytes(record.size)} <span className="muted">({record.size.toLocaleString('en-US')} bytes)</span>
        </dd>
        <dt>Decoding</dt>
        <dd>
          <DecodeChips record={record} />
        </dd>
        {record.schema !== undefined && (
          <>
            <dt>Schema</dt>
            <dd data-testid="detail-schema">{record.schema.label}</dd>
          </>
        )}
        {record.schema?.violation != null && (
          <>
            <dt>Schema violation</dt>
            <dd className="rec-decode-error">{record.schema.violation}</dd>
          </>
        )}
        {record.decodeError !== null && (
          <>
            <dt>Decode error</dt>
            <dd className="rec-decode-error">{record.decodeError}</dd>
          </>
        )}
      </dl>
      {record.logEvent !== undefined && <LogEventMeta event={record.logEvent} />}
      <div className="rec-detail-actions">
        <CopyButton text={() => stringifyRecordJson(record, recordAsJson(record), 2)} label="Copy record as JSON" caption="Copy record as JSON" />
        <CopyButton text={record.sequenceNumber} label="Copy sequence number" caption="Copy sequence number" />
        <button
          type="button"
          onClick={() => void readFrom(record)}
          title={`Start a new Read at sequence number ${record.sequenceNumber} on ${record.shardId}`}
        >
          Read from here
        </button>
      </div>
      <RecordBody record={record} />
    </aside>
  )
}

import { batchRead, type BatchCheck, type FailureRecord } from '../../../../shared/lambda-failure-record'
import { CopyButton } from '../../components/CopyButton'
import { dateTimeText } from '../streams/format'
import { useStreamView } from '../streams/stream-view-store'

export interface CheckedRecord {
  record: FailureRecord
  check: BatchCheck
}

/** "…89704722" for a sequence number too long to read (its end is what differs); the whole one in the title and Copy. */
function shortSequence(sequenceNumber: string): string {
  return sequenceNumber.length > 12 ? `…${sequenceNumber.slice(-8)}` : sequenceNumber
}

/** The failure records read: each batch's function, condition, shard, range, size and time, and Open batch. */
export function FailureRecordList(props: { rows: CheckedRecord[] }): React.JSX.Element {
  return (
    <table className="data-table redrive-table" aria-label="Failure records">
      <thead>
        <tr>
          <th scope="col">Batch</th>
          <th scope="col">Function and condition</th>
          <th scope="col">Shard</th>
          <th scope="col">Sequence number range</th>
          <th scope="col">Records</th>
          <th scope="col">Failed at</th>
        </tr>
      </thead>
      {props.rows.map(({ record, check }, i) => (
        // One body per record: its row, and under it what keeps it from opening (or a warning).
        <tbody key={`${record.where}-${i}`}>
          <tr>
            <td>
              {check.ok ? (
                <button
                  type="button"
                  className="small-button"
                  aria-label={`Open batch ${i + 1}: ${record.functionName} on ${record.shardId}`}
                  onClick={() => useStreamView.getState().openRecordsAt(batchRead(record).position, record)}
                >
                  Open batch
                </button>
              ) : (
                <span className="field-error">Cannot open</span>
              )}
            </td>
            <td>
              <span className="mono">{record.functionName}</span>
              <br />
              <span className="muted">{record.condition ?? 'No condition given'}</span>
            </td>
            <td className="mono">{record.shardId}</td>
            <td className="mono redrive-range" title={`${record.startSequenceNumber} – ${record.endSequenceNumber}`}>
              {shortSequence(record.startSequenceNumber)} – {shortSequence(record.endSequenceNumber)}{' '}
              <CopyButton text={`${record.startSequenceNumber} ${record.endSequenceNumber}`} label={`Copy the start and end sequence numbers of batch ${i + 1}`} />
            </td>
            <td>{record.batchSize.toLocaleString('en-US')}</td>
            <td className="redrive-time">{record.timestamp !== null ? dateTimeText(record.timestamp).replace(' ', '\n') : '—'}</td>
          </tr>
          {(!check.ok || check.warning !== null) && (
            <tr className="redrive-note-row">
              <td colSpan={6} className="field-error">
                {check.ok ? check.warning : `${check.problem.field}: ${check.problem.message}`}
              </td>
            </tr>
          )}
        </tbody>
      ))}
    </table>
  )
}

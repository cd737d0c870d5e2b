import { batchRead, type BatchCheck, type FailureRecord } from '../../../../shared/lambda-failure-record'
import { dateTimeText } from '../streams/format'
import { useStreamView } from '../streams/stream-view-store'

export interface CheckedRecord {
  record: FailureRecord
  check: BatchCheck
}

/** "4960…9704722" for a sequence number too long to read; the whole one in the title. */
function shortSequence(sequenceNumber: string): string {
  return sequenceNumber.length > 16 ? `${sequenceNumber.slice(0, 6)}…${sequenceNumber.slice(-7)}` : sequenceNumber
}

/** The failure records read: each batch's function, condition, shard, range, size and time, and Open batch. */
export function FailureRecordList(props: { rows: CheckedRecord[] }): React.JSX.Element {
  return (
    <table className="data-table" aria-label="Failure records">
      <thead>
        <tr>
          <th scope="col">Function</th>
          <th scope="col">Condition</th>
          <th scope="col">Shard</th>
          <th scope="col">Sequence number range</th>
          <th scope="col">Batch size</th>
          <th scope="col">Failed at</th>
          <th scope="col">Batch</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map(({ record, check }, i) => (
          <tr key={`${record.where}-${i}`}>
            <td className="mono">{record.functionName}</td>
            <td>{record.condition ?? '—'}</td>
            <td className="mono">{record.shardId}</td>
            <td className="mono redrive-range" title={`${record.startSequenceNumber} – ${record.endSequenceNumber}`}>
              {shortSequence(record.startSequenceNumber)} – {shortSequence(record.endSequenceNumber)}
            </td>
            <td>{record.batchSize.toLocaleString('en-US')}</td>
            <td>{record.timestamp !== null ? dateTimeText(record.timestamp) : '—'}</td>
            <td>
              {check.ok ? (
                <>
                  <button
                    type="button"
                    className="small-button"
                    aria-label={`Open batch ${i + 1}: ${record.functionName} on ${record.shardId}`}
                    onClick={() => useStreamView.getState().openRecordsAt(batchRead(record).position, record)}
                  >
                    Open batch
                  </button>
                  {check.warning !== null && <p className="field-error">{check.warning}</p>}
                </>
              ) : (
                <span className="field-error">
                  {check.problem.field}: {check.problem.message}
                </span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

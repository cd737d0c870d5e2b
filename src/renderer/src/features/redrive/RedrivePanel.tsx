import { useEffect, useId, useMemo } from 'react'
import { checkBatch } from '../../../../shared/lambda-failure-record'
import { dataOf } from '../../components/load-state'
import { formatCount } from '../records/format'
import { useDetails } from '../streams/details-store'
import { useStreamView } from '../streams/stream-view-store'
import { FailureRecordList, type CheckedRecord } from './FailureRecordList'
import { useRedrive } from './redrive-store'
import { ReplayAll } from './ReplayAll'
import { FilePickerButton } from '../../components/FilePickerButton'
import './redrive.css'

/** Paste or open Lambda failure records; open each batch in the record browser, or replay them all. */
export function RedrivePanel(props: { stream: string }): React.JSX.Element {
  const text = useRedrive((s) => s.text)
  const source = useRedrive((s) => s.source)
  const parsed = useRedrive((s) => s.parsed)
  const parsedAt = useRedrive((s) => s.parsedAt)
  const actions = useRedrive.getState()
  const shards = useStreamView((s) => dataOf(s.shards))
  const details = useDetails((s) => (s.connectionId !== null ? s.byConnection[s.connectionId]?.[props.stream]?.details : null) ?? null)
  const textId = useId()
  useEffect(() => useRedrive.getState().show(props.stream), [props.stream])

  // Each record against this stream as described now: same ARN, a shard it has, within retention.
  const rows = useMemo((): CheckedRecord[] => {
    if (parsed === null || details === null || shards === null) return []
    const facts = { name: details.name, arn: details.arn, retentionHours: details.retentionHours, shardIds: shards.map((s) => s.shardId) }
    return parsed.records.map((record) => ({ record, check: checkBatch(record, facts, parsedAt) }))
  }, [parsed, parsedAt, details, shards])
  const openable = rows.filter((r) => r.check.ok).map((r) => r.record)

  return (
    <section className="consumer-section" aria-labelledby="redrive-heading">
      <div className="section-head">
        <h3 id="redrive-heading">Redrive Lambda failure records</h3>
      </div>
      <p className="consumer-note">
        Paste what a mapping&apos;s on-failure destination received (an SQS message, SNS notification or S3 object), or open a file of them. A failure record names
        a batch, not its records: Open batch reads exactly that batch again, for Replay… or Export.
      </p>
      <div className="redrive-input">
        <label htmlFor={textId}>Failure records (JSON, a JSON array or JSON Lines)</label>
        <textarea id={textId} value={text} spellCheck={false} placeholder='{"requestContext": {…}, "KinesisBatchInfo": {"shardId": …}}' onChange={(e) => actions.setText(e.target.value)} />
        <div className="redrive-actions">
          <button type="button" className="small-button" disabled={text.trim() === ''} onClick={() => actions.readText()}>
            Read failure records
          </button>
          <FilePickerButton
            caption="Open file…"
            label="File of failure records"
            accept=".json,.jsonl,.ndjson,.txt,application/json,application/x-ndjson"
            onFile={(picked) => void actions.loadFile(picked.name, () => picked.text())}
          />
          {parsed !== null && (
            <>
              <button type="button" className="small-button" onClick={() => actions.clear()}>
                Clear
              </button>
              <span className="tab-summary" data-testid="redrive-summary" role="status">
                {source}: {formatCount(parsed.records.length)} failure {parsed.records.length === 1 ? 'record' : 'records'}
                {parsed.problems.length > 0 && `, ${formatCount(parsed.problems.length)} not readable`}
                {rows.length > openable.length && `, ${formatCount(rows.length - openable.length)} not for this stream now`}
              </span>
            </>
          )}
        </div>
      </div>
      {parsed !== null && parsed.problems.length > 0 && (
        <ul className="redrive-problems" aria-label="Problems in the failure records">
          {parsed.problems.slice(0, 50).map((p, i) => (
            <li key={i}>
              {p.where}: {p.field} — {p.message}
            </li>
          ))}
          {parsed.problems.length > 50 && <li>… and {formatCount(parsed.problems.length - 50)} more</li>}
        </ul>
      )}
      {rows.length > 0 && (
        <div className="redrive-list">
          <FailureRecordList rows={rows} />
          {openable.length > 1 && <ReplayAll stream={props.stream} shards={shards ?? []} batches={openable} />}
        </div>
      )}
    </section>
  )
}

import { useId } from 'react'
import type { RecordDistributionStrategy } from '../../../../shared/domain'
import type { RecordTemplate } from '../../../../shared/producer'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Field } from '../../components/Field'
import { AUTO_ORDER_NOTE } from '../streams/distribution'
import { checkBulkForm } from './bulk-store'
import { JobProgress } from './JobProgress'
import { bulkStore, useBulk, useJob } from './producer-stores'

/**
 * Many records from the record above: N or until stopped, at a rate or as fast as the stream
 * allows. Records of one partition key are sent in order, except on an AUTO stream (which keeps no
 * per-key order, so the sender does not hold records back for it).
 */
export function BulkPanel(props: {
  stream: string
  template: RecordTemplate | null
  problem: string | null
  recordDistribution: RecordDistributionStrategy | null
}): React.JSX.Element {
  const { form, run } = useBulk((s) => ({ form: s.form, run: s.run }))
  const { update, start, reset } = bulkStore.getState().actions
  const rateName = useId()
  const check = checkBulkForm(form)
  const problems = check.ok ? {} : check.problems
  const running = run.status === 'running' ? run : null
  const job = useJob(running?.jobId ?? null)
  const busy = run.status === 'starting' || (running !== null && job?.report == null)
  const canStart = !busy && props.template !== null && check.ok
  return (
    <section className="send-panel" aria-label="Bulk send">
      <h3 className="send-section-title">Bulk send</h3>
      <form
        className="bulk-form"
        aria-label="Bulk send settings"
        onSubmit={(e) => {
          e.preventDefault()
          if (canStart && props.template !== null) void start(props.stream, props.template)
        }}
      >
        <div className="send-row">
          <Field label="Records" error={problems.count}>
            {(a11y) => (
              <input
                {...a11y}
                type="number"
                min={1}
                max={10_000_000}
                className="bulk-count"
                disabled={form.untilStopped || busy}
                value={form.count}
                onChange={(e) => update({ count: e.target.value })}
              />
            )}
          </Field>
          <label className="send-inline">
            <input type="checkbox" checked={form.untilStopped} disabled={busy} onChange={(e) => update({ untilStopped: e.target.checked })} />
            Until stopped
          </label>
        </div>
        <fieldset className="field-group send-fieldset bulk-rate" disabled={busy}>
          <legend>Rate</legend>
          <label className="send-inline">
            <input type="radio" name={rateName} checked={!form.limitRate} onChange={() => update({ limitRate: false })} />
            As fast as the stream allows
          </label>
          <div className="send-row">
            <label className="send-inline">
              <input type="radio" name={rateName} checked={form.limitRate} onChange={() => update({ limitRate: true })} />
              At most
            </label>
            <input
              type="number"
              min={1}
              className="bulk-rate-input"
              aria-label="Records per second"
              aria-invalid={problems.rate !== undefined}
              disabled={!form.limitRate}
              value={form.rate}
              onChange={(e) => update({ rate: e.target.value })}
            />
            <span>records/s</span>
          </div>
          {problems.rate !== undefined && <p className="field-error">{problems.rate}</p>}
        </fieldset>
        <label className="send-inline">
          <input type="checkbox" checked={form.aggregate} disabled={busy} onChange={(e) => update({ aggregate: e.target.checked })} />
          KPL aggregation (several records in one Kinesis record, grouped by shard)
        </label>
        <p className="field-help" data-testid="bulk-order-note">
          {props.recordDistribution === 'AUTO'
            ? `${AUTO_ORDER_NOTE} The sender does not hold records back by key.`
            : 'Records of one partition key are sent in order: only the oldest unconfirmed one of a key is in flight.'}
        </p>
        <div className="send-row">
          <button type="submit" className="primary-button" disabled={!canStart}>
            {run.status === 'starting' ? 'Starting…' : 'Start bulk send'}
          </button>
          {running !== null && job?.report != null && (
            <button type="button" className="small-button" onClick={reset}>
              Clear report
            </button>
          )}
        </div>
        {props.problem !== null && !busy && <p className="field-help">Fix the record first (see its problem on the left).</p>}
      </form>
      {run.status === 'error' && <ErrorBanner error={run.error} onDismiss={reset} />}
      {running !== null && <JobProgress jobId={running.jobId} label={`Bulk send to ${running.stream}`} />}
    </section>
  )
}

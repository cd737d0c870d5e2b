import type { RewindPlan } from '../../../../shared/lease-rewind'
import { Field } from '../../components/Field'
import { MiddleTruncate } from '../../components/MiddleTruncate'
import { formatCount } from '../records/format'
import { newCheckpointText, planSummary, rereadText, watchText } from './rewind-format'

/** The dry run: per lease, the checkpoint now → the new one and the records read again; what is out of reach; the typed table name. */
export function RewindPlanView(props: { plan: RewindPlan; confirmName: string; onConfirmName: (name: string) => void; disabled: boolean }): React.JSX.Element {
  const { plan } = props
  return (
    <section className="rewind-plan" aria-label="Dry run">
      <p role="status" data-testid="rewind-plan-summary">
        {planSummary(plan)}
      </p>
      {/* Scrolls within the dialog: focusable, so keyboard users can scroll it too. */}
      <div className="table-scroll rewind-table-scroll" tabIndex={0} role="region" aria-label="Dry run per lease">
        <table className="data-table" aria-label="Checkpoints before and after">
          <thead>
            <tr>
              <th scope="col">Shard</th>
              <th scope="col">Owner</th>
              <th scope="col">Lease counter</th>
              <th scope="col">Checkpoint now</th>
              <th scope="col">New checkpoint</th>
              <th scope="col">Records read again</th>
              <th scope="col">Note</th>
            </tr>
          </thead>
          <tbody>
            {plan.rows.map((row) => (
              <tr key={row.leaseKey}>
                <td className="mono nowrap">{row.shardId}</td>
                <td className="mono">{row.owner ?? <span className="muted">unowned</span>}</td>
                <td className="num">{formatCount(row.leaseCounter)}</td>
                <td className="mono">
                  <MiddleTruncate value={row.current} tail={10} className="seq" />
                </td>
                <td className="mono">{row.next === null ? <span className="muted">unchanged</span> : <MiddleTruncate value={newCheckpointText(row.next)} tail={10} className="seq" />}</td>
                <td className="num">{rereadText(row.reread)}</td>
                <td className="rewind-wrap">{row.note ?? <span className="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {plan.closedWithoutLease.length > 0 && (
        <div className="dialog-warning" data-testid="rewind-closed-shards">
          <p>Not read again — closed shards whose lease the KCL already deleted (a rewind does not recreate leases):</p>
          <ul>
            {plan.closedWithoutLease.map((c) => (
              <li key={c.shardId}>
                <span className="mono">{c.shardId}</span>: {c.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
      <p className="field-help" data-testid="rewind-watch-note">
        {watchText(plan.watchMs)}
      </p>
      {plan.confirmNameRequired ? (
        <Field
          label={`Type ${plan.table} to confirm`}
          help="The checkpoints of this lease table are rewritten: the application reads from the new ones when it starts."
          error={props.confirmName !== '' && props.confirmName !== plan.table ? 'The name does not match the lease table.' : null}
        >
          {(a11y) => (
            <input {...a11y} className="mono" autoComplete="off" spellCheck={false} disabled={props.disabled} value={props.confirmName} onChange={(e) => props.onConfirmName(e.target.value)} />
          )}
        </Field>
      ) : (
        <p className="field-help">The lease table is on the local sandbox: no confirmation needed.</p>
      )}
    </section>
  )
}

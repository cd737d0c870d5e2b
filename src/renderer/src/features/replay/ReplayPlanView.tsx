import type { ReplayPlan } from '../../../../shared/producer'
import { Field } from '../../components/Field'
import { ShardCountsTable } from '../producer/ShardCountsTable'
import { countRecords } from '../records/format'

/** The dry run: how many records go to which shard of the target, and the typed confirmation. */
export function ReplayPlanView(props: {
  plan: ReplayPlan
  confirmName: string
  onConfirmName: (name: string) => void
  disabled: boolean
}): React.JSX.Element {
  const { plan } = props
  return (
    <section className="replay-plan" aria-label="Dry run">
      <p className="replay-plan-summary" role="status" data-testid="replay-plan-summary">
        Dry run: {countRecords(plan.total)} would go to {plan.stream} on {plan.perShard.filter((s) => s.records > 0).length} of{' '}
        {plan.perShard.length} open {plan.perShard.length === 1 ? 'shard' : 'shards'}. Nothing has been sent yet.
      </p>
      <ShardCountsTable label="Records per target shard" shardHeading="Target shard" rows={plan.perShard} />
      {plan.needsConfirmation ? (
        <Field
          label={`Type ${plan.stream} to confirm`}
          help="This replay puts records on a real stream: its consumers will see them."
          error={props.confirmName !== '' && props.confirmName !== plan.stream ? 'The name does not match the target stream.' : null}
        >
          {(a11y) => (
            <input
              {...a11y}
              className="mono"
              autoComplete="off"
              disabled={props.disabled}
              value={props.confirmName}
              onChange={(e) => props.onConfirmName(e.target.value)}
            />
          )}
        </Field>
      ) : (
        <p className="field-help">The target is on the local sandbox: no confirmation needed.</p>
      )}
    </section>
  )
}

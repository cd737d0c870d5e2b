import type { ReplayPlan } from '../../../../shared/producer'
import { Field } from '../../components/Field'
import { ShardCountsTable } from '../producer/ShardCountsTable'
import { countRecords } from '../records/format'
import { AUTO_ORDER_NOTE } from '../streams/distribution'

/**
 * The dry run: how many records go to which shard of the target, and the typed confirmation. An
 * AUTO target has no per-shard prediction: its records are spread evenly, in no per-key order.
 */
export function ReplayPlanView(props: {
  plan: ReplayPlan
  confirmName: string
  onConfirmName: (name: string) => void
  disabled: boolean
}): React.JSX.Element {
  const { plan } = props
  return (
    <section className="replay-plan" aria-label="Dry run">
      {plan.recordDistribution === 'AUTO' ? (
        <>
          <p className="replay-plan-summary" role="status" data-testid="replay-plan-summary">
            Dry run: {countRecords(plan.total)} would go to {plan.stream}, spread evenly across {plan.openShardCount} open{' '}
            {plan.openShardCount === 1 ? 'shard' : 'shards'}. Nothing has been sent yet.
          </p>
          <p className="field-help" data-testid="replay-auto-note">
            Partition keys and hash keys are sent as exported but do not pick a shard. {AUTO_ORDER_NOTE}
          </p>
        </>
      ) : (
        <>
          <p className="replay-plan-summary" role="status" data-testid="replay-plan-summary">
            Dry run: {countRecords(plan.total)} would go to {plan.stream} on {plan.perShard.filter((s) => s.records > 0).length} of{' '}
            {plan.perShard.length} open {plan.perShard.length === 1 ? 'shard' : 'shards'}. Nothing has been sent yet.
          </p>
          <ShardCountsTable label="Records per target shard" shardHeading="Target shard" rows={plan.perShard} />
        </>
      )}
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

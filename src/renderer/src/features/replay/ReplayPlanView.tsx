import { recordLimitText, type ReplayPlan, type TooLargeRecords } from '../../../../shared/producer'
import { Field } from '../../components/Field'
import { ShardCountsTable } from '../producer/ShardCountsTable'
import { countRecords } from '../records/format'
import { AUTO_ORDER_NOTE } from '../streams/distribution'

/**
 * The dry run: how many records go to which shard of the target, the records larger than the
 * target takes (counted, with its limit, and skipped only when the user says so), and the typed
 * confirmation. An AUTO target has no per-shard prediction: its records are spread evenly, in no
 * per-key order.
 */
export function ReplayPlanView(props: {
  plan: ReplayPlan
  confirmName: string
  onConfirmName: (name: string) => void
  skipTooLarge: boolean
  onSkipTooLarge: (skip: boolean) => void
  disabled: boolean
}): React.JSX.Element {
  const { plan } = props
  // What would go: the larger records are either skipped or the replay does not start.
  const going = plan.total - (plan.tooLarge?.count ?? 0)
  return (
    <section className="replay-plan" aria-label="Dry run">
      {plan.tooLarge !== null && (
        <TooLargeWarning tooLarge={plan.tooLarge} total={plan.total} stream={plan.stream} skip={props.skipTooLarge} onSkip={props.onSkipTooLarge} disabled={props.disabled} />
      )}
      {plan.recordDistribution === 'AUTO' ? (
        <>
          <p className="replay-plan-summary" role="status" data-testid="replay-plan-summary">
            Dry run: {countRecords(going)} would go to {plan.stream}, spread evenly across {plan.openShardCount} open{' '}
            {plan.openShardCount === 1 ? 'shard' : 'shards'}. Nothing has been sent yet.
          </p>
          <p className="field-help" data-testid="replay-auto-note">
            Partition keys and hash keys are sent as exported but do not pick a shard. {AUTO_ORDER_NOTE}
          </p>
        </>
      ) : (
        <>
          <p className="replay-plan-summary" role="status" data-testid="replay-plan-summary">
            Dry run: {countRecords(going)} would go to {plan.stream} on {plan.perShard.filter((s) => s.records > 0).length} of{' '}
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

/** Records over the target's MaxRecordSizeInKiB: how many, the limit, the first; Kinesis would refuse each. */
function TooLargeWarning(props: { tooLarge: TooLargeRecords; total: number; stream: string; skip: boolean; onSkip: (skip: boolean) => void; disabled: boolean }): React.JSX.Element {
  const { count, maxRecordBytes, firstIndex, firstBytes } = props.tooLarge
  const all = count === props.total
  return (
    <div className="dialog-warning" data-testid="replay-too-large">
      <p>
        {countRecords(count)} of {countRecords(props.total)} {count === 1 ? 'is' : 'are'} larger than {props.stream} takes: at most{' '}
        {recordLimitText(maxRecordBytes)} of data plus partition key (its maximum record size). The first is record {(firstIndex + 1).toLocaleString('en-US')}{' '}
        ({firstBytes.toLocaleString('en-US')} bytes). Kinesis would refuse {count === 1 ? 'it' : 'them'}, so the replay does not start with{' '}
        {count === 1 ? 'it' : 'them'}: {all ? 'raise the stream’s maximum record size first.' : `skip ${count === 1 ? 'it' : 'them'}, or raise the stream’s maximum record size first.`}
      </p>
      {!all && (
        <label className="send-inline">
          <input type="checkbox" checked={props.skip} disabled={props.disabled} onChange={(e) => props.onSkip(e.target.checked)} />
          <span>Skip the {countRecords(count)} larger than {recordLimitText(maxRecordBytes)}</span>
        </label>
      )}
    </div>
  )
}

import { startPositionLabels, type StartPosition } from '../../../../shared/domain'
import { Field } from '../../components/Field'
import { useRecords, useRecordsActions, useRecordsShallow } from './records-context'
import { TimestampFields } from './TimestampFields'

const positions = Object.keys(startPositionLabels) as StartPosition['type'][]

/** "Starting position" in the console's words, and the fields the chosen position needs. */
export function PositionFields(props: { disabled: boolean }): React.JSX.Element {
  const position = useRecords((s) => s.form.position)
  const { updateForm } = useRecordsActions()
  return (
    <div className="rec-position">
      <Field label="Starting position">
        {(a11y) => (
          <select
            {...a11y}
            value={position}
            disabled={props.disabled}
            onChange={(e) => updateForm({ position: e.target.value as StartPosition['type'] })}
          >
            {positions.map((p) => (
              <option key={p} value={p}>
                {startPositionLabels[p]}
              </option>
            ))}
          </select>
        )}
      </Field>
      {(position === 'AT_SEQUENCE_NUMBER' || position === 'AFTER_SEQUENCE_NUMBER') && <SequenceFields disabled={props.disabled} />}
      {position === 'AT_TIMESTAMP' && <TimestampFields disabled={props.disabled} />}
    </div>
  )
}

function SequenceFields(props: { disabled: boolean }): React.JSX.Element {
  const { sequenceNumber, sequenceShardId, shards, errors } = useRecordsShallow((s) => ({
    sequenceNumber: s.form.sequenceNumber,
    sequenceShardId: s.form.sequenceShardId,
    shards: s.shards,
    errors: s.formErrors
  }))
  const { updateForm } = useRecordsActions()
  return (
    <>
      <Field label="Sequence number" error={errors.sequenceNumber}>
        {(a11y) => (
          <input
            {...a11y}
            className="mono rec-sequence-input"
            inputMode="numeric"
            autoComplete="off"
            spellCheck={false}
            placeholder="49590338271490256608559692538361571095921575989136588898"
            title="A sequence number; add :N for user record N of a KPL aggregate"
            value={sequenceNumber}
            disabled={props.disabled}
            onChange={(e) => updateForm({ sequenceNumber: e.target.value })}
          />
        )}
      </Field>
      <Field label="Shard" error={errors.sequenceShardId}>
        {(a11y) => (
          <select
            {...a11y}
            className="rec-shard-select"
            value={sequenceShardId}
            disabled={props.disabled}
            onChange={(e) => updateForm({ sequenceShardId: e.target.value })}
          >
            {sequenceShardId === '' && <option value="">Choose a shard</option>}
            {shards.map((s) => (
              <option key={s.shardId} value={s.shardId}>
                {s.open ? s.shardId : `${s.shardId} (closed)`}
              </option>
            ))}
          </select>
        )}
      </Field>
    </>
  )
}

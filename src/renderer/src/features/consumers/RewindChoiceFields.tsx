import { useId } from 'react'
import type { LeaseRow } from '../../../../shared/consumers'
import { Field } from '../../components/Field'
import { formatTime, parseDateTimeInput, zoneName } from '../records/format'
import { targetMeanings, targetNames } from './rewind-format'
import type { RewindState, TargetType } from './rewind-store'

const targetTypes: readonly TargetType[] = ['AT_TIMESTAMP', 'TRIM_HORIZON', 'LATEST', 'AFTER_SEQUENCE_NUMBER']

type Choice = Pick<RewindState, 'targetType' | 'time' | 'sequenceNumber' | 'chosen'>

/** Where the checkpoints go (in the console's words) and which leases: all of the stream's, or chosen ones. */
export function RewindChoiceFields(props: {
  choice: Choice
  leases: readonly LeaseRow[]
  disabled: boolean
  timeError: string | null
  sequenceError: string | null
  onChange: (change: Partial<Choice>) => void
}): React.JSX.Element {
  const { choice, onChange, disabled } = props
  const group = useId()
  const scope = useId()
  const ms = parseDateTimeInput(choice.time, 'local')
  return (
    <div className="rewind-choice">
      <fieldset className="rewind-targets" disabled={disabled}>
        <legend>Set checkpoints to</legend>
        {targetTypes.map((type) => (
          <label key={type} className="rewind-target">
            <input type="radio" name={group} checked={choice.targetType === type} onChange={() => onChange({ targetType: type })} />
            <span>
              <strong>{targetNames[type]}</strong>
              <span className="field-help">{targetMeanings[type]}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <div className="rewind-choice-side">
      {choice.targetType === 'AT_TIMESTAMP' && (
        <Field
          label={`Timestamp (${zoneName('local')})`}
          error={props.timeError}
          help={ms === null ? 'The application resumes at the first record that arrived at or after this time.' : `= ${formatTime(ms, 'utc')} UTC`}
        >
          {(a11y) => <input {...a11y} type="datetime-local" step="0.001" disabled={disabled} value={choice.time} onChange={(e) => onChange({ time: e.target.value })} />}
        </Field>
      )}
      {choice.targetType === 'AFTER_SEQUENCE_NUMBER' && (
        <Field label="Sequence number" error={props.sequenceError} help="The last record the application counts as processed.">
          {(a11y) => (
            <input {...a11y} className="mono" inputMode="numeric" autoComplete="off" disabled={disabled} value={choice.sequenceNumber} onChange={(e) => onChange({ sequenceNumber: e.target.value.trim() })} />
          )}
        </Field>
      )}
      <fieldset className="rewind-scope" disabled={disabled}>
        <legend>Leases</legend>
        <label className="rewind-scope-option">
          <input type="radio" name={scope} checked={choice.chosen === null} onChange={() => onChange({ chosen: null })} /> All {props.leases.length} leases of the stream
        </label>
        <label className="rewind-scope-option">
          <input type="radio" name={scope} checked={choice.chosen !== null} onChange={() => onChange({ chosen: [] })} /> Chosen leases
        </label>
        {choice.chosen !== null && <LeaseChecklist leases={props.leases} chosen={choice.chosen} onChange={(chosen) => onChange({ chosen })} />}
      </fieldset>
      </div>
    </div>
  )
}

function LeaseChecklist(props: { leases: readonly LeaseRow[]; chosen: string[]; onChange: (chosen: string[]) => void }): React.JSX.Element {
  const toggle = (key: string, on: boolean): void => props.onChange(on ? [...props.chosen, key] : props.chosen.filter((k) => k !== key))
  return (
    <ul className="rewind-lease-list" aria-label="Leases to rewind">
      {props.leases.map((lease) => (
        <li key={lease.leaseKey}>
          <label>
            <input type="checkbox" checked={props.chosen.includes(lease.leaseKey)} onChange={(e) => toggle(lease.leaseKey, e.target.checked)} />{' '}
            <span className="mono">{lease.shardId}</span> <span className="muted">{lease.owner ?? 'unowned'}</span>
          </label>
        </li>
      ))}
    </ul>
  )
}

import { Field } from '../../components/Field'
import { zoneName } from './format'
import { useRecordsActions, useRecordsShallow } from './records-context'

/** Optional stop conditions for a Read or a tail: a record count, an end time, an end sequence number. */
export function StopConditions(props: { disabled: boolean }): React.JSX.Element {
  const { open, maxRecords, endTime, endSequenceNumber, zone, errors } = useRecordsShallow((s) => ({
    open: s.form.stopsOpen,
    maxRecords: s.form.maxRecords,
    endTime: s.form.endTime,
    endSequenceNumber: s.form.endSequenceNumber,
    zone: s.zone,
    errors: s.formErrors
  }))
  const { updateForm } = useRecordsActions()
  const set = (count: number): string => (count === 0 ? '' : ` (${count} set)`)
  const active = [maxRecords, endTime, endSequenceNumber].filter((v) => v.trim() !== '').length
  const hasError = errors.maxRecords !== undefined || errors.endTime !== undefined || errors.endSequenceNumber !== undefined
  return (
    <details className="rec-stops" open={open || hasError} onToggle={(e) => updateForm({ stopsOpen: e.currentTarget.open })}>
      <summary>Stop conditions{set(active)}</summary>
      <div className="rec-stop-fields">
        <Field label="Max records" error={errors.maxRecords}>
          {(a11y) => (
            <input
              {...a11y}
              inputMode="numeric"
              placeholder="no limit"
              value={maxRecords}
              disabled={props.disabled}
              onChange={(e) => updateForm({ maxRecords: e.target.value })}
            />
          )}
        </Field>
        <Field label={`End time (${zoneName(zone)})`} error={errors.endTime}>
          {(a11y) => (
            <input
              {...a11y}
              type="datetime-local"
              step="1"
              value={endTime}
              disabled={props.disabled}
              onChange={(e) => updateForm({ endTime: e.target.value })}
            />
          )}
        </Field>
        <Field label="End sequence number" error={errors.endSequenceNumber}>
          {(a11y) => (
            <input
              {...a11y}
              className="mono"
              inputMode="numeric"
              autoComplete="off"
              spellCheck={false}
              value={endSequenceNumber}
              disabled={props.disabled}
              onChange={(e) => updateForm({ endSequenceNumber: e.target.value })}
            />
          )}
        </Field>
      </div>
    </details>
  )
}

import { Field } from '../../components/Field'
import { formatTime, parseDateTimeInput, toDateTimeInput, zoneName } from './format'
import { quickPicks } from './read-form'
import { useRecordsActions, useRecordsShallow } from './records-context'
import { ZoneToggle } from './ZoneToggle'

/** At timestamp: a date-time in UTC or local time, with quick picks relative to now. */
export function TimestampFields(props: { disabled: boolean }): React.JSX.Element {
  const { timestamp, zone, error } = useRecordsShallow((s) => ({ timestamp: s.form.timestamp, zone: s.zone, error: s.formErrors.timestamp }))
  const { updateForm } = useRecordsActions()
  const ms = parseDateTimeInput(timestamp, zone)
  const other = zone === 'utc' ? 'local' : 'utc'
  const help = ms === null ? `Records that arrived at or after this time (${zoneName(zone)}).` : `= ${formatTime(ms, other)} ${zoneName(other)}`
  return (
    <div className="rec-timestamp">
      <Field label={`Timestamp (${zoneName(zone)})`} error={error} help={help}>
        {(a11y) => (
          <input
            {...a11y}
            type="datetime-local"
            step="0.001"
            value={timestamp}
            disabled={props.disabled}
            onChange={(e) => updateForm({ timestamp: e.target.value })}
          />
        )}
      </Field>
      <ZoneToggle label="Timestamp time zone" />
      <div className="rec-quick-picks" role="group" aria-label="Quick picks">
        {quickPicks.map((pick) => (
          <button
            key={pick.label}
            type="button"
            className="small-button"
            disabled={props.disabled}
            onClick={() => updateForm({ timestamp: toDateTimeInput(Math.floor((Date.now() - pick.ms) / 1000) * 1000, zone) })}
          >
            {pick.label}
          </button>
        ))}
      </div>
    </div>
  )
}

import { useRecords, useRecordsActions } from './records-context'
import { zoneName } from './format'

/** UTC or the local zone: how every time in the record browser is shown and read. */
export function ZoneToggle(props: { label?: string }): React.JSX.Element {
  const zone = useRecords((s) => s.zone)
  const { setZone } = useRecordsActions()
  return (
    <div className="rec-segmented" role="group" aria-label={props.label ?? 'Time zone'}>
      <button type="button" aria-pressed={zone === 'utc'} onClick={() => setZone('utc')}>
        UTC
      </button>
      <button type="button" aria-pressed={zone === 'local'} onClick={() => setZone('local')} title={zoneName('local')}>
        Local
      </button>
    </div>
  )
}

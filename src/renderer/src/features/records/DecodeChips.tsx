import type { DecodedRecord } from '../../../../shared/domain'
import { stepLabel } from './record-preview'

/** The decoding pipeline a record went through, as chips: KPL › gzip › JSON, and a warning when it stopped short. */
export function DecodeChips({ record }: { record: Pick<DecodedRecord, 'steps' | 'decodeError' | 'kind' | 'logEvent'> }): React.JSX.Element {
  const steps = record.steps.filter((s) => s !== 'utf8' || !record.steps.includes('json'))
  return (
    <span className="rec-chips">
      {steps.length === 0 && record.decodeError === null && <span className="rec-chip rec-chip-raw">binary</span>}
      {steps.map((step, i) => (
        <span key={step} className={`rec-chip rec-chip-${step}`}>
          {i > 0 && <span className="rec-chip-sep" aria-hidden="true">› </span>}
          {stepLabel(step)}
        </span>
      ))}
      {record.logEvent?.messageType === 'CONTROL_MESSAGE' && (
        <span className="rec-chip rec-chip-control" title="CloudWatch Logs checking that it can reach the stream: not a log event">
          control message
        </span>
      )}
      {record.decodeError !== null && (
        <span className="rec-chip rec-chip-warn" title={record.decodeError}>
          ⚠ {record.decodeError.length > 24 ? 'decode error' : record.decodeError}
        </span>
      )}
    </span>
  )
}

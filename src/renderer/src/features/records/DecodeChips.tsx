import type { DecodedRecord } from '../../../../shared/domain'
import { stepLabel } from './record-preview'

/**
 * The decoding pipeline a record went through, as chips: KPL › gzip › JSON, or KPL › GSR Avro ·
 * OrderPlaced v3 (registry orders); a warning when it stopped short or broke its JSON Schema.
 */
export function DecodeChips({ record }: { record: Pick<DecodedRecord, 'steps' | 'decodeError' | 'kind' | 'schema' | 'logEvent'> }): React.JSX.Element {
  const steps = record.steps.filter((s) => s !== 'utf8' || !record.steps.includes('json'))
  const violation = record.schema?.violation ?? null
  return (
    <span className="rec-chips">
      {steps.length === 0 && record.decodeError === null && <span className="rec-chip rec-chip-raw">binary</span>}
      {steps.map((step, i) => (
        <span key={step} className={`rec-chip rec-chip-${step}`} title={step === 'schema' ? record.schema?.label : undefined}>
          {i > 0 && <span className="rec-chip-sep" aria-hidden="true">› </span>}
          {step === 'schema' && record.schema !== undefined ? record.schema.label : stepLabel(step)}
        </span>
      ))}
      {record.logEvent?.messageType === 'CONTROL_MESSAGE' && (
        <span className="rec-chip rec-chip-control" title="CloudWatch Logs checking that it can reach the stream: not a log event">
          control message
        </span>
      )}
      {violation !== null && (
        <span className="rec-chip rec-chip-warn" title={`Does not match its schema: ${violation}`}>
          ⚠ schema violation
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

import type { LogEventInfo } from '../../../../shared/domain'
import { CopyButton } from '../../components/CopyButton'
import { formatTime } from './format'

/** What a CloudWatch Logs record says about one of its log events, in the record detail. */
export function LogEventMeta({ event }: { event: LogEventInfo }): React.JSX.Element {
  const control = event.messageType === 'CONTROL_MESSAGE'
  return (
    <section className="rec-log-event" aria-label="CloudWatch Logs event">
      <h4>
        CloudWatch Logs {control ? 'control message' : 'log event'}{' '}
        <span className="muted">
          ({event.index + 1} of {event.count} in this record)
        </span>
      </h4>
      {control && <p className="rec-view-note">CloudWatch Logs checking that it can reach the stream: not a log event.</p>}
      <dl className="rec-meta">
        <dt>Message type</dt>
        <dd className="mono">{event.messageType}</dd>
        <dt>Event ID</dt>
        <dd className="mono rec-break">
          <span>{event.id}</span> <CopyButton text={event.id} label="Copy event ID" />
        </dd>
        <dt>Event time (UTC)</dt>
        <dd className="mono">{formatTime(event.timestamp, 'utc')}</dd>
        <dt>Log group</dt>
        <dd className="mono rec-break">
          <span>{event.logGroup}</span> <CopyButton text={event.logGroup} label="Copy log group" />
        </dd>
        <dt>Log stream</dt>
        <dd className="mono rec-break">{event.logStream}</dd>
        <dt>Owner</dt>
        <dd className="mono">{event.owner || <span className="muted">—</span>}</dd>
        <dt>Subscription filters</dt>
        <dd className="mono rec-break">{event.subscriptionFilters.length > 0 ? event.subscriptionFilters.join(', ') : <span className="muted">—</span>}</dd>
      </dl>
    </section>
  )
}

import type { StreamStatus } from '../../../shared/domain'

/** A stream's status as a coloured pill; null (not known yet) shows an ellipsis. */
export function StatusBadge(props: { status: StreamStatus | null }): React.JSX.Element {
  if (props.status === null) return <span className="muted">…</span>
  return <span className={`badge badge-${props.status.toLowerCase()}`}>{props.status}</span>
}

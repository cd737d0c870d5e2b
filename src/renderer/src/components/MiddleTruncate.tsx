/**
 * Shows a long value shortened in the middle ("49590338…136588898") while the DOM keeps the
 * whole of it: selecting and copying the text copies the full value, and the title shows it.
 * The width comes from CSS (`max-width` on `.middle-truncate` or an ancestor rule).
 */
export function MiddleTruncate(props: { value: string; tail?: number; className?: string }): React.JSX.Element {
  const tail = Math.min(props.tail ?? 6, props.value.length)
  return (
    <span className={`middle-truncate ${props.className ?? ''}`} title={props.value}>
      {tail < props.value.length && <span className="middle-truncate-head">{props.value.slice(0, props.value.length - tail)}</span>}
      <span className="middle-truncate-tail">{props.value.slice(props.value.length - tail)}</span>
    </span>
  )
}

import { useEffect, useState } from 'react'

/** How long a call may take before the user is told what it waits for and offered Cancel. */
export const SLOW_CALL_MS = 1_000

/**
 * A call that is taking long: after a second, "Waiting for <endpoint>…" and a Cancel button.
 * Render it while the call runs (keyed by the call, so that the second counts from its start).
 */
export function SlowCall(props: { endpoint: string; onCancel: () => void; className?: string; tone?: 'light' | 'dark' }): React.JSX.Element | null {
  const [slow, setSlow] = useState(false)
  useEffect(() => {
    const timer = setTimeout(() => setSlow(true), SLOW_CALL_MS)
    return () => clearTimeout(timer)
  }, [])
  if (!slow) return null
  return (
    <span className={`slow-call ${props.tone === 'dark' ? 'slow-call-dark' : ''} ${props.className ?? ''}`}>
      <span role="status">Waiting for {props.endpoint}…</span>
      <button type="button" className={props.tone === 'dark' ? 'header-button compact' : 'small-button'} onClick={props.onCancel}>
        Cancel
      </button>
    </span>
  )
}

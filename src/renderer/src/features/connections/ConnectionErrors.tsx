import { useState } from 'react'
import { ErrorBanner } from '../../components/ErrorBanner'
import { useConnections } from './connections-store'
import { RemoveConnectionDialog } from './RemoveConnectionDialog'

/**
 * The last connection failure, under the header: retry it, or remove the saved connection that
 * failed (the picker shows the connection still active, so this is the way to reach it).
 */
export function ConnectionErrors(): React.JSX.Element | null {
  const phase = useConnections((s) => s.phase)
  const connections = useConnections((s) => s.state?.connections)
  const [removing, setRemoving] = useState(false)
  if (phase.type !== 'error') return null
  const { select, boot, dismissError } = useConnections.getState()
  const failed = connections?.find((c) => c.id === phase.failedId)
  const retry = (): void => void (phase.failedId !== null ? select(phase.failedId) : boot())
  return (
    <div className="connection-errors">
      <ErrorBanner error={phase.error} onDismiss={dismissError} />
      <div className="banner-actions">
        <button type="button" className="small-button" onClick={retry}>
          Retry
        </button>
        {failed !== undefined && !failed.builtin && (
          <button type="button" className="small-button" onClick={() => setRemoving(true)}>
            Remove “{failed.name}”
          </button>
        )}
      </div>
      {removing && failed !== undefined && <RemoveConnectionDialog connection={failed} onClose={() => setRemoving(false)} />}
    </div>
  )
}

import { useState } from 'react'
import type { ConnectionSummary } from '../../../../shared/domain'
import { Dialog } from '../../components/Dialog'
import { ErrorBanner } from '../../components/ErrorBanner'
import { useConnections } from './connections-store'

/** Asks before a saved connection is removed; the streams on it are not touched. */
export function RemoveConnectionDialog(props: { connection: ConnectionSummary; onClose: () => void }): React.JSX.Element {
  const remove = useConnections((s) => s.remove)
  const [state, setState] = useState<{ type: 'idle' } | { type: 'busy' } | { type: 'error'; error: unknown }>({ type: 'idle' })
  const confirm = async (): Promise<void> => {
    setState({ type: 'busy' })
    try {
      await remove(props.connection.id)
      props.onClose()
    } catch (error) {
      setState({ type: 'error', error })
    }
  }
  return (
    <Dialog title="Remove connection" onClose={props.onClose}>
      <div className="dialog-body">
        <p>
          Remove the saved connection <strong>{props.connection.name}</strong> ({props.connection.description})? Its
          streams are not touched; only the entry in this app goes.
        </p>
        {state.type === 'error' && <ErrorBanner error={state.error} />}
      </div>
      <footer className="dialog-actions">
        <button type="button" onClick={props.onClose} data-autofocus>
          Cancel
        </button>
        <button type="button" className="danger-button" disabled={state.type === 'busy'} onClick={() => void confirm()}>
          Remove
        </button>
      </footer>
    </Dialog>
  )
}

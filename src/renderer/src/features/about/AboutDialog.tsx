import { useEffect, useState } from 'react'
import { api } from '../../api/client'
import { CopyButton } from '../../components/CopyButton'
import { Dialog } from '../../components/Dialog'
import { ErrorBanner } from '../../components/ErrorBanner'
import type { Diagnostics } from '../../../../shared/domain'

/**
 * About Kinesis Inspector: the versions and the active connection's kind and region, as main
 * reports them (app.diagnostics), and "Copy diagnostics" for a bug report. Main leaves out
 * credentials, profile names, account ids and endpoint URLs.
 */
export function AboutDialog(props: { onClose: () => void }): React.JSX.Element {
  const [state, setState] = useState<{ type: 'loading' } | { type: 'ready'; diagnostics: Diagnostics } | { type: 'error'; error: unknown }>({
    type: 'loading'
  })
  useEffect(() => {
    let live = true
    api.app.diagnostics({}).then(
      (diagnostics) => live && setState({ type: 'ready', diagnostics }),
      (error: unknown) => live && setState({ type: 'error', error })
    )
    return () => {
      live = false
    }
  }, [])
  return (
    <Dialog title="About Kinesis Inspector" onClose={props.onClose} description="What to include in a bug report. No credentials, profile names, account ids or endpoint addresses.">
      <div className="dialog-body">
        {state.type === 'loading' && <p>Loading…</p>}
        {state.type === 'error' && <ErrorBanner error={state.error} />}
        {state.type === 'ready' && (
          <pre className="diagnostics" data-testid="diagnostics" tabIndex={0} aria-label="Diagnostics">
            {state.diagnostics.text}
          </pre>
        )}
      </div>
      <footer className="dialog-actions">
        {state.type === 'ready' && (
          <CopyButton text={state.diagnostics.text} label="Copy diagnostics" caption="Copy diagnostics" className="primary-button" />
        )}
        <button type="button" onClick={props.onClose} data-autofocus>
          Close
        </button>
      </footer>
    </Dialog>
  )
}

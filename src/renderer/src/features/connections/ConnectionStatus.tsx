import { useState } from 'react'
import { SlowCall } from '../../components/SlowCall'
import { ConnectionDetailsDialog } from './ConnectionDetailsDialog'
import { describeActive } from './connection-form'
import { useConnections } from './connections-store'

/** One line that says what the app is connected to, or what it is doing about it. */
export function ConnectionStatus(): React.JSX.Element {
  const active = useConnections((s) => s.active)
  const phase = useConnections((s) => s.phase)
  const [details, setDetails] = useState(false)
  const [tone, text] =
    phase.type === 'connecting' ? ['pending', `Connecting to ${phase.name}…`]
    : phase.type === 'loading' ? ['pending', 'Loading connections…']
    : active !== null ? ['ok', `Connected to ${describeActive(active)}`]
    : ['off', 'Not connected']
  return (
    <div className="connection-status-line">
      <p role="status" className={`connection-status status-${tone}`} title={text}>
        <span className="status-dot" aria-hidden="true" />
        <span className="connection-status-text">{text}</span>
      </p>
      {active !== null && phase.type !== 'connecting' && (
        <button type="button" className="header-button" onClick={() => setDetails(true)}>
          Details
        </button>
      )}
      {details && active !== null && <ConnectionDetailsDialog active={active} onClose={() => setDetails(false)} />}
      {phase.type === 'connecting' && (
        <SlowCall key={phase.id} tone="dark" endpoint={phase.endpoint} onCancel={() => void useConnections.getState().cancelConnect()} />
      )}
    </div>
  )
}

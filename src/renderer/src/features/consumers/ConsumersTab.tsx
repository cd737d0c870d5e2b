import { useEffect, useState } from 'react'
import { ErrorBanner } from '../../components/ErrorBanner'
import { dataOf } from '../../components/load-state'
import { useConnections } from '../connections/connections-store'
import { formatTime } from '../../components/time-format'
import { useConsumers } from './consumers-store'
import { Channels } from './Channels'
import { EfoConsumers } from './EfoConsumers'
import { LambdaMappings } from './LambdaMappings'
import { RedrivePanel } from '../redrive/RedrivePanel'
import { LeaseTable } from './LeaseTable'
import { LeaseTablePicker } from './LeaseTablePicker'
import { RewindDialog } from './RewindDialog'
import { leaseSummary } from './lease-format'
import './consumers.css'

/** Who reads the stream: enhanced fan-out consumers, channels (deliveries to S3), Lambda functions, and a KCL application's leases and lag. */
export function ConsumersTab(props: { name: string }): React.JSX.Element {
  const connectionId = useConnections((s) => s.active?.connectionId ?? null)
  const leases = useConsumers((s) => s.leases)
  const readLeases = useConsumers((s) => s.readLeases)
  useEffect(() => {
    if (connectionId !== null) useConsumers.getState().show(connectionId, props.name)
  }, [connectionId, props.name])
  const view = dataOf(leases)
  const [rewinding, setRewinding] = useState(false)
  return (
    <div className="consumers-tab">
      <EfoConsumers />
      <Channels />
      <LambdaMappings />
      <RedrivePanel stream={props.name} />
      <section className="consumer-section consumer-section-grow" aria-labelledby="kcl-heading">
        <div className="section-head">
          <h3 id="kcl-heading">KCL application</h3>
        </div>
        <LeaseTablePicker />
        {leases.status === 'error' && <ErrorBanner error={leases.error} />}
        {view !== null && (
          <>
            <div className="tab-toolbar">
              <span className="tab-summary" data-testid="lease-summary">
                {leaseSummary(view)} · read {formatTime(view.readAt, 'local', false)}
              </span>
              <button type="button" className="small-button" aria-label="Refresh leases" disabled={leases.status === 'loading'} onClick={() => void readLeases()}>
                {leases.status === 'loading' ? 'Refreshing…' : 'Refresh'}
              </button>
              <button type="button" className="small-button" disabled={view.leases.length === 0} onClick={() => setRewinding(true)}>
                Rewind checkpoints…
              </button>
            </div>
            <p className="consumer-note">
              Behind: how long ago the first record after the checkpoint arrived (one small GetRecords per shard). A lease
              whose counter has not moved since an earlier refresh at least {Math.round(view.stuckAfterMs / 1000)} s ago looks
              stuck.
            </p>
            <LeaseTable leases={view.leases} readAt={view.readAt} />
            {rewinding && (
              <RewindDialog
                table={view.table}
                stream={props.name}
                leases={view.leases}
                onClose={() => {
                  setRewinding(false)
                  void readLeases() // show the checkpoints as they are now
                }}
              />
            )}
          </>
        )}
      </section>
    </div>
  )
}

import { useEffect, useState } from 'react'
import { ErrorBanner } from '../../components/ErrorBanner'
import { SlowCall } from '../../components/SlowCall'
import { dataOf } from '../../components/load-state'
import { useConnections, useKinesisEndpointName } from '../connections/connections-store'
import { CreateStreamDialog } from './CreateStreamDialog'
import { StreamList } from './StreamList'
import { countText } from './stream-filter'
import { useStreamList, useVisibleStreams } from './stream-list-store'

/** The left panel: search, refresh, create, the count and the list of the connection's streams. */
export function StreamListPanel(props: { width: number; onHide: () => void }): React.JSX.Element {
  const connectionId = useConnections((s) => s.active?.connectionId ?? null)
  const session = useConnections((s) => s.session)
  const endpoint = useKinesisEndpointName()
  const { attach, refresh, setQuery, cancelRefresh } = useStreamList.getState()
  const list = useStreamList((s) => s.list)
  const query = useStreamList((s) => s.query)
  const visible = useVisibleStreams()
  const [creating, setCreating] = useState(false)

  useEffect(() => {
    void attach(connectionId)
  }, [attach, connectionId, session])

  const total = dataOf(list)?.length ?? 0
  return (
    <section className="stream-panel" aria-label="Streams" style={{ width: props.width }}>
      <div className="panel-toolbar">
        <h2 className="panel-title">Streams</h2>
        <button type="button" className="icon-button" aria-label="Refresh streams" title="Refresh streams" disabled={connectionId === null} onClick={() => void refresh()}>
          ⟳
        </button>
        <button type="button" className="primary-button compact" disabled={connectionId === null} onClick={() => setCreating(true)}>
          Create stream
        </button>
        <button type="button" className="icon-button" aria-label="Hide stream list" title="Hide stream list" onClick={props.onHide}>
          «
        </button>
      </div>
      <div className="panel-search">
        <input type="search" aria-label="Search streams" placeholder="Search streams" value={query} onChange={(e) => setQuery(e.target.value)} />
        <span className="panel-count" aria-live="polite">
          {list.status === 'loading' && dataOf(list) === null ? 'Loading…' : countText(visible.length, total, query.trim() !== '')}
        </span>
      </div>
      {list.status === 'loading' && (
        <div className="panel-slow">
          <SlowCall endpoint={endpoint} onCancel={() => cancelRefresh(endpoint)} />
        </div>
      )}
      {list.status === 'error' && (
        <div className="panel-banner">
          <ErrorBanner error={list.error} />
          <button type="button" className="small-button" onClick={() => void refresh()}>
            Retry
          </button>
        </div>
      )}
      <StreamListBody total={total} onCreate={() => setCreating(true)} />
      {creating && <CreateStreamDialog onClose={() => setCreating(false)} />}
    </section>
  )
}

function StreamListBody(props: { total: number; onCreate: () => void }): React.JSX.Element {
  const list = useStreamList((s) => s.list)
  const connected = useConnections((s) => s.active !== null)
  const connecting = useConnections((s) => s.phase.type === 'connecting' || s.phase.type === 'loading')
  if (!connected) return <p className="empty-state">{connecting ? 'Connecting…' : 'Pick a connection to see its streams.'}</p>
  if (list.status === 'idle' || (list.status === 'loading' && list.previous === null)) {
    return <p className="empty-state">Loading streams…</p>
  }
  if (dataOf(list) === null) return <p className="empty-state">The streams could not be listed.</p>
  if (props.total === 0) {
    return (
      <p className="empty-state">
        No streams on this connection yet —{' '}
        <button type="button" className="link-button" onClick={props.onCreate}>
          create one
        </button>
      </p>
    )
  }
  return <StreamList />
}

import { useEffect, useState } from 'react'
import { Splitter } from './components/Splitter'
import { AboutDialog } from './features/about/AboutDialog'
import { ConnectionErrors } from './features/connections/ConnectionErrors'
import { ConnectionPicker } from './features/connections/ConnectionPicker'
import { ConnectionStatus } from './features/connections/ConnectionStatus'
import { useConnections } from './features/connections/connections-store'
import { useProducerEvents } from './features/producer/producer-stores'
import { StreamListPanel } from './features/streams/StreamListPanel'
import { StreamView } from './features/streams/StreamView'
import { MIN_PANEL_WIDTH, usePanelWidth } from './features/streams/panel-width'
import { useStreamList } from './features/streams/stream-list-store'

/** The shell: header (name, connection, status), the stream list on the left, the open stream in the middle. */
export function App(): React.JSX.Element {
  const boot = useConnections((s) => s.boot)
  const [panelWidth, maxPanelWidth, setPanelWidth] = usePanelWidth()
  // The record browser wants the width: the stream list can fold into a rail (remembered).
  const [listHidden, setListHidden] = useState(() => localStorage.getItem('streamListHidden') === 'true')
  const [about, setAbout] = useState(false)
  const toggleList = (hidden: boolean): void => {
    localStorage.setItem('streamListHidden', String(hidden))
    setListHidden(hidden)
  }
  useEffect(() => {
    void boot()
  }, [boot])
  // Bulk sends and replays report through events: subscribed once, for the app's lifetime.
  useProducerEvents()
  return (
    <div className="app">
      <header className="app-header">
        <h1 className="app-name">Kinesis Inspector</h1>
        <ConnectionPicker />
        <ConnectionStatus />
        <button type="button" className="header-button" onClick={() => setAbout(true)}>
          About
        </button>
        {about && <AboutDialog onClose={() => setAbout(false)} />}
      </header>
      <ConnectionErrors />
      <div className="workspace">
        {listHidden ? (
          <div className="stream-rail">
            <button type="button" className="icon-button" aria-label="Show stream list" title="Show stream list" onClick={() => toggleList(false)}>
              »
            </button>
          </div>
        ) : (
          <>
            <StreamListPanel width={panelWidth} onHide={() => toggleList(true)} />
            <Splitter label="Resize the stream list" width={panelWidth} min={MIN_PANEL_WIDTH} max={maxPanelWidth} onChange={setPanelWidth} />
          </>
        )}
        <main className="main-view">
          <OpenStream />
        </main>
      </div>
    </div>
  )
}

function OpenStream(): React.JSX.Element {
  const openName = useStreamList((s) => s.openName)
  const session = useConnections((s) => s.session)
  if (openName === null) {
    return (
      <div className="main-placeholder">
        <p>Open a stream to see its shards and read its records.</p>
        <p className="muted">↑ ↓ move through the list, Enter opens.</p>
      </div>
    )
  }
  // Keyed by session too: the same name on another connection is another stream.
  return <StreamView key={`${session}:${openName}`} name={openName} />
}

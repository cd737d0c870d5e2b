import { useEffect, useRef, useState } from 'react'
import type { ShardInfo } from '../../../../shared/domain'
import { api } from '../../api/client'
import { useStreamView } from '../streams/stream-view-store'
import { CapSetting } from './CapSetting'
import { ReplayButton } from '../replay/ReplayButton'
import { SchemasButton } from '../schemas/SchemasButton'
import { ExportButton, ExportPanel } from './ExportPanel'
import { FilterBar, ShownCount } from './FilterBar'
import { ReadToolbar } from './ReadToolbar'
import { RecordDetail } from './RecordDetail'
import { RecordTable } from './RecordTable'
import { RecordsStoreContext } from './records-context'
import { createRecordsStore } from './records-store'
import { SearchStatus } from './SearchStatus'
import { SessionStatus } from './SessionStatus'
import { ShardProgressPanel } from './ShardProgressPanel'
import './records.css'

/** The record browser for one stream: read from any position, all shards merged, filter, inspect, export. */
export function RecordsView(props: { stream: string; shards: ShardInfo[] }): React.JSX.Element {
  // Another stream is another browser: its own store, session and records.
  return <RecordsBrowser key={props.stream} stream={props.stream} shards={props.shards} />
}

function browserStorage(): Storage | null {
  try {
    return window.localStorage
  } catch {
    return null
  }
}

function RecordsBrowser(props: { stream: string; shards: ShardInfo[] }): React.JSX.Element {
  const [store] = useState(() => createRecordsStore(props.stream, props.shards, { api, storage: browserStorage() }))
  // The one place the reader's events are subscribed; leaving stops the session.
  useEffect(() => store.getState().actions.connect(), [store])
  useEffect(() => store.getState().actions.setShards(props.shards), [store, props.shards])
  // Another view asked to read from a position ("Read from here" on a sent record).
  const request = useStreamView((s) => s.recordsRequest)
  useEffect(() => {
    if (request === null) return
    const position = useStreamView.getState().takeRecordsRequest()
    if (position !== null) void store.getState().actions.readAt(position)
  }, [request, store])
  const gridRef = useRef<HTMLDivElement>(null)
  const paneRef = useRef<HTMLElement>(null)
  return (
    <RecordsStoreContext.Provider value={store}>
      <section className="records" aria-label={`Records of ${props.stream}`}>
        <div className="records-content">
          <ReadToolbar />
          <div className="rec-statusbar">
            <SessionStatus />
            <div className="rec-statusbar-side">
              <ShownCount />
              <CapSetting />
              <ExportButton />
              <ReplayButton />
              <SchemasButton stream={props.stream} />
            </div>
          </div>
          <SearchStatus />
          <ExportPanel />
          <ShardProgressPanel />
          <FilterBar />
          <div className="rec-main">
            <RecordTable gridRef={gridRef} onOpenDetail={() => requestAnimationFrame(() => paneRef.current?.focus())} />
          </div>
        </div>
        <RecordDetail ref={paneRef} onClose={() => gridRef.current?.focus()} />
      </section>
    </RecordsStoreContext.Provider>
  )
}

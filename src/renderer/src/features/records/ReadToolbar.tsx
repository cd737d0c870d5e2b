import { PositionFields } from './PositionFields'
import { useRecords } from './records-context'
import { ScopeFields } from './ScopeFields'
import { SearchFields } from './SearchFields'
import { SessionButtons } from './SessionButtons'
import { StopConditions } from './StopConditions'

/** Where to read from, which shards, when to stop, and the session's buttons. */
export function ReadToolbar(): React.JSX.Element {
  const busy = useRecords((s) => s.session.status === 'starting')
  return (
    <form
      className="rec-toolbar"
      aria-label="Read records"
      onSubmit={(e) => {
        e.preventDefault()
      }}
    >
      <PositionFields disabled={busy} />
      <div className="rec-toolbar-row">
        <ScopeFields disabled={busy} />
        <StopConditions disabled={busy} />
        <SessionButtons />
      </div>
      <div className="rec-toolbar-row">
        <SearchFields disabled={busy} />
      </div>
    </form>
  )
}

import { ApiError } from '../../api/client'
import { ErrorBanner } from '../../components/ErrorBanner'
import { countRecords, formatCount } from './format'
import { useRecordsActions, useRecordsShallow } from './records-context'
import type { Session } from './records-store'

const endedText: Record<Extract<Session, { status: 'ended' }>['reason'], (mode: 'read' | 'tail') => string> = {
  completed: (mode) => (mode === 'read' ? 'Read every shard to its tip' : 'Tail ended'),
  'stop-condition': () => 'Stop condition reached',
  stopped: () => 'Stopped'
}

/** The one line that says what the session is doing and how many records are loaded (in a search: kept). */
export function statusText(session: Session, loaded: number, searching = false): string {
  switch (session.status) {
    case 'idle':
      return 'Choose a starting position, then Read or Live tail.'
    case 'starting':
      return searching ? 'Starting the search…' : session.mode === 'tail' ? 'Starting live tail…' : 'Starting…'
    case 'reading':
      if (searching) return `${session.mode === 'tail' ? 'Searching live tail…' : 'Searching…'} ${countRecords(loaded)} kept`
      return `${session.mode === 'tail' ? 'Tailing…' : 'Reading…'} ${countRecords(loaded)}`
    case 'paused':
      return `Paused — ${countRecords(loaded)}`
    case 'ended':
      if (searching) return `${session.reason === 'completed' && session.mode === 'read' ? 'Searched every shard to its tip' : endedText[session.reason](session.mode)} — ${countRecords(loaded)} kept`
      return `${endedText[session.reason](session.mode)} — ${countRecords(loaded)}`
    case 'error':
      if (session.phase === 'start') {
        return loaded > 0 ? `Could not start reading — the ${countRecords(loaded)} of the previous read are kept` : 'Could not start reading'
      }
      return `Reading failed after ${countRecords(session.delivered)}${loaded > 0 ? ' — the records read are kept' : ''}`
  }
}

/** Status line, dropped-record count, the record-limit notice and the session's errors. */
export function SessionStatus(): React.JSX.Element {
  const { session, loaded, dropped, actionError, searching } = useRecordsShallow((s) => ({
    session: s.session,
    loaded: s.records.length,
    dropped: s.dropped,
    actionError: s.actionError,
    searching: s.search !== null || (s.session.status === 'starting' && s.form.searchMode)
  }))
  const { dismissActionError } = useRecordsActions()
  return (
    <div className="rec-status">
      <p className={`rec-status-line rec-status-${session.status}`} role="status" aria-live="polite" data-testid="records-status">
        {(session.status === 'reading' || session.status === 'starting') && <span className="rec-spinner" aria-hidden="true" />}
        {statusText(session, loaded, searching)}
        {dropped > 0 && <span className="rec-dropped"> · {formatCount(dropped)} older records dropped</span>}
      </p>
      <CapNotice />
      {session.status === 'error' && <ErrorBanner error={new ApiError(session.error)} />}
      {actionError !== null && <ErrorBanner error={new ApiError(actionError)} onDismiss={dismissActionError} />}
    </div>
  )
}

/** The cap was reached during a Read: reading paused until the user continues (dropping the oldest) or exports. */
function CapNotice(): React.JSX.Element | null {
  const { capReached, policy, cap, held } = useRecordsShallow((s) => ({
    capReached: s.capReached,
    policy: s.policy,
    cap: s.cap,
    held: s.held.length
  }))
  const { continueDroppingOldest, setExportOpen } = useRecordsActions()
  if (!capReached || policy !== 'hold') return null
  return (
    <div className="rec-notice" role="alert">
      <p>
        Reached the {formatCount(cap)}-record limit. Reading is paused.
        {held > 0 && ` ${countRecords(held)} more already received are held until you continue.`}
      </p>
      <div className="rec-notice-actions">
        <button type="button" onClick={() => void continueDroppingOldest()}>
          Continue (drop oldest)
        </button>
        <button type="button" onClick={() => setExportOpen(true)}>
          Export first
        </button>
      </div>
    </div>
  )
}

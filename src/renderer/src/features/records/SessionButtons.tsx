import { useRecords, useRecordsActions } from './records-context'

/** Read, Live tail, Pause/Resume and Stop, enabled by the session's status. */
export function SessionButtons(): React.JSX.Element {
  const session = useRecords((s) => s.session)
  const capHold = useRecords((s) => s.capReached && s.policy === 'hold')
  const searchMode = useRecords((s) => s.form.searchMode)
  const { start, pause, resume, stop } = useRecordsActions()
  const active = session.status === 'reading' || session.status === 'paused'
  const busy = session.status === 'starting'
  return (
    <div className="rec-session-buttons">
      <button
        type="button"
        className="primary-button"
        disabled={busy}
        onClick={() => void start('read')}
        title={searchMode ? 'Scan forward to the tip of every shard, keeping only the records that match the filter' : 'Read forward to the tip of every shard, then stop'}
      >
        {searchMode ? 'Search' : 'Read'}
      </button>
      <button type="button" disabled={busy} onClick={() => void start('tail')} title={searchMode ? 'Keep following new records, keeping only new matches, until stopped' : 'Keep following new records until stopped'}>
        {searchMode ? 'Search live tail' : 'Live tail'}
      </button>
      {session.status === 'paused' ? (
        <button type="button" disabled={capHold} onClick={() => void resume()} title={capHold ? 'Use the choices under the record limit message' : undefined}>
          Resume
        </button>
      ) : (
        <button type="button" disabled={session.status !== 'reading'} onClick={() => void pause()}>
          Pause
        </button>
      )}
      <button type="button" disabled={!active} onClick={() => void stop()}>
        Stop
      </button>
    </div>
  )
}

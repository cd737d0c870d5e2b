import { useRecords, useRecordsActions } from './records-context'

/** Read, Live tail, Pause/Resume and Stop, enabled by the session's status. */
export function SessionButtons(): React.JSX.Element {
  const session = useRecords((s) => s.session)
  const capHold = useRecords((s) => s.capReached && s.policy === 'hold')
  const { start, pause, resume, stop } = useRecordsActions()
  const active = session.status === 'reading' || session.status === 'paused'
  const busy = session.status === 'starting'
  return (
    <div className="rec-session-buttons">
      <button type="button" className="primary-button" disabled={busy} onClick={() => void start('read')} title="Read forward to the tip of every shard, then stop">
        Read
      </button>
      <button type="button" disabled={busy} onClick={() => void start('tail')} title="Keep following new records until stopped">
        Live tail
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

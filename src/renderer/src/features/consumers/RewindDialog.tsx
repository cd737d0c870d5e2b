import { useEffect, useState } from 'react'
import { useStore } from 'zustand'
import { useShallow } from 'zustand/react/shallow'
import type { LeaseRow } from '../../../../shared/consumers'
import type { RewindTarget } from '../../../../shared/lease-rewind'
import { api } from '../../api/client'
import { Dialog } from '../../components/Dialog'
import { ErrorBanner } from '../../components/ErrorBanner'
import { parseDateTimeInput } from '../records/format'
import { progressText } from './rewind-format'
import { createRewindStore, type RewindState } from './rewind-store'
import { RewindChoiceFields } from './RewindChoiceFields'
import { RewindPlanView } from './RewindPlanView'
import { RewindReportView } from './RewindReportView'

/** The target the form describes, or the field's error. */
function targetOf(s: Pick<RewindState, 'targetType' | 'time' | 'sequenceNumber'>): { target: RewindTarget | null; timeError: string | null; sequenceError: string | null } {
  switch (s.targetType) {
    case 'AT_TIMESTAMP': {
      const ms = parseDateTimeInput(s.time, 'local')
      return { target: ms === null ? null : { type: 'AT_TIMESTAMP', timestamp: ms }, timeError: ms === null ? 'Enter a date and time' : null, sequenceError: null }
    }
    case 'AFTER_SEQUENCE_NUMBER': {
      const ok = /^\d{1,128}$/.test(s.sequenceNumber)
      return { target: ok ? { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: s.sequenceNumber } : null, timeError: null, sequenceError: ok ? null : 'A sequence number is a string of digits' }
    }
    default:
      return { target: { type: s.targetType }, timeError: null, sequenceError: null }
  }
}

/** Rewind a KCL application: choose, dry run, rewind (watch, backup, conditional writes), report, Undo. */
export function RewindDialog(props: { table: string; stream: string; leases: readonly LeaseRow[]; onClose: () => void }): React.JSX.Element {
  const [store] = useState(() => createRewindStore(api, { table: props.table, stream: props.stream, chosen: null }))
  const s = useStore(
    store,
    useShallow((x) => ({ targetType: x.targetType, time: x.time, sequenceNumber: x.sequenceNumber, chosen: x.chosen, confirmName: x.confirmName, step: x.step, progress: x.progress, cancelling: x.cancelling }))
  )
  const actions = store.getState().actions
  useEffect(() => actions.connect(), [actions])
  const [tried, setTried] = useState(false)
  const { step } = s
  const busy = step.type === 'planning' || step.type === 'rewinding'
  const plan = step.type === 'planned' || step.type === 'rewinding' || step.type === 'rewound' ? step.plan : step.type === 'error' ? step.plan : null
  const { target, timeError, sequenceError } = targetOf(s)
  const noLeases = s.chosen !== null && s.chosen.length === 0
  const confirmed = plan !== null && (!plan.confirmNameRequired || s.confirmName === plan.table)
  const changes = plan !== null && plan.rows.some((r) => r.next !== null)
  const canRewind = (step.type === 'planned' || (step.type === 'error' && plan !== null)) && confirmed && changes

  const dryRun = (): void => {
    setTried(true)
    if (target !== null && !noLeases) void actions.dryRun(target)
  }
  const close = (): void => {
    if (busy) {
      void actions.cancel()
      // Once writing has begun the dialog stays for the report (what was written, the backup, Undo).
      if (s.progress?.phase === 'backing-up' || s.progress?.phase === 'writing') return
    }
    props.onClose()
  }
  return (
    <Dialog title={`Rewind ${props.table}`} wide onClose={close} description={`Set the KCL checkpoints of ${props.stream} in lease table ${props.table}, so the application reads part of the stream again.`}>
      <form
        aria-label="Rewind checkpoints"
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          if (canRewind) void actions.rewind()
        }}
      >
        <div className="dialog-body rewind-body">
          {step.type !== 'rewound' && (
            <RewindChoiceFields
              choice={s}
              leases={props.leases}
              disabled={busy}
              timeError={tried ? timeError : null}
              sequenceError={tried ? sequenceError : null}
              onChange={(change) => actions.set(change)}
            />
          )}
          {tried && noLeases && <p className="field-error">Choose at least one lease.</p>}
          {busy && (
            <div className="rewind-progress" role="status" data-testid="rewind-progress">
              <span>{s.cancelling ? 'Cancelling…' : progressText(s.progress)}</span>
              {s.progress !== null && s.progress.total > 0 && <progress max={s.progress.total} value={s.progress.done} aria-label="Progress" />}
            </div>
          )}
          {plan !== null && step.type !== 'rewound' && (
            <RewindPlanView plan={plan} confirmName={s.confirmName} onConfirmName={(confirmName) => actions.set({ confirmName })} disabled={busy} />
          )}
          {step.type === 'error' && <ErrorBanner error={step.error} />}
          {step.type === 'rewound' && (
            <RewindReportView target={step.plan.target} report={step.report} undo={step.undo} undoing={step.undoing} undoError={step.undoError} onUndo={() => void actions.undo()} />
          )}
        </div>
        <footer className="dialog-actions">
          {busy ? (
            <button type="button" onClick={() => void actions.cancel()} disabled={s.cancelling}>
              Cancel
            </button>
          ) : (
            <button type="button" onClick={close}>
              Close
            </button>
          )}
          {step.type !== 'rewound' && (
            <>
              <button type="button" disabled={busy} onClick={dryRun}>
                {plan !== null ? 'Dry run again' : 'Dry run'}
              </button>
              <button type="submit" className="danger-button" disabled={!canRewind}>
                {step.type === 'rewinding' ? 'Rewinding…' : 'Rewind checkpoints'}
              </button>
            </>
          )}
        </footer>
      </form>
    </Dialog>
  )
}

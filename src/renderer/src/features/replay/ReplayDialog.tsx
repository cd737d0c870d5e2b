import { useEffect, useState } from 'react'
import { recordLimitText, type ReplayRecord } from '../../../../shared/producer'
import { Dialog } from '../../components/Dialog'
import { ErrorBanner } from '../../components/ErrorBanner'
import { JobProgress } from '../producer/JobProgress'
import { useJob } from '../producer/producer-stores'
import { countRecords, formatCount } from '../records/format'
import { useReplay } from './replay-hooks'
import { createReplayStore, type ReplaySourceType } from './replay-store'
import { ReplayPlanView } from './ReplayPlanView'
import { ReplaySourceFields } from './ReplaySourceFields'
import { ReplayTargetFields } from './ReplayTargetFields'
import { api } from '../../api/client'
import '../producer/producer.css'

export interface ReplayBrowserSource {
  selectedCount: number
  shownCount: number
  filterActive: boolean
  /** What the "shown" source is called when it is not the browser's window (e.g. the batches of failure records). */
  shownLabel?: string
  /** The records of a source, in arrival order (per-key order is kept from it). */
  records: (source: Exclude<ReplaySourceType, 'file'>) => ReplayRecord[]
}

/** Replay records onto a stream: source, target, dry run, confirmation, then progress and the report. */
export function ReplayDialog(props: { stream: string; browser: ReplayBrowserSource; onClose: () => void }): React.JSX.Element {
  const [store] = useState(() =>
    createReplayStore(api, { stream: props.stream, source: props.browser.selectedCount > 0 ? 'selected' : 'shown' })
  )
  const { phase, confirmName, source, skipTooLarge } = useReplay(store, (s) => ({ phase: s.phase, confirmName: s.confirmName, source: s.source, skipTooLarge: s.skipTooLarge }))
  const actions = store.getState().actions
  const job = useJob(phase.type === 'running' ? phase.jobId : null)
  const [closeNote, setCloseNote] = useState(false)
  // A draft never started is discarded in main when the dialog goes.
  useEffect(() => () => void store.getState().actions.close(), [store])

  const running = phase.type === 'running' && job?.report == null
  const finished = phase.type === 'running' && job?.report != null
  const preparing = phase.type === 'uploading' || phase.type === 'planning'
  const locked = preparing || phase.type === 'starting' || phase.type === 'running'
  const plan = phase.type === 'planned' || phase.type === 'starting' || phase.type === 'error' ? phase.plan : null
  const browserRecords = (): ReplayRecord[] => (source === 'file' ? [] : props.browser.records(source))

  const close = (): void => {
    if (running) return setCloseNote(true)
    props.onClose()
  }
  return (
    <Dialog title="Replay records" wide onClose={close} description="Put records again on a stream with their partition keys, hash keys and bytes unchanged, in their order.">
      <form
        aria-label="Replay"
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          if (plan !== null && !locked) void actions.start()
          else if (!locked) void actions.dryRun(browserRecords)
        }}
      >
        <div className="dialog-body replay-body">
          <ReplaySourceFields
            store={store}
            selectedCount={props.browser.selectedCount}
            shownCount={props.browser.shownCount}
            filterActive={props.browser.filterActive}
            {...(props.browser.shownLabel !== undefined ? { shownLabel: props.browser.shownLabel } : {})}
            disabled={locked}
          />
          <ReplayTargetFields store={store} disabled={locked} showErrors={phase.type === 'error'} />
          {phase.type === 'uploading' && (
            <div className="replay-upload" role="status">
              <span>
                Preparing: {formatCount(phase.uploaded)} of {formatCount(phase.total)} records handed to the app…
              </span>
              <progress max={phase.total} value={phase.uploaded} aria-label="Records prepared" />
            </div>
          )}
          {phase.type === 'planning' && <p role="status">Working out where each record would go…</p>}
          {plan !== null && (
            <ReplayPlanView
              plan={plan}
              confirmName={confirmName}
              onConfirmName={actions.setConfirmName}
              skipTooLarge={skipTooLarge}
              onSkipTooLarge={actions.setSkipTooLarge}
              disabled={locked}
            />
          )}
          {phase.type === 'error' && <ErrorBanner error={phase.error} />}
          {phase.type === 'running' && <JobProgress jobId={phase.jobId} label={`Replay to ${phase.plan.stream}`} />}
          {phase.type === 'running' && phase.plan.tooLarge !== null && (
            <p className="field-help" data-testid="replay-skipped">
              Skipped {countRecords(phase.plan.tooLarge.count)} larger than {phase.plan.stream} takes ({recordLimitText(phase.plan.tooLarge.maxRecordBytes)}): not sent.
            </p>
          )}
          {closeNote && running && <p className="field-error">The replay is running: cancel it, or wait for its report, to close this dialog.</p>}
        </div>
        <footer className="dialog-actions">
          {preparing ? (
            <button type="button" onClick={() => void actions.cancelPreparation()}>
              Cancel
            </button>
          ) : (
            <button type="button" onClick={close} disabled={running}>
              Close
            </button>
          )}
          {!finished && phase.type !== 'running' && (
            <>
              <button type="button" disabled={locked} onClick={() => void actions.dryRun(browserRecords)}>
                {plan !== null ? 'Dry run again' : 'Dry run'}
              </button>
              <button
                type="submit"
                className="primary-button"
                disabled={plan === null || locked || (plan.needsConfirmation && confirmName !== plan.stream) || (plan.tooLarge !== null && !skipTooLarge)}
              >
                {phase.type === 'starting' ? 'Starting…' : 'Start replay'}
              </button>
            </>
          )}
        </footer>
      </form>
    </Dialog>
  )
}

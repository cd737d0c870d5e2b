import { useEffect, useRef } from 'react'
import { ErrorBanner } from '../../components/ErrorBanner'
import { formatCount } from '../records/format'
import { etaText, formatDuration, progressFraction, progressHeadline, rateText } from './job-format'
import { JobReport } from './JobReport'
import { jobsStore, useJob } from './producer-stores'

/** A running bulk send or replay: its progress bar, counts and Cancel; then its final report. */
export function JobProgress(props: { jobId: string; label: string }): React.JSX.Element {
  const job = useJob(props.jobId)
  const ref = useRef<HTMLElement>(null)
  const started = job?.progress != null
  // A run that starts below the fold comes into view with its Cancel button (again once its counts show).
  useEffect(() => {
    // A block body: scrollIntoView returns a promise in newer Chromium, and an effect may return only a cleanup.
    void ref.current?.scrollIntoView({ block: 'nearest' })
  }, [props.jobId, started])
  if (job?.report != null) return <JobReport report={job.report} />
  const progress = job?.progress ?? null
  const fraction = progress === null ? null : progressFraction(progress)
  const cancelling = job?.cancelRequested === true || progress?.state === 'cancelling'
  return (
    <section ref={ref} className="job-progress" aria-label={`${props.label} progress`}>
      <div className="job-progress-head">
        <span className="job-headline" data-testid="job-headline">
          {progress === null ? 'Starting…' : progressHeadline(progress)}
          {cancelling && ' · cancelling…'}
        </span>
        <button
          type="button"
          className="small-button"
          disabled={cancelling}
          onClick={() => void jobsStore.getState().actions.cancel(props.jobId)}
        >
          {cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
      </div>
      <div
        className={fraction === null ? 'job-bar job-bar-indeterminate' : 'job-bar'}
        role="progressbar"
        aria-label={`${props.label}: records sent`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={fraction === null ? undefined : Math.round(fraction * 100)}
        aria-valuetext={progress === null ? 'Starting' : progressHeadline(progress)}
      >
        <span className="job-bar-fill" style={{ width: fraction === null ? undefined : `${(fraction * 100).toFixed(1)}%` }} />
      </div>
      {progress !== null && (
        <dl className="job-counts">
          <Count label="Sent" value={formatCount(progress.sent)} />
          <Count label="Failed" value={formatCount(progress.failed)} tone={progress.failed > 0 ? 'bad' : undefined} />
          <Count label="Retrying" value={formatCount(progress.retrying)} />
          <Count label="Outcome unknown" value={formatCount(progress.unknown)} tone={progress.unknown > 0 ? 'warn' : undefined} />
          <Count label="Throttled" value={formatCount(progress.throttled)} />
          <Count label="Rate" value={rateText(progress.ratePerSecond)} />
          <Count label="Elapsed" value={formatDuration(progress.elapsedMs)} />
          <Count label="Time left" value={etaText(progress)} />
        </dl>
      )}
      {job?.cancelError != null && <ErrorBanner error={job.cancelError} />}
    </section>
  )
}

function Count(props: { label: string; value: string; tone?: 'bad' | 'warn' | undefined }): React.JSX.Element {
  return (
    <div className={props.tone === undefined ? 'job-count' : `job-count job-count-${props.tone}`}>
      <dt>{props.label}</dt>
      <dd>{props.value}</dd>
    </div>
  )
}

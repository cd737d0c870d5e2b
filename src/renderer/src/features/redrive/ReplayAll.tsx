import type { ShardInfo } from '../../../../shared/domain'
import type { FailureRecord } from '../../../../shared/lambda-failure-record'
import { api } from '../../api/client'
import { ErrorBanner } from '../../components/ErrorBanner'
import { formatCount } from '../records/format'
import { useRedrive } from './redrive-store'
import { ReplayBatches } from './ReplayBatches'

/** "Replay all N batches…": reads every batch (progress, Cancel), says how each compared with its batchSize, then opens Replay. */
export function ReplayAll(props: { stream: string; shards: ShardInfo[]; batches: FailureRecord[] }): React.JSX.Element {
  const collect = useRedrive((s) => s.collect)
  const actions = useRedrive.getState()
  return (
    <>
      <div className="redrive-actions">
        {collect.status === 'reading' ? (
          <>
            <span role="status">
              Reading batch {collect.done + 1} of {collect.total}…
            </span>
            <progress max={collect.total} value={collect.done} aria-label="Batches read" />
            <button type="button" className="small-button" onClick={() => actions.cancelRead()}>
              Cancel
            </button>
          </>
        ) : (
          <button type="button" className="small-button" aria-haspopup="dialog" onClick={() => void actions.readAll(api, props.shards, props.batches)}>
            Replay all {props.batches.length} batches…
          </button>
        )}
      </div>
      {collect.status === 'error' && <ErrorBanner error={collect.error} />}
      {collect.status === 'ready' && (
        <>
          <p className="consumer-note" data-testid="redrive-read-summary">
            Read {collect.result.batches.length} batches: {formatCount(collect.result.records.length)} records;{' '}
            {collect.result.batches.filter((b) => b.exact).length} exactly as their batchSize says.
            {collect.result.repeated > 0 && ` ${formatCount(collect.result.repeated)} read again in a later batch (the same record twice) go once.`}
            {collect.result.batches
              .filter((b) => !b.exact)
              .map((b) => ` ${b.record.shardId} (${b.record.functionName}): ${b.message}`)
              .join('')}
          </p>
          <ReplayBatches stream={props.stream} result={collect.result} onClose={() => actions.closeReplay()} />
        </>
      )}
    </>
  )
}

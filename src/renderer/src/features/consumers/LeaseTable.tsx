import type { LeaseRow } from '../../../../shared/consumers'
import { MiddleTruncate } from '../../components/MiddleTruncate'
import { formatCount } from '../records/format'
import { useStreamView } from '../streams/stream-view-store'
import { browsePosition, checkpointText, lagRecordsText, lagTimeText } from './lease-format'

/** One row per lease: owner, checkpoint, lag, counters, and Browse from this checkpoint. */
export function LeaseTable(props: { leases: readonly LeaseRow[]; readAt: number }): React.JSX.Element {
  // Parents matter only once the stream has been resharded.
  const parents = props.leases.some((l) => l.parentShardIds.length > 0)
  return (
    <div className="table-scroll">
      <table className="data-table lease-table" aria-label="Leases">
        <thead>
          <tr>
            <th scope="col">Shard</th>
            <th scope="col">Owner</th>
            <th scope="col">Checkpoint</th>
            <th scope="col">Behind (next record)</th>
            <th scope="col">Records after checkpoint</th>
            <th scope="col">Lease counter</th>
            <th scope="col">Owner switches</th>
            {parents && <th scope="col">Parent</th>}
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.leases.map((lease) => (
            <LeaseTableRow key={lease.leaseKey} lease={lease} readAt={props.readAt} parents={parents} />
          ))}
        </tbody>
      </table>
    </div>
  )
}

function LeaseTableRow({ lease, readAt, parents }: { lease: LeaseRow; readAt: number; parents: boolean }): React.JSX.Element {
  const position = browsePosition(lease)
  const checkpoint = checkpointText(lease.checkpoint)
  return (
    <tr className={lease.stuck ? 'is-stuck' : undefined}>
      <td className="mono nowrap">{lease.shardId}</td>
      <td className="mono">{lease.owner ?? <span className="muted">unowned</span>}</td>
      <td className="mono" title={checkpoint}>
        {lease.checkpoint.type === 'sentinel' ? <span className="badge">{checkpoint}</span> : <MiddleTruncate value={checkpoint} tail={8} className="seq" />}
      </td>
      <td title={lease.lag.type === 'none' ? lease.lag.reason : undefined}>
        {lease.lag.type === 'none' ? <span className="muted">{lease.lag.reason}</span> : lagTimeText(lease.lag, readAt)}
      </td>
      <td className="num">{lagRecordsText(lease.lag)}</td>
      <td className="num">
        {formatCount(lease.leaseCounter)}
        {lease.stuck && (
          <span className="badge badge-stuck" title="The lease counter has not moved since the last refresh: its worker may have stopped renewing it">
            Looks stuck
          </span>
        )}
      </td>
      <td className="num">{formatCount(lease.ownerSwitchesSinceCheckpoint)}</td>
      {parents && <td className="mono nowrap">{lease.parentShardIds.length > 0 ? lease.parentShardIds.join(', ') : <span className="muted">—</span>}</td>}
      <td>
        {position !== null && (
          <button
            type="button"
            className="small-button"
            aria-label={`Browse from this checkpoint on ${lease.shardId}`}
            onClick={() => useStreamView.getState().openRecordsAt(position)}
          >
            Browse from this checkpoint
          </button>
        )}
      </td>
    </tr>
  )
}

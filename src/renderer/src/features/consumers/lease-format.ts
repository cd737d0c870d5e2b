/** Pure wording for the lease table view. */
import type { Checkpoint, CheckpointLag, LeaseRow } from '../../../../shared/consumers'
import type { ShardPosition } from '../../../../shared/domain'
import { formatCount, formatMillisBehind } from '../records/format'

/** "TRIM_HORIZON", or the sequence number with ":N" when the checkpoint is inside a KPL aggregate. */
export function checkpointText(checkpoint: Checkpoint): string {
  if (checkpoint.type === 'sentinel') return checkpoint.value
  return checkpoint.subSequenceNumber > 0 ? `${checkpoint.sequenceNumber}:${checkpoint.subSequenceNumber}` : checkpoint.sequenceNumber
}

/** How far behind, in time: from the first unprocessed record's arrival to now. */
export function lagTimeText(lag: CheckpointLag, now: number): string {
  if (lag.type === 'none') return '—'
  if (lag.nextArrival === null) return 'Caught up'
  return `${formatMillisBehind(Math.max(0, now - lag.nextArrival))} behind`
}

export function lagRecordsText(lag: CheckpointLag): string {
  if (lag.type === 'none' || lag.records === null) return '—'
  const { count, atLeast } = lag.records
  return `${atLeast ? '≥ ' : ''}${formatCount(count)}`
}

/**
 * Where "Browse from this checkpoint" starts: the user record after the checkpointed one, on the
 * checkpointed record itself (so the rest of a KPL aggregate is not skipped). Null for sentinels.
 */
export function browsePosition(lease: Pick<LeaseRow, 'shardId' | 'checkpoint'>): ShardPosition | null {
  if (lease.checkpoint.type !== 'sequence') return null
  return {
    type: 'AT_SEQUENCE_NUMBER',
    sequenceNumber: lease.checkpoint.sequenceNumber,
    shardId: lease.shardId,
    subSequenceNumber: lease.checkpoint.subSequenceNumber + 1
  }
}

/** One line over the table: what was read, and what was left out. */
export function leaseSummary(view: { table: string; layout: string; leases: unknown[]; otherStreams: number; otherItems: number; scanPages: number }): string {
  const parts = [
    `${view.leases.length} ${view.leases.length === 1 ? 'lease' : 'leases'} in ${view.table}`,
    view.layout === 'multi-stream' ? 'multi-stream application' : null,
    view.otherStreams > 0 ? `${view.otherStreams} for other streams not shown` : null,
    view.otherItems > 0 ? `${view.otherItems} other items (not leases)` : null,
    `one Scan (${view.scanPages} ${view.scanPages === 1 ? 'page' : 'pages'})`
  ]
  return parts.filter((p) => p !== null).join(' · ')
}

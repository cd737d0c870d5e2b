/** Pure wording for the rewind dialog. */
import { DEFAULT_REWIND_WATCH_MS, KCL_DEFAULT_FAILOVER_MS, newCheckpointText, type RereadCount, type RewindPlan, type RewindProgress, type RewindTarget } from '../../../../shared/lease-rewind'
import { formatCount, formatTime } from '../records/format'

export const targetNames: Record<RewindTarget['type'], string> = {
  TRIM_HORIZON: 'Trim horizon',
  LATEST: 'Latest',
  AT_TIMESTAMP: 'At timestamp',
  AFTER_SEQUENCE_NUMBER: 'After sequence number'
}

export const targetMeanings: Record<RewindTarget['type'], string> = {
  TRIM_HORIZON: 'Read every record still in retention again.',
  LATEST: 'Skip to the tip: only records put from now on are read (records not yet processed are skipped).',
  AT_TIMESTAMP: 'Resume at the first record at or after this time: each checkpoint is set to the last record before it.',
  AFTER_SEQUENCE_NUMBER: 'Resume right after this record (it counts as processed). For one shard: the number belongs to it.'
}

export function targetText(target: RewindTarget): string {
  if (target.type === 'AT_TIMESTAMP') return `${targetNames.AT_TIMESTAMP} ${formatTime(target.timestamp, 'local')}`
  if (target.type === 'AFTER_SEQUENCE_NUMBER') return `${targetNames.AFTER_SEQUENCE_NUMBER} ${target.sequenceNumber}`
  return targetNames[target.type]
}

export function rereadText(reread: RereadCount): string {
  if (reread.type !== 'counted') return reread.reason
  return reread.atLeast ? `at least ${formatCount(reread.records)}` : formatCount(reread.records)
}

export { newCheckpointText }

/** "2 of 3 leases change; at least 10,000 records read again" — the dry run in a line. */
export function planSummary(plan: RewindPlan): string {
  const changing = plan.rows.filter((r) => r.next !== null)
  const counted = changing.flatMap((r) => (r.reread.type === 'counted' ? [r.reread] : []))
  const records = counted.reduce((sum, r) => sum + r.records, 0)
  const atLeast = counted.some((r) => r.atLeast)
  return `Dry run: ${changing.length} of ${plan.rows.length} ${plan.rows.length === 1 ? 'lease changes' : 'leases change'} (${targetText(plan.target)}); ${atLeast ? 'at least ' : ''}${formatCount(records)} ${records === 1 ? 'record' : 'records'} read again, counted with ${formatCount(plan.getRecordsCalls)} GetRecords calls. Nothing has been written yet.`
}

/** What the rewind does before writing, naming the KCL's failover time. */
export function watchText(watchMs: number): string {
  const seconds = (ms: number): string => `${Math.round(ms / 1000)} s`
  const why = `twice the KCL's default failover time of ${seconds(KCL_DEFAULT_FAILOVER_MS)}`
  const length = watchMs === DEFAULT_REWIND_WATCH_MS ? `${seconds(watchMs)} (${why})` : `${seconds(watchMs)} (as configured; the default is ${seconds(DEFAULT_REWIND_WATCH_MS)}, ${why})`
  return `Before writing, the app watches the leases for ${length} and refuses if any lease counter moves: stop every worker of the application first. Then it saves a backup of the lease items, and writes each lease only if its counter and owner are still as seen.`
}

export function progressText(progress: RewindProgress | null): string {
  if (progress === null) return 'Starting…'
  switch (progress.phase) {
    case 'planning':
      return `Dry run: ${formatCount(progress.done)} of ${formatCount(progress.total)} leases worked out…`
    case 'watching':
      return `Watching the lease counters: ${Math.round(progress.done / 1000)} of ${Math.round(progress.total / 1000)} s${progress.renewing.length > 0 ? ` — still renewing: ${progress.renewing.join(', ')}` : ', none moved so far'}…`
    case 'backing-up':
      return 'Saving the backup of the lease items…'
    case 'writing':
      return `Writing checkpoints: ${formatCount(progress.done)} of ${formatCount(progress.total)} leases…`
    case 'undoing':
      return `Restoring: ${formatCount(progress.done)} of ${formatCount(progress.total)} leases…`
  }
}

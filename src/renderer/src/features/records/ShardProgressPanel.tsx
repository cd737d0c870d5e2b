import { useState } from 'react'
import type { ShardProgress } from '../../../../shared/domain'
import { formatCount, formatMillisBehind } from './format'
import { formatTime, type TimeZone } from '../../components/time-format'
import { useRecordsShallow } from './records-context'

export const CALLS_PER_SECOND_LIMIT = 5

const stateLabels: Record<ShardProgress['state'], string> = {
  waiting: 'Waiting for parents',
  reading: 'Reading',
  'caught-up': 'At the tip',
  throttled: 'Throttled',
  'waiting-window': 'Waiting for the window',
  finished: 'Finished',
  failed: 'Failed'
}

/** One line that sums the shards up, so the panel can stay closed. */
export function progressSummary(progress: readonly ShardProgress[]): { text: string; warn: boolean } {
  const counts = new Map<string, number>()
  for (const p of progress) counts.set(stateLabels[p.state], (counts.get(stateLabels[p.state]) ?? 0) + 1)
  const states = [...counts].map(([label, n]) => `${n} ${label.toLowerCase()}`).join(', ')
  const behind = progress.reduce<number | null>((max, p) => (p.millisBehindLatest === null ? max : Math.max(max ?? 0, p.millisBehindLatest)), null)
  const calls = progress.reduce((max, p) => Math.max(max, p.callsLastSecond), 0)
  const limit = progress.reduce((min, p) => Math.min(min, p.callLimit), CALLS_PER_SECOND_LIMIT)
  const parts = [states]
  if (behind !== null) parts.push(`behind tip up to ${formatMillisBehind(behind)}`)
  parts.push(`up to ${calls} / ${limit} GetRecords per second${limit < CALLS_PER_SECOND_LIMIT ? ' (gentle budget)' : ''}`)
  const warn = calls >= CALLS_PER_SECOND_LIMIT || progress.some((p) => p.state === 'throttled' || p.state === 'failed')
  return { text: parts.join(' · '), warn }
}

const BUDGET_HELP =
  'Every shard allows 5 GetRecords calls per second and 2 MB/s, shared by all its consumers: production consumers of this stream spend the same budget. This session stays under it (at most 1 call per second per shard once caught up) and backs off when Kinesis throttles.'

/** Per shard: state, records read, how far behind the tip, and the GetRecords budget spent. */
export function ShardProgressPanel(): React.JSX.Element | null {
  const { progress, search, zone } = useRecordsShallow((s) => ({ progress: s.progress, search: s.search, zone: s.zone }))
  const [open, setOpen] = useState(false)
  if (progress.length === 0) return null
  const summary = progressSummary(progress)
  const searching = search !== null
  const skipped = search?.skipped ?? []
  return (
    <details className="rec-progress" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <span className="rec-progress-title">Shards ({progress.length})</span>{' '}
        <span className={summary.warn ? 'rec-progress-summary rec-warn-text' : 'rec-progress-summary'}>{summary.text}</span>
        {skipped.length > 0 && <span className="rec-progress-summary"> · {skipped.length} skipped by the key search</span>}
      </summary>
      {search?.note != null && <p className="rec-search-note">{search.note}</p>}
      <table className="data-table rec-progress-table" aria-label="Shard progress">
        <thead>
          <tr>
            <th scope="col">Shard</th>
            <th scope="col">State</th>
            {searching && (
              <th scope="col" className="num" title="Records this search looked at on the shard, matching or not">
                Scanned
              </th>
            )}
            <th scope="col" className="num">
              {searching ? 'Matches' : 'Records read'}
            </th>
            {searching && (
              <th scope="col" title="Arrival time of the last record scanned: how far the search has come">
                Last record scanned
              </th>
            )}
            <th scope="col" title="MillisBehindLatest: how far this shard's reading is behind its newest record">
              Behind tip
            </th>
            <th scope="col" title={BUDGET_HELP}>
              <span className="rec-help">Read budget</span>
            </th>
            <th scope="col">Note</th>
          </tr>
        </thead>
        <tbody>
          {progress.map((p) => (
            <ShardProgressRow key={p.shardId} progress={p} searching={searching} zone={zone} />
          ))}
          {skipped.map((s) => (
            <tr key={s.shardId} data-shard={s.shardId} className="rec-shard-skipped">
              <td className="mono nowrap">{s.shardId}</td>
              <td>Skipped</td>
              <td colSpan={searching ? 5 : 3} />
              <td className="rec-note">{s.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="rec-budget-help muted">{BUDGET_HELP}</p>
    </details>
  )
}

function ShardProgressRow({ progress: p, searching, zone }: { progress: ShardProgress; searching: boolean; zone: TimeZone }): React.JSX.Element {
  return (
    <tr data-shard={p.shardId}>
      <td className="mono nowrap">{p.shardId}</td>
      <td className={`rec-shard-${p.state}`}>{stateLabels[p.state]}</td>
      {searching && <td className="num">{formatCount(p.recordsScanned)}</td>}
      <td className="num">{formatCount(p.recordsRead)}</td>
      {searching && <td className="nowrap mono">{p.lastArrivalTime === null ? '—' : formatTime(p.lastArrivalTime, zone)}</td>}
      <td className="nowrap">{formatMillisBehind(p.millisBehindLatest)}</td>
      <td>
        <BudgetMeter calls={p.callsLastSecond} limit={p.callLimit} />
      </td>
      <td className="rec-note">{p.note ?? ''}</td>
    </tr>
  )
}

/**
 * Calls this session made on the shard in the last second, against what it may make: the 5 every
 * consumer shares, or 1 on the gentle budget ("1 / 1 GetRecords per second (gentle budget)").
 */
export function BudgetMeter({ calls, limit = CALLS_PER_SECOND_LIMIT }: { calls: number; limit?: number }): React.JSX.Element {
  const clamped = Math.min(calls, CALLS_PER_SECOND_LIMIT)
  // Red only at the shard's own limit: on the gentle budget 1 of 1 is the plan, not a warning.
  const full = calls >= CALLS_PER_SECOND_LIMIT
  const text = `${calls} / ${limit} GetRecords per second${limit < CALLS_PER_SECOND_LIMIT ? ' (gentle budget)' : ''}`
  return (
    <span className="rec-budget" title="GetRecords calls this session made on the shard in the last second, of the 5 per second every consumer of the shard shares">
      <span
        className={full ? 'rec-budget-bar rec-budget-full' : 'rec-budget-bar'}
        role="meter"
        aria-label="Read budget"
        aria-valuemin={0}
        aria-valuemax={CALLS_PER_SECOND_LIMIT}
        aria-valuenow={clamped}
        aria-valuetext={text}
      >
        <span className="rec-budget-fill" style={{ width: `${(clamped / CALLS_PER_SECOND_LIMIT) * 100}%` }} />
        {limit < CALLS_PER_SECOND_LIMIT && <span className="rec-budget-limit" style={{ left: `${(limit / CALLS_PER_SECOND_LIMIT) * 100}%` }} aria-hidden="true" />}
      </span>
      <span className="rec-budget-text">{text}</span>
    </span>
  )
}

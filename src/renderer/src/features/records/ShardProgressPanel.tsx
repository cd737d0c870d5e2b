import { useState } from 'react'
import type { ShardProgress } from '../../../../shared/domain'
import { formatCount, formatMillisBehind } from './format'
import { useRecords } from './records-context'

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
  const parts = [states]
  if (behind !== null) parts.push(`behind tip up to ${formatMillisBehind(behind)}`)
  parts.push(`up to ${calls} / ${CALLS_PER_SECOND_LIMIT} GetRecords per second`)
  const warn = calls >= CALLS_PER_SECOND_LIMIT || progress.some((p) => p.state === 'throttled' || p.state === 'failed')
  return { text: parts.join(' · '), warn }
}

const BUDGET_HELP =
  'Every shard allows 5 GetRecords calls per second and 2 MB/s, shared by all its consumers: production consumers of this stream spend the same budget. This session stays under it (at most 1 call per second per shard once caught up) and backs off when Kinesis throttles.'

/** Per shard: state, records read, how far behind the tip, and the GetRecords budget spent. */
export function ShardProgressPanel(): React.JSX.Element | null {
  const progress = useRecords((s) => s.progress)
  const [open, setOpen] = useState(false)
  if (progress.length === 0) return null
  const summary = progressSummary(progress)
  return (
    <details className="rec-progress" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <span className="rec-progress-title">Shards ({progress.length})</span>{' '}
        <span className={summary.warn ? 'rec-progress-summary rec-warn-text' : 'rec-progress-summary'}>{summary.text}</span>
      </summary>
      <table className="data-table rec-progress-table" aria-label="Shard progress">
        <thead>
          <tr>
            <th scope="col">Shard</th>
            <th scope="col">State</th>
            <th scope="col" className="num">
              Records read
            </th>
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
            <ShardProgressRow key={p.shardId} progress={p} />
          ))}
        </tbody>
      </table>
      <p className="rec-budget-help muted">{BUDGET_HELP}</p>
    </details>
  )
}

function ShardProgressRow({ progress: p }: { progress: ShardProgress }): React.JSX.Element {
  return (
    <tr data-shard={p.shardId}>
      <td className="mono nowrap">{p.shardId}</td>
      <td className={`rec-shard-${p.state}`}>{stateLabels[p.state]}</td>
      <td className="num">{formatCount(p.recordsRead)}</td>
      <td className="nowrap">{formatMillisBehind(p.millisBehindLatest)}</td>
      <td>
        <BudgetMeter calls={p.callsLastSecond} />
      </td>
      <td className="rec-note">{p.note ?? ''}</td>
    </tr>
  )
}

export function BudgetMeter({ calls }: { calls: number }): React.JSX.Element {
  const clamped = Math.min(calls, CALLS_PER_SECOND_LIMIT)
  const full = calls >= CALLS_PER_SECOND_LIMIT
  const text = `${calls} / ${CALLS_PER_SECOND_LIMIT} GetRecords per second`
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
      </span>
      <span className="rec-budget-text">{text}</span>
    </span>
  )
}

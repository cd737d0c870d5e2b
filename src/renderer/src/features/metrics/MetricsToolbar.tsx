import { useState } from 'react'
import { rangeLabels, rangePresets, rangeProblem, type MetricRange } from '../../../../shared/metrics'
import { formatTime, parseDateTimeInput, toDateTimeInput, zoneName } from '../records/format'
import { useMetrics } from './metrics-store'

/** Range (presets or custom), UTC/local, and Refresh with when the figures were fetched. */
export function MetricsToolbar(props: { cloudWatch: boolean }): React.JSX.Element {
  const range = useMetrics((s) => s.range)
  const zone = useMetrics((s) => s.zone)
  const lastFetchAt = useMetrics((s) => s.lastFetchAt)
  const busy = useMetrics((s) => s.cloud.status === 'loading')
  const { setRange, setZone, refresh } = useMetrics.getState()
  // When the toolbar opened: the custom range's default, and "now" for its checks.
  const [openedAt] = useState(() => Math.floor(Date.now() / 60_000) * 60_000)
  const [custom, setCustom] = useState(() => ({
    start: toDateTimeInput(openedAt - 6 * 3_600_000, zone),
    end: toDateTimeInput(openedAt, zone)
  }))
  const [showCustom, setShowCustom] = useState(range.type === 'custom')
  const start = parseDateTimeInput(custom.start, zone)
  const end = parseDateTimeInput(custom.end, zone)
  const customRange: MetricRange = { type: 'custom', start: start ?? Number.NaN, end: end ?? Number.NaN }
  const problem = showCustom ? rangeProblem(customRange, openedAt + 60_000) : null

  const choose = (value: string): void => {
    if (value === 'custom') return setShowCustom(true)
    setShowCustom(false)
    setRange({ type: 'preset', preset: value as (typeof rangePresets)[number] })
  }
  return (
    <div className="metrics-toolbar">
      <label className="metrics-inline-field">
        Range
        <select value={showCustom ? 'custom' : range.type === 'preset' ? range.preset : 'custom'} onChange={(e) => choose(e.target.value)} disabled={!props.cloudWatch}>
          {rangePresets.map((p) => (
            <option key={p} value={p}>
              {rangeLabels[p]}
            </option>
          ))}
          <option value="custom">Custom…</option>
        </select>
      </label>
      {showCustom && (
        <form
          className="metrics-custom"
          aria-label="Custom range"
          onSubmit={(e) => {
            e.preventDefault()
            if (problem === null) setRange(customRange)
          }}
        >
          <label className="metrics-inline-field">
            From ({zoneName(zone)})
            <input type="datetime-local" value={custom.start} onChange={(e) => setCustom((c) => ({ ...c, start: e.target.value }))} aria-invalid={problem !== null} aria-describedby="metrics-range-problem" />
          </label>
          <label className="metrics-inline-field">
            To ({zoneName(zone)})
            <input type="datetime-local" value={custom.end} onChange={(e) => setCustom((c) => ({ ...c, end: e.target.value }))} aria-invalid={problem !== null} aria-describedby="metrics-range-problem" />
          </label>
          <button type="submit" className="small-button" disabled={problem !== null}>
            Show range
          </button>
          <span id="metrics-range-problem" className="field-error">
            {problem}
          </span>
        </form>
      )}
      <div className="rec-segmented" role="group" aria-label="Chart time zone">
        <button type="button" aria-pressed={zone === 'utc'} onClick={() => setZone('utc')}>
          UTC
        </button>
        <button type="button" aria-pressed={zone === 'local'} onClick={() => setZone('local')} title={zoneName('local')}>
          Local
        </button>
      </div>
      {props.cloudWatch && (
        <>
          <button type="button" className="small-button" onClick={() => void refresh()} disabled={busy}>
            {busy ? 'Refreshing…' : 'Refresh'}
          </button>
          <span className="metrics-updated" data-testid="metrics-updated">
            {lastFetchAt === null ? 'Not fetched yet' : `Fetched ${formatTime(lastFetchAt, zone, false)} ${zoneName(zone)}`} · refreshes once a minute while shown
          </span>
        </>
      )}
    </div>
  )
}

import type { ReadBudget, ReadEstimate } from '../../../../shared/domain'
import { formatBytes, formatCount, formatMillisBehind } from './format'
import { useRecordsActions, useRecordsShallow } from './records-context'
import { budgetLabel } from './search-slice'

const budgets: ReadBudget[] = ['full', 'gentle']

/**
 * Search mode beside Read and Live tail: keep only the records that match the filter bar's
 * filter (applied in main to everything read, not only to what the window holds), the read
 * budget to spend, the matches file, and an estimate of the scan before it starts.
 */
export function SearchFields(props: { disabled: boolean }): React.JSX.Element {
  const { searchMode, saveMatches, budget, error, estimate } = useRecordsShallow((s) => ({
    searchMode: s.form.searchMode,
    saveMatches: s.form.saveMatches,
    budget: s.form.budget,
    error: s.formErrors.search,
    estimate: s.estimate
  }))
  const { updateForm, estimate: takeEstimate } = useRecordsActions()
  return (
    <fieldset className="rec-search" disabled={props.disabled} aria-describedby={error !== undefined ? 'rec-search-error' : undefined}>
      <legend className="visually-hidden">Search</legend>
      <label className="rec-inline" title="The filter bar's filter runs where the records are read: every record of the range is scanned, and only the matches are kept in the window">
        <input type="checkbox" checked={searchMode} onChange={(e) => updateForm({ searchMode: e.target.checked })} />
        Keep only matching records
      </label>
      <label className="rec-inline" title="Write every match to a JSON Lines file as it is found (Export's format; Replay reads it), so more matches than the window holds are kept">
        <input type="checkbox" checked={saveMatches} disabled={!searchMode} onChange={(e) => updateForm({ saveMatches: e.target.checked })} />
        Save matches to a file
      </label>
      <label className="rec-inline">
        Read budget
        <select value={budget} onChange={(e) => updateForm({ budget: e.target.value as ReadBudget })}>
          {budgets.map((b) => (
            <option key={b} value={b}>
              {budgetLabel(b)}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="small-button" disabled={estimate.status === 'loading'} onClick={() => void takeEstimate()}>
        Estimate
      </button>
      <output className="rec-estimate" aria-live="polite" aria-label="Estimate">
        {estimate.status === 'loading' && 'Estimating…'}
        {estimate.status === 'ready' && estimateText(estimate.estimate)}
        {estimate.status === 'error' && <span className="field-error">Could not estimate: {estimate.error.message}</span>}
      </output>
      {error !== undefined && (
        <p id="rec-search-error" className="field-error rec-search-error">
          {error}
        </p>
      )}
    </fieldset>
  )
}

/** "About 3.9 GB (4,213,906 records) on 4 shards · about 8 min at the full budget · from CloudWatch …". */
export function estimateText(e: ReadEstimate): string {
  const records = e.records === null ? '' : ` (${formatCount(e.records)} records)`
  const time = e.seconds < 1 ? 'under a second' : `about ${formatMillisBehind(e.seconds * 1000)}`
  const budget = e.budget === 'full' ? 'the full budget' : 'the gentle budget'
  return `About ${formatBytes(e.bytes)}${records} on ${e.shards} ${e.shards === 1 ? 'shard' : 'shards'} · ${time} at ${budget} · ${e.note}`
}

import type { SearchProgress, SearchSummary } from '../../../../shared/domain'
import { CopyButton } from '../../components/CopyButton'
import { formatBytes, formatCount, formatMillisBehind } from './format'
import { useRecordsShallow } from './records-context'
import { budgetLabel, searchTimeLeft } from './search-slice'

const plural = (n: number, one: string, many: string): string => `${formatCount(n)} ${n === 1 ? one : many}`

/** "Scanned 4,213,906 records (3.9 GB) on 4 shards in 9 min 12 s · 17 matches": a search's end, in one line. */
export function searchSummaryText(s: SearchSummary): string {
  const took = s.elapsedMs < 1000 ? `${Math.max(0, Math.round(s.elapsedMs))} ms` : formatMillisBehind(s.elapsedMs)
  return `Scanned ${plural(s.scannedRecords, 'record', 'records')} (${formatBytes(s.scannedBytes)}) on ${plural(s.shardsRead, 'shard', 'shards')} in ${took} · ${plural(s.matches, 'match', 'matches')}`
}

/** "Scanned 1,234 records (1.2 MB) · 3 matches · 7.8 MB/s · about 2 min left". */
export function searchProgressText(p: SearchProgress, timeLeftMs: number | null): string {
  const rate = p.elapsedMs > 0 ? ` · ${formatBytes(Math.round((p.scannedBytes / p.elapsedMs) * 1000))}/s` : ''
  const left = timeLeftMs === null ? '' : ` · about ${formatMillisBehind(timeLeftMs)} left at this rate`
  return `Scanned ${plural(p.scannedRecords, 'record', 'records')} (${formatBytes(p.scannedBytes)}) · ${plural(p.matches, 'match', 'matches')}${rate}${left}`
}

/** A search's counts while it runs, its summary when it ends, and where its matches are written. */
export function SearchStatus(): React.JSX.Element | null {
  const { search, shards, estimate, running } = useRecordsShallow((s) => ({
    search: s.search,
    shards: s.progress,
    estimate: s.estimate.status === 'ready' ? s.estimate.estimate : null,
    running: s.session.status === 'reading' || s.session.status === 'paused'
  }))
  if (search === null) return null
  const { progress, summary } = search
  const line =
    summary !== null
      ? searchSummaryText(summary)
      : progress !== null
        ? searchProgressText(progress, running ? searchTimeLeft(progress, shards, estimate, search.firstArrival) : null)
        : 'Search started: scanning…'
  const written = summary?.matchesWritten ?? progress?.matchesWritten ?? null
  return (
    <div className="rec-search-status" data-testid="search-status">
      <p className={summary !== null ? 'rec-search-summary' : 'rec-search-counts'}>
        {line}
        <span className="muted"> · {budgetLabel(search.budget)}</span>
      </p>
      {search.matchesFile !== null && (
        <p className="rec-search-file">
          {summary !== null ? 'Matches written to' : 'Writing matches to'} <code className="mono">{search.matchesFile}</code>
          {written !== null && ` (${plural(written, 'match', 'matches')})`}{' '}
          <CopyButton text={search.matchesFile} label="Copy path of the matches file" caption="Copy path" />
        </p>
      )}
    </div>
  )
}

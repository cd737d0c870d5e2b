import { ErrorBanner } from '../../components/ErrorBanner'
import { dataOf } from '../../components/load-state'
import { formatTime } from '../../components/time-format'
import { formatBytes, formatCount } from '../records/format'
import { SAMPLE_MAX_RECORDS, SAMPLE_SECONDS } from './shard-tools-store'
import { useShardTools } from './shard-tools-store'

/**
 * Hot shards from a sample the user starts: the last minute's records (up to a cap), read once by
 * the app's polite reader, counted per shard. Labelled as a sample wherever it shows.
 */
export function HotShards(): React.JSX.Element {
  const load = useShardTools((s) => s.sample)
  const sampleLoad = useShardTools((s) => s.sampleLoad)
  const sample = dataOf(load)
  const total = sample?.shards.reduce((n, s) => n + s.records, 0) ?? 0
  const rows = [...(sample?.shards ?? [])].sort((a, b) => b.records - a.records || a.shardId.localeCompare(b.shardId))
  return (
    <section className="hot-shards" aria-labelledby="hot-shards-heading">
      <div className="section-head">
        <h3 id="hot-shards-heading">Load per shard</h3>
        <span className="tab-summary" data-testid="sample-label">
          {sample !== null
            ? `Sample of the last ${sample.seconds} s / ${formatCount(sample.records)} records${sample.capped ? ` (stopped at the ${formatCount(sample.maxRecords)}-record cap)` : ''}, read by this app at ${formatTime(sample.endedAt, 'local', false)}`
            : load.status === 'loading'
              ? `Reading a sample of the last ${SAMPLE_SECONDS} s…`
              : `A sample reads the last ${SAMPLE_SECONDS} s once (up to ${formatCount(SAMPLE_MAX_RECORDS)} records), within the polite read budget.`}
        </span>
        <button type="button" className="small-button" disabled={load.status === 'loading'} onClick={() => void sampleLoad()}>
          {sample !== null ? 'Sample again' : 'Sample load'}
        </button>
      </div>
      {load.status === 'error' && <ErrorBanner error={load.error} />}
      {sample !== null && (
        <table className="data-table hot-table" aria-label="Load sample per shard">
          <thead>
            <tr>
              <th scope="col">Shard</th>
              <th scope="col" className="num">
                Records
              </th>
              <th scope="col" className="num">
                Bytes
              </th>
              <th scope="col">Share of records</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => {
              const share = total > 0 ? s.records / total : 0
              return (
                <tr key={s.shardId}>
                  <td className="mono">{s.shardId}</td>
                  <td className="num">{formatCount(s.records)}</td>
                  <td className="num">{formatBytes(s.bytes)}</td>
                  <td>
                    <span className="key-space">
                      <span className="key-space-value">{(share * 100).toFixed(1)}%</span>
                      <span className="bar" aria-hidden="true">
                        <span className="bar-fill" style={{ width: `${share * 100}%` }} />
                      </span>
                    </span>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
    </section>
  )
}

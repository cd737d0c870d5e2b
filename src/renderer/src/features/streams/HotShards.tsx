import { ErrorBanner } from '../../components/ErrorBanner'
import { formatBytes, formatCount } from '../records/format'
import { CLOUDWATCH_MINUTES, SAMPLE_MAX_RECORDS, SAMPLE_SECONDS, useShardTools, useShownLoad } from './shard-tools-store'

/**
 * Hot shards, from two sources the user starts: a sample (the last minute's records, up to a
 * cap, read once by the app's polite reader, counted per shard) or CloudWatch's shard-level
 * metrics where enhanced monitoring publishes them. Each is labelled with what it is.
 */
export function HotShards(): React.JSX.Element {
  const sample = useShardTools((s) => s.sample)
  const cloudWatch = useShardTools((s) => s.cloudWatch)
  const { sampleLoad, cloudWatchLoad } = useShardTools.getState()
  const shown = useShownLoad()
  const total = shown?.shards.reduce((n, s) => n + s.records, 0) ?? 0
  const rows = [...(shown?.shards ?? [])].sort((a, b) => b.records - a.records || a.shardId.localeCompare(b.shardId))
  return (
    <section className="hot-shards" aria-labelledby="hot-shards-heading">
      <div className="section-head">
        <h3 id="hot-shards-heading">Load per shard</h3>
        <span className="tab-summary" data-testid="sample-label">
          {sample.status === 'loading'
            ? `Reading a sample of the last ${SAMPLE_SECONDS} s…`
            : cloudWatch.status === 'loading'
              ? 'Asking CloudWatch for shard-level metrics…'
              : shown !== null
                ? shown.label
                : `A sample reads the last ${SAMPLE_SECONDS} s once (up to ${formatCount(SAMPLE_MAX_RECORDS)} records), within the polite read budget; CloudWatch needs shard-level metrics (enhanced monitoring).`}
        </span>
        <button type="button" className="small-button" disabled={sample.status === 'loading'} onClick={() => void sampleLoad()}>
          {sample.status === 'ready' ? 'Sample again' : 'Sample load'}
        </button>
        <button type="button" className="small-button" disabled={cloudWatch.status === 'loading'} onClick={() => void cloudWatchLoad()}>
          CloudWatch (last {CLOUDWATCH_MINUTES} min)
        </button>
      </div>
      {sample.status === 'error' && <ErrorBanner error={sample.error} />}
      {cloudWatch.status === 'error' && <ErrorBanner error={cloudWatch.error} />}
      {shown !== null && (
        <table className="data-table hot-table" aria-label={shown.source === 'sample' ? 'Load sample per shard' : 'CloudWatch load per shard'}>
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

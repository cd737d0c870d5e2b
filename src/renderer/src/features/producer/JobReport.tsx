import type { ProducerReport } from '../../../../shared/producer'
import { ErrorBanner } from '../../components/ErrorBanner'
import { formatCount } from '../records/format'
import { reportCounts, reportTitle } from './job-format'
import { ShardCountsTable } from './ShardCountsTable'

/** The final report of a bulk send or replay: counts in words, records per shard, every final failure. */
export function JobReport(props: { report: ProducerReport }): React.JSX.Element {
  const r = props.report
  const ok = r.reason === 'completed' && r.failed === 0 && r.unknown === 0
  return (
    <section className={ok ? 'job-report job-report-ok' : 'job-report'} aria-label="Final report">
      <h3 className="job-report-title">{reportTitle(r)}</h3>
      <p className="job-report-counts" role="status" data-testid="job-report-counts">
        {reportCounts(r)}
      </p>
      {r.unknown > 0 && (
        <p className="field-help">
          Outcome unknown: the call timed out after the records left, so they may or may not be on the stream. Read the stream to
          check before sending them again.
        </p>
      )}
      {r.error !== null && <ErrorBanner error={r.error} />}
      {r.perShard.length > 0 && (
        <ShardCountsTable label="Records per shard" shardHeading="Shard ID" rows={r.perShard} />
      )}
      {r.failures.length > 0 && (
        <div className="job-failures">
          <table className="data-table" aria-label="Final failures">
            <caption>
              {r.failures.length < r.failed
                ? `The first ${formatCount(r.failures.length)} of ${formatCount(r.failed)} final failures`
                : `${formatCount(r.failed)} final ${r.failed === 1 ? 'failure' : 'failures'}`}
            </caption>
            <thead>
              <tr>
                <th scope="col" className="num">
                  Record #
                </th>
                <th scope="col">Partition key</th>
                <th scope="col">Error code</th>
                <th scope="col">Message</th>
              </tr>
            </thead>
            <tbody>
              {r.failures.map((f) => (
                <tr key={f.index}>
                  <td className="num">{formatCount(f.index + 1)}</td>
                  <td className="mono">{f.partitionKey}</td>
                  <td className="mono">{f.errorCode}</td>
                  <td>{f.errorMessage}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

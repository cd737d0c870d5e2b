import type { StreamDetails } from '../../../../shared/domain'
import type { StreamMetrics } from '../../../../shared/metrics'
import { warmThroughputText } from '../streams/config-format'
import { capacityRows } from './capacity'
import { formatShare } from './metrics-format'

/** The stream's load as a share of its provisioned limits: the latest period and the range's peak. */
export function CapacityPanel(props: { metrics: StreamMetrics; details: StreamDetails | null }): React.JSX.Element | null {
  const { details } = props
  if (details === null) return null
  if (details.mode === 'ON_DEMAND') {
    // What an on-demand stream's load compares against (AWS, Kinesis Data Streams Developer Guide,
    // "Choose the data stream capacity mode" → on-demand mode features; and the API reference's
    // WarmThroughputObject / UpdateStreamWarmThroughput): each shard still takes 1 MiB/s and 1,000
    // records/s in and 2 MiB/s out, so one hot key throttles whatever the stream's size; the stream
    // as a whole takes up to double its previous peak write throughput (of the last 30 days) and
    // scales further within minutes, while warm throughput (CurrentMiBps) is write capacity it takes
    // at once. So no fixed total is drawn here: the panel says what applies.
    return (
      <p className="metrics-note" data-testid="capacity-on-demand">
        On-demand stream ({details.openShardCount} open {details.openShardCount === 1 ? 'shard' : 'shards'} now, managed by Kinesis): each shard still
        takes at most 1 MiB/s and 1,000 records/s in and 2 MiB/s out, so a hot partition key is throttled whatever the stream&apos;s size. How fast the
        stream absorbs a burst depends on its previous peak (it takes up to double the peak write throughput of the last 30 days at once, more after
        scaling) and on its warm throughput: {warmThroughputText(details)}.
      </p>
    )
  }
  const rows = capacityRows(props.metrics, details.openShardCount)
  const share = (v: number | null): string => (v === null ? '—' : formatShare(v))
  return (
    <section className="metrics-capacity" aria-labelledby="capacity-heading">
      <h3 id="capacity-heading">Capacity used ({details.openShardCount} open {details.openShardCount === 1 ? 'shard' : 'shards'}, provisioned)</h3>
      <table className="metrics-table" aria-labelledby="capacity-heading">
        <thead>
          <tr>
            <th scope="col">Against</th>
            <th scope="col">Limit</th>
            <th scope="col">Latest</th>
            <th scope="col">Peak in range</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.label}>
              <th scope="row">{row.label}</th>
              <td>{row.limit}</td>
              <td className={(row.latest ?? 0) >= 0.8 ? 'share-high' : undefined}>{share(row.latest)}</td>
              <td className={(row.peak ?? 0) >= 0.8 ? 'share-high' : undefined}>{share(row.peak)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}

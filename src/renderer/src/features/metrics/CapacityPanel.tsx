import type { StreamDetails } from '../../../../shared/domain'
import type { StreamMetrics } from '../../../../shared/metrics'
import { capacityRows } from './capacity'
import { formatShare } from './metrics-format'

/** The stream's load as a share of its provisioned limits: the latest period and the range's peak. */
export function CapacityPanel(props: { metrics: StreamMetrics; details: StreamDetails | null }): React.JSX.Element | null {
  const { details } = props
  if (details === null) return null
  if (details.mode === 'ON_DEMAND') {
    return (
      <p className="metrics-note" data-testid="capacity-on-demand">
        On-demand stream: Kinesis scales its capacity itself, so there are no per-shard limits to compare against.
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

import { ErrorBanner } from '../../components/ErrorBanner'
import { dataOf } from '../../components/load-state'
import { dateTimeText } from '../streams/format'
import { useConsumers } from './consumers-store'

/** Enhanced fan-out consumers registered on the stream (read only: the app never registers one). */
export function EfoConsumers(): React.JSX.Element {
  const load = useConsumers((s) => s.efo)
  const reload = useConsumers((s) => s.loadEfo)
  const consumers = dataOf(load)
  return (
    <section className="consumer-section" aria-labelledby="efo-heading">
      <div className="section-head">
        <h3 id="efo-heading">Enhanced fan-out consumers</h3>
        <span className="tab-summary" data-testid="efo-summary">
          {consumers !== null
            ? consumers.length === 0
              ? 'None registered on this stream (consumers with shared throughput do not register).'
              : `${consumers.length} registered · each costs per shard-hour`
            : load.status === 'loading'
              ? 'Loading consumers…'
              : ''}
        </span>
        <button type="button" className="small-button" aria-label="Refresh consumers" onClick={() => void reload()}>
          Refresh
        </button>
      </div>
      {load.status === 'error' && <ErrorBanner error={load.error} />}
      {consumers !== null && consumers.length > 0 && (
        <table className="data-table" aria-label="Enhanced fan-out consumers">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              <th scope="col">ARN</th>
            </tr>
          </thead>
          <tbody>
            {consumers.map((c) => (
              <tr key={c.arn || c.name}>
                <td className="mono">{c.name}</td>
                <td>
                  <span className={`badge badge-${c.status.toLowerCase()}`}>{c.status}</span>
                </td>
                <td>{c.createdAt !== null ? dateTimeText(c.createdAt) : '—'}</td>
                <td className="mono muted">{c.arn}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

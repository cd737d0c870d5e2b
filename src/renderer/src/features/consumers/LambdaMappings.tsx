import { ErrorBanner } from '../../components/ErrorBanner'
import { dataOf } from '../../components/load-state'
import { useConsumers } from './consumers-store'
import { mappingsSummary } from './lambda-format'
import { MappingCard } from './MappingCard'

function isUnavailable(error: unknown): error is { message: string } {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'SERVICE_UNAVAILABLE'
}

/** The Lambda functions reading the stream: its event source mappings (read only). */
export function LambdaMappings(): React.JSX.Element {
  const load = useConsumers((s) => s.lambda)
  const reload = useConsumers((s) => s.loadLambda)
  const view = dataOf(load)
  const unavailable = load.status === 'error' && isUnavailable(load.error) ? load.error : null
  return (
    <section className="consumer-section" aria-labelledby="lambda-heading">
      <div className="section-head">
        <h3 id="lambda-heading">Lambda functions</h3>
        <span className="tab-summary" data-testid="lambda-summary">
          {unavailable !== null ? 'Not available on this connection' : view !== null ? mappingsSummary(view) : load.status === 'loading' ? 'Loading event source mappings…' : ''}
        </span>
        <button type="button" className="small-button" aria-label="Refresh Lambda functions" disabled={load.status === 'loading'} onClick={() => void reload()}>
          Refresh
        </button>
      </div>
      {unavailable !== null ? (
        <p className="consumer-note" role="status">
          {unavailable.message}
        </p>
      ) : (
        load.status === 'error' && <ErrorBanner error={load.error} />
      )}
      {view !== null && view.mappings.length > 0 && unavailable === null && (
        <ul className="channel-list" aria-label="Event source mappings">
          {view.mappings.map((m) => (
            <MappingCard key={m.uuid || m.functionArn} mapping={m} />
          ))}
        </ul>
      )}
    </section>
  )
}

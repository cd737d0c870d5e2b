import { ErrorBanner } from '../../components/ErrorBanner'
import { dataOf } from '../../components/load-state'
import { useConsumers } from './consumers-store'
import { ChannelCard } from './ChannelCard'
import { channelsSummary } from './channel-format'

function isUnsupported(error: unknown): error is { message: string; hint?: string } {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'UNSUPPORTED'
}

/** Deliveries Kinesis runs from the stream to S3 or S3 Tables (read only: the app never creates one). */
export function Channels(): React.JSX.Element {
  const load = useConsumers((s) => s.channels)
  const reload = useConsumers((s) => s.loadChannels)
  const view = dataOf(load)
  const unsupported = load.status === 'error' && isUnsupported(load.error) ? load.error : null
  return (
    <section className="consumer-section" aria-labelledby="channels-heading">
      <div className="section-head">
        <h3 id="channels-heading">Channels</h3>
        <span className="tab-summary" data-testid="channels-summary">
          {unsupported !== null ? 'Not available on this server' : view !== null ? channelsSummary(view) : load.status === 'loading' ? 'Loading channels…' : ''}
        </span>
        <button type="button" className="small-button" aria-label="Refresh channels" disabled={load.status === 'loading'} onClick={() => void reload()}>
          Refresh
        </button>
      </div>
      {unsupported !== null ? (
        <p className="consumer-note" role="status">
          {unsupported.message} {unsupported.hint}
        </p>
      ) : (
        load.status === 'error' && <ErrorBanner error={load.error} />
      )}
      {view !== null && view.channels.length > 0 && unsupported === null && (
        <ul className="channel-list" aria-label="Channels">
          {view.channels.map((c) => (
            <ChannelCard key={c.arn || c.name} channel={c} />
          ))}
        </ul>
      )}
    </section>
  )
}

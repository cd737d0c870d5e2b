import { useEffect } from 'react'
import { ErrorBanner } from '../../components/ErrorBanner'
import { dataOf } from '../../components/load-state'
import { periodLabel } from '../../../../shared/metrics'
import { useConnections } from '../connections/connections-store'
import { useDetails } from '../streams/details-store'
import { CapacityPanel } from './CapacityPanel'
import { MetricCard } from './MetricCard'
import { MetricsToolbar } from './MetricsToolbar'
import { ObservedPanel } from './ObservedPanel'
import { ShardCalculator } from './ShardCalculator'
import { AUTO_REFRESH_MS, OBSERVED_POLL_MS, cloudWatchUnusable, cloudWatchRefused, useMetrics } from './metrics-store'
import './metrics.css'

/** Runs `tick` now and every `ms` while the page is visible (a minimised window skips ticks). */
function useVisibleInterval(tick: () => Promise<void>, ms: number, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return
    const run = (): void => {
      if (document.visibilityState === 'visible') void tick()
    }
    run()
    const timer = setInterval(run, ms)
    document.addEventListener('visibilitychange', run)
    return () => {
      clearInterval(timer)
      document.removeEventListener('visibilitychange', run)
    }
  }, [tick, ms, enabled])
}

/**
 * The Metrics tab: CloudWatch charts of the stream (with latest and peak figures, capacity against
 * the provisioned limits), or — where CloudWatch is not available — what this app observed; and
 * the shard calculator. Mounted only while the tab is shown, so its timers stop with it.
 */
export function MetricsTab(props: { name: string }): React.JSX.Element {
  const { open, autoRefresh, pollObserved } = useMetrics.getState()
  const access = useConnections((s) => s.active?.services.cloudwatch ?? null)
  const session = useConnections((s) => s.session)
  const cloud = useMetrics((s) => s.cloud)
  const zone = useMetrics((s) => s.zone)
  const observed = useMetrics((s) => s.observed)
  const observedError = useMetrics((s) => s.observedError)
  const details = useDetails((s) => {
    const cache = s.connectionId !== null ? s.byConnection[s.connectionId] : undefined
    return cache?.[props.name]?.details ?? null
  })

  useEffect(() => {
    open(props.name)
    // A new connection (session) fetches again: the same stream name may be another stream.
    void useMetrics.getState().refresh()
  }, [props.name, session, open])
  const cloudWatch = access?.available === true
  // Stable functions (the store's actions): the intervals are set up once, not on every render.
  useVisibleInterval(autoRefresh, AUTO_REFRESH_MS, cloudWatch)
  useVisibleInterval(pollObserved, OBSERVED_POLL_MS, !cloudWatch || cloudWatchUnusable(cloud))

  const metrics = cloud.status === 'unavailable' ? null : dataOf(cloud)
  return (
    <div className="metrics-tab">
      <MetricsToolbar cloudWatch={cloudWatch} />
      {access !== null && !access.available && (
        <div className="metrics-unavailable" role="note" aria-label="CloudWatch not available">
          <p>
            <strong>CloudWatch is not available on this connection.</strong> {access.reason}
          </p>
        </div>
      )}
      {cloud.status === 'error' && (
        <>
          <ErrorBanner error={cloud.error} />
          {cloudWatchRefused(cloud.error) && <p className="metrics-note">Below, the figures this app observes itself stand in.</p>}
        </>
      )}
      {cloud.status === 'loading' && metrics === null && <p className="metrics-note" role="status">Fetching CloudWatch metrics…</p>}
      {(!cloudWatch || cloudWatchUnusable(cloud)) && <ObservedPanel observed={observed} error={observedError} zone={zone} />}
      {metrics !== null && (
        <>
          <p className="metrics-note" data-testid="metrics-source">
            CloudWatch, namespace AWS/Kinesis, stream {metrics.stream}: one point per {periodLabel(metrics.period)}.
          </p>
          <CapacityPanel metrics={metrics} details={details} />
          <div className="metrics-grid">
            {metrics.series.map((series) => (
              <MetricCard key={series.name} series={series} period={metrics.period} fetchedAt={metrics.fetchedAt} zone={zone} start={metrics.start} end={metrics.end} />
            ))}
          </div>
        </>
      )}
      <ShardCalculator />
    </div>
  )
}

import { useCallback, useMemo } from 'react'
import type { TimeZone } from '../../components/time-format'
import { ErrorBanner } from '../../components/ErrorBanner'
import type { ObservedRates, ObservedTraffic } from '../../../../shared/metrics'
import { formatBytes, formatCount } from '../records/format'
import { MetricChart } from './MetricChart'
import { formatNumber } from './metrics-format'

const rate = (r: ObservedRates): string => `${formatNumber(r.recordsPerSecond)} records/s · ${formatBytes(Math.round(r.bytesPerSecond))}/s`
const total = (r: ObservedRates): string => `${formatCount(r.records)} records · ${formatBytes(r.bytes)}`

/**
 * Records and bytes per shard that this app itself read and sent: a stand-in where CloudWatch is
 * not available, and labelled as such (other clients' traffic is not in it).
 */
export function ObservedPanel(props: { observed: ObservedTraffic | null; error: unknown; zone: TimeZone }): React.JSX.Element {
  const { observed, zone } = props
  const minutes = observed === null ? 10 : Math.round(observed.windowSeconds / 60)
  const lines = useMemo(
    () =>
      observed === null
        ? []
        : [
            { label: 'Read', values: observed.series.readRecords, color: '#2563eb' },
            { label: 'Sent', values: observed.series.sentRecords, color: '#1a7f37' }
          ],
    [observed]
  )
  const format = useCallback((v: number) => `${formatNumber(v)} records/s`, [])
  const tick = useCallback((v: number) => formatNumber(v), [])
  const sum = (pick: (s: ObservedTraffic['shards'][number]) => ObservedRates): ObservedRates =>
    (observed?.shards ?? []).map(pick).reduce(
      (a, b) => ({
        records: a.records + b.records,
        bytes: a.bytes + b.bytes,
        recordsPerSecond: a.recordsPerSecond + b.recordsPerSecond,
        bytesPerSecond: a.bytesPerSecond + b.bytesPerSecond
      }),
      { records: 0, bytes: 0, recordsPerSecond: 0, bytesPerSecond: 0 }
    )
  return (
    <section className="metrics-observed" aria-labelledby="observed-heading">
      <h3 id="observed-heading">
        Observed by this app <span className="metric-name">live, not CloudWatch</span>
      </h3>
      <p className="metrics-note">
        Records and bytes this app read from and sent to this stream, per shard: rates over the last {observed?.rateSeconds ?? 10} seconds,
        totals over the last {minutes} minutes. Other producers and consumers are not included.
      </p>
      {props.error !== null && <ErrorBanner error={props.error} />}
      {observed !== null && (
        <>
          <MetricChart
            title="Records per second observed by this app"
            timestamps={observed.series.timestamps}
            lines={lines}
            format={format}
            tick={tick}
            zone={zone}
            start={observed.series.timestamps[0] ?? observed.now}
            end={observed.now}
            height={130}
          />
          <table className="metrics-table metrics-table-shards" aria-label="Observed by this app, per shard">
            <thead>
              <tr>
                <th scope="col">Shard</th>
                <th scope="col">Read rate</th>
                <th scope="col">Read, last {minutes} min</th>
                <th scope="col">Sent rate</th>
                <th scope="col">Sent, last {minutes} min</th>
              </tr>
            </thead>
            <tbody>
              {observed.shards.length === 0 && (
                <tr>
                  <td colSpan={5}>Nothing yet: read records in the Records tab (or send some) and the figures appear here.</td>
                </tr>
              )}
              {observed.shards.map((s) => (
                <tr key={s.shardId}>
                  <th scope="row">{s.shardId}</th>
                  <td>{rate(s.read)}</td>
                  <td>{total(s.read)}</td>
                  <td>{rate(s.sent)}</td>
                  <td>{total(s.sent)}</td>
                </tr>
              ))}
            </tbody>
            {observed.shards.length > 0 && (
              <tfoot>
                <tr>
                  <th scope="row">All shards</th>
                  <td>{rate(sum((s) => s.read))}</td>
                  <td data-testid="observed-read-total">{total(sum((s) => s.read))}</td>
                  <td>{rate(sum((s) => s.sent))}</td>
                  <td data-testid="observed-sent-total">{total(sum((s) => s.sent))}</td>
                </tr>
              </tfoot>
            )}
          </table>
        </>
      )}
    </section>
  )
}

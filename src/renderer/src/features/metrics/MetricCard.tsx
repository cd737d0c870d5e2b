import { useCallback, useMemo } from 'react'
import { CopyButton } from '../../components/CopyButton'
import type { TimeZone } from '../../components/time-format'
import { metricDefinitions, type MetricSeries } from '../../../../shared/metrics'
import { MetricChart } from './MetricChart'
import { formatFigure, formatPointTime, formatTick, formatValue, latestAndPeak } from './metrics-format'

const COLOR = '#2563eb'

/**
 * One CloudWatch metric: its chart, and beside it the latest value and the peak in the range as
 * selectable text with their units and times, each with a copy button (for tickets).
 */
export function MetricCard(props: { series: MetricSeries; period: number; fetchedAt: number; zone: TimeZone; start: number; end: number }): React.JSX.Element {
  const { series, period, zone } = props
  const definition = metricDefinitions[series.name]
  const figures = latestAndPeak(series, { period, fetchedAt: props.fetchedAt })
  const format = useCallback((v: number) => formatValue(series, v), [series])
  const tick = useCallback((v: number) => formatTick(series, v), [series])
  const lines = useMemo(() => [{ label: definition.title, values: series.values, color: COLOR }], [definition.title, series.values])
  const headingId = `metric-${series.name.replace(/\W/g, '-')}`
  const latestText = figures === null ? null : `${formatFigure(series, figures.latest.value, period)} at ${formatPointTime(figures.latest.time, zone)}`
  const peakText = figures === null ? null : `${formatFigure(series, figures.peak.value, period)} at ${formatPointTime(figures.peak.time, zone)}`
  return (
    <section className="metric-card" aria-labelledby={headingId}>
      <h3 id={headingId} className="metric-title">
        {definition.title} <span className="metric-name">{series.name} · {series.statistic}</span>
      </h3>
      <div className="metric-body">
        <MetricChart title={definition.title} timestamps={series.timestamps} lines={lines} format={format} tick={tick} zone={zone} start={props.start} end={props.end} />
        <dl className="metric-figures">
          {latestText === null || peakText === null ? (
            <div>
              <dt>No data</dt>
              <dd>CloudWatch has no points for this metric in the range.</dd>
            </div>
          ) : (
            <>
              <Figure term="Latest" text={latestText} name={series.name} />
              <Figure term="Peak" text={peakText} name={series.name} />
            </>
          )}
        </dl>
      </div>
    </section>
  )
}

function Figure(props: { term: string; text: string; name: string }): React.JSX.Element {
  return (
    <div className="metric-figure">
      <dt>{props.term}</dt>
      <dd>
        <span className="metric-figure-text" data-testid={`${props.term.toLowerCase()}-${props.name}`}>
          {props.text}
        </span>
        <CopyButton text={`${props.name} ${props.term.toLowerCase()}: ${props.text}`} label={`Copy ${props.term.toLowerCase()} ${props.name}`} />
      </dd>
    </div>
  )
}

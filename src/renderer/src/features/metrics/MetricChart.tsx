import { useEffect, useRef } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import type { TimeZone } from '../../components/time-format'
import { formatTime } from '../records/format'
import { formatTimeTick } from './metrics-format'

export interface ChartLine {
  label: string
  values: number[]
  color: string
}

const AXIS = { stroke: '#555e69', grid: { stroke: '#eef0f3', width: 1 }, ticks: { stroke: '#e2e5ea', width: 1 } }

/**
 * A uPlot time series (canvas: thousands of points without stutter). Hovering shows the time and
 * each line's value, formatted with its unit, in the legend under the chart. The x axis follows
 * the UTC/local choice. The chart is an image to assistive technology: the figures beside it
 * carry the same numbers as text.
 */
export function MetricChart(props: {
  title: string
  /** ms since the epoch, ascending. */
  timestamps: number[]
  lines: ChartLine[]
  format: (value: number) => string
  /** The y axis's ticks: short. */
  tick: (value: number) => string
  zone: TimeZone
  /** The range drawn, so that a chart with few points still spans the whole range. */
  start: number
  end: number
  height?: number
}): React.JSX.Element {
  const box = useRef<HTMLDivElement>(null)
  const plot = useRef<uPlot | null>(null)
  const { title, timestamps, lines, format, tick, zone, start, end } = props
  const withDate = end - start > 24 * 3_600_000
  const height = props.height ?? 150
  const lineKey = lines.map((l) => `${l.label}:${l.color}`).join('|')

  // (Re)create on what changes the options: the zone, the lines, the formatter.
  useEffect(() => {
    const element = box.current
    if (element === null) return
    const options: uPlot.Options = {
      width: Math.max(element.clientWidth, 200),
      height,
      tzDate: zone === 'utc' ? (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC') : (ts) => new Date(ts * 1000),
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
      legend: { show: true, live: true },
      cursor: { y: false, points: { size: 6 } },
      axes: [
        { ...AXIS, values: (_u, splits) => splits.map((v) => formatTimeTick(v * 1000, zone, withDate)) },
        { ...AXIS, size: 64, values: (_u, splits) => splits.map((v) => tick(v)) }
      ],
      series: [
        { label: 'Time', value: (_u, ts) => (ts === null ? '—' : formatTime(ts * 1000, zone, false)) },
        ...lines.map((line) => ({
          label: line.label,
          stroke: line.color,
          width: 1.5,
          fill: `${line.color}22`,
          points: { show: false },
          spanGaps: true,
          value: (_u: uPlot, v: number | null) => (v === null ? '—' : format(v))
        }))
      ]
    }
    const u = new uPlot(options, [[], ...lines.map(() => [])], element)
    plot.current = u
    const observer = new ResizeObserver(() => u.setSize({ width: Math.max(element.clientWidth, 200), height }))
    observer.observe(element)
    return () => {
      observer.disconnect()
      u.destroy()
      plot.current = null
    }
    // lines' values are set below; only their labels and colours shape the chart.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [zone, lineKey, format, tick, height, withDate])

  useEffect(() => {
    const u = plot.current
    if (u === null) return
    u.setData([timestamps.map((t) => t / 1000), ...lines.map((l) => l.values)])
    u.setScale('x', { min: start / 1000, max: end / 1000 })
  }, [timestamps, lines, start, end, zone, lineKey, format, tick, withDate])

  return <div ref={box} className="metric-chart" role="img" aria-label={`${title} chart`} />
}

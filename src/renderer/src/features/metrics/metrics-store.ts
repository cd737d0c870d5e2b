/**
 * The Metrics tab's state: the range and time zone the user chose, the CloudWatch metrics of the
 * open stream, and what this app observed of it.
 *
 * Cost: GetMetricData is billed per metric requested. metrics.stream fetches every metric of the
 * view in one call; it runs when the tab opens, when the range changes, when the user presses
 * Refresh, and otherwise at most once a minute while the tab is visible (autoRefresh). Observed
 * figures cost nothing (an in-memory snapshot in main) and are polled once a second.
 */
import { create } from 'zustand'
import { api, ApiError } from '../../api/client'
import type { TimeZone } from '../../components/time-format'
import { dataOf, failed, idle, loading, type Load } from '../../components/load-state'
import type { MetricRange, ObservedTraffic, StreamMetrics } from '../../../../shared/metrics'
import { useConnections } from '../connections/connections-store'

/** The automatic refresh's interval: CloudWatch's finest Kinesis period, and the cost rule. */
export const AUTO_REFRESH_MS = 60_000
export const OBSERVED_POLL_MS = 1000

export type CloudWatchState = { status: 'unavailable'; reason: string } | Load<StreamMetrics>

interface MetricsStore {
  stream: string | null
  range: MetricRange
  zone: TimeZone
  cloud: CloudWatchState
  /** When metrics.stream was last asked (ms), for the once-a-minute rule. */
  lastFetchAt: number | null
  observed: ObservedTraffic | null
  observedError: unknown
  open: (stream: string) => void
  setRange: (range: MetricRange) => void
  setZone: (zone: TimeZone) => void
  /** Fetches now (on demand). */
  refresh: () => Promise<void>
  /** Fetches if the last fetch is a minute old or more. */
  autoRefresh: () => Promise<void>
  pollObserved: () => Promise<void>
}

/** Whether CloudWatch failed in a way that the observed figures should stand in for. */
export function cloudWatchUnusable(cloud: CloudWatchState): boolean {
  return cloud.status === 'unavailable' || (cloud.status === 'error' && dataOf(cloud) === null)
}

export function isAccessDenied(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'ACCESS_DENIED'
}

export const useMetrics = create<MetricsStore>()((set, get) => {
  let request = 0
  return {
    stream: null,
    range: { type: 'preset', preset: '1h' },
    zone: 'utc',
    cloud: idle,
    lastFetchAt: null,
    observed: null,
    observedError: null,

    open(stream) {
      if (get().stream === stream) return
      request++
      set({ stream, cloud: idle, lastFetchAt: null, observed: null, observedError: null })
    },

    setRange(range) {
      set({ range })
      void get().refresh()
    },

    setZone(zone) {
      set({ zone })
    },

    async refresh() {
      const { stream, range } = get()
      if (stream === null) return
      const access = useConnections.getState().active?.services.cloudwatch
      if (access !== undefined && !access.available) {
        set({ cloud: { status: 'unavailable', reason: access.reason } })
        return
      }
      const id = ++request
      set((s) => ({ cloud: loading(s.cloud.status === 'unavailable' ? idle : s.cloud), lastFetchAt: Date.now() }))
      try {
        const metrics = await api.metrics.stream({ stream, range })
        if (id === request) set({ cloud: { status: 'ready', data: metrics } })
      } catch (error) {
        if (id === request) set((s) => ({ cloud: failed(s.cloud.status === 'unavailable' ? idle : s.cloud, error) }))
      }
    },

    async autoRefresh() {
      const { lastFetchAt } = get()
      if (lastFetchAt !== null && Date.now() - lastFetchAt < AUTO_REFRESH_MS) return
      await get().refresh()
    },

    async pollObserved() {
      const stream = get().stream
      if (stream === null) return
      try {
        const observed = await api.metrics.observed({ stream })
        if (get().stream === stream) set({ observed, observedError: null })
      } catch (error) {
        if (get().stream === stream) set({ observedError: error })
      }
    }
  }
})

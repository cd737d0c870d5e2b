/**
 * The Shards tab's tools: where a partition key goes (highlighted in the map and the table), the
 * load sample the user started, and the segment picked in the map. Cleared for another stream.
 */
import { useMemo } from 'react'
import { create } from 'zustand'
import { api } from '../../api/client'
import type { ShardLoad } from '../../../../shared/metrics'
import type { LoadSample, ReshardAction, RouteAnswer } from '../../../../shared/shards'
import { dataOf, failed, idle, loading, type Load } from '../../components/load-state'
import { formatTime } from '../../components/time-format'
import { shownLoad, type ShownLoad } from './shard-map'
import { useStreamView } from './stream-view-store'

/** The sample's window and cap: a few seconds of a shard's budget at most. */
export const SAMPLE_SECONDS = 60
export const SAMPLE_MAX_RECORDS = 5000
/** The CloudWatch window: shard-level metrics of the last hour. */
export const CLOUDWATCH_MINUTES = 60

interface ShardToolsStore {
  stream: string | null
  route: Load<RouteAnswer>
  sample: Load<LoadSample>
  /** Writes per shard from CloudWatch shard-level metrics (metrics.shardLoad). */
  cloudWatch: Load<ShardLoad>
  /** Which source the map and the table show: the last one loaded. */
  source: 'sample' | 'cloudwatch' | null
  /** The shard picked in the map (the split dialog starts with it). */
  selected: string | null
  attach: (stream: string) => void
  routeKey: (partitionKey: string) => Promise<void>
  clearRoute: () => void
  sampleLoad: () => Promise<void>
  cloudWatchLoad: () => Promise<void>
  showSource: (source: 'sample' | 'cloudwatch') => void
  select: (shardId: string | null) => void
  /** Runs a reshard (the dialog shows main's error), then follows the stream until it is ACTIVE. */
  reshard: (action: ReshardAction, confirmName: string | null) => Promise<string>
}

/**
 * Counts key questions (and clears): an answer is shown only if no question or clear came after
 * it was asked, so an answer for an earlier or edited key never stands beside the current one.
 */
let routeAsked = 0

export const useShardTools = create<ShardToolsStore>()((set, get) => ({
  stream: null,
  route: idle,
  sample: idle,
  cloudWatch: idle,
  source: null,
  selected: null,

  attach(stream) {
    if (get().stream === stream) return
    routeAsked += 1
    set({ stream, route: idle, sample: idle, cloudWatch: idle, source: null, selected: null })
  },

  async routeKey(partitionKey) {
    const name = get().stream
    if (name === null) return
    const asked = ++routeAsked
    set((s) => ({ route: loading(s.route) }))
    try {
      const answer = await api.streams.routeKey({ name, partitionKey })
      if (asked === routeAsked) set({ route: { status: 'ready', data: answer } })
    } catch (error) {
      if (asked === routeAsked) set((s) => ({ route: failed(s.route, error) }))
    }
  },

  clearRoute() {
    routeAsked += 1
    set({ route: idle })
  },

  async sampleLoad() {
    const name = get().stream
    if (name === null) return
    set((s) => ({ sample: loading(s.sample) }))
    try {
      const sample = await api.streams.sampleLoad({ name, seconds: SAMPLE_SECONDS, maxRecords: SAMPLE_MAX_RECORDS })
      if (get().stream === name) set({ sample: { status: 'ready', data: sample }, source: 'sample' })
    } catch (error) {
      if (get().stream === name) set((s) => ({ sample: failed(s.sample, error) }))
    }
  },

  async cloudWatchLoad() {
    const name = get().stream
    if (name === null) return
    set((s) => ({ cloudWatch: loading(s.cloudWatch) }))
    try {
      const load = await api.metrics.shardLoad({ stream: name, minutes: CLOUDWATCH_MINUTES })
      if (get().stream === name) set({ cloudWatch: { status: 'ready', data: load }, source: 'cloudwatch' })
    } catch (error) {
      if (get().stream === name) set((s) => ({ cloudWatch: failed(s.cloudWatch, error) }))
    }
  },

  showSource(source) {
    set({ source })
  },

  select(shardId) {
    set({ selected: shardId })
  },

  async reshard(action, confirmName) {
    const name = get().stream
    if (name === null) return ''
    const { message } = await api.streams.reshard({ name, confirmName, action })
    // The shards changed: an old route and an old sample describe shards that are now closed.
    routeAsked += 1
    set({ route: idle, sample: idle, cloudWatch: idle, source: null, selected: null })
    useStreamView.getState().watchStatus()
    return message
  }
}))

/** The load the map and the table show: the source loaded last, in one shape. */
export function useShownLoad(): ShownLoad | null {
  const source = useShardTools((s) => s.source)
  const sample = useShardTools((s) => dataOf(s.sample))
  const cloudWatch = useShardTools((s) => dataOf(s.cloudWatch))
  return useMemo(() => shownLoad(source, sample, cloudWatch, (ms) => formatTime(ms, 'local', false)), [source, sample, cloudWatch])
}

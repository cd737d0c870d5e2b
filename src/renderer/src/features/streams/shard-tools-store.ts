/**
 * The Shards tab's tools: where a partition key goes (highlighted in the map and the table), the
 * load sample the user started, and the segment picked in the map. Cleared for another stream.
 */
import { create } from 'zustand'
import { api } from '../../api/client'
import type { LoadSample, ReshardAction, RouteAnswer } from '../../../../shared/shards'
import { failed, idle, loading, type Load } from '../../components/load-state'
import { useStreamView } from './stream-view-store'

/** The sample's window and cap: a few seconds of a shard's budget at most. */
export const SAMPLE_SECONDS = 60
export const SAMPLE_MAX_RECORDS = 5000

interface ShardToolsStore {
  stream: string | null
  route: Load<RouteAnswer>
  sample: Load<LoadSample>
  /** The shard picked in the map (the split dialog starts with it). */
  selected: string | null
  attach: (stream: string) => void
  routeKey: (partitionKey: string) => Promise<void>
  clearRoute: () => void
  sampleLoad: () => Promise<void>
  select: (shardId: string | null) => void
  /** Runs a reshard (the dialog shows main's error), then follows the stream until it is ACTIVE. */
  reshard: (action: ReshardAction, confirmName: string | null) => Promise<string>
}

export const useShardTools = create<ShardToolsStore>()((set, get) => ({
  stream: null,
  route: idle,
  sample: idle,
  selected: null,

  attach(stream) {
    if (get().stream !== stream) set({ stream, route: idle, sample: idle, selected: null })
  },

  async routeKey(partitionKey) {
    const name = get().stream
    if (name === null) return
    set((s) => ({ route: loading(s.route) }))
    try {
      const answer = await api.streams.routeKey({ name, partitionKey })
      if (get().stream === name) set({ route: { status: 'ready', data: answer } })
    } catch (error) {
      if (get().stream === name) set((s) => ({ route: failed(s.route, error) }))
    }
  },

  clearRoute() {
    set({ route: idle })
  },

  async sampleLoad() {
    const name = get().stream
    if (name === null) return
    set((s) => ({ sample: loading(s.sample) }))
    try {
      const sample = await api.streams.sampleLoad({ name, seconds: SAMPLE_SECONDS, maxRecords: SAMPLE_MAX_RECORDS })
      if (get().stream === name) set({ sample: { status: 'ready', data: sample } })
    } catch (error) {
      if (get().stream === name) set((s) => ({ sample: failed(s.sample, error) }))
    }
  },

  select(shardId) {
    set({ selected: shardId })
  },

  async reshard(action, confirmName) {
    const name = get().stream
    if (name === null) return ''
    const { message } = await api.streams.reshard({ name, confirmName, action })
    // The shards changed: an old route and an old sample describe shards that are now closed.
    set({ route: idle, sample: idle, selected: null })
    useStreamView.getState().watchStatus()
    return message
  }
}))

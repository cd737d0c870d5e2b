/**
 * The open stream: its shards, and a watch that describes it every second while it is
 * CREATING, DELETING or UPDATING (the list row follows, since both read the details cache).
 * Showing another stream, or closing the view, aborts the watch.
 */
import { create } from 'zustand'
import { api } from '../../api/client'
import type { ShardInfo, ShardPosition } from '../../../../shared/domain'
import type { FailureRecord } from '../../../../shared/lambda-failure-record'
import { failed, idle, loading, type Load } from '../../components/load-state'
import { useDetails } from './details-store'
import { transitional } from './format'

export const POLL_INTERVAL_MS = 1000

/** The stream view's tabs. */
export type StreamTab = 'shards' | 'records' | 'send' | 'metrics' | 'consumers' | 'configuration'

interface StreamViewStore {
  name: string | null
  shards: Load<ShardInfo[]>
  tab: StreamTab
  setTab: (tab: StreamTab) => void
  /**
   * A read another view asked for ("Read from here" on a sent record, "Browse from this
   * checkpoint"): the record browser takes it once, fills its form and starts reading.
   */
  recordsRequest: RecordsRequest | null
  /** With `batch`, reads exactly a Lambda failure record's batch (stopping after its end) and checks its count. */
  openRecordsAt: (position: ShardPosition, batch?: FailureRecord) => void
  /** Returns the pending request and clears it, so that it runs once. */
  takeRecordsRequest: () => Omit<RecordsRequest, 'id'> | null
  show: (name: string) => void
  hide: () => void
  /** Lists the shards again, and describes the stream again (a reshard changes its open-shard count). */
  refreshShards: () => Promise<void>
  /** After a reshard: describes the stream until it is ACTIVE again, then lists its shards. */
  watchStatus: () => void
}

export interface RecordsRequest {
  position: ShardPosition
  batch: FailureRecord | null
  id: number
}

let watch: AbortController | null = null

/** Resolves true after `ms`, or false as soon as the signal aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false)
    const timer = setTimeout(() => resolve(true), ms)
    signal.addEventListener('abort', () => {
      clearTimeout(timer)
      resolve(false)
    }, { once: true })
  })
}

export const useStreamView = create<StreamViewStore>()((set, get) => {
  const loadShards = async (name: string, signal: AbortSignal): Promise<void> => {
    set((s) => ({ shards: loading(s.shards) }))
    try {
      const shards = await api.streams.shards({ name })
      if (!signal.aborted) set({ shards: { status: 'ready', data: shards } })
    } catch (error) {
      if (!signal.aborted) set((s) => ({ shards: failed(s.shards, error) }))
    }
  }

  const run = async (name: string, signal: AbortSignal): Promise<void> => {
    const { fetchNow } = useDetails.getState()
    let details = await fetchNow(name)
    if (signal.aborted) return
    if (details === null) return set({ shards: idle }) // the summary shows why, with a retry
    // A stream being created has no shards to list yet; every other state has.
    if (details.status !== 'CREATING') void loadShards(name, signal)
    const before = details.status
    while (details !== null && transitional(details.status)) {
      if (!(await sleep(POLL_INTERVAL_MS, signal))) return
      details = await fetchNow(name)
      if (signal.aborted) return
    }
    if (details !== null && transitional(before)) void loadShards(name, signal)
  }

  let requests = 0
  return {
    name: null,
    shards: idle,
    tab: 'shards',
    recordsRequest: null,

    setTab(tab) {
      set({ tab })
    },

    openRecordsAt(position, batch) {
      set({ tab: 'records', recordsRequest: { position, batch: batch ?? null, id: ++requests } })
    },

    takeRecordsRequest() {
      const request = get().recordsRequest
      if (request !== null) set({ recordsRequest: null })
      return request === null ? null : { position: request.position, batch: request.batch }
    },

    show(name) {
      watch?.abort()
      watch = new AbortController()
      // Another stream opens on its Shards tab; showing the same one again keeps the tab.
      const tab = get().name === name ? get().tab : 'shards'
      set({ name, tab, recordsRequest: null, shards: { status: 'loading', previous: null } })
      void run(name, watch.signal)
    },

    hide() {
      watch?.abort()
      watch = null
      set({ name: null, shards: idle })
    },

    watchStatus() {
      const name = get().name
      if (name === null) return
      watch?.abort()
      watch = new AbortController()
      void run(name, watch.signal)
    },

    async refreshShards() {
      const name = get().name
      if (name === null || watch === null) return
      // A reshard changes the open-shard count too: describe again alongside.
      await Promise.all([loadShards(name, watch.signal), useDetails.getState().fetchNow(name)])
    }
  }
})

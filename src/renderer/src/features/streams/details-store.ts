/**
 * StreamDetails per stream, cached per connection. The list asks for the rows on screen through
 * a queue of at most 4 describes in flight; the stream view fetches its one stream directly.
 * A refresh marks entries stale: they stay on screen until the new answer replaces them.
 */
import { create } from 'zustand'
import { api } from '../../api/client'
import type { StreamDetails } from '../../../../shared/domain'
import { createLimitedQueue, type LimitedQueue } from './limited-queue'

export const MAX_DESCRIBES_IN_FLIGHT = 4

export type DetailEntry =
  | { status: 'loading'; details: StreamDetails | null }
  | { status: 'ready'; details: StreamDetails; stale: boolean }
  | { status: 'error'; error: unknown; details: StreamDetails | null; stale: boolean }

type Cache = Record<string, DetailEntry>

interface DetailsStore {
  connectionId: string | null
  byConnection: Record<string, Cache>
  /** Switches to a connection's cache (kept for when the user comes back). */
  switchConnection: (connectionId: string | null) => void
  markAllStale: () => void
  /** The rows on screen: describes those not known (or stale), at most 4 at a time. */
  want: (names: readonly string[]) => void
  /** Describes one stream now; resolves null (the entry holds the error) on failure. */
  fetchNow: (name: string) => Promise<StreamDetails | null>
  forget: (name: string) => void
}

let queue: LimitedQueue<string> | null = null

export const useDetails = create<DetailsStore>()((set, get) => {
  const cache = (): Cache => {
    const { connectionId, byConnection } = get()
    return connectionId !== null ? (byConnection[connectionId] ?? {}) : {}
  }
  const put = (connectionId: string, name: string, entry: DetailEntry): void =>
    set((s) => ({ byConnection: { ...s.byConnection, [connectionId]: { ...s.byConnection[connectionId], [name]: entry } } }))

  const describe = async (name: string): Promise<StreamDetails | null> => {
    const connectionId = get().connectionId
    if (connectionId === null) return null
    const before = cache()[name]?.details ?? null
    put(connectionId, name, { status: 'loading', details: before })
    try {
      const details = await api.streams.describe({ name })
      // An answer for a connection the user has left is dropped: main may have answered for another.
      if (get().connectionId !== connectionId) return null
      put(connectionId, name, { status: 'ready', details, stale: false })
      return details
    } catch (error) {
      if (get().connectionId === connectionId) put(connectionId, name, { status: 'error', error, details: before, stale: false })
      return null
    }
  }
  const needsFetch = (entry: DetailEntry | undefined): boolean =>
    entry === undefined || (entry.status !== 'loading' && entry.stale)

  return {
    connectionId: null,
    byConnection: {},

    switchConnection(connectionId) {
      if (connectionId === get().connectionId) return
      queue?.clear()
      queue = createLimitedQueue(MAX_DESCRIBES_IN_FLIGHT, async (name) => {
        if (needsFetch(cache()[name])) await describe(name)
      })
      set({ connectionId })
    },

    markAllStale() {
      const { connectionId } = get()
      if (connectionId === null) return
      const stale = Object.fromEntries(
        Object.entries(cache()).map(([name, entry]) => [name, entry.status === 'loading' ? entry : { ...entry, stale: true }])
      )
      set((s) => ({ byConnection: { ...s.byConnection, [connectionId]: stale } }))
    },

    want(names) {
      const known = cache()
      queue?.replace(names.filter((name) => needsFetch(known[name])))
    },

    fetchNow: describe,

    forget(name) {
      const { connectionId } = get()
      if (connectionId === null) return
      const rest = { ...cache() }
      delete rest[name]
      set((s) => ({ byConnection: { ...s.byConnection, [connectionId]: rest } }))
    }
  }
})

/** One stream's entry on the current connection. */
export function useDetailEntry(name: string | null): DetailEntry | undefined {
  return useDetails((s) => (name === null || s.connectionId === null ? undefined : s.byConnection[s.connectionId]?.[name]))
}

/**
 * The streams of the active connection: the list, the search, the keyboard cursor and which
 * stream is open. Create and delete live here too, since both end in a list refresh.
 */
import { create } from 'zustand'
import { useShallow } from 'zustand/react/shallow'
import { api, ApiError } from '../../api/client'
import type { InputOf } from '../../../../shared/contract'
import type { StreamListItem } from '../../../../shared/domain'
import { dataOf, failed, idle, loading, type Load } from '../../components/load-state'
import { useDetails } from './details-store'
import { filterStreams, moveCursor, type CursorMove } from './stream-filter'

interface StreamListStore {
  connectionId: string | null
  list: Load<StreamListItem[]>
  query: string
  /** The highlighted row (keyboard), by name. */
  cursor: string | null
  /** The stream shown in the main view. */
  openName: string | null
  /** A new connection session: forget the open stream and load the list. */
  attach: (connectionId: string | null) => Promise<void>
  refresh: () => Promise<void>
  /** Stops waiting for a list that is taking long: the last list (if any) stays, with a Retry. */
  cancelRefresh: (endpoint: string) => void
  setQuery: (query: string) => void
  move: (move: CursorMove) => void
  open: (name: string | null) => void
  /** Throws main's error for the dialog to show. */
  create: (input: InputOf<'streams.create'>) => Promise<void>
  /** Throws main's error for the dialog to show. */
  remove: (name: string, confirmName: string) => Promise<void>
}

let requestSeq = 0

export const useStreamList = create<StreamListStore>()((set, get) => ({
  connectionId: null,
  list: idle,
  query: '',
  cursor: null,
  openName: null,

  async attach(connectionId) {
    useDetails.getState().switchConnection(connectionId)
    set({ connectionId, list: idle, query: '', cursor: null, openName: null })
    if (connectionId !== null) await get().refresh()
  },

  async refresh() {
    if (get().connectionId === null) return
    const seq = ++requestSeq
    set((s) => ({ list: loading(s.list) }))
    try {
      const items = await api.streams.list({})
      if (seq !== requestSeq) return
      useDetails.getState().markAllStale()
      set({ list: { status: 'ready', data: [...items].sort((a, b) => a.name.localeCompare(b.name)) } })
    } catch (error) {
      if (seq === requestSeq) set((s) => ({ list: failed(s.list, error) }))
    }
  },

  cancelRefresh(endpoint) {
    if (get().list.status !== 'loading') return
    requestSeq++ // the answer, if it ever comes, is dropped; main's own timeout ends the call
    const cancelled = new ApiError({
      code: 'CANCELLED',
      message: `Listing streams was cancelled before ${endpoint} answered.`,
      hint: 'Retry when the endpoint is reachable.'
    })
    set((s) => ({ list: failed(s.list, cancelled) }))
  },

  setQuery(query) {
    set({ query })
  },

  move(to) {
    const { list, query, cursor } = get()
    const names = filterStreams(dataOf(list) ?? [], query).map((s) => s.name)
    set({ cursor: moveCursor(names, cursor, to) })
  },

  open(name) {
    set(name === null ? { openName: null } : { openName: name, cursor: name })
  },

  async create(input) {
    await api.streams.create(input)
    await get().refresh()
    get().open(input.name)
  },

  async remove(name, confirmName) {
    await api.streams.delete({ name, confirmName })
    if (get().openName === name) get().open(null)
    useDetails.getState().forget(name)
    await get().refresh()
  }
}))

/** The rows to show: the list narrowed by the search. */
export function useVisibleStreams(): StreamListItem[] {
  return useStreamList(useShallow((s) => filterStreams(dataOf(s.list) ?? [], s.query)))
}

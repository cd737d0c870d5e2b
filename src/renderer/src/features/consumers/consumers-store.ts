/**
 * The Consumers tab's state: the stream's enhanced fan-out consumers and channels, the DynamoDB tables of the
 * connection, the lease table the user picked and its last reading. Every load is on demand (a
 * visit to the tab, a Read or a Refresh): a lease-table Scan is billed, so nothing polls.
 */
import { create } from 'zustand'
import { api } from '../../api/client'
import type { EfoConsumer, LeaseTableView } from '../../../../shared/consumers'
import type { ChannelsView } from '../../../../shared/channels'
import { dataOf, failed, idle, loading, type Load } from '../../components/load-state'

interface ConsumersStore {
  connectionId: string | null
  stream: string | null
  efo: Load<EfoConsumer[]>
  /** Deliveries Kinesis runs from the stream (ListChannels + DescribeChannel); read only. */
  channels: Load<ChannelsView>
  tables: Load<string[]>
  /** The lease table's name, picked from the list or typed. */
  table: string
  leases: Load<LeaseTableView>
  /** Opens the tab on a stream: loads its consumers and (once per connection) the table list. */
  show: (connectionId: string, stream: string) => void
  loadEfo: () => Promise<void>
  loadChannels: () => Promise<void>
  loadTables: () => Promise<void>
  setTable: (table: string) => void
  readLeases: () => Promise<void>
}

export const useConsumers = create<ConsumersStore>()((set, get) => ({
  connectionId: null,
  stream: null,
  efo: idle,
  channels: idle,
  tables: idle,
  table: '',
  leases: idle,

  show(connectionId, stream) {
    // Another connection: what is known belongs to the old one (its tables, its lease table).
    if (get().connectionId !== connectionId) set({ connectionId, stream, efo: idle, channels: idle, tables: idle, table: '', leases: idle })
    else if (get().stream !== stream) set({ stream, efo: idle, channels: idle, leases: idle })
    if (get().efo.status === 'idle') void get().loadEfo()
    if (get().channels.status === 'idle') void get().loadChannels()
    if (get().tables.status === 'idle') void get().loadTables()
  },

  async loadEfo() {
    const stream = get().stream
    if (stream === null) return
    set((s) => ({ efo: loading(s.efo) }))
    try {
      const consumers = await api.consumers.list({ stream })
      if (get().stream === stream) set({ efo: { status: 'ready', data: consumers } })
    } catch (error) {
      if (get().stream === stream) set((s) => ({ efo: failed(s.efo, error) }))
    }
  },

  async loadChannels() {
    const stream = get().stream
    if (stream === null) return
    set((s) => ({ channels: loading(s.channels) }))
    try {
      const view = await api.consumers.channels({ stream })
      if (get().stream === stream) set({ channels: { status: 'ready', data: view } })
    } catch (error) {
      if (get().stream === stream) set((s) => ({ channels: failed(s.channels, error) }))
    }
  },

  async loadTables() {
    set((s) => ({ tables: loading(s.tables) }))
    try {
      const { tables } = await api.leases.tables({})
      set({ tables: { status: 'ready', data: tables } })
    } catch (error) {
      set((s) => ({ tables: failed(s.tables, error) }))
    }
  },

  setTable(table) {
    set({ table })
  },

  async readLeases() {
    const { stream, table } = get()
    if (stream === null || table.trim() === '') return
    // The same table's last reading stays on screen while it refreshes; another table's does not.
    const previous = dataOf(get().leases)
    set({ leases: { status: 'loading', previous: previous?.table === table.trim() ? previous : null } })
    try {
      const view = await api.leases.read({ table: table.trim(), stream })
      if (get().stream === stream) set({ leases: { status: 'ready', data: view } })
    } catch (error) {
      if (get().stream === stream) set((s) => ({ leases: failed(s.leases, error) }))
    }
  },
}))

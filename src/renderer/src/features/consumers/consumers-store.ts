/**
 * The Consumers tab's state: the stream's enhanced fan-out consumers and channels, the DynamoDB tables of the
 * connection, the lease table the user picked and its last reading. Every load is on demand (a
 * visit to the tab, a Read or a Refresh): a lease-table Scan is billed, so nothing polls.
 */
import { create } from 'zustand'
import { api } from '../../api/client'
import type { EfoConsumer, LeaseTableView } from '../../../../shared/consumers'
import type { ChannelsView } from '../../../../shared/channels'
import type { LambdaMappingsView } from '../../../../shared/lambda'
import { dataOf, failed, idle, loading, type Load } from '../../components/load-state'


interface ConsumersStore {
  connectionId: string | null
  stream: string | null
  efo: Load<EfoConsumer[]>
  /** Deliveries Kinesis runs from the stream (ListChannels + DescribeChannel); read only. */
  channels: Load<ChannelsView>
  /** Lambda event source mappings reading the stream (ListEventSourceMappings); read only. */
  lambda: Load<LambdaMappingsView>
  tables: Load<string[]>
  /** The lease table's name, picked from the list or typed. */
  table: string
  leases: Load<LeaseTableView>
  /** Opens the tab on a stream: loads its consumers and (once per connection) the table list. */
  show: (connectionId: string, stream: string) => void
  loadEfo: () => Promise<void>
  loadChannels: () => Promise<void>
  loadLambda: () => Promise<void>
  loadTables: () => Promise<void>
  setTable: (table: string) => void
  readLeases: () => Promise<void>
}

/** The views the tab loads per stream, by their key in the store. */
interface StreamData {
  efo: EfoConsumer[]
  channels: ChannelsView
  lambda: LambdaMappingsView
}

export const useConsumers = create<ConsumersStore>()((set, get) => {
  /** Loads one of the stream's views; an answer for a stream no longer shown is dropped. */
  const loadFor = async <K extends keyof StreamData>(key: K, fetch: (stream: string) => Promise<StreamData[K]>): Promise<void> => {
    const stream = get().stream
    if (stream === null) return
    const put = (load: Load<StreamData[K]>): void => set({ [key]: load } as Pick<ConsumersStore, K>)
    put(loading(get()[key] as Load<StreamData[K]>))
    try {
      const data = await fetch(stream)
      if (get().stream === stream) put({ status: 'ready', data })
    } catch (error) {
      if (get().stream === stream) put(failed(get()[key] as Load<StreamData[K]>, error))
    }
  }
  return {
  connectionId: null,
  stream: null,
  efo: idle,
  channels: idle,
  lambda: idle,
  tables: idle,
  table: '',
  leases: idle,

  show(connectionId, stream) {
    // Another connection: what is known belongs to the old one (its tables, its lease table).
    if (get().connectionId !== connectionId) set({ connectionId, stream, efo: idle, channels: idle, lambda: idle, tables: idle, table: '', leases: idle })
    else if (get().stream !== stream) set({ stream, efo: idle, channels: idle, lambda: idle, leases: idle })
    if (get().efo.status === 'idle') void get().loadEfo()
    if (get().channels.status === 'idle') void get().loadChannels()
    if (get().lambda.status === 'idle') void get().loadLambda()
    if (get().tables.status === 'idle') void get().loadTables()
  },

  loadEfo: () => loadFor('efo', (stream) => api.consumers.list({ stream })),
  loadChannels: () => loadFor('channels', (stream) => api.consumers.channels({ stream })),
  loadLambda: () => loadFor('lambda', (stream) => api.consumers.lambdaMappings({ stream })),

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
}
})

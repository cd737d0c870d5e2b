/**
 * Which connections exist and which one is active. Selecting a connection checks it in main;
 * a failure leaves the previous connection active and usable, and says why.
 */
import { create } from 'zustand'
import { api, ApiError } from '../../api/client'
import type { ActiveConnection, ConnectionsState, ConnectionSummary } from '../../../../shared/domain'
import { kinesisEndpointName } from '../../../../shared/endpoints'
import type { ConnectionInput } from './connection-form'

export type ConnectionPhase =
  | { type: 'idle' }
  | { type: 'loading' }
  /** `endpoint`: what the call waits for, as the "Waiting for …" line names it. */
  | { type: 'connecting'; id: string; name: string; endpoint: string }
  | { type: 'ready' }
  | { type: 'error'; error: unknown; failedId: string | null }

interface ConnectionsStore {
  state: ConnectionsState | null
  active: ActiveConnection | null
  /** Grows by one on every successful select: views reload when it changes. */
  session: number
  phase: ConnectionPhase
  boot: () => Promise<void>
  select: (id: string) => Promise<void>
  /** Saves the connection and selects it. Throws main's error for the dialog to show. */
  save: (input: ConnectionInput) => Promise<void>
  /** Throws main's error for the confirmation to show. */
  remove: (id: string) => Promise<void>
  /** Stops a connect still waiting for its endpoint; the active connection stays. */
  cancelConnect: () => Promise<void>
  dismissError: () => void
}

export const useConnections = create<ConnectionsStore>()((set, get) => ({
  state: null,
  active: null,
  session: 0,
  phase: { type: 'idle' },

  async boot() {
    const { phase, active } = get()
    // Once: React's StrictMode runs effects twice, and a retry after a failed boot is allowed.
    if (active !== null || (phase.type !== 'idle' && phase.type !== 'error')) return
    set({ phase: { type: 'loading' } })
    try {
      const state = await api.connections.list({})
      set({ state })
      const active = state.activeId !== null ? await api.connections.active({}) : null
      if (active !== null) set((s) => ({ active, session: s.session + 1, phase: { type: 'ready' } }))
      else await get().select(state.initialId)
    } catch (error) {
      set({ phase: { type: 'error', error, failedId: null } })
    }
  },

  async select(id) {
    const state = get().state
    const summary = state?.connections.find((c) => c.id === id)
    set({ phase: { type: 'connecting', id, name: summary?.name ?? id, endpoint: endpointOf(summary, state?.defaultRegion ?? null) } })
    try {
      const active = await api.connections.select({ id })
      set((s) => ({ active, session: s.session + 1, phase: { type: 'ready' } }))
    } catch (error) {
      // A cancelled connect is what the user asked for: back to where they were, no error.
      if (error instanceof ApiError && error.code === 'CANCELLED') set({ phase: get().active !== null ? { type: 'ready' } : { type: 'idle' } })
      else set({ phase: { type: 'error', error, failedId: id } })
    }
  },

  async cancelConnect() {
    if (get().phase.type !== 'connecting') return
    await api.connections.cancelSelect({})
  },

  async save(input) {
    const before = new Set(get().state?.connections.map((c) => c.id))
    const state = await api.connections.save(input)
    set({ state })
    const added = input.id ?? state.connections.find((c) => !before.has(c.id))?.id
    // Not awaited: the dialog closes once saved, and the status line shows the connecting.
    if (added !== undefined) void get().select(added)
  },

  async remove(id) {
    const state = await api.connections.remove({ id })
    const { active, phase } = get()
    set({ state, phase: phase.type === 'error' && phase.failedId === id ? { type: 'ready' } : phase })
    if (active?.connectionId === id) {
      set({ active: null })
      await get().select(state.initialId)
    }
  },

  dismissError() {
    if (get().phase.type === 'error') set({ phase: { type: 'ready' } })
  }
}))

/** The id the picker shows: the one being connected, else the active one. */
/** The active connection's Kinesis endpoint as messages name it ("" when none is active). */
export function useKinesisEndpointName(): string {
  return useConnections((s) => (s.active !== null ? kinesisEndpointName(s.active.region, s.active.endpoint) : ''))
}

export function usePickerValue(): string {
  return useConnections((s) => (s.phase.type === 'connecting' ? s.phase.id : (s.active?.connectionId ?? '')))
}

/** What a connect waits for: the connection's endpoint, or the AWS endpoint of its region. */
function endpointOf(summary: ConnectionSummary | undefined, defaultRegion: string | null): string {
  if (summary === undefined) return 'the endpoint'
  if (summary.kind === 'sandbox') return 'the local sandbox'
  return kinesisEndpointName(summary.region ?? defaultRegion, summary.endpoint)
}

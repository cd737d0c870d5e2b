/**
 * One rewind dialog's state: the choice (where to, which leases), the dry run, the rewind with its
 * watch, backup and writes, and Undo. Each long step runs under a request id that Cancel names,
 * and its progress arrives as leases.rewindProgress events (subscribed once, in `connect`).
 */
import { createStore, type StoreApi } from 'zustand'
import type { ClientApi } from '../../../../shared/contract'
import type { RewindPlan, RewindProgress, RewindReport, RewindTarget, UndoReport } from '../../../../shared/lease-rewind'

export type RewindApi = { leases: Pick<ClientApi['leases'], 'planRewind' | 'rewind' | 'undoRewind' | 'cancelRewind' | 'onRewindProgress'> }

export type TargetType = RewindTarget['type']

export type RewindStep =
  | { type: 'choosing' }
  | { type: 'planning'; requestId: string }
  | { type: 'planned'; plan: RewindPlan }
  | { type: 'rewinding'; plan: RewindPlan; requestId: string }
  | { type: 'rewound'; plan: RewindPlan; report: RewindReport; undo: UndoReport | null; undoing: boolean; undoError: unknown }
  | { type: 'error'; plan: RewindPlan | null; error: unknown }

export interface RewindState {
  targetType: TargetType
  /** datetime-local text (At timestamp) and the sequence number (After sequence number). */
  time: string
  sequenceNumber: string
  /** null: every lease of the stream. */
  chosen: string[] | null
  confirmName: string
  step: RewindStep
  /** The request whose progress is shown (a dry run, a rewind, or the rewind being undone). */
  activeRequest: string | null
  progress: RewindProgress | null
  cancelling: boolean
  actions: {
    connect(): () => void
    set(change: Partial<Pick<RewindState, 'targetType' | 'time' | 'sequenceNumber' | 'chosen' | 'confirmName'>>): void
    dryRun(target: RewindTarget): Promise<void>
    rewind(): Promise<void>
    undo(): Promise<void>
    cancel(): Promise<void>
  }
}

let requests = 0
const newRequestId = (): string => `rewind-${Date.now().toString(36)}-${++requests}`

export function createRewindStore(api: RewindApi, context: { table: string; stream: string; chosen: string[] | null }): StoreApi<RewindState> {
  return createStore<RewindState>()((set, get) => ({
    targetType: 'AT_TIMESTAMP',
    time: '',
    sequenceNumber: '',
    chosen: context.chosen,
    confirmName: '',
    step: { type: 'choosing' },
    activeRequest: null,
    progress: null,
    cancelling: false,
    actions: {
      connect() {
        return api.leases.onRewindProgress((progress) => {
          if (progress.requestId === get().activeRequest) set({ progress })
        })
      },
      set(change) {
        // Another choice makes the dry run stale.
        const step = get().step
        const stale = step.type === 'planned' || step.type === 'error'
        set({ ...change, ...(stale && !('confirmName' in change) ? { step: { type: 'choosing' } } : {}) })
      },
      async dryRun(target) {
        const requestId = newRequestId()
        set({ step: { type: 'planning', requestId }, activeRequest: requestId, progress: null, cancelling: false })
        try {
          const plan = await api.leases.planRewind({ table: context.table, stream: context.stream, leaseKeys: get().chosen, target, requestId })
          set({ step: { type: 'planned', plan }, confirmName: '' })
        } catch (error) {
          set({ step: { type: 'error', plan: null, error } })
        }
      },
      async rewind() {
        const step = get().step
        // After a refusal (a worker still running) the same dry run can be tried again.
        const plan = step.type === 'planned' || step.type === 'error' ? step.plan : null
        if (plan === null) return
        const requestId = newRequestId()
        set({ step: { type: 'rewinding', plan, requestId }, activeRequest: requestId, progress: null, cancelling: false })
        try {
          const report = await api.leases.rewind({ planId: plan.planId, requestId, confirmName: plan.confirmNameRequired ? get().confirmName : null })
          set({ step: { type: 'rewound', plan, report, undo: null, undoing: false, undoError: null } })
        } catch (error) {
          set({ step: { type: 'error', plan, error } })
        }
      },
      async undo() {
        const step = get().step
        if (step.type !== 'rewound' || step.undoing) return
        set({ step: { ...step, undoing: true, undoError: null }, activeRequest: step.report.requestId, progress: null })
        try {
          const undo = await api.leases.undoRewind({ rewindId: step.report.requestId })
          set({ step: { ...step, undo, undoing: false } })
        } catch (error) {
          set({ step: { ...step, undoing: false, undoError: error } })
        }
      },
      async cancel() {
        const step = get().step
        if (step.type !== 'planning' && step.type !== 'rewinding') return
        set({ cancelling: true })
        await api.leases.cancelRewind({ requestId: step.requestId })
      }
    }
  }))
}

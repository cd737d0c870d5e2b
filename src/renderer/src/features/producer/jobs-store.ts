/**
 * Bulk sends and replays that run in main: their progress and final reports. The store subscribes
 * to producer.progress and producer.ended once (connect) and keeps every job's latest state by id,
 * so an event that arrives before startBulk / replay.start has answered is not lost. No React.
 */
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ClientApi } from '../../../../shared/contract'
import type { ProducerProgress, ProducerReport } from '../../../../shared/producer'

export type JobsApi = { producer: Pick<ClientApi['producer'], 'cancel' | 'onProgress' | 'onEnded'> }

export interface JobEntry {
  progress: ProducerProgress | null
  report: ProducerReport | null
  /** The user pressed Cancel (main answers 'cancelling', then sends the report). */
  cancelRequested: boolean
  cancelError: unknown
}

export interface JobsState {
  jobs: Record<string, JobEntry>
  actions: {
    /** Subscribes to the producer's events; returns the teardown. */
    connect: () => () => void
    cancel: (jobId: string) => Promise<void>
    forget: (jobId: string) => void
  }
}

const emptyEntry: JobEntry = { progress: null, report: null, cancelRequested: false, cancelError: null }

export type JobsStore = StoreApi<JobsState>

export function createJobsStore(api: JobsApi): JobsStore {
  return createStore<JobsState>()((set, get) => {
    const patch = (jobId: string, change: Partial<JobEntry>): void => {
      const jobs = get().jobs
      set({ jobs: { ...jobs, [jobId]: { ...(jobs[jobId] ?? emptyEntry), ...change } } })
    }
    return {
      jobs: {},
      actions: {
        connect() {
          const offs = [
            api.producer.onProgress((progress) => {
              // A late progress event never hides the final report.
              if (get().jobs[progress.jobId]?.report == null) patch(progress.jobId, { progress })
            }),
            api.producer.onEnded((report) => patch(report.jobId, { report }))
          ]
          return () => offs.forEach((off) => off())
        },
        async cancel(jobId) {
          if (get().jobs[jobId]?.report != null) return
          patch(jobId, { cancelRequested: true, cancelError: null })
          try {
            await api.producer.cancel({ jobId })
          } catch (error) {
            patch(jobId, { cancelRequested: false, cancelError: error })
          }
        },
        forget(jobId) {
          const jobs = { ...get().jobs }
          delete jobs[jobId]
          set({ jobs })
        }
      }
    }
  })
}

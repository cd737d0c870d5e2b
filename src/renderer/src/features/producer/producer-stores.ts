/**
 * The producer's stores, bound to the app's api, and selector hooks over them. The stores
 * themselves (send-store, bulk-store, templates-store, jobs-store) take their api as an argument
 * so that unit tests drive them with a fake.
 */
import { useEffect } from 'react'
import { useStore } from 'zustand'
import { useShallow } from 'zustand/react/shallow'
import { api } from '../../api/client'
import { createBulkStore, type BulkState } from './bulk-store'
import { createJobsStore, type JobEntry, type JobsState } from './jobs-store'
import { createSchemaStore, type SchemaState } from './schema-store'
import { createSendStore, type SendState } from './send-store'
import { createTemplatesStore, type TemplatesState } from './templates-store'

export const sendStore = createSendStore({ api })
export const bulkStore = createBulkStore(api)
export const templatesStore = createTemplatesStore(api)
export const jobsStore = createJobsStore(api)
export const schemaStore = createSchemaStore(api)

export function useSend<T>(selector: (state: SendState) => T): T {
  return useStore(sendStore, useShallow(selector))
}

export function useBulk<T>(selector: (state: BulkState) => T): T {
  return useStore(bulkStore, useShallow(selector))
}

export function useTemplates<T>(selector: (state: TemplatesState) => T): T {
  return useStore(templatesStore, useShallow(selector))
}

export function useSchema<T>(selector: (state: SchemaState) => T): T {
  return useStore(schemaStore, useShallow(selector))
}

export function useJobs<T>(selector: (state: JobsState) => T): T {
  return useStore(jobsStore, useShallow(selector))
}

/** One job's state, or null before its first event. */
export function useJob(jobId: string | null): JobEntry | null {
  return useStore(jobsStore, (s) => (jobId === null ? null : (s.jobs[jobId] ?? null)))
}

/** The one place the producer's events are subscribed (mounted once, by the app). */
export function useProducerEvents(): void {
  useEffect(() => jobsStore.getState().actions.connect(), [])
}

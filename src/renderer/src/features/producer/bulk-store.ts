/**
 * Bulk send: how many records, how fast, aggregated or not, and the run it started. The seed of
 * the next run lives here: the preview renders with it, startBulk sends it, then it rolls. No React.
 */
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ClientApi, InputOf } from '../../../../shared/contract'
import type { RecordTemplate } from '../../../../shared/producer'
import { newSeed } from './send-draft'

export type BulkApi = { producer: Pick<ClientApi['producer'], 'startBulk'> }

export interface BulkForm {
  untilStopped: boolean
  count: string
  /** false: as fast as the stream allows. */
  limitRate: boolean
  rate: string
  aggregate: boolean
}

export const initialBulkForm: BulkForm = { untilStopped: false, count: '1000', limitRate: false, rate: '100', aggregate: false }

export type BulkRun =
  | { status: 'idle' }
  | { status: 'starting' }
  | { status: 'running'; jobId: string; stream: string; total: number | null }
  | { status: 'error'; error: unknown }

export interface BulkState {
  form: BulkForm
  seed: number
  run: BulkRun
  actions: {
    update: (patch: Partial<BulkForm>) => void
    start: (stream: string, template: RecordTemplate) => Promise<string | null>
    /** Back to the form once the report has been read. */
    reset: () => void
  }
}

export type BulkFormProblems = Partial<Record<'count' | 'rate', string>>

/** The form's problems, or the startBulk input's count and rate. */
export function checkBulkForm(
  form: BulkForm
): { ok: true; count: number | null; ratePerSecond: number | null } | { ok: false; problems: BulkFormProblems } {
  const problems: BulkFormProblems = {}
  const count = Number(form.count)
  if (!form.untilStopped && (!Number.isInteger(count) || count < 1 || count > 10_000_000)) {
    problems.count = 'Send from 1 to 10,000,000 records.'
  }
  const rate = Number(form.rate)
  if (form.limitRate && (!Number.isFinite(rate) || rate <= 0 || rate > 1_000_000)) {
    problems.rate = 'A rate is a number of records per second, above 0 and at most 1,000,000.'
  }
  if (Object.keys(problems).length > 0) return { ok: false, problems }
  return { ok: true, count: form.untilStopped ? null : count, ratePerSecond: form.limitRate ? rate : null }
}

export type BulkStore = StoreApi<BulkState>

export function createBulkStore(api: BulkApi, seeds: () => number = newSeed): BulkStore {
  return createStore<BulkState>()((set, get) => ({
    form: initialBulkForm,
    seed: seeds(),
    run: { status: 'idle' },
    actions: {
      update(patch) {
        set({ form: { ...get().form, ...patch } })
      },
      async start(stream, template) {
        const { form, seed, run } = get()
        if (run.status === 'starting' || run.status === 'running') return null
        const check = checkBulkForm(form)
        if (!check.ok) return null
        const input: InputOf<'producer.startBulk'> = {
          stream,
          template,
          count: check.count,
          ratePerSecond: check.ratePerSecond,
          aggregate: form.aggregate,
          seed
        }
        set({ run: { status: 'starting' } })
        try {
          const { jobId } = await api.producer.startBulk(input)
          // The next run gets new values: the preview moves on with it.
          set({ run: { status: 'running', jobId, stream, total: check.count }, seed: seeds() })
          return jobId
        } catch (error) {
          set({ run: { status: 'error', error } })
          return null
        }
      },
      reset() {
        set({ run: { status: 'idle' } })
      }
    }
  }))
}

/**
 * One replay, step by step: the source (the record browser's selection or filter, or a JSON Lines
 * file), the target (a stream on the active or another connection), the upload to main in chunks,
 * the dry run (records per target shard), the typed confirmation, and the run. The run's progress
 * and report are in the producer's jobs store. No React, no DOM: the api is passed in.
 */
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ClientApi } from '../../../../shared/contract'
import type { ReplayPlan, ReplayRecord } from '../../../../shared/producer'
import { parseReplayFile, type ReplayFileProblem } from '../../../../shared/replay-file'
import { chunkRecords } from './replay-chunks'

export type ReplayApi = { replay: Pick<ClientApi['replay'], 'create' | 'append' | 'plan' | 'start' | 'discard'> }

export type ReplaySourceType = 'selected' | 'shown' | 'file'

export type ReplayFile =
  | { name: string; records: ReplayRecord[]; problems: ReplayFileProblem[] }
  | { name: string; error: string }

export type ReplayPhase =
  | { type: 'editing' }
  | { type: 'uploading'; uploaded: number; total: number }
  | { type: 'planning' }
  | { type: 'planned'; plan: ReplayPlan }
  | { type: 'starting'; plan: ReplayPlan }
  | { type: 'running'; plan: ReplayPlan; jobId: string }
  | { type: 'error'; error: unknown; plan: ReplayPlan | null }

export interface ReplayTargetForm {
  /** null: the active connection. */
  connectionId: string | null
  stream: string
}

export interface ReplayState {
  source: ReplaySourceType
  file: ReplayFile | null
  /** Send the file's good lines and leave out the broken ones (the user chose to). */
  skipBroken: boolean
  target: ReplayTargetForm
  limitRate: boolean
  rate: string
  confirmName: string
  /** Leave out the records over the target's maximum record size, which the dry run counted (the user chose to). */
  skipTooLarge: boolean
  phase: ReplayPhase
  actions: ReplayActions
}

export interface ReplayActions {
  setSource: (source: ReplaySourceType) => void
  loadFile: (name: string, read: () => Promise<string>) => Promise<void>
  setSkipBroken: (skip: boolean) => void
  setTarget: (patch: Partial<ReplayTargetForm>) => void
  setRate: (patch: { limitRate?: boolean; rate?: string }) => void
  setConfirmName: (name: string) => void
  setSkipTooLarge: (skip: boolean) => void
  /** Uploads the source (once per source) and asks main where the records would go. */
  dryRun: (browserRecords: () => ReplayRecord[]) => Promise<void>
  /** Stops an upload or a dry run in progress; nothing is sent. */
  cancelPreparation: () => Promise<void>
  start: () => Promise<string | null>
  /** The dialog closes: a draft that was never started is discarded in main. */
  close: () => Promise<void>
}

/** Why the source cannot be replayed as it is, or null. */
export function sourceProblem(state: Pick<ReplayState, 'source' | 'file' | 'skipBroken'>, browserCount: number): string | null {
  if (state.source !== 'file') return browserCount === 0 ? 'There are no records to replay: read some first, or pick a file.' : null
  const file = state.file
  if (file === null) return 'Choose a JSON Lines file exported by the record browser.'
  if ('error' in file) return file.error
  if (file.problems.length > 0 && !state.skipBroken) {
    return `${file.problems.length} ${file.problems.length === 1 ? 'line' : 'lines'} of ${file.name} cannot be replayed: fix the file, or choose to skip them.`
  }
  if (file.records.length === 0) return `${file.name} holds no records to replay.`
  return null
}

/** Why the target is not usable, or null. */
export function targetProblem(target: ReplayTargetForm): string | null {
  if (target.stream.trim() === '') return 'Name the stream to replay to.'
  if (!/^[a-zA-Z0-9_.-]{1,128}$/.test(target.stream.trim())) return 'A stream name is 1–128 letters, digits, _ . and -.'
  return null
}

export function rateProblem(state: Pick<ReplayState, 'limitRate' | 'rate'>): string | null {
  const rate = Number(state.rate)
  if (state.limitRate && (!Number.isFinite(rate) || rate <= 0 || rate > 1_000_000)) {
    return 'A rate is a number of records per second, above 0 and at most 1,000,000.'
  }
  return null
}

export type ReplayStore = StoreApi<ReplayState>

export function createReplayStore(api: ReplayApi, init: { stream: string; source: ReplaySourceType }): ReplayStore {
  /** The draft in main holding the current source's records. */
  let draft: { id: string; count: number } | null = null
  /** Bumped whenever what is being prepared is no longer wanted. */
  let generation = 0

  return createStore<ReplayState>()((set, get) => {
    const dropDraft = async (): Promise<void> => {
      generation++
      const old = draft
      draft = null
      if (old !== null) await api.replay.discard({ draftId: old.id }).catch(() => undefined)
    }
    const preparing = (): boolean => ['uploading', 'planning', 'starting', 'running'].includes(get().phase.type)
    const sourceChanged = (patch: Partial<ReplayState>): void => {
      if (preparing()) return
      void dropDraft()
      set({ ...patch, phase: { type: 'editing' } })
    }
    const target = (): { connectionId: string | null; stream: string } => ({
      connectionId: get().target.connectionId,
      stream: get().target.stream.trim()
    })

    return {
      source: init.source,
      file: null,
      skipBroken: false,
      target: { connectionId: null, stream: init.stream },
      limitRate: false,
      rate: '500',
      confirmName: '',
      skipTooLarge: false,
      phase: { type: 'editing' },
      actions: {
        setSource(source) {
          sourceChanged({ source })
        },
        async loadFile(name, read) {
          if (preparing()) return
          let file: ReplayFile
          try {
            const parsed = parseReplayFile(await read())
            file = { name, records: parsed.records, problems: parsed.problems }
          } catch (error) {
            file = { name, error: `${name} could not be read: ${error instanceof Error ? error.message : String(error)}` }
          }
          sourceChanged({ source: 'file', file, skipBroken: false })
        },
        setSkipBroken(skipBroken) {
          sourceChanged({ skipBroken })
        },
        setTarget(patch) {
          if (preparing()) return
          // The uploaded records stay; only the plan is for another target.
          set({ target: { ...get().target, ...patch }, confirmName: '', phase: { type: 'editing' } })
        },
        setRate(patch) {
          set(patch)
        },
        setConfirmName(confirmName) {
          set({ confirmName })
        },
        setSkipTooLarge(skipTooLarge) {
          set({ skipTooLarge })
        },
        async dryRun(browserRecords) {
          const s = get()
          if (preparing()) return
          const records = s.source === 'file' ? (s.file !== null && 'records' in s.file ? s.file.records : []) : browserRecords()
          const problem = sourceProblem(s, records.length) ?? targetProblem(s.target)
          if (problem !== null) {
            set({ phase: { type: 'error', error: new Error(problem), plan: null } })
            return
          }
          const mine = ++generation
          /** The draft being filled: until every chunk is in, it holds only some of the records. */
          let partial: string | null = null
          try {
            if (draft === null) {
              set({ phase: { type: 'uploading', uploaded: 0, total: records.length } })
              const { draftId } = await api.replay.create({})
              draft = { id: draftId, count: 0 }
              partial = draftId
              if (mine !== generation) return void (await dropDraftIfStale(draftId))
              for (const chunk of chunkRecords(records)) {
                const { count } = await api.replay.append({ draftId, records: chunk })
                if (mine !== generation) return void (await dropDraftIfStale(draftId))
                draft = { id: draftId, count }
                set({ phase: { type: 'uploading', uploaded: count, total: records.length } })
              }
              partial = null
            }
            set({ phase: { type: 'planning' } })
            const plan = await api.replay.plan({ draftId: draft.id, target: target() })
            if (mine !== generation) return
            set({ phase: { type: 'planned', plan }, confirmName: '', skipTooLarge: false })
          } catch (error) {
            if (mine !== generation) return
            // A refused chunk (a limit, a lost connection): the next dry run must not plan or
            // start the records that did get in as if they were all of them.
            if (partial !== null) await dropDraftIfStale(partial)
            set({ phase: { type: 'error', error, plan: null } })
          }
        },
        async cancelPreparation() {
          const phase = get().phase.type
          if (phase !== 'uploading' && phase !== 'planning') return
          set({ phase: { type: 'editing' } })
          await dropDraft()
        },
        async start() {
          const s = get()
          // After a refused start (a wrong confirmation, an error from main) the plan still stands.
          const plan = s.phase.type === 'planned' || s.phase.type === 'error' ? s.phase.plan : null
          if (plan === null || draft === null) return null
          if (plan.needsConfirmation && s.confirmName !== plan.stream) {
            set({ phase: { type: 'error', error: new Error(`Type ${plan.stream} to confirm the replay.`), plan } })
            return null
          }
          if (plan.tooLarge !== null && !s.skipTooLarge) {
            set({ phase: { type: 'error', error: new Error(`Skip the ${plan.tooLarge.count.toLocaleString('en-US')} records larger than ${plan.stream} takes, or raise its maximum record size.`), plan } })
            return null
          }
          const rate = rateProblem(s)
          if (rate !== null) {
            set({ phase: { type: 'error', error: new Error(rate), plan } })
            return null
          }
          set({ phase: { type: 'starting', plan } })
          try {
            const { jobId } = await api.replay.start({
              draftId: draft.id,
              target: target(),
              ratePerSecond: s.limitRate ? Number(s.rate) : null,
              confirmName: plan.needsConfirmation ? s.confirmName : null,
              skipTooLarge: plan.tooLarge !== null && s.skipTooLarge
            })
            draft = null // main owns it now
            set({ phase: { type: 'running', plan, jobId } })
            return jobId
          } catch (error) {
            set({ phase: { type: 'error', error, plan } })
            return null
          }
        },
        async close() {
          if (get().phase.type === 'running') return
          await dropDraft()
        }
      }
    }

    async function dropDraftIfStale(draftId: string): Promise<void> {
      if (draft?.id === draftId) draft = null
      await api.replay.discard({ draftId }).catch(() => undefined)
    }
  })
}

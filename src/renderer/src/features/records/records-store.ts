/**
 * The record browser's state for one stream: the read session and the bounded window of records,
 * here; the filter (filter-slice.ts), the search (search-slice.ts) and the selection
 * (selection-slice.ts) as slices of their own. Actions sit beside the state. The store subscribes to
 * reader.batch / reader.progress / reader.ended once (connect), and keeps only the events of its
 * current session. No React, no DOM: the api is passed in, so tests drive it with a fake.
 */
import { createStore, type StoreApi } from 'zustand/vanilla'
import { waitingShardProgress } from '../../../../shared/domain'
import type { ClientApi, Events } from '../../../../shared/contract'
import type {
  DecodedRecord,
  ReadMode,
  SessionEndReason,
  ShardInfo,
  ShardPosition,
  ShardProgress
} from '../../../../shared/domain'
import type { AppError } from '../../../../shared/errors'
import { batchRead, type FailureRecord } from '../../../../shared/lambda-failure-record'
import { windowFilter, type FilterActions, type FilterState } from './filter-slice'
import { checkReadForm, initialReadForm, sequenceFieldText, type FormField, type ReadForm, type StartInput } from './read-form'
import type { IdleScheduler } from './record-filter'
import {
  activeSearch,
  initialSearchSlice,
  searchAfterEnded,
  searchAfterProgress,
  takeEstimate,
  withSearch,
  type SearchSliceState
} from './search-slice'
import { initialSelection, noSelection, selectionActions, type SelectionActions, type SelectionState } from './selection-slice'
import { addToWindow, releaseHeld, type OverflowPolicy, type WindowChange, type WindowState } from './record-window'

export const DEFAULT_CAP = 100_000
export const MAX_CAP = 2_000_000

/** What the store needs of the api: the reader's calls and events. */
export type RecordsApi = {
  reader: Pick<ClientApi['reader'], 'start' | 'estimate' | 'pause' | 'resume' | 'stop' | 'onBatch' | 'onProgress' | 'onEnded'>
}

export interface RecordsDeps {
  api: RecordsApi
  /** Batches that arrive close together are merged in one go: one render per flush. */
  schedule?: (flush: () => void, delayMs: number) => () => void
  storage?: { getItem(key: string): string | null; setItem(key: string, value: string): void } | null
  /** Where idle work runs (the text filter's cache is filled ahead of use); requestIdleCallback by default. */
  idle?: IdleScheduler | null
}

function defaultIdle(): IdleScheduler | null {
  const ric = (globalThis as { requestIdleCallback?: (cb: (deadline: { timeRemaining(): number }) => void) => number }).requestIdleCallback
  return ric === undefined ? null : (work) => void ric(work)
}

/** The session, as one discriminated union. */
export type Session =
  | { status: 'idle' }
  | { status: 'starting'; mode: ReadMode }
  | { status: 'reading'; mode: ReadMode; sessionId: string }
  | { status: 'paused'; mode: ReadMode; sessionId: string; atCap: boolean }
  | { status: 'ended'; mode: ReadMode; reason: Exclude<SessionEndReason, 'failed'>; delivered: number }
  /** 'start': reader.start failed (the records of the read before are kept); 'read': the session failed. */
  | { status: 'error'; phase: 'start' | 'read'; mode: ReadMode; error: AppError; delivered: number }

export interface RecordsState extends FilterState, SearchSliceState, SelectionState {
  stream: string
  /** The stream's shards, as the stream view listed them. */
  shards: ShardInfo[]
  session: Session
  /** Shards the session reads (from reader.start), and their progress (from reader.progress). */
  sessionShards: ShardInfo[]
  progress: ShardProgress[]
  progressMessage: string | null
  /** Loaded records, sorted by arrival time, at most `cap`. */
  records: DecodedRecord[]
  /** Records past the cap while a Read waits for the user at it. */
  held: DecodedRecord[]
  /** Oldest records dropped this session to stay within the cap. */
  dropped: number
  /** Records received this session. */
  received: number
  cap: number
  policy: OverflowPolicy
  /** A Read reached the cap: reading paused, the user chooses. */
  capReached: boolean

  form: ReadForm
  formErrors: Partial<Record<FormField, string>>

  sortDescending: boolean

  /** A pause/resume/stop that failed: the session itself goes on. */
  actionError: AppError | null
  /** The Lambda failure record whose batch this read is (its count is checked against batchSize); null for any other read. */
  batch: FailureRecord | null

  actions: RecordsActions
}

export interface RecordsActions extends FilterActions, SelectionActions {
  /** Subscribes to the reader's events; returns the teardown (which also stops a running session). */
  connect: () => () => void
  setShards: (shards: ShardInfo[]) => void
  updateForm: (patch: Partial<ReadForm>) => void
  start: (mode: ReadMode) => Promise<void>
  /** Estimates what the read or search the form describes will scan, and how long it takes at its budget. */
  estimate: () => Promise<void>
  readFrom: (record: DecodedRecord) => Promise<void>
  /**
   * Fills the form with a position on one shard and starts a Read (another view asked for it).
   * With a failure record's batch: At its start, stopping after its end, and nothing else.
   */
  readAt: (position: ShardPosition, batch?: FailureRecord) => Promise<void>
  pause: () => Promise<void>
  resume: () => Promise<void>
  stop: () => Promise<void>
  continueDroppingOldest: () => Promise<void>
  setCap: (cap: number) => void
  toggleSort: () => void
  dismissActionError: () => void
  clear: () => void
}

const CAP_KEY = 'kinesis-inspector.records.cap'

type ReaderEvent =
  | { type: 'batch'; payload: Events['reader.batch'] }
  | { type: 'progress'; payload: Events['reader.progress'] }
  | { type: 'ended'; payload: Events['reader.ended'] }

function defaultSchedule(flush: () => void, delayMs: number): () => void {
  const timer = setTimeout(flush, delayMs)
  return () => clearTimeout(timer)
}

/**
 * How long batches gather before a flush: short while the window is small (first rows at once),
 * longer once it is large, where every flush costs a pass over the window (merge, row layout).
 */
export function flushDelay(loaded: number): number {
  return loaded < 20_000 ? 30 : loaded < 100_000 ? 100 : 200
}

function toAppError(error: unknown): AppError {
  if (typeof error === 'object' && error !== null && typeof (error as AppError).code === 'string') {
    const e = error as AppError
    return e.hint === undefined ? { code: e.code, message: e.message } : { code: e.code, message: e.message, hint: e.hint }
  }
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) }
}

function sessionIdOf(session: Session): string | null {
  return session.status === 'reading' || session.status === 'paused' ? session.sessionId : null
}

function loadCap(storage: RecordsDeps['storage']): number {
  const saved = Number(storage?.getItem(CAP_KEY) ?? NaN)
  return Number.isInteger(saved) && saved >= 1 && saved <= MAX_CAP ? saved : DEFAULT_CAP
}

export type RecordsStore = StoreApi<RecordsState>

export function createRecordsStore(stream: string, shards: ShardInfo[], deps: RecordsDeps): RecordsStore {
  const { api } = deps
  const schedule = deps.schedule ?? defaultSchedule
  const storage = deps.storage ?? null
  const idle = deps.idle === undefined ? defaultIdle() : deps.idle
  const filtering = windowFilter(idle, () => store.getState().cap)

  let pending: DecodedRecord[][] = []
  let cancelFlush: (() => void) | null = null
  /** Events that came before reader.start answered with their session id. */
  let early: ReaderEvent[] = []
  let starting = false
  /** Bumped by every start: a start that was overtaken by another ignores its own result. */
  let generation = 0

  const store = createStore<RecordsState>()((set, get) => {
    const windowOf = (s: RecordsState): WindowState => ({ records: s.records, held: s.held, dropped: s.dropped })

    /** Applies a window change and keeps the filtered indices in step with it. */
    const applyWindow = (change: WindowChange, extra: Partial<RecordsState> = {}): void => {
      const filtered = filtering.follow(get(), change)
      set({ records: change.state.records, held: change.state.held, dropped: change.state.dropped, filtered, ...extra })
    }

    const flush = (): void => {
      cancelFlush = null
      if (pending.length === 0) return
      const batches = pending
      pending = []
      const s = get()
      const received = s.received + batches.reduce((n, b) => n + b.length, 0)
      const change = addToWindow(windowOf(s), batches, s.cap, s.policy)
      const hitCap = change.reachedCap && !s.capReached
      applyWindow(change, { received, capReached: s.capReached || change.reachedCap })
      filtering.added(batches)
      if (hitCap) void pauseAtCap()
    }

    const pauseAtCap = async (): Promise<void> => {
      const s = get()
      if (s.session.status !== 'reading') return
      const { sessionId, mode } = s.session
      set({ session: { status: 'paused', mode, sessionId, atCap: true } })
      try {
        await api.reader.pause({ sessionId })
      } catch (error) {
        // The session may have ended meanwhile: then there is nothing to pause.
        if (toAppError(error).code !== 'SESSION_NOT_FOUND') set({ actionError: toAppError(error) })
      }
    }

    const onEvent = (event: ReaderEvent): void => {
      const current = sessionIdOf(get().session)
      if (event.payload.sessionId !== current) {
        if (starting && early.length < 10_000) early.push(event)
        return
      }
      switch (event.type) {
        case 'batch':
          pending.push(event.payload.records)
          cancelFlush ??= schedule(flush, flushDelay(get().records.length))
          break
        case 'progress':
          set({
            progress: event.payload.shards,
            progressMessage: event.payload.message,
            search: searchAfterProgress(get().search, event.payload)
          })
          break
        case 'ended': {
          cancelFlush?.()
          flush()
          const { reason, delivered, error } = event.payload
          const mode = get().session.status === 'idle' ? 'read' : (get().session as { mode: ReadMode }).mode
          set({
            search: searchAfterEnded(get().search, event.payload),
            session:
              reason === 'failed'
                ? {
                    status: 'error',
                    phase: 'read',
                    mode,
                    error: error ?? { code: 'INTERNAL', message: 'Reading failed.' },
                    delivered
                  }
                : { status: 'ended', mode, reason, delivered }
          })
          break
        }
      }
    }

    const stopSession = async (): Promise<void> => {
      const sessionId = sessionIdOf(get().session)
      if (sessionId === null) return
      try {
        await api.reader.stop({ sessionId })
      } catch (error) {
        if (toAppError(error).code !== 'SESSION_NOT_FOUND') set({ actionError: toAppError(error) })
      }
    }

    const startWith = async (input: StartInput, mode: ReadMode): Promise<void> => {
      const mine = ++generation
      await stopSession()
      cancelFlush?.()
      cancelFlush = null
      pending = []
      early = []
      starting = true
      set({ session: { status: 'starting', mode }, actionError: null, formErrors: {} })
      try {
        const started = await api.reader.start(input)
        const { sessionId, shards } = started
        if (mine !== generation) {
          void api.reader.stop({ sessionId }).catch(() => undefined)
          return
        }
        set({
          session: { status: 'reading', mode, sessionId },
          sessionShards: shards,
          search: input.search !== undefined ? activeSearch(started) : null,
          progress: shards.map((shard) => waitingShardProgress(shard.shardId)),
          progressMessage: null,
          records: [],
          held: [],
          dropped: 0,
          received: 0,
          capReached: false,
          policy: mode === 'tail' ? 'drop-oldest' : 'hold',
          ...filtering.emptied(get(), []),
          ...noSelection
        })
        const replay = early.filter((e) => e.payload.sessionId === sessionId)
        early = []
        starting = false
        replay.forEach(onEvent)
      } catch (error) {
        if (mine !== generation) return
        starting = false
        early = []
        set({ session: { status: 'error', phase: 'start', mode, error: toAppError(error), delivered: 0 } })
      }
    }

    /** The form as a reader.start input (with the search, when asked for), or null with the form's errors set. */
    const checkedInput = (mode: ReadMode): StartInput | null => {
      const s = get()
      const check = checkReadForm(s.form, s.stream, mode, s.shards, s.zone)
      if (!check.ok) {
        set({ formErrors: check.errors })
        return null
      }
      const searched = withSearch(check.input, s.form, s.filter, s.zone)
      if (!searched.ok) {
        set({ formErrors: { search: searched.error } })
        return null
      }
      return searched.input
    }

    const actions: RecordsActions = {
      ...selectionActions(set, get),
      // A new filter is a new search: the message about the last one goes.
      ...filtering.actions(set, get, () => {
        const { search, ...rest } = get().formErrors
        if (search !== undefined) set({ formErrors: rest })
      }),
      connect() {
        const offs = [
          api.reader.onBatch((payload) => onEvent({ type: 'batch', payload })),
          api.reader.onProgress((payload) => onEvent({ type: 'progress', payload })),
          api.reader.onEnded((payload) => onEvent({ type: 'ended', payload }))
        ]
        return () => {
          offs.forEach((off) => off())
          generation++
          cancelFlush?.()
          cancelFlush = null
          pending = []
          void stopSession()
        }
      },

      setShards(next) {
        const form = get().form
        const ids = new Set(next.map((s) => s.shardId))
        const firstOpen = next.find((s) => s.open) ?? next[0]
        set({
          shards: next,
          form: {
            ...form,
            sequenceShardId: ids.has(form.sequenceShardId) ? form.sequenceShardId : (firstOpen?.shardId ?? ''),
            chosenShards: form.chosenShards.filter((id) => ids.has(id))
          }
        })
      },

      updateForm(patch) {
        const errors = { ...get().formErrors }
        for (const key of Object.keys(patch)) delete errors[key as FormField]
        if ('searchMode' in patch) delete errors.search
        set({ form: { ...get().form, ...patch }, formErrors: errors })
      },

      async start(mode) {
        const input = checkedInput(mode)
        set({ batch: null }) // a read the user started is not a failure record's batch
        if (input !== null) await startWith(input, mode)
      },

      async estimate() {
        const input = checkedInput('read')
        if (input === null) return
        set({ estimate: { status: 'loading' } })
        const estimate = await takeEstimate(api, input)
        set({ estimate })
      },

      async readFrom(record) {
        // A KPL user record starts at itself, not at its aggregate's first user record.
        await actions.readAt({
          type: 'AT_SEQUENCE_NUMBER',
          sequenceNumber: record.sequenceNumber,
          shardId: record.shardId,
          ...(record.subSequenceNumber !== null ? { subSequenceNumber: record.subSequenceNumber } : {})
        })
      },

      async readAt(position, batch) {
        const form = get().form
        // A batch's read is all of it (no search left on from before) and stops after its end and
        // nowhere else; the next read drops a batch's stop.
        const stops = batch !== undefined
          ? { stopsOpen: true, maxRecords: '', endTime: '', endSequenceNumber: batchRead(batch).stop.endSequenceNumber, searchMode: false }
          : get().batch !== null ? { endSequenceNumber: '' } : {}
        set({
          form: {
            ...form,
            ...stops,
            position: position.type,
            sequenceNumber: position.type === 'AT_SEQUENCE_NUMBER' ? sequenceFieldText(position) : position.sequenceNumber,
            sequenceShardId: position.shardId
          },
          formErrors: {}
        })
        await actions.start('read')
        if (batch !== undefined) set({ batch })
      },

      async pause() {
        const s = get().session
        if (s.status !== 'reading') return
        set({ session: { status: 'paused', mode: s.mode, sessionId: s.sessionId, atCap: false } })
        try {
          await api.reader.pause({ sessionId: s.sessionId })
        } catch (error) {
          set({ actionError: toAppError(error) })
        }
      },

      async resume() {
        const s = get().session
        if (s.status !== 'paused') return
        if (get().capReached && get().policy === 'hold') return // the cap notice decides
        set({ session: { status: 'reading', mode: s.mode, sessionId: s.sessionId } })
        try {
          await api.reader.resume({ sessionId: s.sessionId })
        } catch (error) {
          set({ actionError: toAppError(error) })
        }
      },

      async stop() {
        await stopSession()
      },

      async continueDroppingOldest() {
        const s = get()
        applyWindow(releaseHeld(windowOf(s), s.cap), { capReached: false, policy: 'drop-oldest', exportOpen: false })
        if (s.session.status === 'paused') await actions.resume()
      },

      setCap(cap) {
        if (!Number.isInteger(cap) || cap < 1 || cap > MAX_CAP) return
        storage?.setItem(CAP_KEY, String(cap))
        const s = get()
        set({ cap })
        if (s.held.length > 0) {
          // More room: the held records move in, up to the new cap.
          const change = addToWindow({ records: s.records, held: [], dropped: s.dropped }, [s.held], cap, 'hold')
          const stillHeld = change.state.held.length > 0
          applyWindow(change, { capReached: stillHeld })
          if (!stillHeld && s.session.status === 'paused' && s.session.atCap) void actions.resume()
        } else if (s.records.length > cap) {
          applyWindow(releaseHeld(windowOf(s), cap))
        } else if (s.capReached && s.records.length < cap) {
          set({ capReached: false })
          if (s.session.status === 'paused' && s.session.atCap) void actions.resume()
        }
      },

      toggleSort() {
        set({ sortDescending: !get().sortDescending })
      },

      dismissActionError() {
        set({ actionError: null })
      },

      clear() {
        set({ records: [], held: [], dropped: 0, received: 0, capReached: false, ...filtering.emptied(get(), []), ...noSelection })
      }
    }

    return {
      stream,
      shards,
      session: { status: 'idle' },
      sessionShards: [],
      progress: [],
      progressMessage: null,
      records: [],
      held: [],
      dropped: 0,
      received: 0,
      cap: loadCap(storage),
      policy: 'hold',
      capReached: false,
      form: initialReadForm,
      formErrors: {},
      ...filtering.initial,
      sortDescending: false,
      ...initialSelection,
      actionError: null,
      batch: null,
      ...initialSearchSlice,
      actions
    }
  })
  store.getState().actions.setShards(shards)
  return store
}

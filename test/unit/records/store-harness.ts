/** The records store with a fake reader api and a hand-run scheduler, for the store's and its slices' tests. */
import { vi } from 'vitest'
import type { Events, ReaderStartResult } from '../../../src/shared/contract'
import type { DecodedRecord, ReadEstimate, SearchSummary, ShardInfo } from '../../../src/shared/domain'
import type { AppError } from '../../../src/shared/errors'
import { createRecordsStore, type RecordsApi } from '../../../src/renderer/src/features/records/records-store'
import { rec, startResult } from './fixtures'
import { shardFixture } from '../../support/shard-fixture'

export const shards: ShardInfo[] = ['shardId-000000000000', 'shardId-000000000001'].map((shardId) => shardFixture(shardId))

/** A fake reader api: records calls, lets the test emit events, answers start with s1, s2, … */
export function fakeApi(options: { startError?: AppError; startPatch?: Partial<ReaderStartResult>; estimate?: ReadEstimate } = {}) {
  const listeners = { batch: new Set<(p: Events['reader.batch']) => void>(), progress: new Set<(p: Events['reader.progress']) => void>(), ended: new Set<(p: Events['reader.ended']) => void>() }
  let n = 0
  const calls: { op: string; input: unknown }[] = []
  let beforeStartReturns: ((sessionId: string) => void) | null = null
  const api: RecordsApi = {
    reader: {
      start: vi.fn((input: unknown) => {
        calls.push({ op: 'start', input })
        if (options.startError !== undefined) return Promise.reject(Object.assign(new Error(options.startError.message), options.startError))
        const sessionId = `s${++n}`
        beforeStartReturns?.(sessionId)
        return Promise.resolve(startResult(sessionId, shards, options.startPatch))
      }),
      estimate: vi.fn((input: unknown) => {
        calls.push({ op: 'estimate', input })
        return options.estimate !== undefined ? Promise.resolve(options.estimate) : Promise.reject(Object.assign(new Error('No estimate'), { code: 'INTERNAL' }))
      }),
      pause: vi.fn((input: { sessionId: string }) => {
        calls.push({ op: 'pause', input })
        return Promise.resolve({ state: 'paused' as const })
      }),
      resume: vi.fn((input: { sessionId: string }) => {
        calls.push({ op: 'resume', input })
        return Promise.resolve({ state: 'reading' as const })
      }),
      stop: vi.fn((input: { sessionId: string }) => {
        calls.push({ op: 'stop', input })
        return Promise.resolve({ state: 'ended' as const })
      }),
      onBatch: (l) => (listeners.batch.add(l), () => listeners.batch.delete(l)),
      onProgress: (l) => (listeners.progress.add(l), () => listeners.progress.delete(l)),
      onEnded: (l) => (listeners.ended.add(l), () => listeners.ended.delete(l))
    }
  }
  let delivery = 0
  return {
    api,
    calls,
    batch: (sessionId: string, records: DecodedRecord[]) => {
      delivery += 1
      listeners.batch.forEach((l) => l({ sessionId, records, delivery }))
    },
    ended: (sessionId: string, reason: Events['reader.ended']['reason'], delivered: number, error: AppError | null = null, search: SearchSummary | null = null) =>
      listeners.ended.forEach((l) => l({ sessionId, reason, delivered, error, search })),
    progress: (payload: Events['reader.progress']) => listeners.progress.forEach((l) => l(payload)),
    onStart: (fn: (sessionId: string) => void) => (beforeStartReturns = fn),
    listenerCount: () => listeners.batch.size + listeners.progress.size + listeners.ended.size
  }
}

/** A scheduler the test runs by hand: flush() delivers what the store queued. */
export function manualSchedule() {
  let queued: (() => void) | null = null
  return {
    schedule: (fn: () => void) => {
      queued = fn
      return () => (queued = null)
    },
    flush: () => {
      const fn = queued
      queued = null
      fn?.()
    }
  }
}

export const page = (from: number, n: number, shard = 'shardId-000000000000'): DecodedRecord[] =>
  Array.from({ length: n }, (_, i) => rec({ shard, seq: from + i + 1, t: 1000 + (from + i) * 10, json: { i: from + i, even: (from + i) % 2 === 0 } }))

export function setup(options: { startError?: AppError; cap?: number; startPatch?: Partial<ReaderStartResult>; estimate?: ReadEstimate } = {}) {
  const fake = fakeApi(options)
  const clock = manualSchedule()
  const storage = new Map<string, string>()
  if (options.cap !== undefined) storage.set('kinesis-inspector.records.cap', String(options.cap))
  const store = createRecordsStore('OrderStream', shards, {
    api: fake.api,
    schedule: clock.schedule,
    storage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => void storage.set(k, v) }
  })
  const disconnect = store.getState().actions.connect()
  return { store, fake, clock, disconnect, actions: store.getState().actions }
}


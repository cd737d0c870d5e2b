/**
 * The rewind dialog's store with a fake leases api: progress shown only for the request in
 * flight, the typed name sent only when required, a stale dry run dropped when the choice changes,
 * the same dry run tried again after a refusal, Cancel naming the request, Undo; and the wording.
 */
import { describe, expect, it, vi } from 'vitest'
import type { InputOf } from '../../../src/shared/contract'
import type { RewindPlan, RewindProgress } from '../../../src/shared/lease-rewind'
import { createRewindStore } from '../../../src/renderer/src/features/consumers/rewind-store'
import { planSummary, progressText, rereadText, watchText } from '../../../src/renderer/src/features/consumers/rewind-format'

const plan = (confirmNameRequired = true): RewindPlan => ({
  planId: 'plan-1',
  table: 'orders-app',
  stream: 'OrderStream',
  target: { type: 'TRIM_HORIZON' },
  rows: [
    {
      leaseKey: 'shardId-000000000000',
      shardId: 'shardId-000000000000',
      owner: 'worker-a',
      leaseCounter: 3,
      current: '495',
      next: { type: 'sentinel', value: 'TRIM_HORIZON' },
      reread: { type: 'counted', records: 10_000, atLeast: true },
      note: null
    },
    {
      leaseKey: 'shardId-000000000001',
      shardId: 'shardId-000000000001',
      owner: null,
      leaseCounter: 1,
      current: 'LATEST',
      next: null,
      reread: { type: 'none', reason: 'Unchanged' },
      note: 'Closed shard'
    }
  ],
  closedWithoutLease: [],
  watchMs: 20_000,
  getRecordsCalls: 7,
  confirmNameRequired
})

function fakeLeases(options: { refuseFirst?: boolean; confirmNameRequired?: boolean } = {}) {
  let listener: ((p: RewindProgress) => void) | null = null
  const rewinds: InputOf<'leases.rewind'>[] = []
  const cancelled: string[] = []
  let refused = false
  const api = {
    leases: {
      planRewind: vi.fn((input: InputOf<'leases.planRewind'>) => Promise.resolve({ ...plan(options.confirmNameRequired), target: input.target })),
      rewind: vi.fn((input: InputOf<'leases.rewind'>) => {
        rewinds.push(input)
        if (options.refuseFirst === true && !refused) {
          refused = true
          return Promise.reject(Object.assign(new Error('The application is still running'), { code: 'APPLICATION_RUNNING' }))
        }
        return Promise.resolve({ requestId: input.requestId, table: 'orders-app', outcomes: [], rewound: 1, notRewound: 0, backupFile: '/tmp/b.json', backup: { name: 'b.json', json: '{}' }, undoable: true })
      }),
      undoRewind: vi.fn(() => Promise.resolve({ table: 'orders-app', outcomes: [], restored: 1, notRestored: 0 })),
      cancelRewind: vi.fn(({ requestId }: { requestId: string }) => (cancelled.push(requestId), Promise.resolve({ cancelled: true }))),
      onRewindProgress: (l: (p: RewindProgress) => void) => ((listener = l), () => (listener = null))
    }
  }
  return { api, rewinds, cancelled, emit: (p: RewindProgress) => listener?.(p) }
}

const context = { table: 'orders-app', stream: 'OrderStream', chosen: null }

describe('rewind store', () => {
  it('dry run, typed name, rewind, undo; progress only for the request in flight', async () => {
    const fake = fakeLeases()
    const store = createRewindStore(fake.api, context)
    const off = store.getState().actions.connect()
    await store.getState().actions.dryRun({ type: 'TRIM_HORIZON' })
    expect(store.getState().step.type).toBe('planned')
    store.getState().actions.set({ confirmName: 'orders-app' })
    expect(store.getState().step.type).toBe('planned') // typing the name keeps the dry run
    const rewinding = store.getState().actions.rewind()
    const step = store.getState().step
    expect(step.type).toBe('rewinding')
    const requestId = step.type === 'rewinding' ? step.requestId : ''
    fake.emit({ requestId: 'someone-else', phase: 'watching', done: 1, total: 2, renewing: [] })
    expect(store.getState().progress).toBeNull()
    fake.emit({ requestId, phase: 'watching', done: 5000, total: 20_000, renewing: ['worker-a'] })
    expect(store.getState().progress?.done).toBe(5000)
    await rewinding
    expect(fake.rewinds[0]).toEqual({ planId: 'plan-1', requestId, confirmName: 'orders-app' })
    expect(store.getState().step.type).toBe('rewound')
    await store.getState().actions.undo()
    const done = store.getState().step
    expect(done.type === 'rewound' && done.undo?.restored).toBe(1)
    expect(fake.api.leases.undoRewind).toHaveBeenCalledWith({ rewindId: requestId })
    off()
  })

  it('sends no name where none is required, and drops a stale dry run when the choice changes', async () => {
    const fake = fakeLeases({ confirmNameRequired: false })
    const store = createRewindStore(fake.api, context)
    await store.getState().actions.dryRun({ type: 'LATEST' })
    store.getState().actions.set({ targetType: 'TRIM_HORIZON' })
    expect(store.getState().step.type).toBe('choosing')
    await store.getState().actions.dryRun({ type: 'TRIM_HORIZON' })
    await store.getState().actions.rewind()
    expect(fake.rewinds[0]?.confirmName).toBeNull()
  })

  it('after a refusal the same dry run can be tried again; Cancel names the request in flight', async () => {
    const fake = fakeLeases({ refuseFirst: true })
    const store = createRewindStore(fake.api, context)
    await store.getState().actions.dryRun({ type: 'TRIM_HORIZON' })
    store.getState().actions.set({ confirmName: 'orders-app' })
    await store.getState().actions.rewind()
    const refused = store.getState().step
    expect(refused.type === 'error' && refused.plan?.planId).toBe('plan-1')
    const again = store.getState().actions.rewind()
    const step = store.getState().step
    await store.getState().actions.cancel()
    expect(fake.cancelled).toEqual([step.type === 'rewinding' ? step.requestId : 'none'])
    expect(store.getState().cancelling).toBe(true)
    await again
    expect(fake.rewinds).toHaveLength(2)
    expect(fake.rewinds[1]?.planId).toBe('plan-1')
  })
})

describe('rewind wording', () => {
  it('says what the dry run found, the watch and its reason, and each phase', () => {
    expect(planSummary(plan())).toBe(
      'Dry run: 1 of 2 leases change (Trim horizon); at least 10,000 records read again, counted with 7 GetRecords calls. Nothing has been written yet.'
    )
    expect(rereadText({ type: 'counted', records: 4, atLeast: false })).toBe('4')
    expect(rereadText({ type: 'none', reason: 'Same checkpoint' })).toBe('Same checkpoint')
    expect(watchText(20_000)).toContain("for 20 s (twice the KCL's default failover time of 10 s)")
    expect(watchText(2_000)).toContain("for 2 s (as configured; the default is 20 s, twice the KCL's default failover time of 10 s)")
    expect(progressText({ requestId: 'r', phase: 'watching', done: 5000, total: 20_000, renewing: ['worker-a', 'worker-b'] })).toBe(
      'Watching the lease counters: 5 of 20 s — still renewing: worker-a, worker-b…'
    )
    expect(progressText({ requestId: 'r', phase: 'writing', done: 3, total: 4, renewing: [] })).toBe('Writing checkpoints: 3 of 4 leases…')
  })
})

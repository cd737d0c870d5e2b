/**
 * The member columns are filled ahead of use with the keys of the stream's schema, while the page
 * is idle (MemberColumns.warm driven by idleWorker), exactly as a filter pass fills them; then a
 * JSON filter over those keys scans no record text.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { DecodedRecord } from '../../../src/shared/domain'
import type * as JsonScan from '../../../src/shared/filter/json-scan'
import { MemberColumns, UNREAD } from '../../../src/renderer/src/features/records/member-columns'
import { compileFilter, emptyFilter, filterRecords, idleWorker, type IdleDeadline } from '../../../src/renderer/src/features/records/record-filter'
import { addToWindow, type WindowState } from '../../../src/renderer/src/features/records/record-window'
import { createRecordsStore, type RecordsApi } from '../../../src/renderer/src/features/records/records-store'
import type { Events } from '../../../src/shared/contract'
import { shardFixture } from '../../support/shard-fixture'
import { rec, startResult } from './fixtures'

/** Every scan of a record's text, by the filter or the warmer (json-scan.ts memberScan). */
const scans = vi.hoisted(() => ({ count: 0 }))
vi.mock('../../../src/shared/filter/json-scan', async (importOriginal) => {
  const original = await importOriginal<typeof JsonScan>()
  return {
    ...original,
    memberScan: (keys: readonly string[]) => {
      const scan = original.memberScan(keys)
      return (text: string, ranges: Int32Array) => {
        scans.count++
        return scan(text, ranges)
      }
    }
  }
})

beforeEach(() => {
  scans.count = 0
})

const SCHEMA = ['storeId', 'source', 'pizzaId']
const T0 = 1_700_000_000_000
let t = 0

/** JSON objects (some missing keys, keys in other orders, spaces), JSON that is not an object, text, binary. */
function mixed(n: number): DecodedRecord[] {
  return Array.from({ length: n }, (_, i) => {
    const at = T0 + t++
    switch (i % 7) {
      case 0:
        // `late` is past the first records, so not in the schema.
        return rec({ t: at, json: { storeId: 100 + i, source: i % 2 === 0 ? 'web' : 'app', pizzaId: i, note: 'x', ...(i >= 100 ? { late: i % 3 } : {}) } })
      case 1:
        return rec({ t: at, json: { source: 'web', storeId: 140 } }) // no pizzaId
      case 2:
        return rec({ t: at, text: ` { "pizzaId" : 7 , "storeId":[1,2], "source": "w\\u0065b" } `, kind: 'json' })
      case 3:
        return rec({ t: at, json: [1, 2, 3] })
      case 4:
        return rec({ t: at, text: 'storeId = 120, not JSON' })
      case 5:
        return rec({ t: at, text: null, kind: 'binary', data: new Uint8Array([1, 2]) })
      default:
        return rec({ t: at, json: { storeId: i, other: { source: 'nested' } } })
    }
  })
}

/** What one filter pass that reads every key of `keys` writes into fresh columns, per key. */
function filterPass(records: readonly DecodedRecord[], keys: readonly string[]): Int32Array[] {
  const fresh = new MemberColumns()
  // `!=` has no prefilter: every JSON record is scanned.
  const field = keys.map((k) => `${k} != "?"`).join(' and ')
  filterRecords(records, compileFilter({ ...emptyFilter, field }, 'utc', fresh))
  return keys.map((k) => fresh.column(k).slice(0, 2 * records.length))
}

function warmColumns(kept: MemberColumns, records: readonly DecodedRecord[], keys: readonly string[]): Int32Array[] {
  kept.follow(records) // the same records: a no-op after the window changes it followed
  return keys.map((k) => kept.column(k).slice(0, 2 * records.length))
}

/** An idle scheduler run by hand: each run gets a deadline with `slices` checks of time left. */
function fakeIdle() {
  const queued: ((deadline: IdleDeadline) => void)[] = []
  return {
    idle: (work: (deadline: IdleDeadline) => void) => void queued.push(work),
    pending: () => queued.length,
    run(slices = Infinity) {
      let left = slices
      queued.shift()?.({ timeRemaining: () => (left-- > 0 ? 10 : 0.5) })
    },
    runAll() {
      while (queued.length > 0) this.run()
    }
  }
}

describe('the member warmer', () => {
  it('fills the schema keys in idle slices, as a filter pass would, and stops when the deadline runs short', () => {
    const records = mixed(2000)
    const kept = new MemberColumns()
    kept.follow(records)
    const idle = fakeIdle()
    const wake = idleWorker(idle.idle, () => kept.warm(300))
    wake()
    wake() // one run queued, not two
    expect(idle.pending()).toBe(1)
    idle.run(2) // two slices of 300, then the deadline is short
    expect(idle.pending()).toBe(1)
    const partly = kept.column('storeId')
    expect(partly[2 * 595]).not.toBe(UNREAD) // a JSON object
    expect(partly[2 * 602]).toBe(UNREAD) // the same, past the two slices
    idle.runAll()
    expect(warmColumns(kept, records, SCHEMA)).toEqual(filterPass(records, SCHEMA))
    // JSON records have every schema key read; the others are left as a filter leaves them.
    const column = kept.column('pizzaId')
    records.forEach((r, i) => expect(column[2 * i] === UNREAD, `record ${i}`).toBe(r.kind !== 'json'))
  })

  it('follows appends and the oldest dropped at the cap, whether warming was done or halfway', () => {
    const kept = new MemberColumns()
    const idle = fakeIdle()
    const wake = idleWorker(idle.idle, () => kept.warm(300))
    let state: WindowState = { records: [], held: [], dropped: 0 }
    const step = (n: number): void => {
      const change = addToWindow(state, [mixed(n)], 2500, 'drop-oldest')
      state = change.state
      kept.follow(state.records, change)
      wake()
    }
    step(1000)
    idle.runAll()
    step(1000)
    idle.run(1) // halfway through the appended records
    step(1000) // 500 of the oldest dropped
    expect(state.dropped).toBe(500)
    idle.run(3)
    step(700) // 700 more dropped while the first half is warm
    idle.runAll()
    expect(warmColumns(kept, state.records, SCHEMA)).toEqual(filterPass(state.records, SCHEMA))
    // A new window (cleared, a new read): nothing is kept for it until it is warmed again.
    const next = mixed(50)
    kept.follow(next)
    expect(Array.from(kept.column('storeId').slice(0, 100)).every((v) => v === UNREAD)).toBe(true)
    wake()
    idle.runAll()
    expect(warmColumns(kept, next, SCHEMA)).toEqual(filterPass(next, SCHEMA))
  })

  it('a filter over warmed keys scans no record text; a key outside the schema is read as before', () => {
    const records = mixed(1400)
    const kept = new MemberColumns()
    kept.follow(records)
    while (kept.warm(300));
    const reference = (test: (o: Record<string, unknown>) => boolean): number[] =>
      records.flatMap((r, i) => {
        if (r.kind !== 'json' || r.text === null) return []
        const value = JSON.parse(r.text) as unknown
        const object = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
        return test(object) ? [i] : []
      })
    scans.count = 0
    const warm = filterRecords(records, compileFilter({ ...emptyFilter, field: 'storeId >= 140 and source = web and pizzaId exists' }, 'utc', kept))
    expect(scans.count).toBe(0)
    expect(Array.from(warm ?? [])).toEqual(
      reference((o) => typeof o.storeId === 'number' && o.storeId >= 140 && o.source === 'web' && o.pizzaId !== undefined)
    )
    const cold = filterRecords(records, compileFilter({ ...emptyFilter, field: 'late = 1' }, 'utc', kept))
    expect(scans.count).toBeGreaterThan(0)
    expect(Array.from(cold ?? [])).toEqual(reference((o) => o.late === 1))
    // The cold key's column did not push the schema's out.
    scans.count = 0
    filterRecords(records, compileFilter({ ...emptyFilter, field: 'source = app' }, 'utc', kept))
    expect(scans.count).toBe(0)
  })

  it('takes the schema from the first JSON objects, and has nothing to do in a window without them', () => {
    const kept = new MemberColumns()
    const text = Array.from({ length: 40 }, () => rec({ text: 'plain' }))
    kept.follow(text)
    expect(kept.warm(300)).toBe(false)
    const records = [...mixed(40), rec({ t: T0 + t++, json: { after: 1 } })]
    kept.follow(records)
    while (kept.warm(300));
    scans.count = 0
    filterRecords(records, compileFilter({ ...emptyFilter, field: 'note exists' }, 'utc', kept)) // in the first objects
    expect(scans.count).toBe(0)
    filterRecords(records, compileFilter({ ...emptyFilter, field: 'after exists' }, 'utc', kept)) // only past them
    expect(scans.count).toBeGreaterThan(0)
  })

  it('in the records store: batches of a read are warmed while idle, and a filter on the schema then scans nothing', async () => {
    const batchListeners = new Set<(p: Events['reader.batch']) => void>()
    const endedListeners = new Set<(p: Events['reader.ended']) => void>()
    const shards = [shardFixture('shardId-000000000000')]
    const api: RecordsApi = {
      reader: {
        start: () => Promise.resolve(startResult('s1', shards)),
        estimate: () => Promise.reject(new Error('not used')),
        pause: () => Promise.resolve({ state: 'paused' as const }),
        resume: () => Promise.resolve({ state: 'reading' as const }),
        stop: () => Promise.resolve({ state: 'ended' as const }),
        onBatch: (l) => (batchListeners.add(l), () => batchListeners.delete(l)),
        onProgress: () => () => undefined,
        onEnded: (l) => (endedListeners.add(l), () => endedListeners.delete(l))
      }
    }
    const idle = fakeIdle()
    const flushes: (() => void)[] = []
    const store = createRecordsStore('OrderStream', shards, {
      api,
      idle: idle.idle,
      schedule: (fn) => (flushes.push(fn), () => undefined),
      storage: { getItem: () => String(1500), setItem: () => undefined } // cap 1,500: the oldest are dropped
    })
    store.getState().actions.connect()
    await store.getState().actions.start('tail')
    for (let delivery = 1; delivery <= 4; delivery++) {
      batchListeners.forEach((l) => l({ sessionId: 's1', records: mixed(500), delivery }))
      flushes.shift()?.()
      idle.run(1) // some warming between batches
    }
    endedListeners.forEach((l) => l({ sessionId: 's1', reason: 'stopped', delivered: 2000, error: null, search: null }))
    idle.runAll()
    const { records, actions } = store.getState()
    expect(records).toHaveLength(1500)
    scans.count = 0
    actions.setFilter({ field: 'storeId >= 140 and source = web' })
    expect(scans.count).toBe(0)
    const reference = filterRecords(records, compileFilter({ ...emptyFilter, field: 'storeId >= 140 and source = web' }, 'utc'))
    expect(store.getState().filtered).toEqual(reference)
  })
})

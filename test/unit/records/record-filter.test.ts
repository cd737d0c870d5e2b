import { describe, expect, it } from 'vitest'
import type { DecodedRecord } from '../../../src/shared/domain'
import {
  compileFilter,
  createSearchWarmer,
  emptyFilter,
  filterRecords,
  parseRegex,
  searchCacheMisses,
  updateFiltered,
  type FilterSpec
} from '../../../src/renderer/src/features/records/record-filter'
import { addToWindow, compareRecords } from '../../../src/renderer/src/features/records/record-window'
import { rec } from './fixtures'

const T0 = Date.UTC(2026, 10, 25, 18, 30, 0)
const records: DecodedRecord[] = [
  rec({ t: T0, pk: 'store-42', json: { storeId: 42, pizza: { size: 'Large' }, total: 25, status: 'done' } }),
  rec({ t: T0 + 1000, pk: 'store-7', json: { storeId: 7, pizza: { size: 'small' }, total: 8, status: 'open' } }),
  rec({ t: T0 + 2000, pk: 'Store-42', text: 'plain text ORDER o-99 shipped' }),
  rec({ t: T0 + 61_000, pk: 'binary', text: null, kind: 'binary', data: Uint8Array.from([0xf3, 0x89, 0x9a, 0xc2]) }),
  rec({ t: T0 + 120_000, pk: 'store-42', json: { storeId: '42', pizza: { size: 'large' }, total: 30, status: 'done' } })
].sort(compareRecords)

function shown(patch: Partial<FilterSpec>, zone: 'utc' | 'local' = 'utc'): number[] {
  const result = filterRecords(records, compileFilter({ ...emptyFilter, ...patch }, zone))
  return result === null ? records.map((_, i) => i) : Array.from(result)
}

describe('compileFilter', () => {
  it('is inactive when nothing is set: every record is shown', () => {
    const filter = compileFilter(emptyFilter, 'utc')
    expect(filter.active).toBe(false)
    expect(filterRecords(records, filter)).toBeNull()
  })

  it('text contains: case-insensitive over text, partition key and sequence number', () => {
    expect(shown({ text: 'order o-99' })).toEqual([2])
    expect(shown({ text: 'LARGE' })).toEqual([0, 4])
    expect(shown({ text: 'store-4' })).toEqual([0, 2, 4])
    expect(shown({ text: records[1]!.sequenceNumber.slice(-8) })).toEqual([1])
    expect(shown({ text: 'nothing like this' })).toEqual([])
  })

  it('regular expression: case-insensitive by default, /…/flags as written, an invalid one is an error', () => {
    expect(shown({ regex: 'o-\\d+' })).toEqual([2])
    expect(shown({ regex: '"size":"l' })).toEqual([0, 4])
    expect(shown({ regex: '/"size":"L/' })).toEqual([0])
    expect(shown({ regex: '^Store-' })).toEqual([0, 1, 2, 4])
    expect(shown({ regex: '/^Store-/' })).toEqual([2])
    const bad = compileFilter({ ...emptyFilter, regex: 'order(' }, 'utc')
    expect(bad.errors.regex).toMatch(/Unterminated group|missing \)/i)
    expect(bad.active).toBe(false)
    expect(typeof parseRegex('[')).toBe('string')
  })

  it('partition key: contains (case-insensitive) or exactly', () => {
    expect(shown({ partitionKey: 'store-42' })).toEqual([0, 2, 4])
    expect(shown({ partitionKey: 'store-42', partitionKeyMode: 'exact' })).toEqual([0, 4])
    expect(shown({ partitionKey: 'Store-42', partitionKeyMode: 'exact' })).toEqual([2])
  })

  it('JSON field: only JSON records, with the expression semantics', () => {
    expect(shown({ field: 'storeId = 42' })).toEqual([0, 4])
    expect(shown({ field: 'pizza.size contains large' })).toEqual([0, 4])
    expect(shown({ field: 'total > 10' })).toEqual([0, 4])
    expect(shown({ field: 'status != "done"' })).toEqual([1])
    expect(shown({ field: 'storeId = 42 and total >= 30' })).toEqual([4])
    const bad = compileFilter({ ...emptyFilter, field: 'storeId ==' }, 'utc')
    expect(bad.errors.field).toBe('Use = to compare (not ==)')
    expect(bad.active).toBe(false)
  })

  it('time range: from inclusive, to inclusive of the whole minute or second written', () => {
    expect(shown({ from: '2026-11-25T18:30:01' })).toEqual([1, 2, 3, 4])
    expect(shown({ to: '2026-11-25T18:30:01' })).toEqual([0, 1])
    expect(shown({ to: '2026-11-25T18:30' })).toEqual([0, 1, 2])
    expect(shown({ from: '2026-11-25T18:31', to: '2026-11-25T18:31' })).toEqual([3])
    expect(shown({ to: '2026-11-25T18:30:00.500' })).toEqual([0])
    const reversed = compileFilter({ ...emptyFilter, from: '2026-11-25T19:00', to: '2026-11-25T18:00' }, 'utc')
    expect(reversed.errors.to).toMatch(/before its start/)
    expect(compileFilter({ ...emptyFilter, from: 'yesterday' }, 'utc').errors.from).toBe('Not a date and time')
  })

  it('filters combine with AND', () => {
    expect(shown({ text: 'large', partitionKey: 'store-42', field: 'total > 26' })).toEqual([4])
  })
})

describe('updateFiltered: incremental filtering as batches arrive', () => {
  const filter = compileFilter({ ...emptyFilter, text: 'even' }, 'utc')
  const make = (from: number, n: number): DecodedRecord[] =>
    Array.from({ length: n }, (_, i) => rec({ t: T0 + (from + i) * 10, text: (from + i) % 2 === 0 ? 'even' : 'odd' }))

  it('equals a full pass after appends, interleaved merges and drops', () => {
    let state = { records: [] as DecodedRecord[], held: [] as DecodedRecord[], dropped: 0 }
    let indices = filterRecords(state.records, filter) ?? new Uint32Array(0)
    const steps: DecodedRecord[][] = [
      make(0, 10),
      make(10, 10),
      // an older page from another shard: a merge in the middle
      Array.from({ length: 6 }, (_, i) => rec({ shard: 'shardId-000000000001', t: T0 + 55 + i * 20, text: i % 2 === 0 ? 'even' : 'odd' })),
      make(20, 30)
    ]
    for (const batch of steps) {
      const change = addToWindow(state, [batch], 25, 'drop-oldest')
      state = change.state
      indices = updateFiltered(indices, change, state.records, filter)
      expect(Array.from(indices)).toEqual(Array.from(filterRecords(state.records, filter)!))
    }
    expect(state.dropped).toBeGreaterThan(0)
  })
})

describe('records that failed to decode', () => {
  // Latin-1 "café" (E9 is not UTF-8 here) and a truncated gzip body: shown as text with U+FFFD.
  const latin1 = rec({ pk: 'k1', text: null, kind: 'binary', data: Uint8Array.from([...Buffer.from('caf'), 0xe9, ...Buffer.from(' order-77 ORDER')]), decodeError: 'not valid UTF-8 (byte offset 3)' })
  const gzip = rec({ pk: 'k2', text: null, kind: 'binary', data: Uint8Array.from([0x1f, 0x8b, 0x08, 0x00, ...Buffer.from('ab')]), decodeError: 'gzip body is truncated or corrupt: unexpected end of file' })
  const plainBinary = rec({ pk: 'k3', text: null, kind: 'binary', data: Uint8Array.from([0x00, 0x01, ...Buffer.from('order-77')]) })
  const failed = [latin1, gzip, plainBinary].sort(compareRecords)
  const match = (patch: Partial<FilterSpec>): string[] => {
    const result = filterRecords(failed, compileFilter({ ...emptyFilter, ...patch }, 'utc'))
    return Array.from(result ?? []).map((i) => (failed[i] as DecodedRecord).partitionKey)
  }

  it('the text filter finds them by their bytes as text, replacement characters included', () => {
    expect(match({ text: 'order-77' })).toEqual(['k1']) // plain binary has no text to search
    expect(match({ text: 'caf\uFFFD order' })).toEqual(['k1'])
    expect(match({ text: 'ab' })).toEqual(['k2'])
  })

  it('the regex filter too', () => {
    expect(match({ regex: 'order-\\d+ order' })).toEqual(['k1'])
  })
})

describe('the search warmer', () => {
  it('fills the text filter’s cache while the page is idle, so the first keystroke finds it warm', () => {
    const runs: ((deadline: { timeRemaining(): number }) => void)[] = []
    const warmer = createSearchWarmer((work) => runs.push(work), () => 10_000)
    const batch = Array.from({ length: 1200 }, (_, i) => rec({ text: `Order ${i}` }))
    warmer.add(batch)
    expect(runs).toHaveLength(1)
    // An idle slice that ends after the first 500 records: the rest waits for the next one.
    let left = 2
    runs.shift()?.({ timeRemaining: () => (left-- > 0 ? 10 : 0) })
    expect(runs).toHaveLength(1)
    runs.shift()?.({ timeRemaining: () => 10 })
    expect(runs).toHaveLength(0)
    const before = searchCacheMisses()
    expect(filterRecords(batch, compileFilter({ ...emptyFilter, text: 'order 11' }, 'utc'))?.length).toBe(111) // 11, 110-119, 1100-1199
    expect(searchCacheMisses()).toBe(before) // warm
  })

  it('keeps at most the newest `limit` records queued, and forgets them on clear', () => {
    const runs: ((deadline: { timeRemaining(): number }) => void)[] = []
    const warmer = createSearchWarmer((work) => runs.push(work), () => 100)
    const old = Array.from({ length: 100 }, () => rec({ text: 'old' }))
    const recent = Array.from({ length: 100 }, () => rec({ text: 'new' }))
    warmer.add(old)
    warmer.add(recent)
    const before = searchCacheMisses()
    runs.shift()?.({ timeRemaining: () => 10 })
    expect(searchCacheMisses() - before).toBe(100) // only the newest batch
    warmer.add(Array.from({ length: 10 }, () => rec({ text: 'x' })))
    warmer.clear()
    runs.shift()?.({ timeRemaining: () => 10 })
    expect(searchCacheMisses() - before).toBe(100)
  })
})

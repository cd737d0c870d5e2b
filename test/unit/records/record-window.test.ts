import { describe, expect, it } from 'vitest'
import type { DecodedRecord } from '../../../src/shared/domain'
import {
  addToWindow,
  compareRecords,
  compareSequenceNumbers,
  indexOfRecord,
  mergeBatch,
  mergeBatches,
  releaseHeld,
  type WindowState
} from '../../../src/renderer/src/features/records/record-window'
import { rec, shardBatches } from './fixtures'

const ids = (records: readonly DecodedRecord[]): string[] => records.map((r) => r.id)
const sortedCopy = (records: readonly DecodedRecord[]): DecodedRecord[] => [...records].sort(compareRecords)
const empty: WindowState = { records: [], held: [], dropped: 0 }

describe('order', () => {
  it('compares sequence numbers as numbers, whatever their length', () => {
    expect(compareSequenceNumbers('9', '10')).toBeLessThan(0)
    expect(compareSequenceNumbers('49590338271490256608559692538361571095921575989136588898', '49590338271490256608559692538361571095921575989136588899')).toBeLessThan(0)
    expect(compareSequenceNumbers('123', '123')).toBe(0)
  })

  it('sorts by arrival time, then shard, then sequence number, then sub-sequence', () => {
    const a = rec({ shard: 'shardId-000000000001', seq: 5, t: 100 })
    const b = rec({ shard: 'shardId-000000000000', seq: 9, t: 100 })
    const c = rec({ shard: 'shardId-000000000000', seq: 7, t: 100 })
    const d = rec({ shard: 'shardId-000000000000', seq: 7, sub: 1, t: 100 })
    const e = rec({ shard: 'shardId-000000000000', seq: 7, sub: 0, t: 100 })
    const f = rec({ shard: 'shardId-000000000009', seq: 1, t: 99 })
    expect(ids(sortedCopy([a, b, c, d, e, f]))).toEqual(ids([f, c, e, d, b, a]))
  })
})

describe('mergeBatch', () => {
  it('appends a batch newer than the window without touching the window', () => {
    const window = [rec({ t: 1 }), rec({ t: 2 })]
    const batch = [rec({ t: 3 }), rec({ t: 4 })]
    const result = mergeBatch(window, batch)
    expect(result.appended).toBe(true)
    expect(result.firstChanged).toBe(2)
    expect(ids(result.records)).toEqual(ids([...window, ...batch]))
    expect(window).toHaveLength(2) // never mutated
  })

  it('merges an interleaving batch in order, keeping the untouched prefix', () => {
    const window = [rec({ t: 1 }), rec({ t: 3 }), rec({ t: 5 }), rec({ t: 7 })]
    const batch = [rec({ shard: 'shardId-000000000001', t: 4 }), rec({ shard: 'shardId-000000000001', t: 8 })]
    const result = mergeBatch(window, batch)
    expect(result.appended).toBe(false)
    expect(result.firstChanged).toBe(2)
    expect(result.records.map((r) => r.arrivalTime)).toEqual([1, 3, 4, 5, 7, 8])
    expect(result.records[0]).toBe(window[0])
    expect(result.records[1]).toBe(window[1])
  })

  it('sorts a batch that is out of order (only the batch)', () => {
    const result = mergeBatch([], [rec({ t: 3 }), rec({ t: 1 }), rec({ t: 2 })])
    expect(result.records.map((r) => r.arrivalTime)).toEqual([1, 2, 3])
  })

  it('gives the same order as sorting everything, for shards delivered in any interleaving', () => {
    const batches = shardBatches(4, 300)
    // Pages of 37 records, shards taking turns unevenly, as a real read delivers them.
    const pages: DecodedRecord[][] = []
    const cursors = batches.map(() => 0)
    let turn = 0
    while (cursors.some((c, s) => c < (batches[s] as DecodedRecord[]).length)) {
      const s = (turn * 7 + (turn % 3)) % 4
      turn++
      const shard = batches[s] as DecodedRecord[]
      const from = cursors[s] as number
      if (from >= shard.length) continue
      const size = 1 + ((turn * 13) % 37)
      pages.push(shard.slice(from, from + size))
      cursors[s] = from + size
    }
    let window: DecodedRecord[] = []
    for (const page of pages) window = mergeBatch(window, page).records
    expect(ids(window)).toEqual(ids(sortedCopy(batches.flat())))
  })

  it('merges several pending batches at once', () => {
    const [a, b] = shardBatches(2, 50)
    const result = mergeBatches([], [a as DecodedRecord[], b as DecodedRecord[]])
    expect(ids(result.records)).toEqual(ids(sortedCopy([...(a as DecodedRecord[]), ...(b as DecodedRecord[])])))
  })

  it('finds a record by binary search', () => {
    const window = sortedCopy(shardBatches(3, 40).flat())
    const target = window[77] as DecodedRecord
    expect(indexOfRecord(window, target)).toBe(77)
    expect(indexOfRecord(window, rec({ t: 5 }))).toBe(-1)
  })
})

describe('addToWindow: the bounded window', () => {
  const batch = (from: number, n: number): DecodedRecord[] => Array.from({ length: n }, (_, i) => rec({ t: from + i }))

  it('keeps everything under the cap', () => {
    const change = addToWindow(empty, [batch(0, 5)], 10, 'hold')
    expect(change.state.records).toHaveLength(5)
    expect(change.reachedCap).toBe(false)
    expect(change.droppedNow).toBe(0)
  })

  it('a Read (hold) stops at the cap and holds the rest, losing nothing', () => {
    const first = addToWindow(empty, [batch(0, 8)], 10, 'hold')
    const second = addToWindow(first.state, [batch(8, 5)], 10, 'hold')
    expect(second.reachedCap).toBe(true)
    expect(second.state.records.map((r) => r.arrivalTime)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(second.state.held.map((r) => r.arrivalTime)).toEqual([10, 11, 12])
    expect(second.state.dropped).toBe(0)
    // Pages already in flight when the read paused are held too.
    const third = addToWindow(second.state, [batch(13, 2)], 10, 'hold')
    expect(third.state.records).toBe(second.state.records)
    expect(third.state.held).toHaveLength(5)
  })

  it('a Read that fills the window exactly goes on; the next record past the cap pauses it', () => {
    const full = addToWindow(empty, [batch(0, 10)], 10, 'hold')
    expect(full.reachedCap).toBe(false)
    expect(full.state.records).toHaveLength(10)
    const over = addToWindow(full.state, [batch(10, 1)], 10, 'hold')
    expect(over.reachedCap).toBe(true)
    expect(over.state.held).toHaveLength(1)
  })

  it('Live tail (drop-oldest) drops the oldest and counts them', () => {
    const first = addToWindow(empty, [batch(0, 8)], 10, 'drop-oldest')
    const second = addToWindow(first.state, [batch(8, 5)], 10, 'drop-oldest')
    expect(second.state.records.map((r) => r.arrivalTime)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    expect(second.droppedNow).toBe(3)
    expect(second.state.dropped).toBe(3)
    expect(second.firstChanged).toBe(5)
    const third = addToWindow(second.state, [batch(13, 20)], 10, 'drop-oldest')
    expect(third.state.dropped).toBe(23)
    expect(third.state.records.map((r) => r.arrivalTime)).toEqual([23, 24, 25, 26, 27, 28, 29, 30, 31, 32])
    // received = shown + dropped: nothing disappears without a count.
    expect(third.state.records.length + third.state.dropped).toBe(33)
  })

  it('"Continue (drop oldest)" releases the held records and counts what it drops', () => {
    const atCap = addToWindow(empty, [batch(0, 13)], 10, 'hold')
    const released = releaseHeld(atCap.state, 10)
    expect(released.state.held).toHaveLength(0)
    expect(released.state.records.map((r) => r.arrivalTime)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    expect(released.state.dropped).toBe(3)
    expect(released.droppedNow).toBe(3)
  })

  it('lowering the cap drops the oldest with a count', () => {
    const full = addToWindow(empty, [batch(0, 10)], 100, 'hold')
    const lowered = releaseHeld(full.state, 4)
    expect(lowered.state.records.map((r) => r.arrivalTime)).toEqual([6, 7, 8, 9])
    expect(lowered.state.dropped).toBe(6)
    expect(lowered.firstChanged).toBe(4)
  })
})

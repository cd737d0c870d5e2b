import { describe, expect, it } from 'vitest'
import type { ShardInfo } from '../../../src/shared/domain'
import { addDiscovered, childrenReady, planShards } from '../../../src/main/core/reader/shard-plan'
import { defaultTuning, ShardBudget } from '../../../src/main/core/reader/read-budget'
import { maxCallsInWindow } from '../../support/kinesis-proxy'
import { nextLimit } from '../../../src/main/core/reader/read-session'
import { parsePage } from '../../../src/main/core/reader/records-page'
import { shardFixture } from '../../support/shard-fixture'

const shard = (id: string, parents: [string?, string?] = [], open = true): ShardInfo => shardFixture(id, { open, parents })

// A split of A into B and C, then a merge of C and D into E.
const lineage = [shard('A', [], false), shard('D', [], false), shard('B', ['A']), shard('C', ['A'], false), shard('E', ['C', 'D'])]

describe('planShards', () => {
  it('reads from the roots of the lineage for Trim horizon and At timestamp', () => {
    const plan = planShards(lineage, null, { type: 'TRIM_HORIZON' })
    expect(plan.roots).toEqual(['A', 'D'])
    expect([...plan.shards.keys()].sort()).toEqual(['A', 'B', 'C', 'D', 'E'])
  })

  it('reads only open shards for Latest', () => {
    const plan = planShards(lineage, null, { type: 'LATEST' })
    expect(plan.roots.sort()).toEqual(['B', 'E'])
  })

  it('reads the named shard and its descendants for a sequence number', () => {
    const plan = planShards(lineage, null, { type: 'AT_SEQUENCE_NUMBER', sequenceNumber: '5', shardId: 'C' })
    expect(plan.roots).toEqual(['C'])
    expect([...plan.shards.keys()].sort()).toEqual(['C', 'E'])
  })

  it('refuses unknown shards by name', () => {
    expect(() => planShards(lineage, ['A', 'Z'], { type: 'TRIM_HORIZON' })).toThrow(/Not shards of this stream: Z/)
    expect(() => planShards(lineage, null, { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: '5', shardId: 'Q' })).toThrow(/Q is not a shard/)
  })
})

describe('childrenReady', () => {
  it('starts a split child after its parent, a merge child only after both parents', () => {
    const plan = planShards(lineage, null, { type: 'TRIM_HORIZON' })
    expect(childrenReady(plan, new Set(['A']), 'A').sort()).toEqual(['B', 'C'])
    expect(childrenReady(plan, new Set(['A', 'C']), 'C')).toEqual([])
    expect(childrenReady(plan, new Set(['A', 'C', 'D']), 'D')).toEqual(['E'])
  })

  it('a merge child whose other parent is outside the session waits only for the one inside', () => {
    const plan = planShards(lineage, ['C'], { type: 'TRIM_HORIZON' })
    expect(childrenReady(plan, new Set(['C']), 'C')).toEqual(['E'])
  })

  it('takes in children discovered after the session started', () => {
    const plan = planShards([shard('A')], null, { type: 'TRIM_HORIZON' })
    addDiscovered(plan, [shard('A', [], false), shard('B', ['A']), shard('C', ['A']), shard('X')])
    expect([...plan.shards.keys()].sort()).toEqual(['A', 'B', 'C'])
    expect(childrenReady(plan, new Set(['A']), 'A').sort()).toEqual(['B', 'C'])
  })
})

describe('read budget', () => {
  it('spaces draining calls by the call limit and by the bytes a page cost, counted from when Kinesis metered it', () => {
    const budget = new ShardBudget(defaultTuning)
    budget.afterPage(1000, 1050, 10_000, false) // the shortest round trip so far: 50 ms
    expect(budget.waitMs(1000)).toBe(defaultTuning.drainIntervalMs)
    budget.afterPage(1000, 1100, 10 * 1024 * 1024, false) // a 10 MB page
    // Metered at the latest at the answer minus its way back (0.4 of the shortest round trip, at most 20 ms).
    expect(budget.waitMs(1100)).toBeCloseTo(5000 - 20, 6)
  })

  it('is a token bucket: a page charged while the debt of the last is unpaid waits behind it', () => {
    const budget = new ShardBudget(defaultTuning)
    budget.afterPage(0, 10, 2 * 1024 * 1024, false) // free at 6 + 1000
    budget.afterPage(100, 110, 2 * 1024 * 1024, false) // e.g. after a back-off: debt queues
    expect(budget.waitMs(110)).toBeCloseTo(2006 - 110, 6)
  })

  it('never counts a page from before its call left', () => {
    const budget = new ShardBudget({ ...defaultTuning, latencyMarginShare: 1, maxLatencyMarginMs: 1000 })
    budget.afterPage(0, 500, 0, false) // a slow first call: shortest round trip 500 ms
    budget.afterPage(1000, 1100, 2 * 1024 * 1024, false)
    expect(budget.waitMs(1100)).toBe(900) // from 1000 (sent), not from 1100 - 500
  })

  it('through a simulated shard that meters like Kinesis (and the proxy): never throttled, and faster than counting from the answer', () => {
    const simulate = (latencyMarginShare: number, firstServiceMs = 2): { seconds: number; throttled: number; maxCallsInASecond: number } => {
      const budget = new ShardBudget({ ...defaultTuning, latencyMarginShare })
      let seed = 7
      const random = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647)
      let now = 0
      let serverFreeAt = -Infinity
      let throttled = 0
      const calls: number[] = []
      for (let page = 0; page < 400; page++) {
        now += budget.waitMs(now)
        const sentAt = now
        budget.recordCall(sentAt)
        calls.push(sentAt)
        const arrival = sentAt + 0.5 + random() * 2
        const first = page === 0
        const bytes = first ? 200 * 1024 : 4 * 1024 * 1024
        const serviceMs = first ? firstServiceMs : 20 + random() * 250
        const wayBackMs = 25 + random() * 10
        if (arrival < serverFreeAt) {
          throttled++
          now = arrival + wayBackMs
          budget.backOff(now, 500)
          continue
        }
        // Served: the page is metered when the service has it ready (the proxy's rule).
        serverFreeAt = Math.max(serverFreeAt, arrival + serviceMs) + (bytes / defaultTuning.bytesPerSecond) * 1000
        const answeredAt = arrival + serviceMs + wayBackMs
        budget.afterPage(sentAt, answeredAt, bytes, false)
        now = answeredAt + random() * 80 // decoding and delivering the page
      }
      return { seconds: now / 1000, throttled, maxCallsInASecond: maxCallsInWindow(calls) }
    }
    const bucket = simulate(defaultTuning.latencyMarginShare)
    const fromAnswer = simulate(0)
    expect(bucket.throttled).toBe(0)
    expect(bucket.maxCallsInASecond).toBeLessThanOrEqual(5)
    expect(fromAnswer.throttled).toBe(0)
    // Each page no longer waits for its own answer's way back (~30 ms of the ~2.2 s a page takes).
    expect(bucket.seconds).toBeLessThan(fromAnswer.seconds - 400 * 0.005)
    // A service slow even for the first, small call (a busy machine): its round trip is not
    // taken as network, and nothing is throttled either.
    expect(simulate(defaultTuning.latencyMarginShare, 700).throttled).toBe(0)
  })

  it('after a throttle, the shard counts every page from its answer again', () => {
    const budget = new ShardBudget(defaultTuning)
    budget.afterPage(0, 30, 0, false)
    budget.backOff(40, 500, true)
    budget.afterPage(600, 700, 2 * 1024 * 1024, false)
    expect(budget.waitMs(700)).toBe(1000)
  })

  it('waits a second between calls once caught up', () => {
    const budget = new ShardBudget(defaultTuning)
    budget.afterPage(0, 30, 0, true)
    expect(budget.waitMs(30)).toBe(970)
  })

  it('counts the calls of the last second for the meter', () => {
    const budget = new ShardBudget(defaultTuning)
    for (const at of [0, 200, 400, 600, 800]) budget.recordCall(at)
    expect(budget.callsLastSecond(900)).toBe(5)
    expect(budget.callsLastSecond(1300)).toBe(3) // 400, 600, 800
  })

  it('asks for about two seconds of byte budget a page', () => {
    expect(nextLimit(defaultTuning, 100, 100 * 1000, 200)).toBe(Math.floor((2 * defaultTuning.bytesPerSecond) / 1000))
    expect(nextLimit(defaultTuning, 100, 100 * 20, 200)).toBe(10_000) // small records: the API's maximum
    expect(nextLimit(defaultTuning, 2, 2 * 1024 * 1024, 200)).toBe(4) // 1 MiB records: 4 MiB a page
    expect(nextLimit(defaultTuning, 0, 0, 500)).toBe(500)
  })
})

describe('parsePage', () => {
  it('reads the wire format, keeping base64 as sent and times in ms', () => {
    const page = parsePage(
      Buffer.from(
        JSON.stringify({
          Records: [{ SequenceNumber: '49', PartitionKey: 'k', ApproximateArrivalTimestamp: 1764000000.123, Data: Buffer.from('hi').toString('base64') }],
          NextShardIterator: 'next',
          MillisBehindLatest: 42
        })
      )
    )
    expect(page).toMatchObject({ nextShardIterator: 'next', millisBehindLatest: 42, childShards: undefined })
    expect(page.records[0]).toMatchObject({ sequenceNumber: '49', partitionKey: 'k', arrivalTime: 1764000000123, dataBase64: 'aGk=' })
    expect(page.records[0]?.data.toString()).toBe('hi')
  })

  it('a closed shard has no next iterator and may name its children', () => {
    const page = parsePage(Buffer.from(JSON.stringify({ Records: [], MillisBehindLatest: 0, ChildShards: [{ ShardId: 'c', ParentShards: ['p'] }] })))
    expect(page.nextShardIterator).toBeNull()
    expect(page.childShards?.[0]?.ShardId).toBe('c')
  })
})

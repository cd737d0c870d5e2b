import { describe, expect, it } from 'vitest'
import type { ShardInfo } from '../../../src/shared/domain'
import { addDiscovered, childrenReady, planShards } from '../../../src/main/core/reader/shard-plan'
import { defaultTuning, ShardBudget } from '../../../src/main/core/reader/read-budget'
import { maxCallsInWindow } from '../../support/kinesis-proxy'
import { nextLimit, staggeredPageSeconds } from '../../../src/main/core/reader/read-session'
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
  it('spaces draining calls by the call limit and by the bytes a page cost, counted from when its call left plus the latency margin', () => {
    const budget = new ShardBudget(defaultTuning)
    budget.afterPage(1000, 1050, 10_000, false) // the shortest round trip so far: 50 ms
    expect(budget.waitMs(1000)).toBe(defaultTuning.drainIntervalMs)
    budget.afterPage(1000, 1100, 10 * 1024 * 1024, false) // a 10 MB page
    // From 1000 (sent) + 25 (half the shortest round trip, 5–50 ms), behind the first
    // page's 4.8 ms of debt: free at 6029.8.
    expect(budget.waitMs(1100)).toBeCloseTo(1025 + (10_000 / defaultTuning.bytesPerSecond) * 1000 + 5000 - 1100, 6)
  })

  it('is a token bucket: a page charged while the debt of the last is unpaid waits behind it', () => {
    const budget = new ShardBudget(defaultTuning)
    budget.afterPage(0, 10, 2 * 1024 * 1024, false) // margin: half of 10 ms, at least 5 ms: free at 1005
    budget.afterPage(100, 110, 2 * 1024 * 1024, false) // e.g. after a back-off: debt queues
    expect(budget.waitMs(110)).toBeCloseTo(2005 - 110, 6)
  })

  it('never counts a page from after its answer', () => {
    const budget = new ShardBudget({ ...defaultTuning, latencyMarginShare: 1, maxLatencyMarginMs: 1000 })
    budget.afterPage(0, 500, 0, false) // a slow first call: a 500 ms margin
    budget.afterPage(1000, 1100, 2 * 1024 * 1024, false)
    expect(budget.waitMs(1100)).toBe(1000) // from 1100 (answered), not from 1000 + 500
  })

  /**
   * One shard read page after page through a simulated Kinesis: jittery outward and return ways,
   * a service time of 20–270 ms, 4 MB pages. `meterAt`: when the service starts a page's debt,
   * at the call's arrival (AWS's documented rule, and the proxy's default) or once it has
   * served the page (a stricter service).
   */
  const simulate = (meterAt: 'arrival' | 'answer', fromAnswer = false): { seconds: number; share: number; throttled: number; lastThrottledPage: number; maxCallsInASecond: number } => {
    const budget = new ShardBudget(defaultTuning)
    // Three throttles' worth of margin: every page counted from its answer, as before this bucket.
    if (fromAnswer) for (let i = 0; i < 3; i++) budget.backOff(0, 0, true)
    let seed = 7
    const random = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647)
    let now = 0
    let serverFreeAt = -Infinity
    const throttles: number[] = []
    const calls: number[] = []
    let bytesRead = 0
    for (let page = 0; page < 400; page++) {
      now += budget.waitMs(now)
      const sentAt = now
      budget.recordCall(sentAt)
      calls.push(sentAt)
      const arrival = sentAt + 0.5 + random() * 4
      const first = page === 0
      const bytes = first ? 200 * 1024 : 4 * 1024 * 1024
      const serviceMs = first ? 2 : 20 + random() * 250
      const wayBackMs = 25 + random() * 10
      if (arrival < serverFreeAt) {
        throttles.push(page)
        now = arrival + wayBackMs
        budget.backOff(now, 500, true)
        continue
      }
      serverFreeAt = Math.max(serverFreeAt, meterAt === 'arrival' ? arrival : arrival + serviceMs) + (bytes / defaultTuning.bytesPerSecond) * 1000
      bytesRead += bytes
      const answeredAt = arrival + serviceMs + wayBackMs
      budget.afterPage(sentAt, answeredAt, bytes, false)
      now = answeredAt + random() * 80 // decoding and delivering the page
    }
    return {
      seconds: now / 1000,
      share: bytesRead / (now / 1000) / defaultTuning.bytesPerSecond,
      throttled: throttles.length,
      lastThrottledPage: throttles.at(-1) ?? -1,
      maxCallsInASecond: maxCallsInWindow(calls)
    }
  }

  it('through a simulated shard that meters like Kinesis (and the proxy): never throttled, and near the shard ceiling', () => {
    const bucket = simulate('arrival')
    const fromAnswer = simulate('arrival', true)
    expect(bucket.throttled).toBe(0)
    expect(bucket.maxCallsInASecond).toBeLessThanOrEqual(5)
    // The service's time and the round trip are no longer paid on top of each page's 2 s.
    expect(bucket.share).toBeGreaterThan(0.97)
    expect(fromAnswer.throttled).toBe(0)
    expect(fromAnswer.share).toBeLessThan(0.95)
  })

  it('facing a service that counts a page from when it served it: a few throttles, then never again', () => {
    const strict = simulate('answer')
    expect(strict.throttled).toBeGreaterThan(0)
    expect(strict.throttled).toBeLessThanOrEqual(3)
    expect(strict.lastThrottledPage).toBeLessThan(50)
    expect(strict.share).toBeGreaterThan(0.85)
  })

  it('after each throttle, the shard widens its margin four times, up to counting from the answer', () => {
    const budget = new ShardBudget(defaultTuning)
    budget.afterPage(0, 80, 0, false) // margin 40 ms (half of 80)
    budget.backOff(100, 500, true)
    budget.afterPage(600, 700, 2 * 1024 * 1024, false) // 160 ms: past the answer at 700
    expect(budget.waitMs(700)).toBe(1000)
    // The page before a throttle is charged again with the wider margin: its debt started later.
    const again = new ShardBudget(defaultTuning)
    again.afterPage(0, 80, 0, false) // margin 40 ms
    again.afterPage(1000, 1300, 2 * 1024 * 1024, false) // free at 1040 + 1000
    again.backOff(2050, 50, true) // margin 160 ms: free at 1160 + 1000, after the back-off's 2100
    expect(again.waitMs(2050)).toBe(2160 - 2050)
    const wide = new ShardBudget(defaultTuning)
    wide.afterPage(0, 1000, 0, false) // a slow first call: margin 50 ms (at most)
    wide.backOff(1000, 500, true)
    wide.afterPage(2000, 3000, 2 * 1024 * 1024, false)
    expect(wide.waitMs(3000)).toBe(2000 + 200 + 1000 - 3000)
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

  it('staggers the shards: the first full page of each of four asks for 2, 1.5, 1 and 0.5 s of budget', () => {
    expect([0, 1, 2, 3].map((i) => staggeredPageSeconds(i, 4))).toEqual([2, 1.5, 1, 0.5])
    expect(staggeredPageSeconds(0, 1)).toBe(2)
    // Fed to nextLimit: 1 KB records, 4 MiB then 1 MiB pages.
    expect(nextLimit(defaultTuning, 100, 100 * 1024, 200, staggeredPageSeconds(3, 4))).toBe(1024)
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

  it('meters data plus partition keys in bytes, as Kinesis does (a key of 10 × é is 20 bytes)', () => {
    const record = (key: string): object => ({ SequenceNumber: '1', PartitionKey: key, ApproximateArrivalTimestamp: 1, Data: Buffer.from('abc').toString('base64') })
    const page = parsePage(Buffer.from(JSON.stringify({ Records: [record('é'.repeat(10)), record('k')], NextShardIterator: 'n' })))
    expect(page).toMatchObject({ count: 2, meteredBytes: 3 + 20 + 3 + 1 })
  })

  it('a closed shard has no next iterator and may name its children', () => {
    const page = parsePage(Buffer.from(JSON.stringify({ Records: [], MillisBehindLatest: 0, ChildShards: [{ ShardId: 'c', ParentShards: ['p'] }] })))
    expect(page.nextShardIterator).toBeNull()
    expect(page.childShards?.[0]?.ShardId).toBe('c')
  })
})

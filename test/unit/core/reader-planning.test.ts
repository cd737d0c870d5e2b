import { describe, expect, it } from 'vitest'
import type { ShardInfo } from '../../../src/shared/domain'
import { addDiscovered, childrenReady, planShards } from '../../../src/main/core/reader/shard-plan'
import { defaultTuning, ShardBudget } from '../../../src/main/core/reader/read-budget'
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
  it('spaces draining calls by the call limit and by the bytes a page cost', () => {
    const budget = new ShardBudget(defaultTuning)
    budget.afterPage(1000, 1050, 10_000, false)
    expect(budget.waitMs(1000)).toBe(defaultTuning.drainIntervalMs)
    budget.afterPage(1000, 1100, 10 * 1024 * 1024, false) // a 10 MB page
    expect(budget.waitMs(1100)).toBe(5000) // 10 MiB at 2 MiB/s, counted from the answer
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

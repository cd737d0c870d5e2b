/**
 * The last record before a time, over a shard held in memory that answers GetShardIterator
 * (AT_TIMESTAMP as Kinesis does: the first record arriving at or after it; TRIM_HORIZON) and
 * GetRecords pages: a property over random shards and times (arrivals non-decreasing, many in the
 * same millisecond, gaps of hours, records older than the 24 h window), and the call cap.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { StartPosition } from '../../../src/shared/domain'
import type { PolitePager } from '../../../src/main/core/consumers/polite-pager'
import { recordBeforeTime } from '../../../src/main/core/consumers/record-before-time'
import type { PageRecord, RecordsPage } from '../../../src/main/core/reader/records-page'

const record = (i: number, arrivalTime: number): PageRecord => ({
  sequenceNumber: String(49_000_000_000n + BigInt(i) * 7n),
  partitionKey: 'k',
  arrivalTime,
  dataBase64: '',
  data: Buffer.alloc(0)
})

/** A shard in memory, paged as GetRecords pages it, with a cap on GetRecords calls like the real pager's. */
function memoryPager(records: PageRecord[], cap = 1000, pageSize = Infinity): PolitePager & { calls: number } {
  let at: number | null = null
  const pager = {
    shardId: 'shardId-000000000000',
    calls: 0,
    get exhausted() {
      return pager.calls >= cap
    },
    open(position: StartPosition) {
      if (position.type === 'TRIM_HORIZON') at = 0
      else if (position.type === 'AT_TIMESTAMP') {
        const i = records.findIndex((r) => r.arrivalTime >= position.timestamp)
        at = i === -1 ? records.length : i
      } else throw new Error(`not used here: ${position.type}`)
      return Promise.resolve()
    },
    next(limit: number): Promise<RecordsPage | null> {
      if (at === null || pager.exhausted) return Promise.resolve(null)
      pager.calls += 1
      const page = records.slice(at, at + Math.min(limit, pageSize))
      at += page.length
      const atEnd = at >= records.length
      return Promise.resolve({ records: page, count: page.length, meteredBytes: 0, nextShardIterator: 'it', millisBehindLatest: atEnd ? 0 : 1000, childShards: undefined })
    }
  }
  return pager as unknown as PolitePager & { calls: number }
}

const HOUR = 3_600_000

describe('recordBeforeTime', () => {
  it('is the record just before the first at or after T (TRIM_HORIZON when there is none)', async () => {
    const shard = fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 30 * HOUR })), { maxLength: 60 })
    await fc.assert(
      fc.asyncProperty(shard, fc.integer({ min: -HOUR, max: 40 * HOUR }), fc.integer({ min: 1, max: 5 }), async (gaps, offset, pageSize) => {
        let t = 1_700_000_000_000
        const records = gaps.map((gap, i) => record(i, (t += gap)))
        const time = 1_700_000_000_000 + offset
        const first = records.findIndex((r) => r.arrivalTime >= time)
        const before = first === -1 ? records.at(-1) : records[first - 1]
        const { before: found, firstAtOrAfter } = await recordBeforeTime(memoryPager(records, 1000, pageSize), time)
        expect(firstAtOrAfter?.sequenceNumber ?? null).toBe(first === -1 ? null : (records[first]?.sequenceNumber ?? null))
        if (before === undefined) expect(found).toEqual({ type: 'none-before' })
        else expect(found).toEqual({ type: 'record', sequenceNumber: before.sequenceNumber, arrivalTime: before.arrivalTime })
      }),
      { numRuns: 300 }
    )
  })

  it('a dense shard costs two GetRecords: one at T, one from T − 1 s', async () => {
    const records = Array.from({ length: 5000 }, (_, i) => record(i, 1_700_000_000_000 + i))
    const pager = memoryPager(records)
    const { before } = await recordBeforeTime(pager, 1_700_000_002_500)
    expect(before).toMatchObject({ type: 'record', sequenceNumber: records[2499]?.sequenceNumber })
    expect(pager.calls).toBe(2)
  })

  it('says so when the cap is spent before the record is found, instead of guessing', async () => {
    const records = Array.from({ length: 100 }, (_, i) => record(i, 1_700_000_000_000 + i))
    const { before } = await recordBeforeTime(memoryPager(records, 3, 1), 1_700_000_000_090)
    expect(before).toEqual({
      type: 'unresolved',
      reason: 'Could not find the last record before the time on shardId-000000000000 within the read budget of the dry run; left unchanged'
    })
  })

  it('a record that arrives at or after T while the dry run reads is never taken for the one before T', async () => {
    const time = 1_700_000_010_000
    const records = Array.from({ length: 3 }, (_, i) => record(i, time - 5_000 + i))
    const pager = memoryPager(records)
    const next = pager.next.bind(pager)
    // The shard has nothing at or after T when asked first; a record put at T + 5 ms lands right after.
    pager.next = async (limit) => {
      const page = await next(limit)
      if (records.length === 3) records.push(record(3, time + 5))
      return page
    }
    const { before, firstAtOrAfter } = await recordBeforeTime(pager, time)
    expect(firstAtOrAfter).toBeNull()
    expect(before).toEqual({ type: 'record', sequenceNumber: records[2]?.sequenceNumber, arrivalTime: records[2]?.arrivalTime })
  })
})

/**
 * Records up to 10 MiB: the limits every check follows (the stream's MaxRecordSizeInKiB, the
 * PutRecords call's 10 MiB), the bulk sender with multi-MiB records on a manual clock, and the
 * read budget's charge for a 10 MiB page.
 */
import { describe, expect, it } from 'vitest'
import { BulkSender, type CallOutcome, type RecordSource, type SendItem } from '../../../src/main/core/producer/bulk-sender'
import { replayableRecords, tooLargeRecords } from '../../../src/main/core/producer/record-limits'
import { defaultTuning, ShardBudget } from '../../../src/main/core/reader/read-budget'
import { AppFailure } from '../../../src/shared/errors'
import {
  MAX_BATCH_BYTES,
  maxRecordBytesOf,
  maxRecordSizeProblem,
  recordLimitText,
  recordSizeHint,
  recordSizeProblem,
  type ProducerReport,
  type ReplayRecord
} from '../../../src/shared/producer'
import { ManualClock } from './manual-clock'

const MiB = 1024 * 1024

describe('record limits', () => {
  it('follow the stream: MaxRecordSizeInKiB 1,024–10,240, absent means 1 MiB, and say the limit', () => {
    expect(maxRecordBytesOf(undefined)).toBe(MiB)
    expect(maxRecordBytesOf(10240)).toBe(10 * MiB)
    expect([1024, 5000, 10240].map(maxRecordSizeProblem)).toEqual([null, null, null])
    expect([1023, 10241, 2048.5].map((kib) => maxRecordSizeProblem(kib) !== null)).toEqual([true, true, true])
    expect(recordLimitText(MiB)).toBe('1 MiB (1,048,576 bytes)')
    expect(recordLimitText(5000 * 1024)).toBe('5,000 KiB (5,120,000 bytes)')
    expect(recordSizeProblem(3 * MiB, 'k', MiB, 'Orders')).toBe(
      'Stream Orders takes records of at most 1 MiB (1,048,576 bytes) of data plus partition key; this one is 3,145,729 bytes.'
    )
    expect(recordSizeProblem(6 * MiB, 'k', 10 * MiB, 'Big')).toBeNull()
    expect(recordSizeProblem(10 * MiB, 'k')).toMatch(/at most 10 MiB \(10,485,760 bytes\) .*the most any stream takes; this one is 10,485,761 bytes/)
    expect(recordSizeHint(MiB)).toMatch(/Raise the stream's maximum record size/)
    expect(recordSizeHint(10 * MiB)).not.toMatch(/Raise/)
  })

  it('a replay with any record over the target stream’s limit is refused whole, naming the limit, how many and the first', () => {
    const fits = [record(10), record(6 * MiB)]
    expect(replayableRecords(fits, 10 * MiB, 'Big', false)).toBe(fits)
    expect(tooLargeRecords(fits, 10 * MiB)).toBeNull()
    const error = refusal(() => replayableRecords([record(10), record(6 * MiB), record(2 * MiB)], MiB, 'Orders', false))
    expect(error.toJSON()).toMatchObject({
      code: 'INVALID_INPUT',
      message:
        'Stream Orders takes records of at most 1 MiB (1,048,576 bytes) of data plus partition key; 2 of the 3 records to replay are larger (the first is record 2, 6,291,457 bytes). Nothing was sent.',
      hint: expect.stringMatching(/Raise the stream's maximum record size.*Skip them, in the dry run/) as unknown
    })
  })

  it('counts the records over the limit for the dry run, at the limit exactly as fitting, and skips them when asked', () => {
    // Data plus the 1-byte key: MiB - 1 of data is exactly at the limit.
    const records = [record(10), record(MiB - 1), record(MiB), record(3 * MiB), record(20)]
    expect(tooLargeRecords(records, MiB)).toEqual({ count: 2, maxRecordBytes: MiB, firstIndex: 2, firstBytes: MiB + 1 })
    const kept = replayableRecords(records, MiB, 'Orders', true)
    expect(kept).toEqual([records[0], records[1], records[4]])
    const none = refusal(() => replayableRecords([record(2 * MiB)], MiB, 'Orders', true))
    expect(none.message).toBe(
      'Stream Orders takes records of at most 1 MiB (1,048,576 bytes) of data plus partition key; 1 of the 1 records to replay is larger (the first is record 1, 2,097,153 bytes). None is left to send.'
    )
  })
})

function record(bytes: number): ReplayRecord {
  return { partitionKey: 'k', explicitHashKey: null, dataBase64: Buffer.alloc(bytes).toString('base64') }
}

function refusal(act: () => unknown): AppFailure {
  try {
    act()
  } catch (error) {
    if (error instanceof AppFailure) return error
    throw error
  }
  throw new Error('expected a refusal')
}

/** Records of the given sizes, one key each, all on one shard. */
function sized(sizes: number[]): RecordSource {
  let i = 0
  return {
    next(): SendItem | null {
      const size = sizes[i]
      if (size === undefined) return null
      const index = i++
      return { index, records: 1, partitionKey: `k${index}`, explicitHashKey: null, data: new Uint8Array(size), orderKey: `k${index}`, shardId: 's0' }
    }
  }
}

function runLarge(sizes: number[], maxRecordBytes: number) {
  const clock = new ManualClock()
  const calls: { at: number; bytes: number; records: number }[] = []
  let report: ProducerReport | null = null
  const put = (items: readonly SendItem[]): Promise<CallOutcome> => {
    calls.push({ at: clock.now(), records: items.length, bytes: items.reduce((n, i) => n + i.data.byteLength + i.partitionKey.length, 0) })
    return Promise.resolve({ kind: 'answered', entries: items.map((item) => ({ ok: true as const, shardId: item.shardId, sequenceNumber: String(item.index) })) })
  }
  const sender = new BulkSender({
    jobId: 'large',
    kind: 'replay',
    clock,
    putRecords: put,
    source: sized(sizes),
    total: sizes.length,
    ratePerSecond: null,
    maxRecordBytes,
    progress: () => undefined,
    ended: (r) => (report = r)
  })
  sender.start()
  return { clock, calls, finish: async () => (await clock.runUntil(() => report !== null, 60_000), report as unknown as ProducerReport) }
}

describe('the bulk sender with records over 1 MiB', () => {
  it('sends a 6 MiB record at once (the large-record burst), then paces the shard at 1 MiB/s; no call over 10 MiB', async () => {
    const r = runLarge([6 * MiB, 6 * MiB, 1000, 3 * MiB], 10 * MiB)
    const report = await r.finish()
    expect(report).toMatchObject({ reason: 'completed', sent: 4, failed: 0, unknown: 0, notSent: 0 })
    expect(r.calls[0]).toMatchObject({ at: 0, records: 1 })
    for (const call of r.calls) expect(call.bytes).toBeLessThanOrEqual(MAX_BATCH_BYTES)
    expect(MAX_BATCH_BYTES).toBe(10 * MiB)
    // The bucket started with 9 MiB of burst over its 0.2 s; after 6 MiB it needs ~2.8 s more for
    // the next 6 MiB record: the shard's 1 MiB/s, not a stall and not a burst past it.
    const second = r.calls.find((c) => c.bytes >= 6 * MiB && c.at > 0)
    expect(second?.at).toBeGreaterThanOrEqual(2700)
    expect(second?.at).toBeLessThanOrEqual(3000)
    const total = r.calls.reduce((n, c) => n + c.bytes, 0)
    const last = r.calls.at(-1)?.at ?? 0
    // Everything past the first burst went at no more than the shard's 1 MiB/s.
    expect(total - 9.2 * MiB).toBeLessThanOrEqual((last / 1000) * MiB + 1)
  })

  it('on a 1 MiB stream nothing changes: a 1 MiB record still fits the bucket', async () => {
    const r = runLarge([MiB - 2, MiB - 2], MiB)
    expect(await r.finish()).toMatchObject({ reason: 'completed', sent: 2 })
  })
})

describe('the read budget', () => {
  it('charges a 10 MiB page five seconds of the shard’s 2 MiB/s, counted from its call', () => {
    const budget = new ShardBudget(defaultTuning)
    expect(defaultTuning.bytesPerSecond).toBe(2 * MiB)
    budget.afterPage(0, 40, 10 * MiB, false) // margin: half the 40 ms round trip
    expect(budget.waitMs(40)).toBeCloseTo(20 + 5000 - 40, 6)
    // The next 10 MiB page, called once that debt is paid, costs another five seconds.
    budget.afterPage(5020, 5060, 10 * MiB, false)
    expect(budget.waitMs(5060)).toBeCloseTo(5020 + 20 + 5000 - 5060, 6)
  })
})

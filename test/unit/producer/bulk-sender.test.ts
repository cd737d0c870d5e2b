/**
 * The bulk sender's ordering, retry and accounting rules, against a fake stream on a manual
 * clock: every run is exactly repeatable, and fast-check tries many failure patterns.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  BulkSender,
  type CallOutcome,
  type EntryResult,
  type RecordSource,
  type SendItem,
  type SenderTuning
} from '../../../src/main/core/producer/bulk-sender'
import type { ProducerProgress, ProducerReport } from '../../../src/shared/producer'
import { ManualClock } from './manual-clock'

interface Given {
  key: string
  shard: string
}

function source(records: Given[]): RecordSource {
  let i = 0
  return {
    next(): SendItem | null {
      const r = records[i]
      if (r === undefined) return null
      const index = i++
      return { index, records: 1, partitionKey: r.key, explicitHashKey: null, data: Buffer.from(String(index)), orderKey: r.key, shardId: r.shard }
    }
  }
}

type Decide = (item: SendItem, attempt: number, call: number) => EntryResult | 'hang'

/** A stream that appends what it accepts, per shard, in the order it accepts it. */
function fakeStream(decide: Decide) {
  const written: SendItem[] = []
  const attempts = new Map<number, number>()
  const calls: number[][] = []
  const put = (items: readonly SendItem[]): Promise<CallOutcome> => {
    const call = calls.length
    calls.push(items.map((i) => i.index))
    const decided = items.map((item) => {
      const attempt = (attempts.get(item.index) ?? 0) + 1
      attempts.set(item.index, attempt)
      return decide(item, attempt, call)
    })
    if (decided.includes('hang')) return new Promise<CallOutcome>(() => undefined)
    const entries = decided as EntryResult[]
    entries.forEach((result, i) => {
      if (result.ok) written.push(items[i] as SendItem)
    })
    return Promise.resolve({ kind: 'answered', entries })
  }
  return { put, written, attempts, calls }
}

const ok = (item: SendItem): EntryResult => ({ ok: true, shardId: item.shardId, sequenceNumber: String(item.index) })
const throttled: EntryResult = { ok: false, errorCode: 'ProvisionedThroughputExceededException', errorMessage: 'Rate exceeded for shard' }
const internal: EntryResult = { ok: false, errorCode: 'InternalFailure', errorMessage: 'Internal service failure.' }

function run(records: Given[], put: (items: readonly SendItem[]) => Promise<CallOutcome>, tuning: Partial<SenderTuning> = {}, rate: number | null = null) {
  const clock = new ManualClock()
  const progress: ProducerProgress[] = []
  let report: ProducerReport | null = null
  const sender = new BulkSender({
    jobId: 'job',
    kind: 'bulk',
    clock,
    putRecords: put,
    source: source(records),
    total: records.length,
    ratePerSecond: rate,
    tuning,
    progress: (p) => progress.push(p),
    ended: (r) => (report = r)
  })
  sender.start()
  return {
    clock,
    sender,
    progress,
    report: (): ProducerReport | null => report,
    finish: async (): Promise<ProducerReport> => {
      await clock.runUntil(() => report !== null)
      return report as unknown as ProducerReport
    }
  }
}

function expectAccounted(report: ProducerReport): void {
  expect(report.sent + report.failed + report.unknown + report.notSent).toBe(report.requested)
}

/** Per key, the stream holds the key's records in the order they were given. */
function expectPerKeyOrder(written: SendItem[]): void {
  const byKey = new Map<string, number[]>()
  for (const item of written) byKey.set(item.partitionKey, [...(byKey.get(item.partitionKey) ?? []), item.index])
  for (const indexes of byKey.values()) expect(indexes).toEqual([...indexes].sort((a, b) => a - b))
}

const records = (n: number, keys: number, shards = 4): Given[] =>
  Array.from({ length: n }, (_, i) => ({ key: `k${i % keys}`, shard: `s${(i % keys) % shards}` }))

describe('the bulk sender', () => {
  it('sends every record once, in batches of at most 500, and reports per-shard counts', async () => {
    const stream = fakeStream((item) => ok(item))
    const r = run(records(2000, 2000), stream.put)
    const report = await r.finish()
    expect(report).toMatchObject({ reason: 'completed', requested: 2000, sent: 2000, failed: 0, unknown: 0, notSent: 0 })
    expect(report.perShard).toEqual(['s0', 's1', 's2', 's3'].map((shardId) => ({ shardId, records: 500 })))
    expect(stream.written).toHaveLength(2000)
    expect(Math.max(...stream.calls.map((c) => c.length))).toBeLessThanOrEqual(500)
  })

  it('the last progress before the report carries the final counts, however soon after the last tick the run ends', async () => {
    const stream = fakeStream((item, attempt) => (item.index === 1 && attempt === 1 ? throttled : ok(item)))
    const r = run(records(12, 4), stream.put)
    const report = await r.finish()
    expect(r.clock.now()).toBeLessThan(250) // ended before the first progress tick
    expect(r.progress.at(-1)).toMatchObject({ sent: report.sent, failed: report.failed, unknown: report.unknown, retrying: 0, throttled: 1 })
  })

  it('keeps at most one record of a key in flight: a fixed key goes one call at a time', async () => {
    const stream = fakeStream((item) => ok(item))
    const r = run(records(20, 1), stream.put)
    await r.finish()
    expect(stream.calls.every((c) => c.length === 1)).toBe(true)
    expect(stream.written.map((i) => i.index)).toEqual(Array.from({ length: 20 }, (_, i) => i))
  })

  it('resends only the failed entries, and a retry goes before any later record of its key', async () => {
    // Record 1 (key k1) is throttled twice; records 5 and 9 have key k1 too.
    const stream = fakeStream((item, attempt) => (item.index === 1 && attempt <= 2 ? throttled : ok(item)))
    const r = run(records(12, 4), stream.put)
    const report = await r.finish()
    expect(report).toMatchObject({ sent: 12, failed: 0 })
    expect(stream.attempts.get(1)).toBe(3)
    for (const [index, count] of stream.attempts) if (index !== 1) expect(count).toBe(1)
    expect(stream.written.filter((i) => i.partitionKey === 'k1').map((i) => i.index)).toEqual([1, 5, 9])
    expect(r.progress.some((p) => p.throttled >= 1)).toBe(true)
  })

  it('per-key order holds under any pattern of partial failures (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 150 }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 150, maxLength: 150 }),
        fc.boolean(),
        async (n, keys, failTimes, throttle) => {
          // Record i fails its first failTimes[i] attempts, then lands.
          const stream = fakeStream((item, attempt) => (attempt <= (failTimes[item.index] ?? 0) ? (throttle ? throttled : internal) : ok(item)))
          const r = run(records(n, keys), stream.put, { backoffMs: 5, maxBackoffMs: 40 })
          const report = await r.finish()
          expect(report).toMatchObject({ sent: n, failed: 0, unknown: 0, notSent: 0 })
          expect(new Set(stream.written.map((i) => i.index)).size).toBe(n)
          expectPerKeyOrder(stream.written)
        }
      ),
      { numRuns: 60 }
    )
  })

  it('gives each record a final error with its code after the retry time limit', async () => {
    const stream = fakeStream(() => throttled)
    const r = run(records(30, 30), stream.put, { retryTimeLimitMs: 3000 })
    const report = await r.finish()
    expect(report).toMatchObject({ sent: 0, failed: 30, unknown: 0, notSent: 0 })
    expect(report.failures).toHaveLength(30)
    expect(new Set(report.failures.map((f) => f.errorCode))).toEqual(new Set(['ProvisionedThroughputExceededException']))
    expect(report.durationMs).toBeGreaterThanOrEqual(3000)
    expectAccounted(report)
  })

  it('counts a call that never answers as outcome unknown and never resends it', async () => {
    const stream = fakeStream((item, _attempt, call) => (call === 0 ? 'hang' : ok(item)))
    const r = run(records(10, 10), stream.put, { callTimeoutMs: 1000 })
    const report = await r.finish()
    const first = stream.calls[0] ?? []
    expect(first.length).toBeGreaterThan(0)
    expect(report.unknown).toBe(first.length)
    expect(report.sent).toBe(10 - first.length)
    for (const index of first) expect(stream.attempts.get(index)).toBe(1)
    expectAccounted(report)
  })

  it('cancel stops within the grace period, and reports exactly what was sent', async () => {
    let hang = false
    const stream = fakeStream((item) => (hang ? 'hang' : ok(item)))
    const r = run(records(5000, 5000), stream.put)
    await r.clock.runUntil(() => stream.written.length >= 500)
    hang = true
    await r.clock.advance(50)
    const cancelledAt = r.clock.now()
    expect(r.sender.cancel()).toBe('cancelling')
    const report = await r.finish()
    expect(r.clock.now() - cancelledAt).toBeLessThanOrEqual(1000)
    expect(report.reason).toBe('cancelled')
    expect(report.sent).toBe(stream.written.length)
    expect(report.notSent).toBeGreaterThan(0)
    expectAccounted(report)
  })

  it('paces each shard to its limit, and a throttled shard slows alone while the others keep going', async () => {
    // Shard s0 refuses everything for the first 2 seconds; the others take all.
    let now = (): number => 0
    const stream = fakeStream((item) => (item.shardId === 's0' && now() < 2000 ? throttled : ok(item)))
    const r = run(records(8000, 8000), stream.put)
    now = () => r.clock.now()
    await r.clock.advance(1990)
    const byShard = (shard: string): number => stream.written.filter((i) => i.shardId === shard).length
    expect(byShard('s0')).toBe(0)
    // About 1,000 records a second each on the other three (the token bucket's burst on top).
    for (const shard of ['s1', 's2', 's3']) {
      expect(byShard(shard)).toBeGreaterThanOrEqual(1790)
      expect(byShard(shard)).toBeLessThanOrEqual(2300)
    }
    const report = await r.finish()
    expect(report.sent).toBe(8000)
  })

  it('keeps to a chosen rate', async () => {
    const stream = fakeStream((item) => ok(item))
    const r = run(records(1000, 1000), stream.put, {}, 100)
    await r.clock.advance(5000)
    expect(stream.written.length).toBeGreaterThanOrEqual(480)
    expect(stream.written.length).toBeLessThanOrEqual(560)
  })

  it('a fatal error ends the job with the error named, the rest not sent', async () => {
    const put = (): Promise<CallOutcome> =>
      Promise.resolve({ kind: 'fatal', errorCode: 'KMSDisabledException', error: { code: 'KMS_KEY_UNUSABLE', message: 'key disabled' } })
    const r = run(records(2000, 2000), put)
    const report = await r.finish()
    expect(report.reason).toBe('failed')
    expect(report.error?.code).toBe('KMS_KEY_UNUSABLE')
    expect(report.failures[0]?.errorCode).toBe('KMSDisabledException')
    expect(report.notSent).toBeGreaterThan(0)
    expectAccounted(report)
  })

  it('"until stopped" sends until cancelled, pulls only a bounded window ahead, and reports what it generated', async () => {
    const clock = new ManualClock()
    let pulled = 0
    const endless: RecordSource = {
      next: () => {
        const index = pulled++
        return { index, records: 1, partitionKey: `k${index}`, explicitHashKey: null, data: Buffer.from('x'), orderKey: `k${index}`, shardId: `s${index % 2}` }
      }
    }
    const stream = fakeStream((item) => ok(item))
    let report: ProducerReport | null = null
    const sender = new BulkSender({ jobId: 'j', kind: 'bulk', clock, putRecords: stream.put, source: endless, total: null, ratePerSecond: null, progress: () => undefined, ended: (r) => (report = r) })
    sender.start()
    await clock.advance(3000)
    expect(stream.written.length).toBeGreaterThanOrEqual(5000) // two shards at about 1,000 a second each
    expect(pulled - stream.written.length).toBeLessThanOrEqual(4 * 500 + 500)
    sender.cancel()
    await clock.runUntil(() => report !== null)
    const final = report as unknown as ProducerReport
    expect(final).toMatchObject({ reason: 'cancelled', requested: pulled, sent: stream.written.length, failed: 0, unknown: 0 })
    expectAccounted(final)
  })
})

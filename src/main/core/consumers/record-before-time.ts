/**
 * The last record of a shard before a time T: the checkpoint that makes a KCL application resume
 * at the first record at or after T (a checkpoint means "processed up to and including").
 *
 * GetShardIterator AT_TIMESTAMP T gives the first record at or after T (call it R), never the one
 * before it, and Kinesis cannot read backwards. So: one GetRecords at T finds R; then windows that
 * start ever earlier (T − 1 s, 10 s, 1 min, 10 min, 1 h, 6 h, 24 h, then the trim horizon) are read
 * forward until R (or, with no R, to the tip). The first window holding any record before R gives
 * the answer: the last record read before R is R's predecessor, because the read was contiguous.
 * The trim-horizon window finding nothing means nothing before T is left in retention.
 *
 * Cost per shard: a GetShardIterator per window tried and the GetRecords to read that window up to
 * R — usually two GetRecords on a busy shard (the 1 s window), and never more than the pager's cap,
 * paced by the shard's read budget. A shard that needs more is reported, not guessed.
 */
import type { PageRecord } from '../reader/records-page'
import { atTip, type PolitePager } from './polite-pager'

const WINDOWS_MS = [1_000, 10_000, 60_000, 600_000, 3_600_000, 21_600_000, 86_400_000]
const PAGE_LIMIT = 10_000

export type RecordBefore =
  | { type: 'record'; sequenceNumber: string; arrivalTime: number }
  /** Nothing before T in retention (or the shard is empty): the application starts at the trim horizon. */
  | { type: 'none-before' }
  | { type: 'unresolved'; reason: string }

export interface ResolvedBefore {
  before: RecordBefore
  /** The first record at or after T, if the shard has one yet. */
  firstAtOrAfter: { sequenceNumber: string; arrivalTime: number } | null
}

const seq = (s: string): bigint => BigInt(s)

export async function recordBeforeTime(pager: PolitePager, time: number): Promise<ResolvedBefore> {
  const firstAtOrAfter = await firstRecordAt(pager, time)
  if (firstAtOrAfter === 'unresolved') return { before: capReached(pager), firstAtOrAfter: null }
  const bound = firstAtOrAfter === null ? null : seq(firstAtOrAfter.sequenceNumber)
  const windows: (number | null)[] = [...WINDOWS_MS, null]
  for (const window of windows) {
    await pager.open(window === null ? { type: 'TRIM_HORIZON' } : { type: 'AT_TIMESTAMP', timestamp: Math.max(0, time - window) })
    const last = await lastBefore(pager, bound, time)
    if (last === 'unresolved') return { before: capReached(pager), firstAtOrAfter }
    if (last !== null) return { before: { type: 'record', sequenceNumber: last.sequenceNumber, arrivalTime: last.arrivalTime }, firstAtOrAfter }
  }
  return { before: { type: 'none-before' }, firstAtOrAfter }
}

/** R: the first record at or after `time` (empty pages while behind the tip are read past). */
async function firstRecordAt(pager: PolitePager, time: number): Promise<PageRecord | null | 'unresolved'> {
  await pager.open({ type: 'AT_TIMESTAMP', timestamp: time })
  for (;;) {
    const page = await pager.next(1)
    if (page === null) return pager.exhausted ? 'unresolved' : null
    const first = page.records[0]
    if (first !== undefined) return first
    if (atTip(page, 1)) return null
  }
}

/**
 * Reads forward until the bound (or the tip): the last record before it, null if there was none.
 * With no bound (no record at or after `time` when asked) one put while the dry run reads may be:
 * its arrival at or after `time` ends the read. (With a bound, the sequence number is exact.)
 */
async function lastBefore(pager: PolitePager, bound: bigint | null, time: number): Promise<PageRecord | null | 'unresolved'> {
  let last: PageRecord | null = null
  for (;;) {
    const page = await pager.next(PAGE_LIMIT)
    if (page === null) return pager.exhausted ? 'unresolved' : last
    for (const record of page.records) {
      if (bound !== null ? seq(record.sequenceNumber) >= bound : record.arrivalTime >= time) return last
      last = record
    }
    if (atTip(page, PAGE_LIMIT)) return last
  }
}

function capReached(pager: PolitePager): RecordBefore {
  return {
    type: 'unresolved',
    reason: `Could not find the last record before the time on ${pager.shardId} within the read budget of the dry run; left unchanged`
  }
}

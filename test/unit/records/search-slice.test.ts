/**
 * The records store's search slice: "Keep only matching records" sends the filter bar's filter to
 * main with reader.start, refuses a search with nothing to search for, keeps what main said about
 * the search (skipped shards, matches file, counts) and the estimate, and says the summary plainly.
 */
import { describe, expect, it } from 'vitest'
import type { ReadEstimate, SearchSummary, ShardProgress } from '../../../src/shared/domain'
import { waitingShardProgress } from '../../../src/shared/domain'
import { searchTimeLeft } from '../../../src/renderer/src/features/records/search-slice'
import { searchProgressText, searchSummaryText } from '../../../src/renderer/src/features/records/SearchStatus'
import { estimateText } from '../../../src/renderer/src/features/records/SearchFields'
import { setup } from './store-harness'

const summary: SearchSummary = {
  scannedRecords: 4_213_906,
  scannedBytes: 3.9 * 1024 ** 3,
  matches: 17,
  elapsedMs: 552_000,
  matchesWritten: null,
  shardsRead: 4,
  matchesFile: null
}

const estimate: ReadEstimate = {
  basis: 'sample',
  bytes: 100 * 1024 * 1024,
  records: 100_000,
  shards: 4,
  from: 0,
  to: 1,
  seconds: 12.5,
  budget: 'gentle',
  note: 'From a sample of up to 1000 records per shard'
}

describe('search slice', () => {
  it('sends the filter (time range resolved in the zone), the budget and the matches file choice with reader.start', async () => {
    const { store, fake, actions } = setup({ startPatch: { skipped: [{ shardId: 'shardId-000000000001', reason: 'Skipped: not the key' }], matchesFile: '/tmp/m.jsonl', budget: 'gentle' } })
    actions.setFilter({ text: 'needle', from: '2026-12-02T18:00' })
    actions.updateForm({ searchMode: true, saveMatches: true, budget: 'gentle' })
    await actions.start('read')
    expect(fake.calls[0]?.input).toMatchObject({
      budget: 'gentle',
      search: { filter: { text: 'needle', from: Date.UTC(2026, 11, 2, 18, 0), to: null, partitionKeyMode: 'contains' }, saveMatches: true }
    })
    const search = store.getState().search
    expect(search).toMatchObject({ budget: 'gentle', matchesFile: '/tmp/m.jsonl', skipped: [{ shardId: 'shardId-000000000001' }] })
    fake.progress({
      sessionId: 's1',
      state: 'reading',
      delivered: 0,
      shards: [{ ...waitingShardProgress('shardId-000000000000'), lastArrivalTime: 1000, millisBehindLatest: 60_000 }],
      message: null,
      search: { scannedRecords: 10, scannedBytes: 1000, matches: 0, elapsedMs: 1000, matchesWritten: 0 }
    })
    expect(store.getState().search?.progress?.scannedRecords).toBe(10)
    expect(store.getState().search?.firstArrival).toEqual({ 'shardId-000000000000': 1000 })
    fake.ended('s1', 'completed', 3, null, { ...summary, matches: 3, matchesWritten: 3, matchesFile: '/tmp/m.jsonl' })
    expect(store.getState().search?.summary?.matches).toBe(3)
    expect(store.getState().session).toMatchObject({ status: 'ended', reason: 'completed' })
  })

  it('a plain read sends no search; a read on the gentle budget says so', async () => {
    const { store, fake, actions } = setup()
    actions.setFilter({ text: 'needle' })
    await actions.start('read')
    expect(fake.calls[0]?.input).not.toHaveProperty('search')
    expect(fake.calls[0]?.input).not.toHaveProperty('budget')
    expect(store.getState().search).toBeNull()
    actions.updateForm({ budget: 'gentle' })
    await actions.start('read')
    expect(fake.calls.at(-1)?.input).toMatchObject({ budget: 'gentle' })
  })

  it('refuses a search with nothing to search for, or a filter that does not compile, and sends nothing', async () => {
    const { store, fake, actions } = setup()
    actions.updateForm({ searchMode: true })
    await actions.start('read')
    expect(store.getState().formErrors.search).toContain('Type what to search for')
    actions.setFilter({ regex: '(' })
    expect(store.getState().formErrors.search).toBeUndefined() // a new filter clears the old message
    await actions.start('read')
    expect(store.getState().formErrors.search).toContain('regular expression does not compile')
    expect(fake.calls.filter((c) => c.op === 'start')).toEqual([])
    actions.updateForm({ searchMode: false })
    expect(store.getState().formErrors.search).toBeUndefined()
  })

  it('takes an estimate of the search the form describes; a failure is shown, not thrown', async () => {
    const { store, fake, actions } = setup({ estimate })
    actions.setFilter({ partitionKey: 'customer-42', partitionKeyMode: 'exact' })
    actions.updateForm({ searchMode: true, budget: 'gentle' })
    await actions.estimate()
    expect(fake.calls[0]).toMatchObject({ op: 'estimate', input: { stream: 'OrderStream', budget: 'gentle', search: { filter: { partitionKey: 'customer-42' } } } })
    expect(fake.calls[0]?.input).not.toHaveProperty('mode')
    expect(store.getState().estimate).toEqual({ status: 'ready', estimate })
    const failing = setup()
    await failing.actions.estimate()
    expect(failing.store.getState().estimate).toMatchObject({ status: 'error', error: { message: 'No estimate' } })
  })

  it('says a search plainly', () => {
    expect(searchSummaryText(summary)).toBe('Scanned 4,213,906 records (3.9 GB) on 4 shards in 9 min 12 s · 17 matches')
    expect(searchSummaryText({ ...summary, scannedRecords: 1, matches: 1, shardsRead: 1, elapsedMs: 250, scannedBytes: 10 })).toBe(
      'Scanned 1 record (10 B) on 1 shard in 250 ms · 1 match'
    )
    expect(searchProgressText({ scannedRecords: 2000, scannedBytes: 2 * 1024 * 1024, matches: 2, elapsedMs: 1000, matchesWritten: null }, 90_000)).toBe(
      'Scanned 2,000 records (2.0 MB) · 2 matches · 2.0 MB/s · about 1 min 30 s left at this rate'
    )
    expect(estimateText(estimate)).toBe('About 100.0 MB (100,000 records) on 4 shards · about 12 s at the gentle budget · From a sample of up to 1000 records per shard')
  })

  it('time left: the estimate not yet scanned at the rate so far, else the shard furthest behind at its pace', () => {
    const progress = { scannedRecords: 100, scannedBytes: 10 * 1024 * 1024, matches: 0, elapsedMs: 10_000, matchesWritten: null }
    expect(searchTimeLeft(progress, [], estimate, {})).toBe(90_000)
    const shard = (id: string, last: number, behind: number): ShardProgress => ({ ...waitingShardProgress(id), lastArrivalTime: last, millisBehindLatest: behind })
    // Shard a covered 60 s of stream time in 10 s of reading and is 120 s behind: 20 s left; b: 5 s.
    const shards = [shard('a', 61_000, 120_000), shard('b', 31_000, 5_000)]
    expect(searchTimeLeft(progress, shards, null, { a: 1_000, b: 1_000 })).toBe(20_000)
    expect(searchTimeLeft({ ...progress, scannedBytes: 0 }, shards, null, {})).toBeNull()
  })
})

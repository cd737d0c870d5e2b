import { describe, expect, it } from 'vitest'
import { PageScan, type PageScanOptions } from '../../../src/main/core/reader/page-scan'
import type { PageRecord } from '../../../src/main/core/reader/records-page'
import { compileRecordFilter, matchAll } from '../../../src/shared/filter/record-filter'

const record = (n: number, text: string): PageRecord => {
  const data = Buffer.from(text)
  return { sequenceNumber: String(1000 + n), partitionKey: `k${n}`, arrivalTime: 1_700_000_000_000 + n * 10, data, dataBase64: data.toString('base64') }
}

const options = (over: Partial<PageScanOptions> = {}): PageScanOptions => ({
  shardId: 'shardId-000000000000',
  position: { type: 'TRIM_HORIZON' },
  stop: {},
  match: undefined,
  schemas: undefined,
  ...over
})

const needle = compileRecordFilter({ ...matchAll, text: 'needle' })

describe('PageScan', () => {
  it('a Read keeps every record; a search keeps the matches and holds each run without one as one entry', () => {
    const texts = ['a', 'bb', 'needle 1', 'ccc', 'dddd', 'needle 2', 'e']
    const read = new PageScan(options())
    const search = new PageScan(options({ match: needle.test }))
    texts.forEach((t, n) => {
      read.take(record(n, t))
      search.take(record(n, t))
    })
    expect(read.entries.flatMap((e) => e.kept.map((r) => r.text))).toEqual(texts)
    expect(search.entries.map((e) => ({ last: e.sequenceNumber, users: e.users, bytes: e.userBytes, kept: e.kept.map((r) => r.text) }))).toEqual([
      { last: '1001', users: 2, bytes: 3, kept: [] },
      { last: '1002', users: 1, bytes: 8, kept: ['needle 1'] },
      { last: '1004', users: 2, bytes: 7, kept: [] },
      { last: '1005', users: 1, bytes: 8, kept: ['needle 2'] },
      { last: '1006', users: 1, bytes: 1, kept: [] }
    ])
    // The run's entry carries its last record's place: where a renewed iterator resumes.
    expect(search.entries[2]?.arrivalTime).toBe(1_700_000_000_040)
  })

  it('stops taking at the first record past the end time or the end sequence number', () => {
    const byTime = new PageScan(options({ stop: { endTime: 1_700_000_000_020 } }))
    const bySequence = new PageScan(options({ stop: { endSequenceNumber: '1001' } }))
    for (let n = 0; n < 5; n++) {
      byTime.take(record(n, `r${n}`))
      bySequence.take(record(n, `r${n}`))
    }
    expect(byTime.cut).toBe(true)
    expect(byTime.entries.flatMap((e) => e.kept.map((r) => r.sequenceNumber))).toEqual(['1000', '1001', '1002'])
    expect(bySequence.entries.flatMap((e) => e.kept.map((r) => r.sequenceNumber))).toEqual(['1000', '1001'])
  })

  it('restart forgets what an earlier attempt of the call handed on', () => {
    const scan = new PageScan(options({ stop: { endSequenceNumber: '1000' } }))
    scan.take(record(0, 'x'))
    scan.take(record(1, 'y'))
    scan.restart()
    expect(scan.entries).toEqual([])
    expect(scan.cut).toBe(false)
    scan.take(record(0, 'x'))
    expect(scan.entries.map((e) => e.sequenceNumber)).toEqual(['1000'])
  })

  it('drops the user records before the start position’s sub-sequence', () => {
    const scan = new PageScan(options({ position: { type: 'AT_SEQUENCE_NUMBER', sequenceNumber: '1000', subSequenceNumber: 1, shardId: 'shardId-000000000000' } }))
    scan.take(record(0, 'plain record: only user record 0, so dropped'))
    scan.take(record(1, 'kept'))
    expect(scan.entries.flatMap((e) => e.kept.map((r) => r.text))).toEqual(['kept'])
    expect(scan.entries.reduce((sum, e) => sum + e.users, 0)).toBe(1)
  })
})

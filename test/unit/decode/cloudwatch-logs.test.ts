import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { decodeRecord, type RawRecord } from '../../../src/main/core/decode/decode-record'
import { aggregate } from '../../../src/main/core/decode/kpl'
import type { DecodedRecord } from '../../../src/shared/domain'
import { compileRecordFilter, matchAll, type RecordFilterSpec } from '../../../src/shared/filter/record-filter'
import { recordAsJson } from '../../../src/shared/record-format'
import { recordPosition } from '../../../src/renderer/src/features/records/format'
import { compareRecords, mergeBatch } from '../../../src/renderer/src/features/records/record-window'
import { controlMessage, dataMessage, logEventId } from '../../support/cloudwatch-logs-records'

const T = Date.UTC(2026, 11, 7, 8, 40, 0)
const raw = (data: Uint8Array, sequenceNumber = '49650000000000000000000000000000000000000000000000000001'): RawRecord => ({
  shardId: 'shardId-000000000000',
  sequenceNumber,
  partitionKey: '3f8c2a',
  arrivalTime: T + 5000,
  data
})
const events = [
  { timestamp: T, message: 'START RequestId: 8f1e Version: $LATEST' },
  { timestamp: T + 12, message: JSON.stringify({ level: 'ERROR', orderId: 'o-42', storeId: 7 }) },
  { timestamp: T + 30, message: 'END RequestId: 8f1e' }
]
const matching = (records: DecodedRecord[], patch: Partial<RecordFilterSpec>): string[] => {
  const filter = compileRecordFilter({ ...matchAll, ...patch })
  return records.filter((r, i) => filter.test(r, i)).map((r) => r.text ?? '')
}

describe('CloudWatch Logs subscription records', () => {
  it('a DATA_MESSAGE record becomes one row per log event, keyed by its place in logEvents', () => {
    const rows = decodeRecord(raw(dataMessage(events)))
    expect(rows.map((r) => r.id)).toEqual([0, 1, 2].map((i) => `shardId-000000000000/49650000000000000000000000000000000000000000000000000001/log/${i}`))
    expect(rows.map((r) => r.text)).toEqual(events.map((e) => e.message))
    expect(rows.map((r) => r.kind)).toEqual(['text', 'json', 'text'])
    expect(rows[1]?.steps).toEqual(['gzip', 'cwlogs', 'json'])
    expect(rows[0]?.steps).toEqual(['gzip', 'cwlogs'])
    const first = rows[0] as DecodedRecord
    // The record's own shard, sequence number, key and arrival; the event's message as data.
    expect(first).toMatchObject({ shardId: 'shardId-000000000000', partitionKey: '3f8c2a', arrivalTime: T + 5000, subSequenceNumber: null, decodeError: null, dataBase64: null })
    expect(first.size).toBe(Buffer.byteLength(events[0]?.message ?? ''))
    expect(first.logEvent).toEqual({
      index: 0,
      count: 3,
      id: logEventId(T, 0),
      timestamp: T,
      messageType: 'DATA_MESSAGE',
      owner: '123456789012',
      logGroup: '/aws/lambda/order-service',
      logStream: '2026/12/07/[$LATEST]0a1b2c3d',
      subscriptionFilters: ['orders-to-kinesis']
    })
    expect(recordPosition(rows[2] as DecodedRecord)).toBe('49650000000000000000000000000000000000000000000000000001 · event 3/3')
    expect(recordAsJson(rows[1] as DecodedRecord)).toMatchObject({ decoded: { level: 'ERROR', orderId: 'o-42' }, logEvent: { index: 1 } })
  })

  it('a CONTROL_MESSAGE is labelled as such', () => {
    const [row, ...rest] = decodeRecord(raw(controlMessage(T)))
    expect(rest).toEqual([])
    expect(row?.logEvent).toMatchObject({ messageType: 'CONTROL_MESSAGE', owner: 'CloudwatchLogs', index: 0, count: 1 })
    expect(row?.text).toBe('CWL CONTROL MESSAGE: Checking health of destination Kinesis stream.')
  })

  it('the text, regex and JSON field filters see each event on its own', () => {
    const rows = decodeRecord(raw(dataMessage(events)))
    expect(matching(rows, { text: 'requestid: 8f1e' })).toEqual([events[0]?.message, events[2]?.message])
    expect(matching(rows, { regex: '^END' })).toEqual([events[2]?.message])
    expect(matching(rows, { field: 'level = ERROR and storeId = 7' })).toEqual([events[1]?.message])
  })

  it('rows of one record keep its order in the window, beside other records', () => {
    const a = decodeRecord(raw(dataMessage(events), '49650000000000000000000000000000000000000000000000000001'))
    const b = decodeRecord(raw(dataMessage(events.slice(0, 2)), '49650000000000000000000000000000000000000000000000000002'))
    const shuffled = [b[1], a[2], a[0], b[0], a[1]] as DecodedRecord[]
    const window = mergeBatch([], shuffled).records
    expect(window.map((r) => r.id.slice(-20))).toEqual([...a, ...b].map((r) => r.id.slice(-20)))
    expect(compareRecords(a[0] as DecodedRecord, a[1] as DecodedRecord)).toBeLessThan(0)
  })

  it('inside a KPL aggregate, each user record’s events are keyed after its sub-sequence number', () => {
    const data = aggregate([
      { partitionKey: 'a', data: dataMessage(events.slice(0, 2)) },
      { partitionKey: 'b', data: Buffer.from('plain') }
    ])
    const rows = decodeRecord(raw(data))
    expect(rows.map((r) => r.id.split('/').slice(2).join('/'))).toEqual(['0/log/0', '0/log/1', '1'])
    expect(rows[0]?.steps).toEqual(['kpl', 'gzip', 'cwlogs'])
    expect(rows.map((r) => r.subSequenceNumber)).toEqual([0, 0, 1])
  })

  it('anything else stays the one record it is', () => {
    const doc = { messageType: 'DATA_MESSAGE', owner: '1', logGroup: 'g', logStream: 's', subscriptionFilters: [], logEvents: [{ id: '1', timestamp: T, message: 'm' }] }
    const notGzipped = decodeRecord(raw(Buffer.from(JSON.stringify(doc))))
    const noEvents = decodeRecord(raw(gzipSync(JSON.stringify({ ...doc, logEvents: [] }))))
    const otherType = decodeRecord(raw(gzipSync(JSON.stringify({ ...doc, messageType: 'OTHER' }))))
    const badEvent = decodeRecord(raw(gzipSync(JSON.stringify({ ...doc, logEvents: [{ id: 1, timestamp: T, message: 'm' }] }))))
    for (const rows of [notGzipped, noEvents, otherType, badEvent]) {
      expect(rows).toHaveLength(1)
      expect(rows[0]?.kind).toBe('json')
      expect(rows[0]?.logEvent).toBeUndefined()
      expect(rows[0]?.id).toBe('shardId-000000000000/49650000000000000000000000000000000000000000000000000001')
    }
  })
})

import { describe, expect, it } from 'vitest'
import {
  csvField,
  exportedRecords,
  exportFileName,
  toCsv,
  toJsonLines,
  type ExportedRecord
} from '../../../src/renderer/src/features/records/record-export'
import { rec } from './fixtures'

const T = Date.UTC(2026, 10, 25, 18, 30, 0, 123)

describe('JSON Lines', () => {
  it('writes one object per line with every field a re-put needs', () => {
    const json = rec({ t: T, pk: 'store-42', json: { storeId: 42, big: 1 } })
    const kpl = { ...rec({ t: T, pk: 'user-key', text: 'hello', seq: 7, sub: 3 }), steps: ['kpl' as const, 'utf8' as const] }
    const binary = rec({ t: T, pk: 'bin', text: null, kind: 'binary', data: Uint8Array.from([0, 255, 1]), decodeError: 'not valid UTF-8 (byte offset 1)' })
    const out = toJsonLines('OrderStream', [json, kpl, binary])
    expect(out.endsWith('\n')).toBe(true)
    const lines = out.trimEnd().split('\n').map((l) => JSON.parse(l) as ExportedRecord)
    expect(lines).toHaveLength(3)
    expect(Object.keys(lines[0]!)).toEqual([
      'streamName',
      'shardId',
      'sequenceNumber',
      'subSequenceNumber',
      'partitionKey',
      'explicitHashKey',
      'arrivalTime',
      'size',
      'dataBase64',
      'decoded',
      'decodeSteps',
      'decodeError'
    ])
    expect(lines[0]).toMatchObject({
      streamName: 'OrderStream',
      shardId: json.shardId,
      sequenceNumber: json.sequenceNumber,
      subSequenceNumber: null,
      partitionKey: 'store-42',
      explicitHashKey: null,
      arrivalTime: '2026-11-25T18:30:00.123Z',
      decoded: { storeId: 42, big: 1 },
      decodeSteps: ['utf8', 'json'],
      decodeError: null
    })
    expect(Buffer.from(lines[0]!.dataBase64, 'base64').toString('utf8')).toBe('{"storeId":42,"big":1}')
    expect(lines[1]).toMatchObject({ subSequenceNumber: 3, decoded: 'hello', decodeSteps: ['kpl', 'utf8'] })
    expect(lines[2]).toMatchObject({ decoded: null, decodeSteps: [], decodeError: 'not valid UTF-8 (byte offset 1)' })
    expect([...Buffer.from(lines[2]!.dataBase64, 'base64')]).toEqual([0, 255, 1])
  })

  it('writes decoded JSON as the record holds it: integers beyond 2^53 keep every digit, line breaks join one line', () => {
    const text = '{\n  "orderId": 12345678901234567891,\n  "note": "two\\nlines",\n  "amount": -9007199254740993\n}'
    const record = { ...rec({ t: T, pk: 'big', text }), kind: 'json' as const, steps: ['schema' as const] }
    const out = toJsonLines('OrderStream', [record])
    expect(out.split('\n')).toHaveLength(2)
    expect(out).toContain('"decoded":{   "orderId": 12345678901234567891,   "note": "two\\nlines",   "amount": -9007199254740993 }')
    const line = JSON.parse(out) as ExportedRecord
    expect((line.decoded as { note: string }).note).toBe('two\nlines')
    expect(Object.keys(line)).toContain('decodeSteps')
    // A partition key that looks like the splice's mark is left alone.
    const tricky = { ...record, partitionKey: '\u0000decoded-x\u0000' }
    expect((JSON.parse(toJsonLines('S', [tricky])) as ExportedRecord).partitionKey).toBe('\u0000decoded-x\u0000')
  })

  it('is empty for no records', () => {
    expect(toJsonLines('S', [])).toBe('')
  })
})

describe('CSV (RFC 4180)', () => {
  it('quotes fields with commas, quotes, CR or LF and doubles inner quotes', () => {
    expect(csvField('plain')).toBe('plain')
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField('line1\nline2')).toBe('"line1\nline2"')
    expect(csvField('cr\rhere')).toBe('"cr\rhere"')
    expect(csvField('')).toBe('')
  })

  it('writes a header and one CRLF-terminated row per record', () => {
    const a = rec({ t: T, pk: 'k,1', json: { note: 'a "quoted", multi\nline' } })
    const b = rec({ t: T + 1, pk: 'k2', text: 'x', seq: 12, sub: 2 })
    const c = rec({ t: T + 2, pk: 'bin', text: null, kind: 'binary', data: Uint8Array.from([1, 2]) })
    const csv = toCsv([a, b, c])
    const rows = csv.split('\r\n')
    expect(rows[0]).toBe('arrivalTime,shardId,sequenceNumber,partitionKey,size,text')
    expect(rows[1]).toBe(`2026-11-25T18:30:00.123Z,${a.shardId},${a.sequenceNumber},"k,1",${a.size},"{""note"":""a \\""quoted\\"", multi\\nline""}"`)
    expect(rows[2]).toBe(`2026-11-25T18:30:00.124Z,${b.shardId},${b.sequenceNumber}:2,k2,1,x`)
    expect(rows[3]).toBe(`2026-11-25T18:30:00.125Z,${c.shardId},${c.sequenceNumber},bin,2,`)
    expect(rows[4]).toBe('')
    expect(rows).toHaveLength(5)
  })

  it('keeps a raw newline inside a quoted field, as a spreadsheet reads it', () => {
    const csv = toCsv([rec({ t: T, text: 'two\nlines' })])
    expect(csv).toContain('"two\nlines"\r\n')
  })
})

describe('exportFileName', () => {
  it('names the stream and the time, with no colons', () => {
    expect(exportFileName('OrderStream', 'jsonl', Date.UTC(2026, 10, 25, 18, 30, 0, 456))).toBe('OrderStream-2026-11-25T18-30-00Z.jsonl')
    expect(exportFileName('Orders.v2', 'csv', Date.UTC(2026, 0, 2, 3, 4, 5))).toBe('Orders.v2-2026-01-02T03-04-05Z.csv')
    expect(exportFileName('Orders.v2', 'csv', 0)).toMatch(/^[\w. -]+$/)
  })
})

describe('which records an export holds, in which order', () => {
  const older = rec({ t: T, pk: 'order-1', text: 'created', seq: 1 })
  const newer = rec({ t: T + 1000, pk: 'order-1', text: 'cancelled', seq: 2 })
  const other = rec({ t: T + 2000, pk: 'order-2', text: 'paid', seq: 3 })
  const window = { records: [older, newer, other], filtered: Uint32Array.from([0, 1]) }

  it('JSON Lines in arrival order whatever the table shows, as Replay puts them again (per-key order)', () => {
    const texts = (which: 'loaded' | 'filtered', sortDescending: boolean): (string | null)[] =>
      exportedRecords({ ...window, sortDescending }, which, 'jsonl').map((r) => r.text)
    expect(texts('loaded', true)).toEqual(['created', 'cancelled', 'paid'])
    expect(texts('filtered', true)).toEqual(['created', 'cancelled'])
    expect(texts('filtered', false)).toEqual(['created', 'cancelled'])
  })

  it('CSV in the table’s order, for reading', () => {
    const texts = (which: 'loaded' | 'filtered', sortDescending: boolean): (string | null)[] =>
      exportedRecords({ ...window, sortDescending }, which, 'csv').map((r) => r.text)
    expect(texts('loaded', true)).toEqual(['paid', 'cancelled', 'created'])
    expect(texts('filtered', true)).toEqual(['cancelled', 'created'])
    expect(texts('filtered', false)).toEqual(['created', 'cancelled'])
  })
})

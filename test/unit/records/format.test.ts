import { describe, expect, it } from 'vitest'
import {
  countRecords,
  formatBytes,
  formatMillisBehind,
  formatTime,
  parseDateTimeInput,
  toDateTimeInput
} from '../../../src/renderer/src/features/records/format'
import { moveRow, recordAtRow, rowOfRecord } from '../../../src/renderer/src/features/records/table-view'
import { naturalView, previewOf } from '../../../src/renderer/src/features/records/record-preview'
import { compareRecords } from '../../../src/renderer/src/features/records/record-window'
import { rec } from './fixtures'

describe('format', () => {
  it('MillisBehindLatest as people say it', () => {
    expect(formatMillisBehind(null)).toBe('—')
    expect(formatMillisBehind(0)).toBe('0 ms')
    expect(formatMillisBehind(850)).toBe('850 ms')
    expect(formatMillisBehind(12_400)).toBe('12 s')
    expect(formatMillisBehind(245_000)).toBe('4 min 5 s')
    expect(formatMillisBehind(120_000)).toBe('2 min')
    expect(formatMillisBehind((2 * 60 + 3) * 60_000 + 5000)).toBe('2 h 3 min')
    expect(formatMillisBehind(3 * 86_400_000 + 4 * 3_600_000)).toBe('3 d 4 h')
  })

  it('counts and sizes', () => {
    expect(countRecords(1)).toBe('1 record')
    expect(countRecords(12_345)).toBe('12,345 records')
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(1536)).toBe('1.5 KB')
    expect(formatBytes(2 * 1024 * 1024)).toBe('2.0 MB')
  })

  it('times in UTC, and datetime-local values both ways', () => {
    const t = Date.UTC(2026, 10, 25, 18, 30, 5, 42)
    expect(formatTime(t, 'utc')).toBe('2026-11-25 18:30:05.042')
    expect(toDateTimeInput(t, 'utc')).toBe('2026-11-25T18:30:05.042')
    expect(toDateTimeInput(Date.UTC(2026, 10, 25, 18, 30), 'utc')).toBe('2026-11-25T18:30:00')
    expect(parseDateTimeInput('2026-11-25T18:30:05.042', 'utc')).toBe(t)
    expect(parseDateTimeInput('2026-11-25T18:30:05.04', 'utc')).toBe(t - 2)
    expect(parseDateTimeInput('2026-11-25T18:30', 'utc')).toBe(Date.UTC(2026, 10, 25, 18, 30))
    expect(parseDateTimeInput(toDateTimeInput(t, 'local'), 'local')).toBe(t)
    expect(parseDateTimeInput('2026-13-01T00:00', 'utc')).toBeNull()
    expect(parseDateTimeInput('soon', 'utc')).toBeNull()
  })
})

describe('table rows', () => {
  const records = [rec({ t: 1 }), rec({ t: 2 }), rec({ t: 3 }), rec({ t: 4 })].sort(compareRecords)
  it('map rows to records through the filter and the sort direction, and back', () => {
    const filtered = Uint32Array.from([1, 3])
    expect(recordAtRow({ records, filtered: null, descending: false }, 0)).toBe(records[0])
    expect(recordAtRow({ records, filtered: null, descending: true }, 0)).toBe(records[3])
    expect(recordAtRow({ records, filtered, descending: false }, 1)).toBe(records[3])
    expect(recordAtRow({ records, filtered, descending: true }, 1)).toBe(records[1])
    expect(recordAtRow({ records, filtered, descending: true }, 2)).toBeUndefined()
    expect(rowOfRecord({ records, filtered, descending: true }, records[3]!)).toBe(0)
    expect(rowOfRecord({ records, filtered, descending: false }, records[2]!)).toBe(-1)
    expect(rowOfRecord({ records, filtered: null, descending: false }, rec({ t: 9 }))).toBe(-1)
  })

  it('keys move the selection within bounds', () => {
    expect(moveRow('ArrowDown', -1, 10, 5)).toBe(0)
    expect(moveRow('ArrowDown', 9, 10, 5)).toBe(9)
    expect(moveRow('ArrowUp', 0, 10, 5)).toBe(0)
    expect(moveRow('PageDown', 3, 10, 5)).toBe(8)
    expect(moveRow('PageDown', 8, 10, 5)).toBe(9)
    expect(moveRow('PageUp', 3, 10, 5)).toBe(0)
    expect(moveRow('Home', 7, 10, 5)).toBe(0)
    expect(moveRow('End', 0, 10, 5)).toBe(9)
    expect(moveRow('End', -1, 0, 5)).toBe(-1)
  })
})

describe('preview', () => {
  it('one line of text, hex for binary, or the forced view', () => {
    const json = rec({ json: { a: 1, b: 'x'.repeat(300) } })
    expect(previewOf(json, null)).toMatch(/^\{"a":1,"b":"x+…$/)
    expect(previewOf(json, null).length).toBe(201)
    expect(previewOf(rec({ text: 'a\n  b\tc' }), null)).toBe('a b c')
    const binary = rec({ text: null, kind: 'binary', data: Uint8Array.from([0xf3, 0x89, 0x9a, 0xc2, 0]) })
    expect(previewOf(binary, null)).toBe('f3 89 9a c2 00')
    expect(previewOf(rec({ text: 'hi' }), 'hex')).toBe('68 69')
    expect(previewOf(rec({ text: 'hi' }), 'base64')).toBe('aGk=')
    expect(previewOf(rec({ text: 'hi' }), 'json')).toBe('hi')
  })
})

describe('a record that failed to decode', () => {
  it('opens as text with replacement characters (beside its raw bytes), and previews so', () => {
    const failed = rec({ text: null, kind: 'binary', data: Uint8Array.from([...Buffer.from('caf'), 0xe9, ...Buffer.from(' ok')]), decodeError: 'not valid UTF-8 (byte offset 3)' })
    expect(naturalView(failed)).toBe('text')
    expect(previewOf(failed, null)).toBe('caf\uFFFD ok')
    const binary = rec({ text: null, kind: 'binary', data: Uint8Array.from([0, 1, 2]) })
    expect(naturalView(binary)).toBe('hex')
  })
})

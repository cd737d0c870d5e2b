/**
 * The record table with multi-MiB records: a row's preview, in every view, is built from the
 * first bytes or characters only (a table re-renders its rows while scrolling and reading), and
 * says exactly what the whole record's view would begin with. Export keeps every byte.
 */
import { describe, expect, it } from 'vitest'
import { leadingDataBytes, previewOf } from '../../../src/renderer/src/features/records/record-preview'
import { toJsonLines } from '../../../src/renderer/src/features/records/record-export'
import type { DecodedRecord } from '../../../src/shared/domain'
import { recordDataBase64 } from '../../../src/shared/record-format'
import { rec } from './fixtures'

const MiB = 1024 * 1024

/** A record as main sends a text or JSON one: no dataBase64, the bytes are the UTF-8 of its text. */
function asMainSends(text: string, kind: DecodedRecord['kind']): DecodedRecord {
  const bytes = Buffer.byteLength(text)
  return { ...rec({ text, kind }), dataBase64: null, size: bytes, steps: kind === 'json' ? ['utf8', 'json'] : ['utf8'] }
}

const bigJson = asMainSends(`{"Id":"big-1","Note":"naïve ☕ ${'€'.repeat(10)}","Attachment":"${'x'.repeat(6 * MiB)}"}`, 'json')

describe('previews of multi-MiB records', () => {
  it('begin exactly as the whole record does, in every view', () => {
    const full = Buffer.from(recordDataBase64(bigJson), 'base64')
    expect(Buffer.from(leadingDataBytes(bigJson, 100)).equals(full.subarray(0, 100))).toBe(true)
    // A cut inside a multi-byte character (the € signs are 3 bytes) gives its first bytes, not U+FFFD.
    for (const n of [33, 34, 35, 36, 37, 41]) expect(Buffer.from(leadingDataBytes(bigJson, n)).equals(full.subarray(0, n))).toBe(true)
    expect(previewOf(bigJson, 'base64')).toBe(`${full.subarray(0, 150).toString('base64')}…`)
    expect(previewOf(bigJson, 'hex')).toBe(`${[...full.subarray(0, 48)].map((b) => b.toString(16).padStart(2, '0')).join(' ')} …`)
    expect(previewOf(bigJson, null)).toMatch(/^\{"Id":"big-1","Note":"naïve ☕ €+","Attachment":"x+…$/)
    expect(previewOf(bigJson, null).length).toBeLessThanOrEqual(201)
    // A small record's base64 preview is all of it, padding included.
    const small = asMainSends('{"a":1}', 'json')
    expect(previewOf(small, 'base64')).toBe(Buffer.from('{"a":1}').toString('base64'))
  })

  it('cost the same for a 6 MiB record as for a small one: a thousand rows render in well under a second', () => {
    const started = performance.now()
    for (let i = 0; i < 1000; i++) for (const view of ['base64', 'hex', 'text', null] as const) previewOf(bigJson, view)
    // Encoding the whole 6 MiB for each base64 or hex preview took 0.8 s a call in Node here.
    expect(performance.now() - started).toBeLessThan(1000)
  })

  it('export keeps every byte of a 6 MiB record', () => {
    const line = JSON.parse(toJsonLines('Big', [bigJson]).trim()) as { dataBase64: string; size: number; decoded: { Attachment: string } }
    expect(line.size).toBe(bigJson.size)
    expect(Buffer.from(line.dataBase64, 'base64').toString('utf8')).toBe(bigJson.text)
    expect(line.decoded.Attachment).toHaveLength(6 * MiB)
  })
})

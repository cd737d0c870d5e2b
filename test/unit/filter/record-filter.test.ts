/**
 * The one filter language (src/shared/filter/record-filter.ts) as main applies it in a search and
 * as the window applies it to what it holds: a record matches in search mode if and only if it
 * matches the same filter over the window. Records come from main's real decoder (plain JSON,
 * text, gzip, invalid UTF-8, KPL aggregates) and cross as the wire carries them (JSON).
 */
import { gzipSync } from 'node:zlib'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { confirmJson, decodeRecord, keepMatching } from '../../../src/main/core/decode/decode-record'
import { aggregate } from '../../../src/main/core/decode/kpl'
import { compileSearchFilter } from '../../../src/main/core/reader/reader-service'
import { MemberColumns } from '../../../src/renderer/src/features/records/member-columns'
import { compileFilter, emptyFilter, filterRecords, resolveFilter, updateFiltered, type FilterSpec } from '../../../src/renderer/src/features/records/record-filter'
import { addToWindow, type WindowState } from '../../../src/renderer/src/features/records/record-window'
import type { DecodedRecord } from '../../../src/shared/domain'
import { compileRecordFilter, filterProblem, matchAll } from '../../../src/shared/filter/record-filter'

const BASE = Date.UTC(2026, 11, 2, 18, 0, 0)
const KEYS = ['order-1', 'order-12', 'ORDER-7', 'customer-42', 'Große', 'k']
const WORDS = ['web', 'WEB', 'app', 'margherita', 'order-1', 'needle', 'Große', '']

const payloadObject = fc.record({
  orderId: fc.integer({ min: 0, max: 200 }),
  storeId: fc.constantFrom(100, 120, 140, '120', 7),
  source: fc.constantFrom(...WORDS),
  note: fc.constantFrom(...WORDS)
})

/** A record's bytes, in every form producers write: JSON, text, gzip JSON, invalid UTF-8, binary. */
const payload: fc.Arbitrary<{ bytes: Uint8Array; kpl: boolean }> = fc.oneof(
  { weight: 4, arbitrary: payloadObject.map((o) => ({ bytes: Buffer.from(JSON.stringify(o)), kpl: false })) },
  { weight: 1, arbitrary: fc.constantFrom(...WORDS).map((w) => ({ bytes: Buffer.from(`plain ${w} text`), kpl: false })) },
  { weight: 1, arbitrary: payloadObject.map((o) => ({ bytes: gzipSync(Buffer.from(JSON.stringify(o))), kpl: false })) },
  { weight: 1, arbitrary: fc.constantFrom(...WORDS).map((w) => ({ bytes: Buffer.concat([Buffer.from(`bad ${w} `), Buffer.from([0xff, 0xfe])]), kpl: false })) },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 8 }).map((bytes) => ({ bytes: Buffer.concat([Buffer.from([0]), bytes]), kpl: false })) },
  { weight: 1, arbitrary: fc.array(payloadObject, { minLength: 1, maxLength: 3 }).map((os) => ({ bytes: aggregate(os.map((o, i) => ({ partitionKey: `kpl-${i}`, data: Buffer.from(JSON.stringify(o)) }))), kpl: true })) }
)

let seq = 0
/** One Kinesis record of a page, decoded as main decodes it (a KPL aggregate gives several user records). */
const pageRecord = fc.tuple(payload, fc.constantFrom(...KEYS), fc.integer({ min: 0, max: 120_000 })).map(([p, key, offset]) => {
  const sequenceNumber = `4968056010683167778327675691661957470189818660795921${String(++seq).padStart(6, '0')}`
  return decodeRecord({
    shardId: 'shardId-000000000000',
    sequenceNumber,
    partitionKey: key,
    explicitHashKey: null,
    arrivalTime: BASE + offset,
    data: Buffer.from(p.bytes),
    dataBase64: Buffer.from(p.bytes).toString('base64')
  })
})

const PATHS = ['storeId', 'source', 'note', 'orderId', 'missing']
const OPS = ['=', '!=', '>', '<=', 'contains', 'exists']
const LITERALS = ['120', '100', 'web', '"120"', '50', 'needle']
const field = fc.oneof(
  fc.constant(''),
  fc
    .array(fc.tuple(fc.constantFrom(...PATHS), fc.constantFrom(...OPS), fc.constantFrom(...LITERALS)), { minLength: 1, maxLength: 2 })
    .map((cs) => cs.map(([p, op, l]) => (op === 'exists' ? `${p} exists` : `${p} ${op} ${l}`)).join(' and '))
)
/** datetime-local values around the records' times (UTC), to the minute or the second. */
const bound = fc.oneof(
  fc.constant(''),
  fc.integer({ min: -1, max: 3 }).map((m) => `2026-12-02T18:0${Math.max(0, m)}`),
  fc.integer({ min: 0, max: 130 }).map((s) => `2026-12-02T18:0${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`)
)
const filterSpec: fc.Arbitrary<FilterSpec> = fc.record({
  text: fc.constantFrom('', 'needle', 'WEB', 'order-1', 'große', 'bad', '49680'),
  regex: fc.constantFrom('', 'order-\\d+', '/^ORDER/', '"storeId":1[24]0', 'plain'),
  partitionKey: fc.constantFrom('', 'order-1', 'ORDER', 'kpl-0', 'k'),
  partitionKeyMode: fc.constantFrom<'contains' | 'exact'>('contains', 'exact'),
  field,
  from: bound,
  to: bound
})

/** What the window receives: the records as the wire carries them. */
const overTheWire = (records: DecodedRecord[]): DecodedRecord[] => JSON.parse(JSON.stringify(records)) as DecodedRecord[]

/** Indices of the window's records main's search would have kept. */
function mainMatches(spec: FilterSpec, records: readonly DecodedRecord[]): number[] {
  const compiled = compileRecordFilter(resolveFilter(spec, 'utc').spec)
  const out: number[] = []
  records.forEach((r, i) => {
    if (compiled.test(r, i)) out.push(i)
  })
  return out
}

describe('one filter language for main and the window', () => {
  it('a record matches in main exactly when it matches over the window (fresh window)', () => {
    fc.assert(
      fc.property(fc.array(pageRecord, { maxLength: 12 }), filterSpec, (pages, spec) => {
        const records = pages.flat().sort((a, b) => a.arrivalTime - b.arrivalTime)
        const window = overTheWire(records)
        const compiled = compileFilter(spec, 'utc', new MemberColumns())
        const shown = filterRecords(window, compiled)
        const expected = mainMatches(spec, records)
        expect(shown === null ? window.map((_, i) => i) : Array.from(shown)).toEqual(compiled.active ? expected : records.map((_, i) => i))
      }),
      { numRuns: 1500 }
    )
  })

  it('… and over a window that grows, drops its oldest and keeps its caches', () => {
    fc.assert(
      fc.property(fc.array(fc.array(pageRecord, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }), filterSpec, (batches, spec) => {
        const kept = new MemberColumns()
        const compiled = compileFilter(spec, 'utc', kept)
        let state: WindowState = { records: [], held: [], dropped: 0 }
        let shown = filterRecords(state.records, compiled) ?? new Uint32Array(0)
        for (const batch of batches) {
          const incoming = overTheWire(batch.flat())
          const change = addToWindow(state, [incoming], 10, 'drop-oldest')
          state = change.state
          if (!compiled.active) continue
          shown = updateFiltered(shown, change, state.records, compiled)
          expect(Array.from(shown)).toEqual(mainMatches(spec, state.records))
        }
      }),
      { numRuns: 500 }
    )
  })

  it('main refuses a filter that does not compile, naming the part; the window shows the same error', () => {
    expect(() => compileSearchFilter({ ...matchAll, regex: '(' })).toThrow(/regular expression does not compile/)
    expect(() => compileSearchFilter({ ...matchAll, field: 'storeId ==' })).toThrow(/JSON field expression does not compile/)
    expect(() => compileSearchFilter({ ...matchAll, from: 20, to: 10 })).toThrow(/end of the time range/)
    expect(compileFilter({ ...emptyFilter, regex: '(' }, 'utc').errors.regex).toBeDefined()
    expect(filterProblem(compileRecordFilter(matchAll).errors)).toBeNull()
  })

  it('a time range "to" given to the minute includes the whole minute, in main as in the window', () => {
    const { spec } = resolveFilter({ ...emptyFilter, from: '2026-12-02T18:00', to: '2026-12-02T18:00' }, 'utc')
    expect(spec).toMatchObject({ from: BASE, to: BASE + 59_999 })
  })
})

/** Bytes that start like JSON and are not: truncated, trailing text, a control character. */
const almostJson = fc.oneof(
  payloadObject.map((o) => JSON.stringify(o).slice(0, -1)),
  payloadObject.map((o) => `${JSON.stringify(o)} needle`),
  // past the first 32 bytes, which the decoder's quick sniff for binary looks at
  fc.constantFrom(...WORDS).map((w) => `{"note": "${w.padEnd(40, '.')}\u0001"}`),
  fc.constantFrom(...WORDS).map((w) => `  [${w}, 120`)
)

describe("a search's decoding (JSON checked only for what the filter keeps)", () => {
  it('keeps exactly the records, decoded exactly as, a read with every JSON checked', () => {
    const payloads = fc.oneof(
      { weight: 3, arbitrary: payload.map((p) => p.bytes) },
      { weight: 2, arbitrary: almostJson.map((text) => Buffer.from(text)) },
      { weight: 1, arbitrary: almostJson.map((text) => gzipSync(Buffer.from(text))) }
    )
    fc.assert(
      fc.property(fc.array(fc.tuple(payloads, fc.constantFrom(...KEYS)), { maxLength: 10 }), filterSpec, (records, spec) => {
        const compiled = compileRecordFilter(resolveFilter(spec, 'utc').spec)
        records.forEach(([bytes, key], n) => {
          const raw = { shardId: 'shardId-000000000001', sequenceNumber: String(1000 + n), partitionKey: key, arrivalTime: BASE + n * 1000, data: Buffer.from(bytes) }
          const checked = decodeRecord(raw).filter((r, i) => compiled.test(r, i))
          const unchecked = keepMatching(decodeRecord(raw, { checkJson: false }), compiled.test)
          expect(unchecked).toEqual(checked)
        })
      }),
      { numRuns: 1500 }
    )
  })

  it('confirmJson turns unchecked JSON that does not parse into text, or binary with its bytes kept', () => {
    const raw = (text: string) => ({ shardId: 's', sequenceNumber: '1', partitionKey: 'k', arrivalTime: BASE, data: Buffer.from(text) })
    const [text] = decodeRecord(raw('{"a": 1'), { checkJson: false }) as [DecodedRecord]
    expect(text.kind).toBe('json')
    expect(confirmJson(text)).toBe(false)
    expect(text).toEqual(decodeRecord(raw('{"a": 1'))[0])
    expect(text.kind).toBe('text')
    const control = `{"a": "${'x'.repeat(40)}\u0001"`
    const [binary] = decodeRecord(raw(control), { checkJson: false }) as [DecodedRecord]
    expect(binary.kind).toBe('json')
    expect(confirmJson(binary)).toBe(false)
    expect(binary).toMatchObject({ kind: 'binary', text: null, dataBase64: Buffer.from(control).toString('base64') })
    expect(binary).toEqual(decodeRecord(raw(control))[0])
    const [json] = decodeRecord(raw('{"a": 1}'), { checkJson: false }) as [DecodedRecord]
    expect(confirmJson(json)).toBe(true)
    expect(json).toEqual(decodeRecord(raw('{"a": 1}'))[0])
  })
})

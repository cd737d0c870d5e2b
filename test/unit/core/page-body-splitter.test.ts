import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PageBodySplitter } from '../../../src/main/core/reader/page-body-splitter'
import { parsePage } from '../../../src/main/core/reader/records-page'

/** Feeds `body` in pieces cut at `cuts` (byte offsets); returns the records' JSON values and the rest. */
function split(body: Buffer, cuts: number[]): { records: unknown[]; outer: unknown } {
  const records: unknown[] = []
  const splitter = new PageBodySplitter((json) => records.push(JSON.parse(json)))
  let from = 0
  for (const at of [...new Set(cuts)].sort((a, b) => a - b)) {
    splitter.push(body.subarray(from, at))
    from = at
  }
  splitter.push(body.subarray(from))
  return { records, outer: splitter.end() }
}

// Strings that exercise the scanner: quotes, backslashes, braces and brackets, and characters of
// two, three and four UTF-8 bytes (a cut can fall inside any of them).
const tricky = fc.string({ unit: fc.constantFrom('"', '\\', '{', '}', '[', ']', ',', ':', 'a', 'é', '€', '😀', '\n', '\u0000', ' '), maxLength: 12 })
const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 20 }), tricky)

const wireRecord = fc.record(
  {
    SequenceNumber: fc.bigInt({ min: 0n, max: 10n ** 56n }).map(String),
    PartitionKey: text,
    ApproximateArrivalTimestamp: fc.double({ min: 0, max: 2e9, noNaN: true }),
    Data: fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes).toString('base64')),
    EncryptionType: fc.constantFrom('NONE', 'KMS'),
    Extra: fc.jsonValue({ maxDepth: 3 })
  },
  { requiredKeys: ['SequenceNumber', 'Data'] }
)

const wirePage = fc.record(
  {
    Records: fc.array(wireRecord, { maxLength: 8 }),
    NextShardIterator: fc.oneof(text, fc.constant(null)),
    MillisBehindLatest: fc.nat(),
    ChildShards: fc.array(fc.record({ ShardId: text, ParentShards: fc.array(text, { maxLength: 2 }), HashKeyRange: fc.record({ StartingHashKey: text, EndingHashKey: text }) }), { maxLength: 2 }),
    // A member the service might add one day, with a record-like shape of its own.
    Future: fc.jsonValue({ maxDepth: 3 })
  },
  { requiredKeys: ['Records'] }
)

/** The same members in another order: the service does not promise one. */
const shuffled = (page: Record<string, unknown>, order: number[]): Record<string, unknown> => {
  const keys = Object.keys(page)
  const sortedKeys = keys.map((k, i) => [k, order[i % order.length] ?? 0] as const).sort((a, b) => a[1] - b[1]).map(([k]) => k)
  return Object.fromEntries(sortedKeys.map((k) => [k, page[k]]))
}

describe('PageBodySplitter', () => {
  it('hands on exactly the records JSON.parse finds, and the rest with Records empty, wherever the chunks are cut', () => {
    fc.assert(
      fc.property(
        wirePage,
        fc.array(fc.nat(), { minLength: 1, maxLength: 5 }),
        fc.constantFrom(undefined, 0, 2, '\t'),
        fc.array(fc.nat(), { maxLength: 30 }),
        (page, order, indent, cutSeeds) => {
          const body = Buffer.from(JSON.stringify(shuffled(page, order), null, indent))
          const cuts = cutSeeds.map((n) => n % (body.length + 1))
          const expected = JSON.parse(body.toString('utf8')) as Record<string, unknown>
          const { records, outer } = split(body, cuts)
          expect(records).toEqual(expected.Records)
          expect(outer).toEqual({ ...expected, Records: [] })
        }
      ),
      { numRuns: 1500 }
    )
  })

  it('cuts at every byte of a body with escapes and multi-byte characters', () => {
    const body = Buffer.from(JSON.stringify({
      NextShardIterator: 'it"{[\\',
      Records: [{ SequenceNumber: '1', PartitionKey: 'k\\"}]😀', Data: 'AA==' }, { SequenceNumber: '2', PartitionKey: '\\\\', Data: '' }],
      MillisBehindLatest: 3
    }))
    for (let at = 0; at <= body.length; at++) {
      for (const second of [at, Math.min(body.length, at + 1), Math.min(body.length, at + 7)]) {
        const { records, outer } = split(body, [at, second])
        expect(records).toEqual([
          { SequenceNumber: '1', PartitionKey: 'k\\"}]😀', Data: 'AA==' },
          { SequenceNumber: '2', PartitionKey: '\\\\', Data: '' }
        ])
        expect(outer).toEqual({ NextShardIterator: 'it"{[\\', Records: [], MillisBehindLatest: 3 })
      }
    }
  })

  it('says so when the body stops before its JSON ends, instead of a short page', () => {
    const body = Buffer.from(JSON.stringify({ Records: [{ SequenceNumber: '1', Data: 'AA==' }, { SequenceNumber: '2', Data: 'AA==' }], NextShardIterator: 'n' }))
    for (const end of [1, 20, body.indexOf('"2"'), body.length - 3]) {
      const splitter = new PageBodySplitter(() => undefined)
      splitter.push(body.subarray(0, end))
      expect(() => splitter.end()).toThrow(/ends before its JSON does/)
    }
  })

  it('a record that is not valid JSON fails the page, as JSON.parse of the whole body would', () => {
    const body = Buffer.from('{"Records":[{"SequenceNumber":"1","Data":AA==}],"NextShardIterator":"n"}')
    expect(() => parsePage(body)).toThrow(SyntaxError)
  })

  it('an empty chunk after a chunk that ends inside an escape leaves the escape for the next byte', () => {
    const page = { Records: [{ SequenceNumber: '1', PartitionKey: 'a"}],{b', Data: 'AA==' }], NextShardIterator: 'n' }
    const body = Buffer.from(JSON.stringify(page))
    const records: unknown[] = []
    const splitter = new PageBodySplitter((json) => records.push(JSON.parse(json)))
    const afterBackslash = body.indexOf('\\') + 1
    splitter.push(body.subarray(0, afterBackslash))
    splitter.push(Buffer.alloc(0))
    splitter.push(body.subarray(afterBackslash))
    expect(records).toEqual(page.Records)
    expect(splitter.end()).toEqual({ ...page, Records: [] })
  })
})

/**
 * The JSON field filter reads records' text without JSON.parse (json-scan.ts); these properties
 * hold it to a reference on the parsed value (parseJsonExact: JSON.parse, with the numbers a
 * double would round kept as written) on JSON written every way a producer may write it: escaped
 * keys and strings, exponent numbers, numbers beyond a double's precision, any whitespace,
 * duplicate keys, the same keys nested, and strings that look like members.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { DecodedRecord } from '../../../src/shared/domain'
import { compileClauses, compileTextClauses, parseFieldExpression } from '../../../src/shared/filter/field-expression'
import { parseJsonExact } from '../../../src/shared/filter/json-scan'
import { MemberColumns } from '../../../src/renderer/src/features/records/member-columns'
import { compileFilter, emptyFilter, filterRecords, updateFiltered } from '../../../src/renderer/src/features/records/record-filter'
import { addToWindow, type WindowState } from '../../../src/renderer/src/features/records/record-window'
import { rec } from './fixtures'

const KEYS = ['storeId', 'source', 'pizzaId', 'n', 'items']
const NUMBERS = [0, -0, 5, -5, 7, 42, 120, 140, 145, -3, 1.5, 1e21, 123456789012345680000, 9007199254740992]
const STRINGS = ['web', 'WEB', 'margherita', '120', '140', '-05', '5', 'Infinity', 'true', '', 'a"b', 'back\\slash', '"storeId":120', 'Große', 'web ']

/** A number token written as is: JSON.parse reads 1e400 as Infinity, 9007199254740993 as …992. */
class Token {
  constructor(readonly text: string) {}
}

type Json = null | boolean | number | string | Token | Json[] | { members: [string, Json][] }

const scalar: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, false, new Token('1e400'), new Token('-1e400'), new Token('9007199254740993'), new Token('9007199254740992'), new Token('12345678901234567891')),
  fc.constantFrom(...NUMBERS),
  fc.constantFrom(...STRINGS)
)

/** An object as a list of members, so that it can hold duplicate keys. */
const json: fc.Arbitrary<Json> = fc.letrec<{ value: Json; object: Json }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('object'), fc.array(tie('value'), { maxLength: 3 })),
  object: fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 3 })), tie('value')), { maxLength: 6 })
    .map((members) => ({ members }))
})).value

/** How one text is written: each choice is drawn again at every place it applies. */
interface Style {
  space: () => string
  escapeChar: () => boolean
  numberForm: () => number
}

const SPACES = ['', '', ' ', '\n  ', '\t', ' \r\n']

function writeString(s: string, style: Style): string {
  let out = '"'
  for (const ch of s) {
    const code = ch.codePointAt(0) as number
    if (code > 0xffff || !style.escapeChar()) out += JSON.stringify(ch).slice(1, -1)
    else out += `\\u${code.toString(16).padStart(4, '0')}`
  }
  return `${out}"`
}

function writeNumber(n: number, style: Style): string {
  const plain = JSON.stringify(n)
  switch (style.numberForm()) {
    case 1: {
      const [mantissa, exponent] = n.toExponential().split('e') as [string, string]
      return `${mantissa}E${exponent}`
    }
    case 2:
      return Number.isInteger(n) && Math.abs(n) < 1e15 ? `${plain}.0` : plain
    case 3:
      return Number.isInteger(n) && n !== 0 && Math.abs(n) < 1e15 ? `${n * 100}e-2` : plain
    default:
      return plain
  }
}

function write(value: Json, style: Style): string {
  const s = style.space
  if (value === null || typeof value === 'boolean') return String(value)
  if (typeof value === 'number') return writeNumber(value, style)
  if (typeof value === 'string') return writeString(value, style)
  if (value instanceof Token) return value.text
  if (Array.isArray(value)) return `[${s()}${value.map((v) => write(v, style)).join(`${s()},${s()}`)}${s()}]`
  const members = value.members.map(([k, v]) => `${writeString(k, style)}${s()}:${s()}${write(v, style)}`)
  return `{${s()}${members.join(`${s()},${s()}`)}${s()}}`
}

/** A JSON text of `value`, with its choices of whitespace, escapes and number forms. */
const jsonText = (value: fc.Arbitrary<Json>): fc.Arbitrary<string> =>
  fc
    .tuple(value, fc.array(fc.nat(), { minLength: 1, maxLength: 16 }))
    .map(([v, seeds]) => {
      let at = 0
      const next = (): number => (seeds[at++ % seeds.length] as number) + at
      const style: Style = {
        space: () => SPACES[next() % SPACES.length] as string,
        escapeChar: () => next() % 5 === 0,
        numberForm: () => next() % 4
      }
      return `${style.space()}${write(v, style)}${style.space()}`
    })

const topObject = json.filter((v) => v !== null && typeof v === 'object' && !Array.isArray(v))
const record = fc.oneof({ weight: 4, arbitrary: jsonText(topObject) }, { weight: 1, arbitrary: jsonText(json) })

const PATHS = ['storeId', 'source', 'pizzaId', 'n', 'n.storeId', 'items[0]', 'items.1.source', 'missing']
const OPERATORS = ['=', '!=', '>', '>=', '<', '<=', 'contains', 'exists']
const LITERALS = ['9007199254740993', '9007199254740992', '12345678901234567890', '1.2345678901234567891e19', '120', '140', '1.2e2', '-3', '1.5', '1e21', '0', '-0', '5', '05', '-05', '"5"', 'Infinity', 'web', 'WE', '"web"', 'margherita', 'true', 'null', '"120"', '""', '"a\\"b"', 'ß']

const clause = fc
  .tuple(fc.constantFrom(...PATHS), fc.constantFrom(...OPERATORS), fc.constantFrom(...LITERALS))
  .map(([path, op, literal]) => (op === 'exists' ? `${path} exists` : `${path} ${op} ${literal}`))
const expression = fc
  .array(clause, { minLength: 1, maxLength: 3 })
  .map((clauses) => clauses.join(' and '))
  .filter((expr) => parseFieldExpression(expr).ok)

/** What the decoder calls JSON: text that starts with { or [ and parses. */
function decoded(text: string): DecodedRecord {
  const first = text.trimStart()[0]
  let json = false
  if (first === '{' || first === '[') {
    try {
      JSON.parse(text)
      json = true
    } catch {
      json = false
    }
  }
  return rec({ text, kind: json ? 'json' : 'text' })
}

function reference(expr: string, records: readonly DecodedRecord[]): number[] {
  const parsed = parseFieldExpression(expr)
  if (!parsed.ok) throw new Error(parsed.error)
  const test = compileClauses(parsed.clauses)
  const out: number[] = []
  records.forEach((r, i) => {
    if (r.kind === 'json' && r.text !== null && test(parseJsonExact(r.text))) out.push(i)
  })
  return out
}

describe('the JSON field filter answers as JSON.parse would', () => {
  it('compileTextClauses on a JSON text equals compileClauses on its parsed value', () => {
    fc.assert(
      fc.property(record, expression, (text, expr) => {
        const parsed = parseFieldExpression(expr)
        if (!parsed.ok) throw new Error(parsed.error)
        expect(compileTextClauses(parsed.clauses)(text)).toBe(compileClauses(parsed.clauses)(parseJsonExact(text)))
      }),
      { numRuns: 3000 }
    )
  })

  it('the record filter shows exactly the records the reference matches, text records never', () => {
    const notJson = fc.constantFrom('{"storeId":120', 'storeId = 120', '{"source":"web",}', '[1,')
    const texts = fc.array(fc.oneof({ weight: 5, arbitrary: record }, { weight: 1, arbitrary: notJson }), { maxLength: 12 })
    fc.assert(
      fc.property(texts, expression, (list, expr) => {
        const records = list.map(decoded)
        const result = filterRecords(records, compileFilter({ ...emptyFilter, field: expr }, 'utc'))
        expect(result === null ? null : Array.from(result)).toEqual(reference(expr, records))
      }),
      { numRuns: 1500 }
    )
  })

  it('a window that keeps what filters found, across expressions and window changes, answers as the reference', () => {
    let t = 0
    const batch = fc.array(record, { minLength: 1, maxLength: 5 })
    fc.assert(
      fc.property(fc.array(batch, { minLength: 1, maxLength: 5 }), fc.array(expression, { minLength: 1, maxLength: 4 }), (batches, exprs) => {
        const kept = new MemberColumns()
        let state: WindowState = { records: [], held: [], dropped: 0 }
        let at = 0
        let expr = exprs[0] as string
        let filter = compileFilter({ ...emptyFilter, field: expr }, 'utc', kept)
        let shown = filterRecords(state.records, filter) ?? new Uint32Array(0)
        for (const texts of batches) {
          // Arrival times from two shards that interleave: merges in the middle, and drops past 8.
          const incoming = texts.map((text, i) => ({ ...decoded(text), arrivalTime: 1_700_000_000_000 + (t++ % 2 === 0 ? t : t - 3) + i }))
          const change = addToWindow(state, [incoming], 8, 'drop-oldest')
          state = change.state
          shown = updateFiltered(shown, change, state.records, filter)
          expect(Array.from(shown), expr).toEqual(reference(expr, state.records))
          expr = exprs[++at % exprs.length] as string
          filter = compileFilter({ ...emptyFilter, field: expr }, 'utc', kept)
          shown = filterRecords(state.records, filter) ?? new Uint32Array(0)
          expect(Array.from(shown), expr).toEqual(reference(expr, state.records))
        }
      }),
      { numRuns: 500 }
    )
  })

  it('a window whose schema keys are read ahead (in slices between changes) answers as the reference', () => {
    let t = 0
    const batch = fc.array(record, { minLength: 1, maxLength: 5 })
    const step = fc.tuple(batch, fc.nat({ max: 3 }), expression)
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 5 }), (steps) => {
        const kept = new MemberColumns()
        let state: WindowState = { records: [], held: [], dropped: 0 }
        kept.follow(state.records)
        for (const [texts, slices, expr] of steps) {
          const incoming = texts.map((text, i) => ({ ...decoded(text), arrivalTime: 1_700_000_000_000 + (t++ % 2 === 0 ? t : t - 3) + i }))
          const change = addToWindow(state, [incoming], 8, 'drop-oldest')
          state = change.state
          kept.follow(state.records, change)
          for (let i = 0; i < slices; i++) kept.warm(2) // some of it warmed before the filter
          const shown = filterRecords(state.records, compileFilter({ ...emptyFilter, field: expr }, 'utc', kept)) ?? new Uint32Array(0)
          expect(Array.from(shown), expr).toEqual(reference(expr, state.records))
        }
        while (kept.warm(2));
        const { records } = state
        const expr = steps[0]?.[2] as string
        expect(Array.from(filterRecords(records, compileFilter({ ...emptyFilter, field: expr }, 'utc', kept)) ?? []), expr).toEqual(reference(expr, records))
      }),
      { numRuns: 500 }
    )
  })

  it('cases the generators found once', () => {
    const cases: [string, string, boolean][] = [
      ['{"st\\u006freId":120}', 'storeId = 120', true],
      ['{"storeId":1.2e2}', 'storeId = 120', true],
      ['{"storeId":12000E-2,"source":"w\\u0065b"}', 'storeId >= 120 and source = web', true],
      ['{"storeId":120,"storeId":7}', 'storeId = 120', false],
      ['{"note":"\\"storeId\\":120","n":{"storeId":120}}', 'storeId = 120', false],
      ['{"n":{"storeId":120}}', 'n.storeId = 120', true],
      ['{"source":"WEB"}', 'source contains we', true],
      ['{"storeId":-0}', 'storeId = 0', true],
      ['{"storeId":"-05"}', 'storeId = -05', true],
      // The record holds these numbers, not the doubles JSON.parse rounds them to.
      ['{"storeId":1e400}', 'storeId = Infinity', false],
      ['{"storeId":119.99999999999999999}', 'storeId = 120', false],
      ['{"storeId":9007199254740993}', 'storeId = 9007199254740992', false]
    ]
    for (const [text, expr, expected] of cases) expect(reference(expr, [decoded(text)]).length === 1, `${expr} on ${text}`).toBe(expected)
    for (const [text, expr, expected] of cases) {
      const result = filterRecords([decoded(text)], compileFilter({ ...emptyFilter, field: expr }, 'utc'))
      expect(result?.length === 1, `${expr} on ${text}`).toBe(expected)
    }
  })
})

/**
 * JSON field expressions for the record filter: `storeId = 42`, `pizza.size contains large`,
 * `total > 10`, `status != "done"`, `items[0].sku exists`, clauses joined with `and`.
 * Parsed once, compiled to a predicate over a parsed JSON value. Pure, no DOM.
 *
 * Semantics (kept deliberately small and predictable):
 * - A path is dot-separated keys; `[n]` or `.n` indexes an array. A record whose JSON lacks the
 *   path never matches, whatever the operator (`!=` included): use `exists` to ask for the field.
 * - `=` / `!=`: a number field equals a number literal numerically (42 = 42.0), otherwise values
 *   compare as text (`storeId = 42` matches "42" and 42; `active = true` matches true).
 * - `> >= < <=`: numerically when both sides are numbers (or numeric strings), else as strings
 *   when both are strings (ISO timestamps compare correctly), else no match.
 * - A number field compares exactly as the record writes it, also beyond a double's precision
 *   (a 64-bit id; json-number.ts); a numeric string compares as the double it reads as.
 * - `contains`: case-insensitive substring of a string (or number) field; for an array, any
 *   element that equals or contains the value.
 */

import { ExactNumber, compareDecimals, readsExactly } from './json-number'
import { exactNumberAt, memberScan, parseJsonExact, parseMember, stringEquals } from './json-scan'

export type Operator = '=' | '!=' | '>' | '>=' | '<' | '<=' | 'contains' | 'exists'

export type PathSegment = string | number

export interface Literal {
  /** The value as typed, unquoted: what text comparisons use. */
  text: string
  /** Set when the literal is a bare number. */
  number: number | null
  /** A quoted literal is always a string; a bare word may be a number or true/false/null. */
  quoted: boolean
}

export interface Clause {
  path: PathSegment[]
  /** The path as the user wrote it, for messages. */
  source: string
  operator: Operator
  value: Literal | null
}

export type ParseResult = { ok: true; clauses: Clause[] } | { ok: false; error: string }

const OPERATORS = ['>=', '<=', '!=', '=', '>', '<'] as const
const WORD_OPERATORS = ['contains', 'exists'] as const
const OPERATOR_LIST = '= != > >= < <= contains exists'

interface Cursor {
  text: string
  pos: number
}

function skipSpace(c: Cursor): void {
  while (c.pos < c.text.length && /\s/.test(c.text[c.pos] as string)) c.pos++
}

function parsePath(c: Cursor): { path: PathSegment[]; source: string } | string {
  const start = c.pos
  const path: PathSegment[] = []
  let segment = ''
  const flush = (): string | null => {
    if (segment === '') return 'an empty key'
    // Kept as written: an object's key "02134" or of 20 digits is not Number()'s; valueAt reads digits as an array index.
    path.push(segment)
    segment = ''
    return null
  }
  while (c.pos < c.text.length) {
    const ch = c.text[c.pos] as string
    if (/\s/.test(ch) || '=!<>'.includes(ch)) break
    if (ch === '.') {
      if (flush() !== null) return `The field path has an empty key at position ${c.pos + 1}`
      c.pos++
      continue
    }
    if (ch === '[') {
      if (segment !== '' && flush() !== null) return 'The field path has an empty key'
      const close = c.text.indexOf(']', c.pos)
      const index = close === -1 ? '' : c.text.slice(c.pos + 1, close)
      if (!/^\d+$/.test(index)) return `An array index is written [0], [1], … (at position ${c.pos + 1})`
      path.push(Number(index))
      c.pos = close + 1
      if (c.text[c.pos] === '.') c.pos++
      continue
    }
    if (ch === '"' || ch === "'") return 'A field path is written without quotes, e.g. pizza.size'
    segment += ch
    c.pos++
  }
  if (segment !== '') flush()
  if (path.length === 0) return 'Start with a field path, e.g. storeId = 42 or pizza.size contains large'
  return { path, source: c.text.slice(start, c.pos) }
}

function parseOperator(c: Cursor, source: string): { op: Operator } | { error: string } {
  if (c.text.startsWith('==', c.pos)) return { error: 'Use = to compare (not ==)' }
  for (const op of OPERATORS) {
    if (c.text.startsWith(op, c.pos)) {
      c.pos += op.length
      return { op }
    }
  }
  for (const op of WORD_OPERATORS) {
    const next = c.text[c.pos + op.length]
    if (c.text.slice(c.pos, c.pos + op.length).toLowerCase() === op && (next === undefined || /[\s"']/.test(next))) {
      c.pos += op.length
      return { op }
    }
  }
  return { error: `After ${source}, write an operator: ${OPERATOR_LIST}` }
}

function parseLiteral(c: Cursor, operator: Operator): Literal | string {
  const quote = c.text[c.pos]
  if (quote === '"' || quote === "'") {
    let text = ''
    let i = c.pos + 1
    for (; i < c.text.length; i++) {
      const ch = c.text[i] as string
      if (ch === '\\' && i + 1 < c.text.length) {
        text += c.text[++i] as string
        continue
      }
      if (ch === quote) break
      text += ch
    }
    if (i >= c.text.length) return `The value after ${operator} has no closing ${quote}`
    c.pos = i + 1
    return { text, number: null, quoted: true }
  }
  const start = c.pos
  while (c.pos < c.text.length && !/\s/.test(c.text[c.pos] as string)) c.pos++
  const text = c.text.slice(start, c.pos)
  if (text === '') return `Write a value after ${operator}, e.g. 42 or "done"`
  const number = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : null
  return { text, number, quoted: false }
}

export function parseFieldExpression(input: string): ParseResult {
  const c: Cursor = { text: input, pos: 0 }
  const clauses: Clause[] = []
  for (;;) {
    skipSpace(c)
    const path = parsePath(c)
    if (typeof path === 'string') return { ok: false, error: path }
    skipSpace(c)
    if (c.pos >= c.text.length) return { ok: false, error: `After ${path.source}, write an operator: ${OPERATOR_LIST}` }
    const parsedOperator = parseOperator(c, path.source)
    if ('error' in parsedOperator) return { ok: false, error: parsedOperator.error }
    const operator = parsedOperator.op
    let value: Literal | null = null
    if (operator !== 'exists') {
      skipSpace(c)
      const literal = parseLiteral(c, operator)
      if (typeof literal === 'string') return { ok: false, error: literal }
      if ((operator === '>' || operator === '>=' || operator === '<' || operator === '<=') && literal.text === '') {
        return { ok: false, error: `${operator} needs a number or a text to compare with` }
      }
      value = literal
    }
    clauses.push({ path: path.path, source: path.source, operator, value })
    skipSpace(c)
    if (c.pos >= c.text.length) return { ok: true, clauses }
    const rest = c.text.slice(c.pos)
    const and = /^(and\b|&&)/i.exec(rest)
    if (and === null) return { ok: false, error: `Unexpected "${rest.slice(0, 20)}": join conditions with "and"` }
    c.pos += and[0].length
  }
}

// --- evaluation -------------------------------------------------------------------------------

const MISSING = Symbol('missing')

export function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let value: unknown = root
  for (const segment of path) {
    if (value === null || typeof value !== 'object' || value instanceof ExactNumber) return MISSING
    if (Array.isArray(value)) {
      const index = typeof segment === 'number' ? segment : /^\d+$/.test(segment) ? Number(segment) : NaN
      if (!(index >= 0 && index < value.length)) return MISSING
      value = value[index]
    } else {
      const key = String(segment)
      if (!Object.prototype.hasOwnProperty.call(value, key)) return MISSING
      value = (value as Record<string, unknown>)[key]
    }
  }
  return value
}

/** A number literal, and whether a double holds it exactly (then doubles compare with it). */
interface NumberLiteral {
  number: number
  text: string
  asDouble: boolean
}

function numberLiteral(literal: Literal): NumberLiteral | null {
  return literal.number === null ? null : { number: literal.number, text: literal.text, asDouble: readsExactly(literal.text) }
}

type JsonNumber = number | ExactNumber

const isJsonNumber = (value: unknown): value is JsonNumber => typeof value === 'number' || value instanceof ExactNumber

/** A number value as written: a double's own digits (exact for the doubles parseJsonExact gives), or the kept source. */
const numberText = (value: JsonNumber): string => (typeof value === 'number' ? String(value) : value.source)

/** The sign of value − literal, exactly. */
function compareNumber(value: JsonNumber, literal: NumberLiteral): number {
  return typeof value === 'number' && literal.asDouble ? value - literal.number : compareDecimals(numberText(value), literal.text)
}

function equals(value: unknown, literal: Literal, number: NumberLiteral | null): boolean {
  if (isJsonNumber(value)) return number !== null ? compareNumber(value, number) === 0 : numberText(value) === literal.text
  if (typeof value === 'string') return value === literal.text
  if (typeof value === 'boolean' || value === null) return String(value) === literal.text
  return false
}

function asNumber(value: unknown): number | null {
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value)
  return null
}

function compare(value: unknown, literal: Literal, number: NumberLiteral | null): number | null {
  if (isJsonNumber(value)) return number !== null ? compareNumber(value, number) : null
  const n = asNumber(value)
  if (n !== null && number !== null) return n - number.number
  if (typeof value === 'string' && literal.number === null) return value < literal.text ? -1 : value > literal.text ? 1 : 0
  if (typeof value === 'string' && literal.quoted) return value < literal.text ? -1 : value > literal.text ? 1 : 0
  return null
}

function contains(value: unknown, needle: string): boolean {
  if (typeof value === 'string') return value.toLowerCase().includes(needle)
  if (isJsonNumber(value)) return numberText(value).includes(needle)
  if (typeof value === 'boolean') return String(value).includes(needle)
  if (Array.isArray(value)) return value.some((v) => contains(v, needle))
  return false
}

/** Whether a comparison's sign (value − literal) passes `>`, `>=`, `<` or `<=`. */
function orderTest(operator: '>' | '>=' | '<' | '<='): (sign: number) => boolean {
  switch (operator) {
    case '>':
      return (c) => c > 0
    case '>=':
      return (c) => c >= 0
    case '<':
      return (c) => c < 0
    case '<=':
      return (c) => c <= 0
  }
}

/** The clause's test of the value at its path (MISSING when the path is not there). */
function clauseTest(clause: Clause): (value: unknown) => boolean {
  const { operator, value: literal } = clause
  if (operator === 'exists') return (v) => v !== MISSING
  const lit = literal as Literal
  const number = numberLiteral(lit)
  switch (operator) {
    case '=':
      return (v) => v !== MISSING && equals(v, lit, number)
    case '!=':
      return (v) => v !== MISSING && !equals(v, lit, number)
    case 'contains': {
      const needle = lit.text.toLowerCase()
      return (v) =>
        v !== MISSING && (Array.isArray(v) ? v.some((e) => equals(e, lit, number) || contains(e, needle)) : contains(v, needle))
    }
    default: {
      const test = orderTest(operator)
      return (v) => {
        if (v === MISSING) return false
        const c = compare(v, lit, number)
        return c !== null && test(c)
      }
    }
  }
}

/** The clauses as one predicate over a parsed JSON value. */
export function compileClauses(clauses: readonly Clause[]): (root: unknown) => boolean {
  const tests = clauses.map((c) => ({ path: c.path, test: clauseTest(c) }))
  return (root) => tests.every(({ path, test }) => test(valueAt(root, path)))
}

const isNumberStart = (c: number): boolean => (c >= 48 && c <= 57) || c === 45

/**
 * The clause's answer read in place from its value's source text[start..end) for the common
 * cases (a top-level number against a number, a string for = and !=, exists), or null when the
 * value must be parsed: the same answers as clauseTest, without a string per record.
 */
type InPlaceTest = (text: string, start: number, end: number) => boolean | null

function inPlaceTest(clause: Clause): InPlaceTest | null {
  const { operator, value: literal } = clause
  if (clause.path.length !== 1) return null
  if (operator === 'exists') return () => true
  if (literal === null || operator === 'contains') return null
  const number = numberLiteral(literal)
  /** The sign of the number at text[start..end) − the literal, exactly. */
  const order = (text: string, start: number, end: number, n: NumberLiteral): number => {
    const value = n.asDouble ? exactNumberAt(text, start, end) : null
    return value !== null ? value - n.number : compareDecimals(text.slice(start, end), n.text)
  }
  if (operator === '=' || operator === '!=') {
    const same = operator === '='
    return (text, start, end) => {
      const c = text.charCodeAt(start)
      if (c === 34 /* " */) {
        const equal = stringEquals(text, start, end, literal.text)
        return equal === null ? null : equal === same
      }
      if (number !== null && isNumberStart(c)) return (order(text, start, end, number) === 0) === same
      return null
    }
  }
  if (number === null) return null
  const test = orderTest(operator)
  return (text, start, end) => (isNumberStart(text.charCodeAt(start)) ? test(order(text, start, end, number)) : null)
}

/** A number written with a fraction or an exponent, or an escape: where a value's digits may differ from how it is typed. */
const UNPLAIN = /\d[.eE]|\\/

/**
 * A test every JSON text passes whose record the clause can match, far cheaper than reading the
 * text: for `=`, the value must appear in the text as typed. A string equal to it is written as
 * is or with escapes (a backslash); a number equal to an integer literal is written with its
 * digits or with a fraction or an exponent (1.2e2 is 120). Null when there is no such test.
 */
export function clausePrefilter(clause: Clause): ((text: string) => boolean) | null {
  const literal = clause.value
  if (clause.operator !== '=' || literal === null || literal.text === '') return null
  const typed = literal.text
  if (literal.number === null) {
    // Infinity is how 1e400 reads: a number equal to that text is written otherwise.
    if (typed === 'Infinity' || typed === '-Infinity' || typed === 'NaN') return null
    return (text) => text.includes(typed) || text.includes('\\')
  }
  if (!Number.isSafeInteger(literal.number)) return null
  const digits = String(literal.number)
  return (text) => text.includes(digits) || text.includes(typed) || UNPLAIN.test(text)
}

/**
 * A clause as a test of the source of one top-level member: `key` is the member its path starts
 * with, and `test(text, start, end)` answers for the value at text[start..end) (start -1: the
 * object lacks the member), in place where it can, else on just that member parsed.
 */
export interface MemberClause {
  key: string
  test: (text: string, start: number, end: number) => boolean
}

export function memberClause(clause: Clause): MemberClause {
  const test = clauseTest(clause)
  const inPlace = inPlaceTest(clause)
  const rest = clause.path.slice(1)
  return {
    key: String(clause.path[0]),
    test: (text, start, end) => {
      if (start === -1) return test(MISSING)
      const answer = inPlace === null ? null : inPlace(text, start, end)
      if (answer !== null) return answer
      const member = parseMember(text.slice(start, end))
      return test(rest.length === 0 ? member : valueAt(member, rest))
    }
  }
}

/**
 * The clauses compiled for JSON text, in the parts a caller that keeps where members are
 * (field-filter.ts) puts together itself; compileTextClauses puts them together for one text.
 */
export interface TextClauses {
  /** The distinct keys the clauses' paths start with: clause c reads member keys[keyOf[c]]. */
  keys: string[]
  keyOf: number[]
  members: MemberClause[]
  /** False for a text that no matching record has, told far cheaper than by a scan (clausePrefilter). */
  mayMatch: (text: string) => boolean
  /** One pass over the text for `keys` (json-scan.ts); false when the text is not an object. */
  scan: (text: string, ranges: Int32Array) => boolean
  /** The answer from the ranges a scan wrote. */
  onRanges: (text: string, ranges: Int32Array) => boolean
  /** The answer for a text that is not an object: parsed whole. */
  onWhole: (text: string) => boolean
}

export function textClauses(clauses: readonly Clause[]): TextClauses {
  const members = clauses.map(memberClause)
  const keys = [...new Set(members.map((m) => m.key))]
  const keyOf = members.map((m) => keys.indexOf(m.key))
  const prefilters = clauses.map(clausePrefilter).filter((p) => p !== null)
  const onValue = compileClauses(clauses)
  return {
    keys,
    keyOf,
    members,
    mayMatch: (text) => {
      for (const prefilter of prefilters) if (!prefilter(text)) return false
      return true
    },
    scan: memberScan(keys),
    onRanges: (text, ranges) => {
      for (let c = 0; c < members.length; c++) {
        const k = 2 * (keyOf[c] as number)
        if (!(members[c] as MemberClause).test(text, ranges[k] as number, ranges[k + 1] as number)) return false
      }
      return true
    },
    onWhole: (text) => onValue(parseJsonExact(text))
  }
}

/**
 * The clauses as one predicate over JSON text, the same answers as compileClauses on
 * parseJsonExact(text): one pass over the top-level members finds the value of every key the paths
 * start with, then the clauses are tried in order until one fails.
 */
export function compileTextClauses(clauses: readonly Clause[]): (text: string) => boolean {
  const t = textClauses(clauses)
  const ranges = new Int32Array(2 * t.keys.length)
  return (text) => t.mayMatch(text) && (t.scan(text, ranges) ? t.onRanges(text, ranges) : t.onWhole(text))
}

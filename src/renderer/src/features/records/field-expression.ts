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
 * - `contains`: case-insensitive substring of a string (or number) field; for an array, any
 *   element that equals or contains the value.
 */

import { NOT_AN_OBJECT, parseMember, topLevelMember } from './json-scan'

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
    path.push(/^\d+$/.test(segment) && path.length > 0 ? Number(segment) : segment)
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
    if (value === null || typeof value !== 'object') return MISSING
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

function equals(value: unknown, literal: Literal): boolean {
  if (typeof value === 'number') {
    return literal.number !== null ? value === literal.number : String(value) === literal.text
  }
  if (typeof value === 'string') return value === literal.text
  if (typeof value === 'boolean' || value === null) return String(value) === literal.text
  return false
}

function asNumber(value: unknown): number | null {
  if (typeof value === 'number') return value
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value)
  return null
}

function compare(value: unknown, literal: Literal): number | null {
  const n = asNumber(value)
  if (n !== null && literal.number !== null) return n - literal.number
  if (typeof value === 'string' && literal.number === null) return value < literal.text ? -1 : value > literal.text ? 1 : 0
  if (typeof value === 'string' && literal.quoted) return value < literal.text ? -1 : value > literal.text ? 1 : 0
  return null
}

function contains(value: unknown, needle: string): boolean {
  if (typeof value === 'string') return value.toLowerCase().includes(needle)
  if (typeof value === 'number' || typeof value === 'boolean') return String(value).includes(needle)
  if (Array.isArray(value)) return value.some((v) => contains(v, needle))
  return false
}

/** The clause's test of the value at its path (MISSING when the path is not there). */
function clauseTest(clause: Clause): (value: unknown) => boolean {
  const { operator, value: literal } = clause
  if (operator === 'exists') return (v) => v !== MISSING
  const lit = literal as Literal
  switch (operator) {
    case '=':
      return (v) => v !== MISSING && equals(v, lit)
    case '!=':
      return (v) => v !== MISSING && !equals(v, lit)
    case 'contains': {
      const needle = lit.text.toLowerCase()
      return (v) =>
        v !== MISSING && (Array.isArray(v) ? v.some((e) => equals(e, lit) || contains(e, needle)) : contains(v, needle))
    }
    default: {
      const test =
        operator === '>'
          ? (c: number) => c > 0
          : operator === '>='
            ? (c: number) => c >= 0
            : operator === '<'
              ? (c: number) => c < 0
              : (c: number) => c <= 0
      return (v) => {
        if (v === MISSING) return false
        const c = compare(v, lit)
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

/**
 * The clauses as one predicate over JSON text: each clause reads only the top-level member its
 * path starts with (json-scan.ts) and parses just that; a text that is not an object is parsed
 * whole. Same answers as compileClauses on JSON.parse(text).
 */
export function compileTextClauses(clauses: readonly Clause[]): (text: string) => boolean {
  const tests = clauses.map((c) => ({ path: c.path, head: c.path[0], test: clauseTest(c) }))
  return (text) => {
    let whole: unknown = MISSING
    for (const { path, head, test } of tests) {
      let value: unknown
      const member = typeof head === 'string' ? topLevelMember(text, head) : NOT_AN_OBJECT
      if (member === NOT_AN_OBJECT) {
        if (whole === MISSING) whole = JSON.parse(text)
        value = valueAt(whole, path)
      } else if (member === undefined) {
        value = MISSING
      } else {
        value = path.length === 1 ? parseMember(member) : valueAt(parseMember(member), path.slice(1))
      }
      if (!test(value)) return false
    }
    return true
  }
}

/** Plain printable ASCII with no quote or backslash: written the same way in any JSON text. */
const PLAIN = /^[\x20-\x7e]+$/

/**
 * Cheap tests on the raw JSON text that every matching record must pass, so that most records
 * are rejected without JSON.parse: the last key of each path must appear quoted, and for `=`
 * and `contains` the value must appear in the text (for numbers: small integers only). (A key or value written with \u escapes by
 * an unusual encoder would be missed; JSON.stringify and every common encoder write them plain.)
 */
export function textPrefilters(clauses: readonly Clause[]): { raw: string[]; lower: string[] } {
  const raw: string[] = []
  const lower: string[] = []
  for (const clause of clauses) {
    const key = clause.path[clause.path.length - 1]
    if (typeof key === 'string' && PLAIN.test(key) && !/["\\]/.test(key)) raw.push(`"${key}"`)
    const v = clause.value
    if (v === null || !PLAIN.test(v.text) || /["\\]/.test(v.text)) continue
    if (clause.operator === '=' && (v.quoted || v.number === null)) raw.push(v.text)
    // An equal number is written with these digits by every common encoder while it is an
    // integer below 10^7 (Java's Double.toString switches to 1.0E7 notation there).
    else if (clause.operator === '=' && v.number !== null && Number.isInteger(v.number) && Math.abs(v.number) < 1e7) raw.push(String(v.number))
    else if (clause.operator === 'contains' && v.number === null) lower.push(v.text.toLowerCase())
  }
  return { raw, lower }
}

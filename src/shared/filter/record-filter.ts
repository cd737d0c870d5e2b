/**
 * The record filter language, one implementation for main and the window: text contains, regular
 * expression, partition key, a JSON field expression and an arrival-time range, all ANDed. Main
 * applies it to every decoded user record of a search (reader.start's `search`); the record
 * browser applies it to the records its window holds. A record matches in one if and only if it
 * matches in the other (test/unit/filter/record-filter.test.ts holds them to that).
 *
 * What may differ is only how fast each finds the answer: the window keeps each record's
 * lowercase text and where its JSON members are (records/record-filter.ts passes its cached
 * `FilterAccess` and field filter); main reads each record once and keeps nothing.
 * Pure: no DOM, no node.
 */
import type { DecodedRecord } from '../domain'
import { searchableText } from '../record-format'
import { compileTextClauses, parseFieldExpression, type Clause } from './field-expression'
import { hasNestedRepetition } from './nested-repetition'

/** A filter with its time range resolved to ms: what crosses the contract to main. */
export interface RecordFilterSpec {
  /** Contains, case-insensitive, in the record's text, its partition key or its sequence number. */
  text: string
  /**
 * "order-\d+" (case-insensitive) or "/Order-\d+/" with the flags as written (g and y ignored).
 * A pattern that could backtrack for minutes (nested-repetition.ts) is refused with the reason.
 */
/** "order-\d+" (case-insensitive) or "/Order-\d+/flags"; tried on the partition key and the text. */
  regex: string
  partitionKey: string
  partitionKeyMode: 'contains' | 'exact'
  /** A JSON field expression (field-expression.ts), e.g. `storeId = 42 and source = web`. */
  field: string
  /** Arrival times, ms since the epoch, both ends inclusive; null leaves that end open. */
  from: number | null
  to: number | null
}

export const matchAll: RecordFilterSpec = {
  text: '',
  regex: '',
  partitionKey: '',
  partitionKeyMode: 'contains',
  field: '',
  from: null,
  to: null
}

export type FilterErrors = Partial<Record<'regex' | 'field' | 'from' | 'to', string>>

/** How the filter reads a record's text; the window's version keeps what it computes. */
export interface FilterAccess {
  /** The searchable text (searchableText), or null for plain binary. */
  text(record: DecodedRecord): string | null
  /** The searchable text lowercased, '' for plain binary. */
  lowerText(record: DecodedRecord): string
  lowerKey(record: DecodedRecord): string
}

/** The JSON field filter over one record's JSON text; `index` is the record's place in its batch or window. */
export interface FieldMatcher {
  test: (text: string, index: number) => boolean
}

export const plainAccess: FilterAccess = {
  text: searchableText,
  lowerText: (record) => searchableText(record)?.toLowerCase() ?? '',
  lowerKey: (record) => record.partitionKey.toLowerCase()
}

const plainField = (clauses: readonly Clause[]): FieldMatcher => ({ test: compileTextClauses(clauses) })

export interface CompiledRecordFilter<F extends FieldMatcher = FieldMatcher> {
  /** False when nothing filters: every record matches. */
  active: boolean
  /** Whether the record (at `index` of its batch or window) matches, time range included. */
  test: (record: DecodedRecord, index: number) => boolean
  /** The compiled JSON field filter, when the spec has one. */
  field: F | null
  from: number | null
  to: number | null
  /** Parts of the spec that did not compile (they filter nothing until fixed). */
  errors: FilterErrors
}

/**
 * "order-\d+" (case-insensitive) or "/Order-\d+/" with the flags as written (g and y ignored).
 * A pattern that could backtrack for minutes on one record (nested-repetition.ts) is refused.
 */
export function parseRegex(input: string): RegExp | string {
  const literal = /^\/(.*)\/([a-z]*)$/s.exec(input)
  const source = literal !== null ? (literal[1] as string) : input
  const flags = literal !== null ? (literal[2] as string).replace(/[gy]/g, '') : 'i'
  if (hasNestedRepetition(source)) {
    return 'A repeated group that itself repeats, like (a+)+, can take minutes on one record; write it without the inner repetition, e.g. (a)+ or a+'
  }
  try {
    return new RegExp(source, flags)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return message.replace(/^Invalid regular expression: /, '').replace(/^\/.*\/[a-z]*: /, '') || 'Not a valid regular expression'
  }
}

type Test = (record: DecodedRecord, index: number) => boolean

export function compileRecordFilter<F extends FieldMatcher = FieldMatcher>(
  spec: RecordFilterSpec,
  access: FilterAccess = plainAccess,
  compileField: (clauses: readonly Clause[]) => F = plainField as (clauses: readonly Clause[]) => F
): CompiledRecordFilter<F> {
  const errors: FilterErrors = {}
  const tests: Test[] = []
  let field: F | null = null

  if (spec.text !== '') {
    const needle = spec.text.toLowerCase()
    tests.push(
      (r) => access.lowerText(r).includes(needle) || access.lowerKey(r).includes(needle) || r.sequenceNumber.includes(needle)
    )
  }

  if (spec.partitionKey !== '') {
    const key = spec.partitionKey
    const lower = key.toLowerCase()
    tests.push(spec.partitionKeyMode === 'exact' ? (r) => r.partitionKey === key : (r) => access.lowerKey(r).includes(lower))
  }

  if (spec.regex !== '') {
    const regex = parseRegex(spec.regex)
    if (typeof regex === 'string') errors.regex = regex
    else
      tests.push((r) => {
        if (regex.test(r.partitionKey)) return true
        const text = access.text(r)
        return text !== null && regex.test(text)
      })
  }

  if (spec.field.trim() !== '') {
    const parsed = parseFieldExpression(spec.field)
    if (!parsed.ok) errors.field = parsed.error
    else {
      const matcher = compileField(parsed.clauses)
      field = matcher
      tests.push((r, i) => {
        const text = r.text
        if (r.kind !== 'json' || text === null) return false
        try {
          return matcher.test(text, i)
        } catch {
          return false
        }
      })
    }
  }

  let { from, to } = spec
  if (from !== null && to !== null && from > to) {
    errors.to = 'The end of the range is before its start'
    from = null
    to = null
  }
  if (from !== null) {
    const start = from
    tests.push((r) => r.arrivalTime >= start)
  }
  if (to !== null) {
    const end = to
    tests.push((r) => r.arrivalTime <= end)
  }

  const test: Test =
    tests.length === 0 ? () => true : tests.length === 1 ? (tests[0] as Test) : (r, i) => tests.every((t) => t(r, i))
  return { active: tests.length > 0, test, field, from, to, errors }
}

/** The first problem of a spec, as one sentence naming the filter it is in; null when it compiles. */
export function filterProblem(errors: FilterErrors): string | null {
  const names: Record<keyof FilterErrors, string> = {
    regex: 'regular expression',
    field: 'JSON field expression',
    from: 'start of the time range',
    to: 'end of the time range'
  }
  for (const key of ['regex', 'field', 'from', 'to'] as const) {
    const error = errors[key]
    if (error !== undefined) return `The ${names[key]} does not compile: ${error}.`
  }
  return null
}

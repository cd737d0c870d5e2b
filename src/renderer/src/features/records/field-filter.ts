/**
 * The JSON field filter over the window's records: the clauses read top-level members found by
 * one pass over a record's text (json-scan.ts), and where the pass found them is kept in the
 * window's member columns (member-columns.ts). Clauses whose member is kept are tried first, and
 * the text is read only when they all pass, so a refined expression reads the text of just the
 * records its earlier clauses let through.
 */
import type { DecodedRecord } from '../../../../shared/domain'
import { compileTextClauses, textClauses, type Clause, type MemberClause } from '../../../../shared/filter/field-expression'
import { NOT_AN_OBJECT, UNREAD, writeMembers, type MemberColumns, type WindowMove } from './member-columns'

export interface FieldFilter {
  /** Before a pass over `records`: aligns the kept columns with them. */
  follow: (records: readonly DecodedRecord[], move?: WindowMove) => void
  /** Whether the JSON text of the record at window index `index` passes; throws only as JSON.parse does. */
  test: (text: string, index: number) => boolean
}

/** `kept`: the window's member columns; without them every record's text is read each time. */
export function compileFieldFilter(clauses: readonly Clause[], kept: MemberColumns | null): FieldFilter {
  if (kept === null) {
    const onText = compileTextClauses(clauses)
    return { follow: () => undefined, test: onText }
  }
  const { keys, keyOf, members, mayMatch, scan, onRanges, onWhole } = textClauses(clauses)
  const ranges = new Int32Array(2 * keys.length)
  let columns: Int32Array[] = []
  return {
    follow: (records, move) => {
      kept.follow(records, move)
      columns = keys.map((key) => kept.column(key))
    },
    test: (text, index) => {
      // Clauses over kept members first: most records fail one of them without a pass.
      let unread = false
      for (let c = 0; c < members.length; c++) {
        const column = columns[keyOf[c] as number] as Int32Array
        const start = column[2 * index] as number
        if (start === UNREAD) unread = true
        else if (start === NOT_AN_OBJECT) return onWhole(text)
        else if (!(members[c] as MemberClause).test(text, start, column[2 * index + 1] as number)) return false
      }
      if (!unread) return true
      if (!mayMatch(text)) return false
      const object = scan(text, ranges)
      writeMembers(columns, index, object, ranges)
      return object ? onRanges(text, ranges) : onWhole(text)
    }
  }
}

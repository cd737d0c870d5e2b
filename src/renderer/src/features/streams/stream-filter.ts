/** Pure helpers of the stream list: filtering, the count line, and moving the keyboard cursor. */
import type { StreamListItem } from '../../../../shared/domain'

/** Case-insensitive substring match on the name; a blank query keeps everything. */
export function filterStreams(items: readonly StreamListItem[], query: string): StreamListItem[] {
  const needle = query.trim().toLowerCase()
  if (needle === '') return [...items]
  return items.filter((item) => item.name.toLowerCase().includes(needle))
}

const plural = (n: number): string => (n === 1 ? 'stream' : 'streams')

/** "3 streams", or "2 of 3 streams" while a search narrows the list. */
export function countText(shown: number, total: number, searching: boolean): string {
  return searching ? `${shown.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} ${plural(total)}` : `${total.toLocaleString('en-US')} ${plural(total)}`
}

export type CursorMove = 'next' | 'previous' | 'first' | 'last'

/** The name the cursor lands on; with no cursor yet, "next" starts at the top. */
export function moveCursor(names: readonly string[], cursor: string | null, move: CursorMove): string | null {
  if (names.length === 0) return null
  const index = cursor === null ? -1 : names.indexOf(cursor)
  const target =
    move === 'first' ? 0
    : move === 'last' ? names.length - 1
    : move === 'next' ? Math.min(index + 1, names.length - 1)
    : index === -1 ? 0 : Math.max(index - 1, 0)
  return names[target] ?? null
}

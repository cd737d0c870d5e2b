/**
 * Finds the shape of regular expression that can take minutes on one record: a group repeated
 * without bound that itself holds an unbounded repetition, e.g. `(a+)+`, `(\w*,)*`, `(?:x+y?)+$`.
 * JavaScript's engine backtracks, and on a text that almost matches such a pattern tries every
 * way of splitting it between the two repetitions: exponential in the text's length. V8 has no
 * timeout for a regex, so in main (a search) one record would stop the whole app, and in the
 * window it would freeze the page; the filter refuses the pattern instead (parseRegex).
 *
 * This is the classic "star height > 1" test. It does not catch every slow pattern (an
 * alternation whose branches overlap, `(a|aa)+`, is slow too), but it catches the shape people
 * write by accident. Repetitions are `*`, `+`, `{n,}` and `{n,m}` with m > 1; `?` is not one.
 */

/** Whether the character at `i` starts a repetition quantifier; returns its length, or 0. */
function repetitionAt(source: string, i: number): number {
  const c = source[i]
  if (c === '*' || c === '+') return 1
  if (c !== '{') return 0
  const brace = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i))
  if (brace === null) return 0
  const max = brace[2] === undefined ? Number(brace[1]) : brace[3] === '' ? Infinity : Number(brace[3])
  return max > 1 ? brace[0].length : 0
}

export function hasNestedRepetition(source: string): boolean {
  // One entry per open group: whether something inside it repeats.
  const groups: boolean[] = [false]
  let i = 0
  while (i < source.length) {
    const c = source[i]
    let atomRepeats = false
    if (c === '\\') {
      i += 2
    } else if (c === '[') {
      // A character class is one atom; inside it, quantifier characters are literal.
      i += 1
      if (source[i] === '^') i += 1
      if (source[i] === ']') i += 1
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1
      i += 1
    } else if (c === '(') {
      groups.push(false)
      i += 1
      continue
    } else if (c === ')') {
      atomRepeats = groups.pop() ?? false
      if (groups.length === 0) groups.push(false)
      i += 1
    } else {
      i += 1
    }
    const quantifier = repetitionAt(source, i)
    if (quantifier > 0) {
      if (atomRepeats) return true
      groups[groups.length - 1] = true
      i += quantifier
      // A lazy or possessive mark after the quantifier.
      if (source[i] === '?') i += 1
    } else if (atomRepeats) {
      // An unrepeated group passes what repeats inside it on to its enclosing group.
      groups[groups.length - 1] = true
    }
  }
  return false
}

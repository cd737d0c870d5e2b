/**
 * Reads one top-level member of a JSON object straight from its text, without parsing the rest:
 * the JSON field filter runs over 200,000 records per keystroke, and JSON.parse of every record
 * (allocating every object) costs several times more than skipping over the text. Pure.
 * The text is assumed to be valid JSON (the decoder only marks valid JSON as such).
 */

/** The text is not a JSON object (an array, or not JSON): the caller parses it whole. */
export const NOT_AN_OBJECT = Symbol('not an object')

const QUOTE = 34 // "
const BACKSLASH = 92
const OPEN_BRACE = 123
const CLOSE_BRACE = 125
const OPEN_BRACKET = 91
const CLOSE_BRACKET = 93
const COMMA = 44
const COLON = 58

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i++
  return i
}

/** Index just after the string that starts at `i` (an opening quote). */
function skipString(text: string, i: number): number {
  let j = i + 1
  for (;;) {
    const close = text.indexOf('"', j)
    if (close === -1) return text.length
    // An escaped quote has an odd number of backslashes before it.
    let backslashes = 0
    for (let k = close - 1; k > i && text.charCodeAt(k) === BACKSLASH; k--) backslashes++
    if (backslashes % 2 === 0) return close + 1
    j = close + 1
  }
}

/** Index just after the value that starts at `i`. */
function skipValue(text: string, i: number): number {
  const c = text.charCodeAt(i)
  if (c === QUOTE) return skipString(text, i)
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    let depth = 0
    let j = i
    while (j < text.length) {
      const d = text.charCodeAt(j)
      if (d === QUOTE) {
        j = skipString(text, j)
        continue
      }
      if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++
      else if (d === CLOSE_BRACE || d === CLOSE_BRACKET) {
        depth--
        if (depth === 0) return j + 1
      }
      j++
    }
    return j
  }
  let j = i
  while (j < text.length) {
    const d = text.charCodeAt(j)
    if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || isSpace(d)) break
    j++
  }
  return j
}

/** Whether the raw key text[start..end) names `key`, compared in place (no string per key). */
function keyMatches(text: string, start: number, end: number, key: string): boolean {
  const escaped = text.indexOf('\\', start)
  if (escaped !== -1 && escaped < end) return (JSON.parse(text.slice(start - 1, end + 1)) as string) === key
  return end - start === key.length && text.startsWith(key, start)
}

/** A member's value from its source: small literals without JSON.parse, the rest with it. */
export function parseMember(source: string): unknown {
  const c = source.charCodeAt(0)
  if (c === QUOTE) return source.indexOf('\\') === -1 ? source.slice(1, -1) : JSON.parse(source)
  if ((c >= 48 && c <= 57) || c === 45) {
    const n = Number(source)
    if (!Number.isNaN(n)) return n
  }
  if (source === 'true') return true
  if (source === 'false') return false
  if (source === 'null') return null
  return JSON.parse(source)
}

/**
 * The source text of member `key` of the top-level object, undefined when it has no such
 * member, NOT_AN_OBJECT when the text is not an object. Like JSON.parse, the last of duplicate
 * keys wins.
 */
export function topLevelMember(text: string, key: string): string | undefined | typeof NOT_AN_OBJECT {
  let i = skipSpace(text, 0)
  if (text.charCodeAt(i) !== OPEN_BRACE) return NOT_AN_OBJECT
  i = skipSpace(text, i + 1)
  let found: string | undefined
  while (i < text.length && text.charCodeAt(i) === QUOTE) {
    const keyEnd = skipString(text, i)
    const isKey = keyMatches(text, i + 1, keyEnd - 1, key)
    i = skipSpace(text, keyEnd)
    if (text.charCodeAt(i) !== COLON) return found
    i = skipSpace(text, i + 1)
    const valueEnd = skipValue(text, i)
    if (isKey) found = text.slice(i, valueEnd)
    i = skipSpace(text, valueEnd)
    if (text.charCodeAt(i) !== COMMA) break
    i = skipSpace(text, i + 1)
  }
  return found
}

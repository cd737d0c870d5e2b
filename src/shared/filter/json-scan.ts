/**
 * Reads top-level members of a JSON object straight from its text, without parsing the rest:
 * the JSON field filter runs over 200,000 records per keystroke, and JSON.parse of every record
 * (allocating every object) costs several times more than skipping over the text. Values are
 * compared in place where they can be (exactNumberAt, stringEquals). Pure.
 * The text is assumed to be valid JSON (the decoder only marks valid JSON as such).
 */

import { BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, OPEN_BRACE, OPEN_BRACKET, QUOTE } from '../json-syntax'
import { ExactNumber, readsExactly } from './json-number'

/** JSON whitespace is space, tab, CR and LF; nothing else in valid JSON is at or below a space. */
function skipSpace(text: string, i: number): number {
  while (i < text.length && text.charCodeAt(i) <= 32) i++
  return i
}

/** Index just after the string that starts at `i` (an opening quote). */
function skipString(text: string, i: number): number {
  let j = i + 1
  for (;;) {
    const close = text.indexOf('"', j)
    if (close === -1) return text.length
    if (text.charCodeAt(close - 1) !== BACKSLASH) return close + 1
    // An escaped quote has an odd number of backslashes before it.
    let backslashes = 0
    for (let k = close - 1; k > i && text.charCodeAt(k) === BACKSLASH; k--) backslashes++
    if (backslashes % 2 === 0) return close + 1
    j = close + 1
  }
}

/** Index just after the object or array that starts at `i`. */
function skipNested(text: string, i: number): number {
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

/** Index just after the number, true, false or null that starts at `i`. */
function skipScalar(text: string, i: number): number {
  let j = i
  while (j < text.length) {
    const d = text.charCodeAt(j)
    if (d <= 32 || d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET) break
    j++
  }
  return j
}

/** A member's value from its source: small literals without JSON.parse, the rest with parseJsonExact. */
export function parseMember(source: string): unknown {
  const c = source.charCodeAt(0)
  if (c === QUOTE) return source.indexOf('\\') === -1 ? source.slice(1, -1) : JSON.parse(source)
  if ((c >= 48 && c <= 57) || c === 45) {
    if (!readsExactly(source)) return new ExactNumber(source)
    const n = Number(source)
    if (!Number.isNaN(n)) return n
  }
  if (source === 'true') return true
  if (source === 'false') return false
  if (source === 'null') return null
  return parseJsonExact(source)
}

/**
 * JSON.parse's value, except that numbers a double would not hold exactly are ExactNumbers
 * (json-number.ts). Throws as JSON.parse does; reads the text a second time only when it has
 * such a number.
 */
export function parseJsonExact(text: string): unknown {
  const value: unknown = JSON.parse(text)
  if (readsExactly(text)) return value
  const at = { i: 0 }
  return exactValue(text, at)
}

/** The value at `at.i` of a text JSON.parse accepted, moving `at.i` past it. */
function exactValue(text: string, at: { i: number }): unknown {
  let i = skipSpace(text, at.i)
  const c = text.charCodeAt(i)
  if (c === QUOTE) {
    const end = skipString(text, i)
    at.i = end
    return JSON.parse(text.slice(i, end))
  }
  if (c === OPEN_BRACKET) {
    const items: unknown[] = []
    at.i = skipSpace(text, i + 1)
    if (text.charCodeAt(at.i) === CLOSE_BRACKET) {
      at.i += 1
      return items
    }
    for (;;) {
      items.push(exactValue(text, at))
      i = skipSpace(text, at.i)
      at.i = i + 1
      if (text.charCodeAt(i) !== COMMA) return items
    }
  }
  if (c === OPEN_BRACE) {
    const object: Record<string, unknown> = {}
    at.i = skipSpace(text, i + 1)
    if (text.charCodeAt(at.i) === CLOSE_BRACE) {
      at.i += 1
      return object
    }
    for (;;) {
      const key = exactValue(text, at) as string
      at.i = skipSpace(text, at.i) + 1 // the colon
      // As JSON.parse: an own member even for "__proto__", the last of duplicate keys wins.
      Object.defineProperty(object, key, { value: exactValue(text, at), enumerable: true, writable: true, configurable: true })
      i = skipSpace(text, at.i)
      at.i = i + 1
      if (text.charCodeAt(i) !== COMMA) return object
    }
  }
  const end = skipScalar(text, i)
  at.i = end
  const source = text.slice(i, end)
  if (source === 'true') return true
  if (source === 'false') return false
  if (source === 'null') return null
  return readsExactly(source) ? Number(source) : new ExactNumber(source)
}

/**
 * Where members `keys` of a text's top-level object are: a function that writes the source
 * range [start, end) of the value of keys[k] into ranges[2k] and ranges[2k + 1] (-1 for a key the
 * object lacks), in one pass, and answers false when the text is not an object (the caller
 * parses it whole). Like JSON.parse, the last of duplicate keys wins, so the pass reads to the
 * end of the object (searching the rest for the keys costs more in Chromium than reading it).
 *
 * Keys are compared in place. A key written with escapes is decoded first, and only looked for
 * where it could name one of `keys`: an escape is longer than what it stands for, so a key no
 * longer than the shortest of `keys` is not one of them written with escapes, and a text without
 * a backslash has none (one search, made once a key needs it).
 */
export function memberScan(keys: readonly string[]): (text: string, ranges: Int32Array) => boolean {
  const shortest = Math.min(...keys.map((k) => k.length))
  // A key with a backslash is written escaped in any JSON text: then every key is decoded.
  const decodeAll = keys.some((k) => k.includes('\\'))
  return (text, ranges) => {
    for (let k = 0; k < ranges.length; k++) ranges[k] = -1
    const n = text.length
    let i = skipSpace(text, 0)
    if (text.charCodeAt(i) !== OPEN_BRACE) return false
    i = skipSpace(text, i + 1)
    let escapes: boolean | null = decodeAll ? true : null
    while (i < n && text.charCodeAt(i) === QUOTE) {
      const keyStart = i + 1
      let keyEnd = text.indexOf('"', keyStart)
      let which: number
      if (text.charCodeAt(keyEnd - 1) === BACKSLASH) {
        keyEnd = skipString(text, i) - 1
        escapes = true
      }
      if (escapes === true) which = decodedKeyIndex(text, keyStart, keyEnd, keys)
      else {
        which = keyIndex(text, keyStart, keyEnd, keys)
        if (which === -1 && keyEnd - keyStart > shortest) {
          escapes ??= text.indexOf('\\', keyStart) !== -1
          if (escapes) which = decodedKeyIndex(text, keyStart, keyEnd, keys)
        }
      }
      i = keyEnd + 1
      if (text.charCodeAt(i) !== COLON) i = skipSpace(text, i)
      if (text.charCodeAt(i) !== COLON) break
      i++
      if (text.charCodeAt(i) <= 32) i = skipSpace(text, i)
      const c = text.charCodeAt(i)
      const valueEnd = c === QUOTE ? skipString(text, i) : c === OPEN_BRACE || c === OPEN_BRACKET ? skipNested(text, i) : skipScalar(text, i)
      if (which !== -1) {
        ranges[2 * which] = i
        ranges[2 * which + 1] = valueEnd
      }
      i = valueEnd
      if (text.charCodeAt(i) !== COMMA) i = skipSpace(text, i)
      if (text.charCodeAt(i) !== COMMA) break
      i++
      if (text.charCodeAt(i) <= 32) i = skipSpace(text, i)
    }
    return true
  }
}

/** Which of `keys` the key text[start..end) is, compared in place; -1 for none. */
function keyIndex(text: string, start: number, end: number, keys: readonly string[]): number {
  const length = end - start
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k] as string
    if (key.length !== length) continue
    let j = 0
    while (j < length && text.charCodeAt(start + j) === key.charCodeAt(j)) j++
    if (j === length) return k
  }
  return -1
}

/** The same for a key that may be written with escapes: decoded when it has one. */
function decodedKeyIndex(text: string, start: number, end: number, keys: readonly string[]): number {
  for (let j = start; j < end; j++) {
    if (text.charCodeAt(j) === BACKSLASH) return keys.indexOf(JSON.parse(text.slice(start - 1, end + 1)) as string)
  }
  return keyIndex(text, start, end, keys)
}

/**
 * The number whose source is text[start..end), or null when a double would not hold it exactly
 * (json-number.ts): integers of up to 15 digits read in place.
 */
export function exactNumberAt(text: string, start: number, end: number): number | null {
  const negative = text.charCodeAt(start) === 45
  const from = negative ? start + 1 : start
  if (end - from <= 15) {
    let n = 0
    let i = from
    for (; i < end; i++) {
      const d = text.charCodeAt(i) - 48
      if (d < 0 || d > 9) break
      n = n * 10 + d
    }
    if (i === end && i > from) return negative ? -n : n
  }
  const source = text.slice(start, end)
  return readsExactly(source) ? Number(source) : null
}

/**
 * Whether the JSON string whose source is text[start..end) (quotes included) equals `s`, told
 * in place; null when only decoding can tell (the source has escapes, or `s` has a backslash).
 */
export function stringEquals(text: string, start: number, end: number, s: string): boolean | null {
  if (s.includes('\\')) return null
  const length = end - start - 2
  // An escape is longer in the source than what it stands for: a source as long as `s` has
  // none if it equals `s`, and a shorter one cannot decode to `s`.
  if (length === s.length) return text.startsWith(s, start + 1)
  if (length < s.length) return false
  for (let i = start + 1; i < end - 1; i++) if (text.charCodeAt(i) === BACKSLASH) return null
  return false
}

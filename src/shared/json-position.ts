/**
 * Where JSON text first goes wrong, as an offset. V8's JSON.parse names the position for some
 * errors only ("Unexpected token '}', "…" is not valid JSON" has none), so a JSON error's line and
 * column cannot always be read from its message: this small scanner of the JSON grammar finds it.
 * Pure; no electron, no node.
 */

/** The offset of the first character that is not valid JSON (text.length for an early end), or null if the text is JSON. */
export function jsonErrorOffset(text: string): number | null {
  let i = 0
  const n = text.length
  class Stop extends Error {
    constructor(readonly at: number) {
      super(`JSON stops being valid at ${at}`)
    }
  }
  const fail = (at = i): never => {
    throw new Stop(Math.min(at, n))
  }
  const ws = (): void => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++
  }
  const literal = (word: string): void => {
    for (const c of word) {
      if (text[i] !== c) fail()
      i++
    }
  }
  const string = (): void => {
    i++ // the opening quote
    for (;;) {
      if (i >= n) fail()
      const c = text.charCodeAt(i)
      if (c === 0x22) return void i++
      if (c < 0x20) fail()
      if (c === 0x5c) {
        const e = text[i + 1]
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail(i + 2)
          i += 6
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2
        else fail(i + 1)
      } else i++
    }
  }
  const digits = (): void => {
    if (!/[0-9]/.test(text[i] ?? '')) fail()
    while (/[0-9]/.test(text[i] ?? '')) i++
  }
  const number = (): void => {
    if (text[i] === '-') i++
    if (text[i] === '0') i++
    else digits()
    if (text[i] === '.') {
      i++
      digits()
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++
      if (text[i] === '+' || text[i] === '-') i++
      digits()
    }
  }
  const value = (): void => {
    ws()
    const c = text[i]
    if (c === '{') {
      i++
      ws()
      if (text[i] === '}') return void i++
      for (;;) {
        ws()
        if (text[i] !== '"') fail()
        string()
        ws()
        if (text[i] !== ':') fail()
        i++
        value()
        ws()
        if (text[i] === ',') i++
        else if (text[i] === '}') return void i++
        else fail()
      }
    } else if (c === '[') {
      i++
      ws()
      if (text[i] === ']') return void i++
      for (;;) {
        value()
        ws()
        if (text[i] === ',') i++
        else if (text[i] === ']') return void i++
        else fail()
      }
    } else if (c === '"') string()
    else if (c === 't') literal('true')
    else if (c === 'f') literal('false')
    else if (c === 'n') literal('null')
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) number()
    else fail()
  }
  try {
    value()
    ws()
    return i < n ? i : null
  } catch (stop) {
    if (stop instanceof Stop) return stop.at
    throw stop
  }
}

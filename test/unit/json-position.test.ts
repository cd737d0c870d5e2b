import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { jsonErrorOffset } from '../../src/shared/json-position'
import { jsonSyntaxProblem } from '../../src/shared/producer'

const problemOf = (text: string): ReturnType<typeof jsonSyntaxProblem> => {
  try {
    JSON.parse(text)
  } catch (error) {
    return jsonSyntaxProblem(text, error)
  }
  throw new Error(`valid JSON: ${text}`)
}

describe('jsonErrorOffset', () => {
  it('accepts every JSON text JSON.stringify writes, and agrees with JSON.parse on broken ones', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, pretty) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined)
        expect(jsonErrorOffset(text)).toBeNull()
        if (text.length > 1) {
          const cut = text.slice(0, -1)
          let valid = true
          try {
            JSON.parse(cut)
          } catch {
            valid = false
          }
          expect(jsonErrorOffset(cut) === null).toBe(valid)
        }
      })
    )
  })

  it('points at the first character that breaks the grammar', () => {
    expect(jsonErrorOffset('{"a": }')).toBe(6)
    expect(jsonErrorOffset('[1, 2,]')).toBe(6)
    expect(jsonErrorOffset('{"a": 1} x')).toBe(9)
    expect(jsonErrorOffset('{"a": tru}')).toBe(9)
    expect(jsonErrorOffset('"\\q"')).toBe(2)
    expect(jsonErrorOffset('{"a": 01}')).toBe(7)
    expect(jsonErrorOffset('{"a": 1')).toBe(7)
    expect(jsonErrorOffset('')).toBe(0)
  })
})

describe('jsonSyntaxProblem', () => {
  it('names the line and column even where the engine names no position', () => {
    expect(problemOf('{\n  "a": 1,\n  "b": }')).toMatchObject({ line: 3, column: 8 })
    expect(problemOf('{\n  "a": 1,\n  "b": }').message).toMatch(/^The payload is not valid JSON \(line 3, column 8\): /)
    expect(problemOf('{"a": 1')).toMatchObject({ line: 1, column: 8 })
    // The reason without V8's copy of the whole text.
    expect(problemOf('{"a": }').message).toBe("The payload is not valid JSON (line 1, column 7): Unexpected token '}'")
    expect(problemOf('{\n  "a": [1, 2,]\n}')).toMatchObject({ line: 2, column: 14 })
  })
})

/**
 * Exact JSON numbers for the field filter: compareDecimals against BigInt arithmetic, and
 * parseJsonExact against JSON.parse (the same value, with the numbers a double would round kept
 * as written).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ExactNumber, compareDecimals } from '../../../src/shared/filter/json-number'
import { parseJsonExact } from '../../../src/shared/filter/json-scan'

/** m × 10^e written as JSON may write it: plain, with a point, or with an exponent. */
function written(m: bigint, e: number, form: number): string {
  const sign = m < 0n ? '-' : ''
  const digits = (m < 0n ? -m : m).toString()
  if (form === 0) return `${sign}${digits}e${e}`
  if (form === 1 && e >= 0) return `${sign}${digits}${'0'.repeat(e)}`
  const point = digits.length + Math.min(e, 0)
  const padded = point <= 0 ? `${'0'.repeat(1 - point)}${digits}` : digits
  const at = Math.max(point, 1)
  const mantissa = `${padded.slice(0, at)}.${padded.slice(at) || '0'}`
  return `${sign}${mantissa}E${e > 0 ? '+' : ''}${Math.max(e, 0)}`
}

describe('compareDecimals', () => {
  it('orders numbers of any length as BigInt arithmetic does', () => {
    const number = fc.tuple(fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), fc.integer({ min: -25, max: 25 }), fc.nat({ max: 2 }))
    fc.assert(
      fc.property(number, number, ([m1, e1, f1], [m2, e2, f2]) => {
        const scaled = (m: bigint, e: number): bigint => m * 10n ** BigInt(e + 30)
        const diff = scaled(m1, e1) - scaled(m2, e2)
        expect(compareDecimals(written(m1, e1, f1), written(m2, e2, f2))).toBe(diff === 0n ? 0 : diff > 0n ? 1 : -1)
      }),
      { numRuns: 2000 }
    )
  })

  it('reads the forms String() gives a double and the forms a filter literal takes', () => {
    expect(compareDecimals('1e+21', '1000000000000000000000')).toBe(0)
    expect(compareDecimals('-0', '0')).toBe(0)
    expect(compareDecimals('.5', '0.50')).toBe(0)
    expect(compareDecimals('5.', '05')).toBe(0)
    expect(compareDecimals('12345678901234567891', '12345678901234567890')).toBe(1)
    expect(compareDecimals('-12345678901234567891', '-12345678901234567890')).toBe(-1)
  })
})

describe('parseJsonExact', () => {
  const asDoubles = (value: unknown): unknown =>
    value instanceof ExactNumber
      ? Number(value.source)
      : Array.isArray(value)
        ? value.map(asDoubles)
        : value !== null && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asDoubles(v)]))
          : value

  it('gives JSON.parse’s value, with the numbers a double would round kept as written', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom('', ' ', '\n\t'), (value, space) => {
        const text = JSON.stringify(value, null, space)
        expect(asDoubles(parseJsonExact(text))).toEqual(JSON.parse(text))
      }),
      { numRuns: 1000 }
    )
  })

  it('keeps big numbers, "__proto__" as an own member and the last of duplicate keys', () => {
    const value = parseJsonExact('{"__proto__":{"id":12345678901234567891},"d":1,"d":[ 2 , 1e400 ]}') as Record<string, unknown>
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype)
    expect(Object.keys(value)).toEqual(['__proto__', 'd'])
    expect(value['__proto__']).toEqual({ id: new ExactNumber('12345678901234567891') })
    expect(value.d).toEqual([2, new ExactNumber('1e400')])
  })
})

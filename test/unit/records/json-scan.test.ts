import { describe, expect, it } from 'vitest'
import { exactNumberAt, memberScan, stringEquals } from '../../../src/shared/filter/json-scan'
import { compileClauses, compileTextClauses, parseFieldExpression } from '../../../src/shared/filter/field-expression'

const NOT_AN_OBJECT = Symbol('not an object')

/** The source of member `key`, as memberScan finds it. */
function topLevelMember(text: string, key: string): string | undefined | typeof NOT_AN_OBJECT {
  const ranges = new Int32Array(2)
  if (!memberScan([key])(text, ranges)) return NOT_AN_OBJECT
  return ranges[0] === -1 ? undefined : text.slice(ranges[0], ranges[1])
}

describe('memberScan', () => {
  it('finds a top-level member without parsing the rest', () => {
    const text = '{"a":1,"b":{"a":2,"c":[1,{"a":3}]},"s":"x\\"a\\":9","a2":  true , "n":null}'
    expect(topLevelMember(text, 'a')).toBe('1')
    expect(topLevelMember(text, 'b')).toBe('{"a":2,"c":[1,{"a":3}]}')
    expect(topLevelMember(text, 's')).toBe('"x\\"a\\":9"')
    expect(topLevelMember(text, 'a2')).toBe('true')
    expect(topLevelMember(text, 'n')).toBe('null')
    expect(topLevelMember(text, 'c')).toBeUndefined()
  })

  it('handles whitespace, escaped keys, backslashes before quotes and duplicates as JSON.parse does', () => {
    expect(topLevelMember(' {\n "k" :\t[ 1 , 2 ] }', 'k')).toBe('[ 1 , 2 ]')
    expect(topLevelMember('{"s\\u0074oreId":42}', 'storeId')).toBe('42')
    expect(topLevelMember('{"p":"ends with \\\\","q":7}', 'q')).toBe('7')
    expect(topLevelMember('{"d":1,"d":2}', 'd')).toBe('2')
    expect(topLevelMember('{}', 'x')).toBeUndefined()
    expect(topLevelMember('[{"a":1}]', 'a')).toBe(NOT_AN_OBJECT)
  })

  it('finds several keys in one pass, the last of duplicates, escaped or not', () => {
    const text = '{"a":1,"b":"x","s\\u0074":[2],"a":3,"n":{"b":4}}'
    const ranges = new Int32Array(8)
    expect(memberScan(['a', 'b', 'st', 'c'])(text, ranges)).toBe(true)
    const at = (k: number): string | undefined => (ranges[2 * k] === -1 ? undefined : text.slice(ranges[2 * k], ranges[2 * k + 1]))
    expect([at(0), at(1), at(2), at(3)]).toEqual(['3', '"x"', '[2]', undefined])
  })
})

describe('numberAt and stringEquals read values in place', () => {
  it('exactNumberAt: the number Number() reads, integers without a string; null where a double would round it', () => {
    for (const source of ['0', '-0', '7', '-120', '123456789012345', '1.5', '-2.5e3', '1E+2', '12000e-2']) {
      const text = `[${source}]`
      expect(exactNumberAt(text, 1, text.length - 1), source).toBe(Number(source))
    }
    for (const source of ['1234567890123456789', '0.1000000000000000001', '1e400', '-1e-400']) {
      const text = `[${source}]`
      expect(exactNumberAt(text, 1, text.length - 1), source).toBeNull()
    }
  })

  it('stringEquals: true or false in place, null when only decoding can tell', () => {
    const at = (source: string, s: string): boolean | null => stringEquals(`:${source},`, 1, source.length + 1, s)
    expect(at('"web"', 'web')).toBe(true)
    expect(at('"wex"', 'web')).toBe(false)
    expect(at('"we"', 'web')).toBe(false)
    expect(at('"webs"', 'web')).toBe(false)
    expect(at('"w\\u0065b"', 'web')).toBeNull()
    expect(at('"w\\"b"', 'w"b')).toBeNull()
    expect(at('"ab"', 'a"')).toBe(false)
    expect(at('"a\\\\b"', 'a\\b')).toBeNull()
  })
})

describe('compileTextClauses answers as compileClauses on the parsed value', () => {
  const texts = [
    '{"storeId":42,"pizza":{"size":"Large","toppings":["ham","olives"]},"total":12.5,"status":"done"}',
    '{"storeId":"42","pizza":{"size":"small"},"total":"8","status":"open","extra":{"storeId":1}}',
    ' { "storeId" : 7 , "pizza" : null , "items" : [ {"sku":"p-1","qty":2} ] } ',
    '{"note":"has \\"storeId\\":42 inside","storeId":1}',
    '{"storeId":1,"storeId":42}',
    '[{"storeId":42}]',
    '{"big":123456789012345678901234567890,"items":[]}'
  ]
  const expressions = [
    'storeId = 42',
    'storeId != 42',
    'pizza.size contains large',
    'pizza.toppings contains oli',
    'total > 10',
    'status exists',
    'items[0].qty >= 2',
    'items.0.sku = "p-1"',
    'extra.storeId = 1',
    'storeId = 42 and total < 20',
    'big > 1',
    '0.storeId = 42'
  ]
  for (const expression of expressions) {
    it(expression, () => {
      const parsed = parseFieldExpression(expression)
      if (!parsed.ok) throw new Error(parsed.error)
      const onValue = compileClauses(parsed.clauses)
      const onText = compileTextClauses(parsed.clauses)
      for (const text of texts) expect(onText(text), text).toBe(onValue(JSON.parse(text)))
    })
  }
})

describe('numbers a double cannot hold compare exactly, as the record writes them', () => {
  // 64-bit ids (snowflakes, Avro longs) beyond 2^53: neighbours round to the same double.
  const cases: [string, string, boolean][] = [
    ['id = 12345678901234567891', '{"id":12345678901234567891}', true],
    ['id = 12345678901234567891', '{"id":12345678901234567890}', false],
    ['id = 12345678901234567891', '{"id":1.2345678901234567891e19}', true],
    ['id != 12345678901234567891', '{"id":12345678901234567890}', true],
    ['id = 9007199254740993', '{"id":9007199254740992}', false],
    ['id = 9007199254740992', '{"id":9007199254740993}', false],
    ['id > 12345678901234567890', '{"id":12345678901234567891}', true],
    ['id < 12345678901234567891', '{"id":12345678901234567890}', true],
    ['id >= 12345678901234567892', '{"id":12345678901234567891}', false],
    ['id = 100', '{"id":100.00000000000000001}', false],
    ['id contains 891', '{"id":12345678901234567891}', true],
    ['order.id = 12345678901234567891', '{"order":{"id":12345678901234567890}}', false],
    ['order.id = 12345678901234567891', '{"order":{"id":12345678901234567891}}', true],
    ['ids contains 12345678901234567891', '{"ids":[12345678901234567890]}', false],
    ['0.id = 12345678901234567891', '[{"id":12345678901234567890}]', false],
    ['x = Infinity', '{"x":1e400}', false],
    ['x = 0', '{"x":1e-400}', false]
  ]
  for (const [expression, text, expected] of cases) {
    it(`${expression} on ${text}: ${String(expected)}`, () => {
      const parsed = parseFieldExpression(expression)
      if (!parsed.ok) throw new Error(parsed.error)
      expect(compileTextClauses(parsed.clauses)(text)).toBe(expected)
    })
  }
})

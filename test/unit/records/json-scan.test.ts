import { describe, expect, it } from 'vitest'
import { NOT_AN_OBJECT, topLevelMember } from '../../../src/renderer/src/features/records/json-scan'
import { compileClauses, compileTextClauses, parseFieldExpression } from '../../../src/renderer/src/features/records/field-expression'

describe('topLevelMember', () => {
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

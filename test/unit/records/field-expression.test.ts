import { describe, expect, it } from 'vitest'
import { compileClauses, parseFieldExpression, valueAt } from '../../../src/shared/filter/field-expression'

function matches(expression: string, value: unknown): boolean {
  const parsed = parseFieldExpression(expression)
  if (!parsed.ok) throw new Error(parsed.error)
  return compileClauses(parsed.clauses)(value)
}

function errorOf(expression: string): string {
  const parsed = parseFieldExpression(expression)
  if (parsed.ok) throw new Error(`"${expression}" parsed`)
  return parsed.error
}

const order = {
  id: 'o-1',
  storeId: 42,
  total: 12.5,
  status: 'done',
  paid: true,
  note: null,
  pizza: { size: 'Large', toppings: ['ham', 'olives'] },
  items: [{ sku: 'p-1', qty: 2 }, { sku: 'p-2', qty: 1 }],
  code: '0042',
  when: '2026-11-25T18:30:00Z'
}

describe('parseFieldExpression', () => {
  it('parses a path, an operator and a value', () => {
    const parsed = parseFieldExpression('pizza.size contains large')
    expect(parsed).toEqual({
      ok: true,
      clauses: [{ path: ['pizza', 'size'], source: 'pizza.size', operator: 'contains', value: { text: 'large', number: null, quoted: false } }]
    })
  })

  it('reads numbers, quoted strings with escapes, array indexes and "and"', () => {
    const parsed = parseFieldExpression('items[1].sku = "p-\\"2" and total >= 10 AND items.0.qty=2')
    expect(parsed.ok).toBe(true)
    if (!parsed.ok) return
    expect(parsed.clauses.map((c) => [c.path, c.operator, c.value?.text, c.value?.number])).toEqual([
      [['items', 1, 'sku'], '=', 'p-"2', null],
      [['total'], '>=', '10', 10],
      [['items', '0', 'qty'], '=', '2', 2]
    ])
  })

  it('says what is wrong with a bad expression', () => {
    expect(errorOf('')).toMatch(/field path/)
    expect(errorOf('storeId')).toMatch(/After storeId, write an operator: = != > >= < <= contains exists/)
    expect(errorOf('storeId =')).toMatch(/Write a value after =/)
    expect(errorOf('storeId == 42')).toMatch(/Use = to compare/)
    expect(errorOf('status = "done')).toMatch(/no closing "/)
    expect(errorOf('a..b = 1')).toMatch(/empty key/)
    expect(errorOf('items[x] = 1')).toMatch(/array index/)
    expect(errorOf('storeId = 42 or total > 1')).toMatch(/join conditions with "and"/)
    expect(errorOf('storeId ~ 42')).toMatch(/write an operator/)
    expect(errorOf('"quoted" = 1')).toMatch(/without quotes/)
  })
})

describe('operators', () => {
  it('= compares numbers numerically and everything else as text', () => {
    expect(matches('storeId = 42', order)).toBe(true)
    expect(matches('storeId = 42.0', order)).toBe(true)
    expect(matches('storeId = "42"', order)).toBe(true)
    expect(matches('storeId = 43', order)).toBe(false)
    expect(matches('status = done', order)).toBe(true)
    expect(matches('status = "done"', order)).toBe(true)
    expect(matches('status = Done', order)).toBe(false)
    expect(matches('code = 0042', order)).toBe(true)
    expect(matches('paid = true', order)).toBe(true)
    expect(matches('note = null', order)).toBe(true)
    expect(matches('pizza = x', order)).toBe(false)
  })

  it('!= is the opposite of =, for fields that exist', () => {
    expect(matches('status != "done"', order)).toBe(false)
    expect(matches('status != "open"', order)).toBe(true)
    expect(matches('storeId != 7', order)).toBe(true)
    expect(matches('missing != 1', order)).toBe(false)
  })

  it('> >= < <= compare numbers, numeric strings and strings', () => {
    expect(matches('total > 10', order)).toBe(true)
    expect(matches('total > 12.5', order)).toBe(false)
    expect(matches('total >= 12.5', order)).toBe(true)
    expect(matches('total < 13', order)).toBe(true)
    expect(matches('total <= 12', order)).toBe(false)
    expect(matches('code > 41', order)).toBe(true)
    expect(matches('when >= "2026-11-25"', order)).toBe(true)
    expect(matches('when < "2026-11-25T18:00"', order)).toBe(false)
    expect(matches('pizza > 1', order)).toBe(false)
    expect(matches('status > 1', order)).toBe(false)
  })

  it('contains is a case-insensitive substring, or an array element', () => {
    expect(matches('pizza.size contains large', order)).toBe(true)
    expect(matches('pizza.size contains "ARG"', order)).toBe(true)
    expect(matches('pizza.size contains small', order)).toBe(false)
    expect(matches('pizza.toppings contains olives', order)).toBe(true)
    expect(matches('pizza.toppings contains oli', order)).toBe(true)
    expect(matches('pizza.toppings contains anchovies', order)).toBe(false)
    expect(matches('storeId contains 4', order)).toBe(true)
  })

  it('exists asks for a field; a missing field never matches otherwise', () => {
    expect(matches('pizza.size exists', order)).toBe(true)
    expect(matches('items[1].qty exists', order)).toBe(true)
    expect(matches('items[2] exists', order)).toBe(false)
    expect(matches('nothing exists', order)).toBe(false)
    expect(matches('nothing = 1', order)).toBe(false)
    expect(matches('status.inner = 1', order)).toBe(false)
  })

  it('and needs every clause', () => {
    expect(matches('storeId = 42 and pizza.size contains large', order)).toBe(true)
    expect(matches('storeId = 42 and pizza.size contains small', order)).toBe(false)
  })

  it('paths go through arrays and objects, never through a prototype', () => {
    expect(valueAt(order, ['items', 0, 'sku'])).toBe('p-1')
    expect(valueAt(order, ['items', '1', 'qty'])).toBe(1)
    expect(matches('constructor exists', order)).toBe(false)
    expect(matches('pizza.toString exists', order)).toBe(false)
    expect(matches('0 = 5', [5])).toBe(true)
  })

  it('a key of digits names that key exactly: leading zeros and more digits than a double holds', () => {
    const stock = { byZip: { '02134': 5, '2134': 1 }, byId: { '12345678901234567891': 3 }, lines: [{ qty: 4 }, { qty: 6 }] }
    expect(matches('byZip.02134 = 5', stock)).toBe(true)
    expect(matches('byZip.2134 = 1', stock)).toBe(true)
    expect(matches('byId.12345678901234567891 = 3', stock)).toBe(true)
    // Digits still index arrays, written either way.
    expect(matches('lines.1.qty = 6', stock)).toBe(true)
    expect(matches('lines[1].qty = 6', stock)).toBe(true)
  })
})

import { describe, expect, test } from 'vitest'
import type { StreamListItem } from '../../../src/shared/domain'
import { countText, filterStreams, moveCursor } from '../../../src/renderer/src/features/streams/stream-filter'

const item = (name: string): StreamListItem => ({ name, arn: null, status: null, mode: null, createdAt: null })
const streams = ['OrderStream', 'payments-events', 'orders.eu', 'Audit_Log'].map(item)

describe('filterStreams', () => {
  test('matches a substring anywhere in the name, ignoring case', () => {
    expect(filterStreams(streams, 'ORDER').map((s) => s.name)).toEqual(['OrderStream', 'orders.eu'])
    expect(filterStreams(streams, 'log').map((s) => s.name)).toEqual(['Audit_Log'])
  })

  test('a blank query keeps every stream, in order', () => {
    expect(filterStreams(streams, '   ')).toEqual(streams)
  })

  test('treats the query as text, not a pattern', () => {
    expect(filterStreams(streams, '.').map((s) => s.name)).toEqual(['orders.eu'])
    expect(filterStreams(streams, '.*')).toEqual([])
  })
})

describe('countText', () => {
  test('says how many streams there are, and how many match while searching', () => {
    expect(countText(3, 3, false)).toBe('3 streams')
    expect(countText(1, 1, false)).toBe('1 stream')
    expect(countText(0, 0, false)).toBe('0 streams')
    expect(countText(2, 3, true)).toBe('2 of 3 streams')
    expect(countText(1, 1000, true)).toBe('1 of 1,000 streams')
  })
})

describe('moveCursor', () => {
  const names = ['a', 'b', 'c']
  test('steps through the names and stops at either end', () => {
    expect(moveCursor(names, null, 'next')).toBe('a')
    expect(moveCursor(names, 'a', 'next')).toBe('b')
    expect(moveCursor(names, 'c', 'next')).toBe('c')
    expect(moveCursor(names, 'b', 'previous')).toBe('a')
    expect(moveCursor(names, 'a', 'previous')).toBe('a')
    expect(moveCursor(names, 'b', 'first')).toBe('a')
    expect(moveCursor(names, 'a', 'last')).toBe('c')
  })

  test('a cursor the search has hidden starts again from the top', () => {
    expect(moveCursor(names, 'zzz', 'next')).toBe('a')
    expect(moveCursor(names, 'zzz', 'previous')).toBe('a')
  })

  test('an empty list has no cursor', () => {
    expect(moveCursor([], 'a', 'next')).toBeNull()
  })
})

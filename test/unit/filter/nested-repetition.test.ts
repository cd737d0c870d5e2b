import { describe, expect, it } from 'vitest'
import { compileSearchFilter } from '../../../src/main/core/reader/reader-service'
import { compileFilter, emptyFilter } from '../../../src/renderer/src/features/records/record-filter'
import { hasNestedRepetition } from '../../../src/shared/filter/nested-repetition'
import { matchAll, parseRegex } from '../../../src/shared/filter/record-filter'

describe('hasNestedRepetition', () => {
  it('finds a group repeated without bound that holds an unbounded repetition', () => {
    for (const pattern of ['(a+)+', '(a*)*', '(\\d+,?)+$', '(?:x+y?)*z', '((ab)+c)*', '(a{2,})+', '([a-z]+\\.)+com', '((a+)?)+', '(a+){2,9}', '(?<w>\\w+\\s?)*!', '(a+?)+']) {
      expect(hasNestedRepetition(pattern), pattern).toBe(true)
    }
  })

  it('leaves patterns without that shape alone', () => {
    for (const pattern of ['order-\\d+', '(ab)+', '[a+]+', '\\(a+\\)+', '(a+)?', '(a|b)*', 'a{2,5}', '(a{1})+', '(a+)(b+)', '"status":"(failed|error)"', '[(]a+[)]+', '(a\\+)+', '[\\]+]+', '{a+}+']) {
      expect(hasNestedRepetition(pattern), pattern).toBe(false)
    }
  })
})

describe('a regex filter of that shape', () => {
  it('is refused with the reason, in main (a search) and in the window alike', () => {
    expect(parseRegex('/(\\w+\\s?)+$/')).toMatch(/repeated group that itself repeats/)
    expect(() => compileSearchFilter({ ...matchAll, regex: '(a+)+b' })).toThrow(/repeated group that itself repeats/)
    expect(compileFilter({ ...emptyFilter, regex: '(a+)+b' }, 'utc').errors.regex).toMatch(/repeated group that itself repeats/)
  })
})

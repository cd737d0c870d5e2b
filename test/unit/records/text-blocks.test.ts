/** The blocks a long body is shown in: together exactly the text, each bounded, cut where it does not show. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BLOCK_CHARS, textBlocks } from '../../../src/renderer/src/features/records/text-blocks'

describe('textBlocks', () => {
  it('a 6 MiB line without breaks: blocks of exactly BLOCK_CHARS, the last one the rest', () => {
    const text = 'x'.repeat(6 * 1024 * 1024 + 5)
    const blocks = textBlocks(text)
    expect(blocks).toHaveLength(193)
    expect(blocks.slice(0, -1).every((b) => b.length === BLOCK_CHARS)).toBe(true)
    expect(blocks.at(-1)).toBe('xxxxx')
    expect(blocks.join('')).toBe(text)
  })

  it('ends a block after a line break in its last quarter, and never between the halves of a surrogate pair', () => {
    expect(textBlocks('aaaaaa\nbbbbbbbbb', 8)).toEqual(['aaaaaa\n', 'bbbbbbbb', 'b'])
    expect(textBlocks('a\naaaaaaaaaa', 8)).toEqual(['a\naaaaaa', 'aaaa'])
    expect(textBlocks('aaaaaaa😀b', 8)).toEqual(['aaaaaaa', '😀b'])
    expect(textBlocks('')).toEqual([])
    expect(textBlocks('short')).toEqual(['short'])
  })

  it('for any text and size: the blocks join to the text, none is empty or longer than the size, none splits a pair', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '\n', '😀', 'é', ' '), maxLength: 400 }), fc.integer({ min: 2, max: 50 }), (text, size) => {
        const blocks = textBlocks(text, size)
        expect(blocks.join('')).toBe(text)
        for (const block of blocks) {
          expect(block.length).toBeGreaterThan(0)
          expect(block.length).toBeLessThanOrEqual(size)
          expect(/^[\uDC00-\uDFFF]/.test(block)).toBe(false)
        }
      })
    )
  })
})

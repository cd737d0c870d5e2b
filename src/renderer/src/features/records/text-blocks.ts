/**
 * A long body shown whole is cut into blocks the window lays out one at a time (see LongText):
 * one <pre> of 6 MiB is a single layout of every line, about 7 s on these machines. Pure.
 */

/** About 32 K characters a block: a few tens of milliseconds of layout each. */
export const BLOCK_CHARS = 32 * 1024

/**
 * The text in blocks of at most `size` characters whose concatenation is the text. A block ends
 * after a line break in its last quarter when there is one (a break there is invisible); otherwise
 * it is cut at `size`, never inside a surrogate pair.
 */
export function textBlocks(text: string, size = BLOCK_CHARS): string[] {
  const blocks: string[] = []
  let start = 0
  while (start < text.length) {
    let end = Math.min(start + size, text.length)
    if (end < text.length) {
      const newline = text.lastIndexOf('\n', end - 1)
      if (newline >= start + (size * 3) / 4) end = newline + 1
      else if (isHighSurrogate(text.charCodeAt(end - 1))) end -= 1
    }
    blocks.push(text.slice(start, end))
    start = end
  }
  return blocks
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff
}

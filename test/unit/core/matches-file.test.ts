import { describe, expect, it } from 'vitest'
import { MatchesFile } from '../../../src/main/core/reader/matches-file'
import { rec } from '../records/fixtures'

describe('MatchesFile', () => {
  it('a write that fails while the reader waits for the disk lets the reader go on (the error is kept), instead of rejecting', async () => {
    // /dev/full opens, then fails every write with ENOSPC: a disk that fills up during a search.
    const file = await MatchesFile.open('/dev/full', 'OrderStream')
    file.append(Array.from({ length: 50 }, () => rec({ text: 'x'.repeat(1000) })))
    expect(file.behind).toBe(true)
    await expect(file.whenReady()).resolves.toBeUndefined()
    expect(file.error?.message).toMatch(/ENOSPC/)
    expect(file.behind).toBe(false)
    await file.close()
  })
})

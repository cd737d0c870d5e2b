import { describe, expect, test } from 'vitest'
import { createLimitedQueue } from '../../../src/renderer/src/features/streams/limited-queue'

/** A run function whose calls the test settles by hand. */
function manualRun() {
  const started: string[] = []
  const settle = new Map<string, (fail?: boolean) => void>()
  let peak = 0
  let running = 0
  const run = (key: string): Promise<void> => {
    started.push(key)
    running++
    peak = Math.max(peak, running)
    return new Promise<void>((resolve, reject) => {
      settle.set(key, (fail) => {
        running--
        if (fail === true) reject(new Error(`${key} failed`))
        else resolve()
      })
    })
  }
  return { run, started, settle, peak: () => peak }
}

const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0))

describe('createLimitedQueue', () => {
  test('never runs more than the limit at once, and runs every key once', async () => {
    const m = manualRun()
    const queue = createLimitedQueue(4, m.run)
    const keys = Array.from({ length: 10 }, (_, i) => `s${i}`)
    queue.replace(keys)
    expect(m.started).toEqual(['s0', 's1', 's2', 's3'])
    expect(queue.running).toBe(4)
    expect(queue.waiting).toBe(6)
    for (let i = 0; i < 10; i++) {
      m.settle.get(`s${i}`)?.(i % 3 === 0) // some fail: the queue keeps going
      await flush()
    }
    expect(m.started).toEqual(keys)
    expect(m.peak()).toBe(4)
    expect(queue.running).toBe(0)
  })

  test('replace drops what was waiting (rows scrolled past) and skips what is running', async () => {
    const m = manualRun()
    const queue = createLimitedQueue(2, m.run)
    queue.replace(['a', 'b', 'c', 'd'])
    queue.replace(['b', 'x', 'y', 'x'])
    m.settle.get('a')?.()
    await flush()
    m.settle.get('b')?.()
    await flush()
    for (const key of ['x', 'y']) {
      m.settle.get(key)?.()
      await flush()
    }
    expect(m.started).toEqual(['a', 'b', 'x', 'y'])
  })

  test('clear drops the waiting work; running work finishes', async () => {
    const m = manualRun()
    const queue = createLimitedQueue(1, m.run)
    queue.replace(['a', 'b'])
    queue.clear()
    m.settle.get('a')?.()
    await flush()
    expect(m.started).toEqual(['a'])
    expect(queue.waiting).toBe(0)
  })
})

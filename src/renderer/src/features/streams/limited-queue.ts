/**
 * A tiny work queue with a concurrency limit whose waiting list is replaced, not appended: the
 * stream list hands it the rows on screen each time they change, so rows scrolled past are
 * dropped instead of described.
 */
export interface LimitedQueue<K> {
  /** Waiting work becomes `keys` (minus those running), in order. */
  replace(keys: readonly K[]): void
  /** Drops the waiting work; running work finishes. */
  clear(): void
  readonly running: number
  readonly waiting: number
}

export function createLimitedQueue<K>(limit: number, run: (key: K) => Promise<void>): LimitedQueue<K> {
  let waiting: K[] = []
  const running = new Set<K>()
  const pump = (): void => {
    while (running.size < limit) {
      const key = waiting.shift()
      if (key === undefined) return
      running.add(key)
      void run(key)
        .catch(() => undefined) // run reports its own failures; the queue only keeps going
        .finally(() => {
          running.delete(key)
          pump()
        })
    }
  }
  return {
    replace(keys) {
      waiting = [...new Set(keys)].filter((key) => !running.has(key))
      pump()
    },
    clear() {
      waiting = []
    },
    get running() {
      return running.size
    },
    get waiting() {
      return waiting.length
    }
  }
}

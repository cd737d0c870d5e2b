/**
 * The bulk sender's sense of time, behind a seam: pacing, backoff, call timeouts and progress
 * ticks all go through it, so unit tests drive a manual clock and are exactly repeatable.
 */
export interface SenderClock {
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export const realClock: SenderClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout)
}

/** A clock for the bulk sender's unit tests: time moves only when the test says so. */
import type { SenderClock } from '../../../src/main/core/producer/clock'

interface Timer {
  at: number
  seq: number
  fn: () => void
}

export class ManualClock implements SenderClock {
  private time = 0
  private seq = 0
  private readonly timers = new Set<Timer>()

  now(): number {
    return this.time
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const timer = { at: this.time + Math.max(0, ms), seq: this.seq++, fn }
    this.timers.add(timer)
    return timer
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as Timer)
  }

  /** Lets resolved promises run their callbacks (the sender reacts to answers in microtasks). */
  async settle(): Promise<void> {
    for (let i = 0; i < 10; i++) await Promise.resolve()
  }

  /** Moves time forward by `ms`, firing due timers in order, with microtasks run between them. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms
    await this.settle()
    for (;;) {
      let next: Timer | null = null
      for (const t of this.timers) if (t.at <= end && (next === null || t.at < next.at || (t.at === next.at && t.seq < next.seq))) next = t
      if (next === null) break
      this.timers.delete(next)
      this.time = Math.max(this.time, next.at)
      next.fn()
      await this.settle()
    }
    this.time = end
  }

  /** Advances in steps until `done` holds (at most `limitMs`). */
  async runUntil(done: () => boolean, limitMs = 600_000, stepMs = 10): Promise<void> {
    for (let t = 0; t < limitMs && !done(); t += stepMs) await this.advance(stepMs)
    if (!done()) throw new Error(`not done after ${limitMs} ms of manual time`)
  }
}

/**
 * Flow control for one client: what main has sent that the client has not yet acknowledged.
 * A slow window (a busy tab, a renderer that cannot keep up) would otherwise make main buffer
 * without limit: a WebSocket or IPC send never refuses. Long work (read sessions, and any job
 * that streams data later) asks `whenReady()` before producing more, so what main holds for a
 * client stays within `maxBytes` (plus the one unit of work each producer has under way).
 *
 * Deliveries are numbered per client, in send order; both hosts keep order, so an acknowledgement
 * is cumulative ("everything up to N is handled"). Acknowledging a number never sent, or one
 * already acknowledged, does nothing.
 */
export interface WindowLimits {
  /** Unacknowledged bytes (estimated wire size) above which producers wait. */
  maxBytes: number
  /** Unacknowledged deliveries above which producers wait, whatever their size. */
  maxDeliveries: number
}

export const defaultWindowLimits: WindowLimits = { maxBytes: 8 * 1024 * 1024, maxDeliveries: 16 }

export class DeliveryWindow {
  private readonly inFlight: { delivery: number; bytes: number }[] = []
  private bytes = 0
  private lastSent = 0
  private waiters: (() => void)[] = []
  private closed = false

  constructor(private readonly limits: WindowLimits = defaultWindowLimits) {}

  /** Numbers the next delivery and counts it in flight. */
  send(bytes: number): number {
    const delivery = ++this.lastSent
    if (!this.closed) {
      this.inFlight.push({ delivery, bytes })
      this.bytes += bytes
    }
    return delivery
  }

  /** The client has handled every delivery up to `delivery`. */
  acknowledge(delivery: number): void {
    while (this.inFlight.length > 0 && (this.inFlight[0] as { delivery: number }).delivery <= delivery) {
      this.bytes -= (this.inFlight.shift() as { bytes: number }).bytes
    }
    if (!this.behind) this.wake()
  }

  /** More is in flight than the client may have: producers should wait. */
  get behind(): boolean {
    return !this.closed && (this.bytes >= this.limits.maxBytes || this.inFlight.length >= this.limits.maxDeliveries)
  }

  get pending(): { deliveries: number; bytes: number } {
    return { deliveries: this.inFlight.length, bytes: this.bytes }
  }

  /** Resolves at once when there is room, else when acknowledgements make room or the client goes away. */
  whenReady(): Promise<void> {
    if (!this.behind) return Promise.resolve()
    return new Promise((resolve) => this.waiters.push(resolve))
  }

  /** The client went away: nothing is in flight any more and nobody waits. */
  close(): void {
    this.closed = true
    this.inFlight.length = 0
    this.bytes = 0
    this.wake()
  }

  private wake(): void {
    const waiters = this.waiters
    this.waiters = []
    for (const resolve of waiters) resolve()
  }
}

/** The app's own traffic per shard: rates over whole seconds, totals over the ring, bounded memory. */
import { describe, expect, it } from 'vitest'
import { ObservedTrafficLog, RATE_SECONDS } from '../../../src/main/core/metrics/observed-traffic'

function log(windowSeconds = 60) {
  let now = Date.UTC(2026, 10, 26, 9, 0, 0)
  const traffic = new ObservedTrafficLog(() => now, windowSeconds)
  return { traffic, advance: (ms: number) => (now += ms) }
}

describe('observed traffic', () => {
  it('rates are per second over the last whole seconds; reads and sends apart, per shard', () => {
    const { traffic, advance } = log()
    for (let s = 0; s < RATE_SECONDS; s++) {
      traffic.recordRead('S', 'shardId-1', 20, 2000)
      traffic.recordSent('S', 'shardId-0', 5, 500)
      advance(1000)
    }
    traffic.recordRead('S', 'shardId-1', 1000, 1) // the current second is not counted in the rate yet
    const snap = traffic.snapshot('S')
    expect(snap.shards.map((s) => s.shardId)).toEqual(['shardId-0', 'shardId-1'])
    expect(snap.shards[1]!.read).toEqual({ records: 1200, bytes: 20_001, recordsPerSecond: 20, bytesPerSecond: 2000 })
    expect(snap.shards[1]!.sent).toEqual({ records: 0, bytes: 0, recordsPerSecond: 0, bytesPerSecond: 0 })
    expect(snap.shards[0]!.sent).toMatchObject({ records: 50, recordsPerSecond: 5, bytesPerSecond: 500 })
    expect(snap.series.timestamps).toHaveLength(60)
    expect(snap.series.readRecords.at(-1)).toBe(1000)
    expect(snap.series.sentRecords.reduce((a, b) => a + b, 0)).toBe(50)
    expect(traffic.snapshot('Other').shards).toEqual([])
  })

  it('forgets what is older than the window, and rates fall back to 0', () => {
    const { traffic, advance } = log(30)
    traffic.recordRead('S', 'shardId-0', 10, 100)
    advance(1000)
    expect(traffic.snapshot('S').shards[0]!.read.recordsPerSecond).toBe(1)
    advance(RATE_SECONDS * 1000)
    expect(traffic.snapshot('S').shards[0]!.read).toMatchObject({ records: 10, recordsPerSecond: 0 })
    advance(30_000)
    expect(traffic.snapshot('S').shards[0]!.read.records).toBe(0)
    // A later second that lands on the same slot of the ring starts from zero.
    traffic.recordRead('S', 'shardId-0', 3, 3)
    expect(traffic.snapshot('S').shards[0]!.read.records).toBe(3)
  })

  it('clear forgets every stream (a connection change)', () => {
    const { traffic } = log()
    traffic.recordSent('S', 'shardId-0', 1, 1)
    traffic.clear()
    expect(traffic.snapshot('S').shards).toEqual([])
  })
})

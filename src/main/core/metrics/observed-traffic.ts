/**
 * Traffic this app saw itself: records and bytes per shard, from its own reads (the reader's
 * batches) and its own sends (the producer's confirmed records). Where CloudWatch is not
 * available (the sandbox, an emulator with no CloudWatch endpoint, no permission) the Metrics tab
 * shows these instead, labelled "observed by this app".
 *
 * Polled, not pushed: the renderer asks (metrics.observed) once a second while the Metrics tab is
 * visible. A snapshot is a cheap in-memory read, a poll needs no subscription to tear down when a
 * window goes away, and nobody pays for figures no view shows.
 *
 * Bounded: per stream and shard, a ring of one bucket per second for the last `windowSeconds`
 * (10 minutes by default). Buckets older than that are overwritten, so memory is
 * streams × shards × window, whatever the traffic.
 */

import type { ObservedRates, ObservedShard, ObservedTraffic } from '../../../shared/metrics'

export const DEFAULT_WINDOW_SECONDS = 600
/** Live rates average over the last 10 whole seconds. */
export const RATE_SECONDS = 10

/** A ring of per-second buckets: second number (epoch seconds) and counts. */
class SecondRing {
  private readonly seconds: Float64Array
  private readonly records: Float64Array
  private readonly bytes: Float64Array

  constructor(private readonly size: number) {
    this.seconds = new Float64Array(size).fill(-1)
    this.records = new Float64Array(size)
    this.bytes = new Float64Array(size)
  }

  add(second: number, records: number, bytes: number): void {
    const i = second % this.size
    if (this.seconds[i] !== second) {
      this.seconds[i] = second
      this.records[i] = 0
      this.bytes[i] = 0
    }
    this.records[i] = (this.records[i] ?? 0) + records
    this.bytes[i] = (this.bytes[i] ?? 0) + bytes
  }

  /** Records and bytes in the `count` seconds ending before `endSecond` (exclusive). */
  sum(endSecond: number, count: number): { records: number; bytes: number } {
    let records = 0
    let bytes = 0
    for (let s = endSecond - count; s < endSecond; s++) {
      const i = s % this.size
      if (this.seconds[i] === s) {
        records += this.records[i] ?? 0
        bytes += this.bytes[i] ?? 0
      }
    }
    return { records, bytes }
  }

  at(second: number): { records: number; bytes: number } {
    const i = second % this.size
    return this.seconds[i] === second ? { records: this.records[i] ?? 0, bytes: this.bytes[i] ?? 0 } : { records: 0, bytes: 0 }
  }
}

interface ShardRings {
  read: SecondRing
  sent: SecondRing
}

export class ObservedTrafficLog {
  private readonly streams = new Map<string, Map<string, ShardRings>>()

  constructor(
    private readonly now: () => number = Date.now,
    readonly windowSeconds: number = DEFAULT_WINDOW_SECONDS
  ) {}

  /** Records the app read from a shard (a reader batch's records of that shard). */
  recordRead(stream: string, shardId: string, records: number, bytes: number): void {
    this.add('read', stream, shardId, records, bytes)
  }

  /** Records the app put and Kinesis confirmed on a shard (the producer's observe callback). */
  recordSent(stream: string, shardId: string, records: number, bytes: number): void {
    this.add('sent', stream, shardId, records, bytes)
  }

  /** Forgets everything: the connection changed, and its streams are not the next one's. */
  clear(): void {
    this.streams.clear()
  }

  snapshot(stream: string): ObservedTraffic {
    const now = this.now()
    const current = Math.floor(now / 1000)
    const shards = this.streams.get(stream) ?? new Map<string, ShardRings>()
    const rates = (ring: SecondRing): ObservedRates => {
      // Whole seconds only: the current second is still filling up.
      const recent = ring.sum(current, RATE_SECONDS)
      const total = ring.sum(current + 1, this.windowSeconds)
      return {
        records: total.records,
        bytes: total.bytes,
        recordsPerSecond: recent.records / RATE_SECONDS,
        bytesPerSecond: recent.bytes / RATE_SECONDS
      }
    }
    const list: ObservedShard[] = [...shards.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([shardId, rings]) => ({ shardId, read: rates(rings.read), sent: rates(rings.sent) }))
    const series: ObservedTraffic['series'] = { timestamps: [], readRecords: [], readBytes: [], sentRecords: [], sentBytes: [] }
    for (let s = current - this.windowSeconds + 1; s <= current; s++) {
      let readRecords = 0
      let readBytes = 0
      let sentRecords = 0
      let sentBytes = 0
      for (const rings of shards.values()) {
        const r = rings.read.at(s)
        const w = rings.sent.at(s)
        readRecords += r.records
        readBytes += r.bytes
        sentRecords += w.records
        sentBytes += w.bytes
      }
      series.timestamps.push(s * 1000)
      series.readRecords.push(readRecords)
      series.readBytes.push(readBytes)
      series.sentRecords.push(sentRecords)
      series.sentBytes.push(sentBytes)
    }
    return { stream, rateSeconds: RATE_SECONDS, windowSeconds: this.windowSeconds, now, shards: list, series }
  }

  private add(kind: keyof ShardRings, stream: string, shardId: string, records: number, bytes: number): void {
    if (!(records > 0) && !(bytes > 0)) return
    let shards = this.streams.get(stream)
    if (shards === undefined) this.streams.set(stream, (shards = new Map<string, ShardRings>()))
    let rings = shards.get(shardId)
    if (rings === undefined) {
      rings = { read: new SecondRing(this.windowSeconds), sent: new SecondRing(this.windowSeconds) }
      shards.set(shardId, rings)
    }
    rings[kind].add(Math.floor(this.now() / 1000), records, bytes)
  }
}

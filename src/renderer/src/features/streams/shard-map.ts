/** Pure geometry and wording for the shard map: open segments, lineage events, load colours. */
import type { ShardInfo } from '../../../../shared/domain'
import type { ShardLoad } from '../../../../shared/metrics'
import type { LoadSample } from '../../../../shared/shards'

/** Load per shard from either source, in one shape. */
export interface ShownLoad {
  source: 'sample' | 'cloudwatch'
  /** What the figures are, in words: the sample's window and size, or CloudWatch's window. */
  label: string
  shards: { shardId: string; records: number; bytes: number }[]
}

export function shownLoad(source: 'sample' | 'cloudwatch' | null, sample: LoadSample | null, cloudWatch: ShardLoad | null, time: (ms: number) => string): ShownLoad | null {
  if (source === 'sample' && sample !== null) {
    return {
      source,
      label: `Sample of the last ${sample.seconds} s / ${sample.records.toLocaleString('en-US')} records${sample.capped ? ` (stopped at the ${sample.maxRecords.toLocaleString('en-US')}-record cap)` : ''}, read by this app at ${time(sample.endedAt)}`,
      shards: sample.shards
    }
  }
  if (source === 'cloudwatch' && cloudWatch !== null) {
    return {
      source,
      label: `CloudWatch shard-level metrics (IncomingRecords, IncomingBytes), last ${cloudWatch.minutes} min to ${time(cloudWatch.end)}`,
      shards: cloudWatch.shards.map((s) => ({ shardId: s.shardId, records: s.incomingRecords, bytes: s.incomingBytes }))
    }
  }
  return null
}

/** Open shards in hash-key order: the segments of the key-space bar. */
export function openSegments(shards: readonly ShardInfo[]): ShardInfo[] {
  return shards
    .filter((s) => s.open)
    .sort((a, b) => {
      const x = BigInt(a.hashKeyStart)
      const y = BigInt(b.hashKeyStart)
      return x < y ? -1 : x > y ? 1 : 0
    })
}

export type LineageEvent =
  | { type: 'split'; parent: ShardInfo; children: ShardInfo[] }
  | { type: 'merge'; parents: ShardInfo[]; child: ShardInfo }

/**
 * Resharding history from parent links: a child with two parents is a merge; the children of
 * one parent (with no second parent) are its split. Parents no longer listed (expired after the
 * retention period) are left out.
 */
export function lineageEvents(shards: readonly ShardInfo[]): LineageEvent[] {
  const byId = new Map(shards.map((s) => [s.shardId, s]))
  const events: LineageEvent[] = []
  const splits = new Map<string, ShardInfo[]>()
  for (const s of shards) {
    if (s.adjacentParentShardId !== null) {
      const parents = [s.parentShardId, s.adjacentParentShardId].map((id) => (id !== null ? byId.get(id) : undefined)).filter((p): p is ShardInfo => p !== undefined)
      if (parents.length > 0) events.push({ type: 'merge', parents, child: s })
    } else if (s.parentShardId !== null && byId.has(s.parentShardId)) {
      const list = splits.get(s.parentShardId) ?? []
      list.push(s)
      splits.set(s.parentShardId, list)
    }
  }
  for (const [parentId, children] of splits) events.push({ type: 'split', parent: byId.get(parentId) as ShardInfo, children })
  // Oldest first: by the parent's (or first parent's) starting sequence number.
  const key = (e: LineageEvent): bigint => BigInt((e.type === 'split' ? e.parent : e.parents[0])?.startingSequenceNumber || '0')
  return events.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
}

/** Records per shard, and the largest count (for colours). */
export function loadByShard(load: ShownLoad | null): { byShard: Map<string, { records: number; bytes: number }>; max: number } {
  const byShard = new Map<string, { records: number; bytes: number }>()
  let max = 0
  for (const s of load?.shards ?? []) {
    byShard.set(s.shardId, { records: s.records, bytes: s.bytes })
    max = Math.max(max, s.records)
  }
  return { byShard, max }
}

/**
 * A segment's fill: pale to deep orange with its share of the busiest shard's records. Text on
 * the segment stays dark, so fills stay light enough for 4.5:1 contrast.
 */
export function loadColor(records: number, max: number): string {
  const t = max > 0 ? records / max : 0
  const lightness = Math.round(94 - t * 30) // 94% (idle) … 64% (busiest)
  return `hsl(28 90% ${lightness}%)`
}

/** Segment label for screen readers and the tooltip. */
export function segmentLabel(shard: ShardInfo, share: string, load: { records: number; bytes: number } | undefined): string {
  const parts = [`${shard.shardId}`, `${share} of the key space`]
  if (load !== undefined) parts.push(`${load.records} ${load.records === 1 ? 'record' : 'records'}`)
  return parts.join(', ')
}

/**
 * Which shards a read session reads, and when: pure functions over the ListShards result.
 * A shard is read only after its parents in the session are read to their end, so a read that
 * starts before a split or merge sees every record once and in per-key order.
 */
import type { ShardInfo, StartPosition } from '../../../shared/domain'
import { AppFailure } from '../../../shared/errors'

export interface ShardPlan {
  /** Shards in the session, in the order they were discovered. */
  shards: Map<string, ShardInfo>
  /** Shards to start reading at once (with the session's own start position unless promoted). */
  roots: string[]
  /**
   * Roots only because the shards before them were left out (narrowPlan): they start where a
   * child starts (Trim horizon, or the session's timestamp), not at the session's position.
   */
  promoted: Set<string>
  /** Which shards the session reads at all, found now or later (a key search's); every one when absent. */
  keep?: (shard: ShardInfo) => boolean
}

const parentsOf = (s: ShardInfo): string[] =>
  [s.parentShardId, s.adjacentParentShardId].filter((p): p is string => p !== null)

/** Every shard reachable from `from` through child links (the shards themselves included). */
export function withDescendants(all: ShardInfo[], from: Iterable<string>): Set<string> {
  const included = new Set(from)
  let grew = true
  while (grew) {
    grew = false
    for (const s of all) {
      if (!included.has(s.shardId) && parentsOf(s).some((p) => included.has(p))) {
        included.add(s.shardId)
        grew = true
      }
    }
  }
  return included
}

export function planShards(
  all: ShardInfo[],
  selection: string[] | null,
  position: StartPosition
): ShardPlan {
  const byId = new Map(all.map((s) => [s.shardId, s]))
  let chosen: Set<string>
  if (position.type === 'AT_SEQUENCE_NUMBER' || position.type === 'AFTER_SEQUENCE_NUMBER') {
    if (!byId.has(position.shardId)) {
      throw new AppFailure(
        'INVALID_INPUT',
        `${position.shardId} is not a shard of this stream.`,
        'Pick the shard the sequence number belongs to from the shard list.'
      )
    }
    chosen = new Set([position.shardId])
  } else if (selection !== null) {
    const unknown = selection.filter((id) => !byId.has(id))
    if (unknown.length > 0) {
      throw new AppFailure('INVALID_INPUT', `Not shards of this stream: ${unknown.join(', ')}.`, 'Refresh the shard list.')
    }
    chosen = new Set(selection)
  } else if (position.type === 'LATEST') {
    // Closed shards hold nothing newer than now.
    chosen = new Set(all.filter((s) => s.open).map((s) => s.shardId))
  } else {
    chosen = new Set(all.map((s) => s.shardId))
  }
  const included = withDescendants(all, chosen)
  const shards = new Map([...included].map((id) => [id, byId.get(id) as ShardInfo]))
  // Roots: chosen shards none of whose parents is also in the session.
  const roots = [...chosen].filter((id) => !parentsOf(byId.get(id) as ShardInfo).some((p) => shards.has(p)))
  return { shards, roots, promoted: new Set() }
}

/**
 * The plan without the shards `keep` refuses (a key search's): a kept shard whose parents are
 * all left out becomes a root, and shards discovered later are held to `keep` too.
 */
export function narrowPlan(plan: ShardPlan, keep: (shard: ShardInfo) => boolean): ShardPlan {
  const shards = new Map([...plan.shards].filter(([, s]) => keep(s)))
  const roots = [...shards.values()].filter((s) => !parentsOf(s).some((p) => shards.has(p))).map((s) => s.shardId)
  const promoted = new Set(roots.filter((id) => !plan.roots.includes(id)))
  return { shards, roots, promoted, keep }
}

/** Children of a finished shard whose parents in the session are all finished. */
export function childrenReady(plan: ShardPlan, finished: ReadonlySet<string>, justFinished: string): string[] {
  const ready: string[] = []
  for (const s of plan.shards.values()) {
    const parents = parentsOf(s)
    if (!parents.includes(justFinished)) continue
    if (parents.filter((p) => plan.shards.has(p)).every((p) => finished.has(p))) ready.push(s.shardId)
  }
  return ready
}

/** Adds shards discovered after the session started (children of a shard that closed meanwhile). */
export function addDiscovered(plan: ShardPlan, latest: ShardInfo[]): void {
  const included = withDescendants(latest, plan.shards.keys())
  for (const s of latest) {
    if (included.has(s.shardId) && (plan.keep?.(s) ?? true)) plan.shards.set(s.shardId, s)
  }
}

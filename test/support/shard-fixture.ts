import type { ShardInfo } from '../../src/shared/domain'

/** A ShardInfo for unit tests: half the key space, open unless said, with the parents given. */
export function shardFixture(shardId: string, options: { open?: boolean; parents?: [string?, string?] } = {}): ShardInfo {
  const open = options.open ?? true
  return {
    shardId,
    parentShardId: options.parents?.[0] ?? null,
    adjacentParentShardId: options.parents?.[1] ?? null,
    hashKeyStart: '0',
    hashKeyEnd: '1',
    keySpaceShare: 0.5,
    startingSequenceNumber: '1',
    endingSequenceNumber: open ? null : '2',
    open
  }
}

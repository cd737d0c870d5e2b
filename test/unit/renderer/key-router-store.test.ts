/**
 * Partition key → shard in the Shards tab's store: the answer shown (and highlighted in the map and
 * the table) is always the answer for the key the user asked last. An answer that arrives after a
 * later question, or after the key was edited, is dropped.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { RouteAnswer } from '../../../src/shared/shards'

const pending = new Map<string, (answer: RouteAnswer) => void>()
vi.mock('../../../src/renderer/src/api/client', () => ({
  api: {
    streams: {
      routeKey: ({ partitionKey }: { partitionKey: string }) => new Promise<RouteAnswer>((resolve) => pending.set(partitionKey, resolve))
    }
  }
}))
const { useShardTools } = await import('../../../src/renderer/src/features/streams/shard-tools-store')

const answer = (partitionKey: string, shardId: string): RouteAnswer => ({
  partitionKey,
  hashKey: '1',
  shard: { shardId, parentShardId: null, adjacentParentShardId: null, hashKeyStart: '0', hashKeyEnd: '9', keySpaceShare: 1, startingSequenceNumber: '1', endingSequenceNumber: null, open: true },
  recordDistribution: 'USER_PARTITION_KEY',
  openShardCount: 2
})
const shown = (): string | null => {
  const route = useShardTools.getState().route
  return route.status === 'ready' ? `${route.data.partitionKey} → ${route.data.shard?.shardId ?? 'none'}` : route.status
}

beforeEach(() => {
  pending.clear()
  useShardTools.getState().attach(`stream-${Math.random()}`)
})

describe('the key router store', () => {
  it('shows the answer to the last key asked, whatever order the answers come in', async () => {
    const { routeKey } = useShardTools.getState()
    const first = routeKey('order-1')
    const second = routeKey('order-2')
    pending.get('order-2')?.(answer('order-2', 'shardId-000000000001'))
    await second
    pending.get('order-1')?.(answer('order-1', 'shardId-000000000000'))
    await first
    expect(shown()).toBe('order-2 → shardId-000000000001')
  })

  it('drops an answer that arrives after the key was edited (cleared)', async () => {
    const { routeKey, clearRoute } = useShardTools.getState()
    const asked = routeKey('order-1')
    clearRoute()
    pending.get('order-1')?.(answer('order-1', 'shardId-000000000000'))
    await asked
    expect(shown()).toBe('idle')
  })
})

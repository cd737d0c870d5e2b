import { describe, expect, it } from 'vitest'
import { browsePosition, checkpointText, lagRecordsText, lagTimeText } from '../../../src/renderer/src/features/consumers/lease-format'
import { sequencePosition } from '../../../src/renderer/src/features/records/read-form'
import { lineageEvents, loadColor, openSegments } from '../../../src/renderer/src/features/streams/shard-map'
import type { ShardInfo } from '../../../src/shared/domain'

const shard = (shardId: string, start: string, end: string, parents: [string | null, string | null] = [null, null], open = true, seq = '1'): ShardInfo => ({
  shardId,
  parentShardId: parents[0],
  adjacentParentShardId: parents[1],
  hashKeyStart: start,
  hashKeyEnd: end,
  keySpaceShare: 0,
  startingSequenceNumber: seq,
  endingSequenceNumber: open ? null : '9',
  open
})

describe('shard map', () => {
  // 0 and 1 at first; 0 split into 2 and 3; then 3 and 1 merged into 4.
  const shards = [
    shard('0', '0', '99', [null, null], false, '1'),
    shard('1', '100', '199', [null, null], false, '2'),
    shard('2', '0', '49', ['0', null], true, '3'),
    shard('3', '50', '99', ['0', null], false, '4'),
    shard('4', '50', '199', ['3', '1'], true, '5')
  ]

  it('orders open segments by hash key', () => {
    expect(openSegments(shards).map((s) => s.shardId)).toEqual(['2', '4'])
  })

  it('reads splits and merges from the parent links, oldest first', () => {
    const events = lineageEvents(shards)
    expect(events.map((e) => (e.type === 'split' ? `split ${e.parent.shardId} → ${e.children.map((c) => c.shardId).join(',')}` : `merge ${e.parents.map((p) => p.shardId).join('+')} → ${e.child.shardId}`))).toEqual([
      'split 0 → 2,3',
      'merge 3+1 → 4'
    ])
  })

  it('leaves out parents that have expired', () => {
    expect(lineageEvents([shard('5', '0', '9', ['gone', null])])).toEqual([])
  })

  it('colours by load, pale to deep', () => {
    expect(loadColor(0, 10)).toBe('hsl(28 90% 94%)')
    expect(loadColor(10, 10)).toBe('hsl(28 90% 64%)')
  })
})

describe('checkpoints', () => {
  const lease = { shardId: 'shardId-1', checkpoint: { type: 'sequence' as const, sequenceNumber: '123', subSequenceNumber: 2 } }

  it('browses from the user record after the checkpointed one', () => {
    expect(browsePosition(lease)).toEqual({ type: 'AT_SEQUENCE_NUMBER', sequenceNumber: '123', shardId: 'shardId-1', subSequenceNumber: 3 })
    expect(browsePosition({ shardId: 's', checkpoint: { type: 'sentinel', value: 'SHARD_END' } })).toBeNull()
    expect(checkpointText(lease.checkpoint)).toBe('123:2')
    expect(checkpointText({ type: 'sequence', sequenceNumber: '9', subSequenceNumber: 0 })).toBe('9')
  })

  it('words the lag', () => {
    expect(lagTimeText({ type: 'measured', nextArrival: 1000, millisBehindLatest: 0, records: null }, 126_000)).toBe('2 min 5 s behind')
    expect(lagTimeText({ type: 'measured', nextArrival: null, millisBehindLatest: 0, records: { count: 0, atLeast: false } }, 0)).toBe('Caught up')
    expect(lagRecordsText({ type: 'measured', nextArrival: 1, millisBehindLatest: 5, records: { count: 501, atLeast: true } })).toBe('≥ 501')
    expect(lagRecordsText({ type: 'none', reason: 'x' })).toBe('—')
  })

  it('"seq:N" in the sequence field: At starts at user record N, After at N + 1', () => {
    expect(sequencePosition('AT_SEQUENCE_NUMBER', '5', 's', '2')).toEqual({ type: 'AT_SEQUENCE_NUMBER', sequenceNumber: '5', shardId: 's', subSequenceNumber: 2 })
    expect(sequencePosition('AFTER_SEQUENCE_NUMBER', '5', 's', '2')).toEqual({ type: 'AT_SEQUENCE_NUMBER', sequenceNumber: '5', shardId: 's', subSequenceNumber: 3 })
    expect(sequencePosition('AFTER_SEQUENCE_NUMBER', '5', 's', undefined)).toEqual({ type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: '5', shardId: 's' })
  })
})

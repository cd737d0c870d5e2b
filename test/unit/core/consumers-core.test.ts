import { describe, expect, it } from 'vitest'
import { parseLease, streamOf, toDynamoFailure } from '../../../src/main/core/consumers/lease-table'
import { dropBeforeSubSequence } from '../../../src/main/core/reader/sub-sequence-start'
import { adjacent, midpointHashKey, unsupported } from '../../../src/main/core/kinesis/resharding'
import type { DecodedRecord } from '../../../src/shared/domain'
import { shardFixture } from '../../support/shard-fixture'

const target = { profile: null, region: 'us-east-1', endpoint: 'http://127.0.0.1:1' }

describe('KCL lease items', () => {
  it('reads a single-stream lease as the KCL writes it', () => {
    expect(
      parseLease({
        leaseKey: { S: 'shardId-000000000001' },
        leaseCounter: { N: '42' },
        leaseOwner: { S: 'worker-1' },
        ownerSwitchesSinceCheckpoint: { N: '3' },
        checkpoint: { S: '49590338271490256608559692538361571095921575989136588898' },
        checkpointSubSequenceNumber: { N: '7' },
        parentShardId: { SS: ['shardId-000000000000'] }
      })
    ).toEqual({
      leaseKey: 'shardId-000000000001',
      shardId: 'shardId-000000000001',
      streamIdentifier: null,
      owner: 'worker-1',
      checkpoint: { type: 'sequence', sequenceNumber: '49590338271490256608559692538361571095921575989136588898', subSequenceNumber: 7 },
      leaseCounter: 42,
      ownerSwitchesSinceCheckpoint: 3,
      parentShardIds: ['shardId-000000000000']
    })
  })

  it('reads multi-stream keys (account:stream:epoch:shardId), sentinels, and no owner', () => {
    const lease = parseLease({
      leaseKey: { S: '123456789012:orders:1700000000:shardId-000000000004' },
      leaseCounter: { N: '1' },
      checkpoint: { S: 'TRIM_HORIZON' },
      entityType: { S: 'LEASE' }
    })
    expect(lease).toMatchObject({ shardId: 'shardId-000000000004', streamIdentifier: '123456789012:orders:1700000000', owner: null, checkpoint: { type: 'sentinel', value: 'TRIM_HORIZON' } })
    expect(streamOf('123456789012:orders:1700000000')).toBe('orders')
    for (const value of ['LATEST', 'SHARD_END', 'AT_TIMESTAMP']) {
      expect(parseLease({ leaseKey: { S: 'shardId-1' }, leaseCounter: { N: '1' }, checkpoint: { S: value } })?.checkpoint).toEqual({ type: 'sentinel', value })
    }
  })

  it('is not a lease: another entity type (KCL 3), or an item without the lease attributes', () => {
    expect(parseLease({ leaseKey: { S: 'x' }, leaseCounter: { N: '1' }, checkpoint: { S: 'LATEST' }, entityType: { S: 'WORKER_METRIC_STATS' } })).toBeNull()
    expect(parseLease({ id: { S: 'order-1' } })).toBeNull()
    expect(parseLease({ leaseKey: { S: 'x' }, checkpoint: { S: 'LATEST' } })).toBeNull()
  })

  it('names the DynamoDB permission that was denied, and a missing table', () => {
    const denied = toDynamoFailure({ name: 'AccessDeniedException', message: 'not authorized to perform: dynamodb:Scan' }, 'read the lease table app', 'dynamodb:Scan', 'app', target)
    expect(denied.code).toBe('ACCESS_DENIED')
    expect(denied.hint).toContain('dynamodb:Scan on table app')
    const missing = toDynamoFailure({ name: 'ResourceNotFoundException', message: 'Requested resource not found' }, 'read the lease table app', 'dynamodb:Scan', 'app', target)
    expect(missing.code).toBe('TABLE_NOT_FOUND')
  })
})

const rec = (sequenceNumber: string, sub: number | null): DecodedRecord => ({
  id: `s/${sequenceNumber}/${sub}`,
  shardId: 's',
  sequenceNumber,
  subSequenceNumber: sub,
  partitionKey: 'k',
  explicitHashKey: null,
  arrivalTime: 0,
  size: 1,
  dataBase64: null,
  steps: [],
  kind: 'text',
  text: 'x',
  decodeError: null
})

describe('start at a user record (AT_SEQUENCE_NUMBER + subSequenceNumber)', () => {
  const at = (subSequenceNumber?: number) => ({ type: 'AT_SEQUENCE_NUMBER' as const, sequenceNumber: '10', shardId: 's', subSequenceNumber })
  const aggregate = [0, 1, 2, 3].map((i) => rec('10', i))

  it('drops the user records before the one asked for, on that record only', () => {
    expect(dropBeforeSubSequence(at(2), 's', '10', aggregate).map((r) => r.subSequenceNumber)).toEqual([2, 3])
    expect(dropBeforeSubSequence(at(2), 's', '11', [rec('11', 0), rec('11', 1)])).toHaveLength(2)
    expect(dropBeforeSubSequence(at(2), 'other', '10', aggregate)).toHaveLength(4)
  })

  it('drops a plain record asked for past its only user record; keeps it at 0 or without a sub-sequence', () => {
    expect(dropBeforeSubSequence(at(1), 's', '10', [rec('10', null)])).toEqual([])
    expect(dropBeforeSubSequence(at(0), 's', '10', [rec('10', null)])).toHaveLength(1)
    expect(dropBeforeSubSequence(at(), 's', '10', aggregate)).toHaveLength(4)
    expect(dropBeforeSubSequence({ type: 'TRIM_HORIZON' }, 's', '10', aggregate)).toHaveLength(4)
  })
})

describe('resharding helpers', () => {
  it('splits at the midpoint of a range', () => {
    expect(midpointHashKey({ hashKeyStart: '0', hashKeyEnd: (2n ** 128n - 1n).toString() })).toBe((2n ** 127n).toString())
    expect(midpointHashKey({ hashKeyStart: '10', hashKeyEnd: '11' })).toBe('11')
  })

  it('knows adjacent shards', () => {
    const a = { ...shardFixture('a'), hashKeyStart: '0', hashKeyEnd: '9' }
    const b = { ...shardFixture('b'), hashKeyStart: '10', hashKeyEnd: '19' }
    const c = { ...shardFixture('c'), hashKeyStart: '20', hashKeyEnd: '29' }
    expect(adjacent(a, b)).toBe(true)
    expect(adjacent(c, b)).toBe(true)
    expect(adjacent(a, c)).toBe(false)
  })

  it('turns an unknown operation into UNSUPPORTED naming it', () => {
    expect(unsupported({ name: 'UnknownOperationException' }, 'UpdateShardCount')?.message).toBe('This Kinesis server does not support UpdateShardCount.')
    expect(unsupported({ name: 'LimitExceededException', message: 'too many' }, 'UpdateShardCount')).toBeNull()
  })
})

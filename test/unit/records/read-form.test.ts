import { describe, expect, it } from 'vitest'
import type { ShardInfo } from '../../../src/shared/domain'
import { checkReadForm, initialReadForm, type ReadForm } from '../../../src/renderer/src/features/records/read-form'
import { shardFixture } from '../../support/shard-fixture'

const shard = (id: string, open = true): ShardInfo => shardFixture(id, { open })
const shards = [shard('shardId-000000000000'), shard('shardId-000000000001', false)]
const SEQ = '49680560106831677783276756916619574701898186607959212034'
const errorKeys = (result: ReturnType<typeof checkReadForm>): string[] => (result.ok ? [] : Object.keys(result.errors))
const check = (patch: Partial<ReadForm>, mode: 'read' | 'tail' = 'read') =>
  checkReadForm({ ...initialReadForm, ...patch }, 'OrderStream', mode, shards, 'utc')

describe('checkReadForm', () => {
  it('Trim horizon over all shards', () => {
    expect(check({})).toEqual({ ok: true, input: { stream: 'OrderStream', shardIds: null, position: { type: 'TRIM_HORIZON' }, mode: 'read' } })
    expect(check({ position: 'LATEST' }, 'tail')).toMatchObject({ ok: true, input: { position: { type: 'LATEST' }, mode: 'tail' } })
  })

  it('At / After sequence number need digits and a shard of the stream', () => {
    expect(check({ position: 'AT_SEQUENCE_NUMBER', sequenceNumber: ` ${SEQ} `, sequenceShardId: 'shardId-000000000001' })).toMatchObject({
      ok: true,
      input: { position: { type: 'AT_SEQUENCE_NUMBER', sequenceNumber: SEQ, shardId: 'shardId-000000000001' }, shardIds: null }
    })
    expect(check({ position: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: '12a', sequenceShardId: 'shardId-000000000000' })).toEqual({
      ok: false,
      errors: { sequenceNumber: 'A sequence number has digits only (up to 128)' }
    })
    expect(check({ position: 'AT_SEQUENCE_NUMBER', sequenceNumber: '', sequenceShardId: '' })).toEqual({
      ok: false,
      errors: { sequenceNumber: 'Enter a sequence number', sequenceShardId: 'Pick the shard the record is in' }
    })
    expect(check({ position: 'AT_SEQUENCE_NUMBER', sequenceNumber: '1', sequenceShardId: 'shardId-9' })).toMatchObject({
      ok: false,
      errors: { sequenceShardId: 'Not a shard of this stream' }
    })
  })

  it('At timestamp reads the time in the chosen zone', () => {
    expect(check({ position: 'AT_TIMESTAMP', timestamp: '2026-11-25T18:30:05.250' })).toMatchObject({
      ok: true,
      input: { position: { type: 'AT_TIMESTAMP', timestamp: Date.UTC(2026, 10, 25, 18, 30, 5, 250) } }
    })
    expect(check({ position: 'AT_TIMESTAMP', timestamp: '' })).toEqual({ ok: false, errors: { timestamp: 'Pick a date and time' } })
    expect(check({ position: 'AT_TIMESTAMP', timestamp: '2026-02-30T10:00' })).toEqual({ ok: false, errors: { timestamp: 'Not a date and time' } })
  })

  it('chosen shards', () => {
    expect(check({ scope: 'chosen', chosenShards: ['shardId-000000000001'] })).toMatchObject({ ok: true, input: { shardIds: ['shardId-000000000001'] } })
    expect(errorKeys(check({ scope: 'chosen', chosenShards: [] }))).toEqual(['chosenShards'])
  })

  it('stop conditions', () => {
    expect(
      check({ maxRecords: '1,000', endTime: '2026-11-25T19:00', endSequenceNumber: SEQ })
    ).toMatchObject({ ok: true, input: { stop: { maxRecords: 1000, endTime: Date.UTC(2026, 10, 25, 19, 0), endSequenceNumber: SEQ } } })
    expect(errorKeys(check({ maxRecords: '0' }))).toEqual(['maxRecords'])
    expect(errorKeys(check({ maxRecords: '1.5' }))).toEqual(['maxRecords'])
    expect(errorKeys(check({ endSequenceNumber: '-1' }))).toEqual(['endSequenceNumber'])
    expect(check({ position: 'AT_TIMESTAMP', timestamp: '2026-11-25T19:00', endTime: '2026-11-25T18:00' })).toMatchObject({
      ok: false,
      errors: { endTime: 'The end time is before the start' }
    })
    const none = check({})
    expect(none.ok && 'stop' in none.input).toBe(false)
  })
})

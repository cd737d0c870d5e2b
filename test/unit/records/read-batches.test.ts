/**
 * Reading several failure records' batches for one replay, against a fake reader api: batches go
 * in order per shard, each read exactly (At start, stopping after end) and compared with its
 * batchSize; Cancel stops the session in progress and starts no other.
 */
import { describe, expect, it } from 'vitest'
import type { FailureRecord } from '../../../src/shared/lambda-failure-record'
import { readBatches } from '../../../src/renderer/src/features/redrive/read-batches'
import { rec } from './fixtures'
import { fakeApi, setup, shards } from './store-harness'

const batch = (shardId: string, start: number, end: number, batchSize: number): FailureRecord =>
  ({ where: 'line 1', shardId, startSequenceNumber: String(start), endSequenceNumber: String(end), batchSize, functionName: 'order-writer', condition: null, timestamp: null }) as FailureRecord

describe('readBatches', () => {
  it('reads each batch exactly, in order per shard, and says how each compares with its batchSize', async () => {
    const fake = fakeApi()
    const batches = [batch('shardId-000000000001', 500, 501, 2), batch('shardId-000000000000', 20, 22, 3), batch('shardId-000000000000', 7, 8, 2)]
    const bySession = new Map<string, FailureRecord>()
    fake.onStart((sessionId) => {
      const input = fake.calls.filter((c) => c.op === 'start').at(-1)?.input as { position: { shardId: string; sequenceNumber: string } }
      const b = batches.find((x) => x.shardId === input.position.shardId && x.startSequenceNumber === input.position.sequenceNumber)
      if (b === undefined) throw new Error('unexpected start')
      bySession.set(sessionId, b)
      // The shard at 20 has lost one record of its batch (say, trimmed): 21 is missing.
      const seqs = b.startSequenceNumber === '20' ? [20, 22] : [Number(b.startSequenceNumber), Number(b.endSequenceNumber)]
      queueMicrotask(() => {
        fake.batch(sessionId, seqs.map((seq) => rec({ shard: b.shardId, seq: String(seq) })))
        fake.ended(sessionId, 'stop-condition', seqs.length)
      })
    })
    const progress: number[] = []
    const result = await readBatches(fake.api, 'OrderStream', shards, batches, (done) => progress.push(done), new AbortController().signal)

    const starts = fake.calls.filter((c) => c.op === 'start').map((c) => c.input as { shardIds: null; position: unknown; stop: unknown; mode: string })
    expect(starts.map((s) => [s.position, s.stop, s.mode])).toEqual([
      [{ type: 'AT_SEQUENCE_NUMBER', sequenceNumber: '7', shardId: 'shardId-000000000000' }, { endSequenceNumber: '8' }, 'read'],
      [{ type: 'AT_SEQUENCE_NUMBER', sequenceNumber: '20', shardId: 'shardId-000000000000' }, { endSequenceNumber: '22' }, 'read'],
      [{ type: 'AT_SEQUENCE_NUMBER', sequenceNumber: '500', shardId: 'shardId-000000000001' }, { endSequenceNumber: '501' }, 'read']
    ])
    expect(result.records.map((r) => r.sequenceNumber)).toEqual(['7', '8', '20', '22', '500', '501'])
    expect(result.batches.map((b) => [b.record.startSequenceNumber, b.found, b.exact])).toEqual([
      ['7', 2, true],
      ['20', 2, false],
      ['500', 2, true]
    ])
    expect(result.batches[1]?.message).toBe('2 records found, 3 in the batch (batchSize): 1 record missing.')
    expect(progress).toEqual([1, 2, 3])
    expect(fake.listenerCount()).toBe(0) // every headless store let go of the reader's events
  })

  it('a record in more than one batch (the same failure record twice, or two functions on one stream) is replayed once', async () => {
    const fake = fakeApi()
    const batches = [batch('shardId-000000000000', 1, 3, 3), batch('shardId-000000000000', 1, 3, 3), batch('shardId-000000000000', 2, 4, 3)]
    fake.onStart((sessionId) => {
      const input = fake.calls.filter((c) => c.op === 'start').at(-1)?.input as { position: { sequenceNumber: string }; stop: { endSequenceNumber: string } }
      const seqs: number[] = []
      for (let seq = Number(input.position.sequenceNumber); seq <= Number(input.stop.endSequenceNumber); seq++) seqs.push(seq)
      queueMicrotask(() => {
        fake.batch(sessionId, seqs.map((seq) => rec({ shard: 'shardId-000000000000', seq: String(seq) })))
        fake.ended(sessionId, 'stop-condition', seqs.length)
      })
    })
    const result = await readBatches(fake.api, 'OrderStream', shards, batches, () => undefined, new AbortController().signal)
    expect(result.records.map((r) => r.sequenceNumber)).toEqual(['1', '2', '3', '4'])
    expect(result.batches.map((b) => [b.record.startSequenceNumber, b.found, b.exact])).toEqual([
      ['1', 3, true],
      ['1', 3, true],
      ['2', 3, true]
    ])
    expect(result.repeated).toBe(5)
  })

  it('a batch with more records than a read holds fails with what to do, instead of waiting for ever at the limit', async () => {
    const fake = fakeApi()
    const b = batch('shardId-000000000000', 1, 5, 5)
    // Main pauses a session the window asks to pause, and it never ends by itself then.
    fake.onStart((sessionId) => queueMicrotask(() => fake.batch(sessionId, [1, 2, 3, 4, 5].map((seq) => rec({ shard: b.shardId, seq: String(seq) })))))
    const reading = readBatches(fake.api, 'OrderStream', shards, [b, batch('shardId-000000000001', 7, 8, 2)], () => undefined, new AbortController().signal, { recordsPerBatch: 3 })
    await expect(reading).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: 'The batch of shardId-000000000000 from 1 to 5 holds more than 3 records (user records of KPL aggregates count one by one), more than one read holds: nothing was replayed.'
    })
    expect(fake.calls.filter((c) => c.op === 'start')).toHaveLength(1)
    await expect.poll(() => fake.calls.filter((c) => c.op === 'stop').map((c) => c.input)).toEqual([{ sessionId: 's1' }])
    expect(fake.listenerCount()).toBe(0)
  })

  it('Cancel stops the session in progress and reads no further batch', async () => {
    const fake = fakeApi()
    const controller = new AbortController()
    let started: () => void = () => undefined
    const firstStarted = new Promise<void>((resolve) => (started = resolve))
    fake.onStart(() => queueMicrotask(started)) // the session starts and never ends by itself
    const reading = readBatches(fake.api, 'OrderStream', shards, [batch('shardId-000000000000', 1, 2, 2), batch('shardId-000000000001', 3, 4, 2)], () => undefined, controller.signal)
    await firstStarted
    controller.abort()
    await expect(reading).rejects.toMatchObject({ code: 'CANCELLED' })
    await expect.poll(() => fake.calls.filter((c) => c.op === 'stop').map((c) => c.input)).toEqual([{ sessionId: 's1' }])
    expect(fake.calls.filter((c) => c.op === 'start')).toHaveLength(1)
    expect(fake.listenerCount()).toBe(0)
  })
})

describe('the record browser on a batch', () => {
  it('reads At the start, stopping after the end only; a read the user starts next is no longer the batch, nor stops there', async () => {
    const { store, fake, actions } = setup()
    actions.updateForm({ maxRecords: '10', endTime: '2026-12-07T08:00' })
    const b = batch('shardId-000000000001', 500, 501, 2)
    await actions.readAt({ type: 'AT_SEQUENCE_NUMBER', sequenceNumber: '500', shardId: 'shardId-000000000001' }, b)
    expect(fake.calls.filter((c) => c.op === 'start').at(-1)?.input).toMatchObject({
      position: { type: 'AT_SEQUENCE_NUMBER', sequenceNumber: '500', shardId: 'shardId-000000000001' },
      stop: { endSequenceNumber: '501' }
    })
    // Max records and end time typed before are not kept: the batch stops after its end and nowhere else.
    expect((fake.calls.filter((c) => c.op === 'start').at(-1)?.input as { stop: object }).stop).toEqual({ endSequenceNumber: '501' })
    expect(store.getState().batch).toBe(b)

    await actions.readAt({ type: 'AT_SEQUENCE_NUMBER', sequenceNumber: '600', shardId: 'shardId-000000000001' })
    expect(store.getState().batch).toBeNull()
    expect((fake.calls.filter((c) => c.op === 'start').at(-1)?.input as { stop?: object }).stop).toBeUndefined()
  })

  it('reads the whole batch even when "Keep only matching records" was left on from a search', async () => {
    const { fake, actions } = setup()
    actions.setFilter({ text: 'needle' })
    actions.updateForm({ searchMode: true })
    await actions.readAt({ type: 'AT_SEQUENCE_NUMBER', sequenceNumber: '500', shardId: 'shardId-000000000001' }, batch('shardId-000000000001', 500, 501, 2))
    const input = fake.calls.filter((c) => c.op === 'start').at(-1)?.input as { search?: unknown; stop: object }
    expect(input.search).toBeUndefined()
    expect(input.stop).toEqual({ endSequenceNumber: '501' })
  })
})

import { describe, expect, it } from 'vitest'
import type { DecodedRecord } from '../../../src/shared/domain'
import { filterRecords } from '../../../src/renderer/src/features/records/record-filter'
import type { AppError } from '../../../src/shared/errors'
import { page, setup } from './store-harness'

describe('records store', () => {
  it('marks rows for Replay… (toggle and range), gives them in arrival order, and forgets them on the next read', async () => {
    const { store, fake, clock, actions } = setup()
    await actions.start('read')
    fake.batch('s1', page(0, 6))
    clock.flush()
    const rows = store.getState().records
    const [r0, r1, r2, r3, r4] = rows as [DecodedRecord, DecodedRecord, DecodedRecord, DecodedRecord, DecodedRecord]
    actions.toggleMark(r4)
    actions.markRange([r1, r2])
    actions.toggleMark(r0)
    actions.toggleMark(r0) // a second toggle unmarks
    expect(store.getState().marked.size).toBe(3)
    expect(actions.markedRecords().map((r) => r.id)).toEqual([r1.id, r2.id, r4.id])
    expect(actions.markedRecords()).not.toContain(r3)
    actions.clearMarks()
    expect(actions.markedRecords()).toEqual([])
    actions.toggleMark(r3)
    fake.ended('s1', 'completed', 6)
    await actions.start('read')
    expect(store.getState().marked.size).toBe(0)
    expect(actions.markedRecords()).toEqual([])
  })

  it('starts a Read, keeps only its own session\'s events, and merges batches in one flush', async () => {
    const { store, fake, clock, actions } = setup()
    await actions.start('read')
    expect(fake.calls[0]).toEqual({ op: 'start', input: { stream: 'OrderStream', shardIds: null, position: { type: 'TRIM_HORIZON' }, mode: 'read' } })
    expect(store.getState().session).toEqual({ status: 'reading', mode: 'read', sessionId: 's1' })
    fake.batch('other-session', page(0, 5))
    fake.batch('s1', page(0, 3))
    fake.batch('s1', page(0, 3, 'shardId-000000000001'))
    expect(store.getState().records).toHaveLength(0) // not flushed yet: one render per flush
    clock.flush()
    const records = store.getState().records
    expect(records).toHaveLength(6)
    expect(records.map((r) => r.arrivalTime)).toEqual([1000, 1000, 1010, 1010, 1020, 1020])
    expect(store.getState().received).toBe(6)
    fake.ended('s1', 'completed', 6)
    expect(store.getState().session).toEqual({ status: 'ended', mode: 'read', reason: 'completed', delivered: 6 })
  })

  it('keeps batches that arrive before reader.start answers', async () => {
    const { store, fake, clock, actions } = setup()
    fake.onStart((sessionId) => fake.batch(sessionId, page(0, 2)))
    await actions.start('read')
    clock.flush()
    expect(store.getState().records).toHaveLength(2)
  })

  it('checks the form before calling: no call with a bad sequence number', async () => {
    const { store, fake, actions } = setup()
    actions.updateForm({ position: 'AT_SEQUENCE_NUMBER', sequenceNumber: '12x' })
    await actions.start('read')
    expect(fake.calls).toHaveLength(0)
    expect(store.getState().formErrors.sequenceNumber).toMatch(/digits only/)
    actions.updateForm({ sequenceNumber: '123' })
    expect(store.getState().formErrors.sequenceNumber).toBeUndefined()
  })

  it('shows main\'s error when the start fails, and keeps the records it had', async () => {
    const error: AppError = { code: 'INVALID_SEQUENCE_NUMBER', message: 'Sequence number 1 is not a record position', hint: 'Copy it from a record' }
    const { store, actions } = setup({ startError: error })
    actions.updateForm({ position: 'AT_SEQUENCE_NUMBER', sequenceNumber: '1' })
    await actions.start('read')
    expect(store.getState().session).toEqual({ status: 'error', phase: 'start', mode: 'read', error, delivered: 0 })
  })

  it('a failed session shows its error and keeps the records read so far', async () => {
    const { store, fake, clock, actions } = setup()
    await actions.start('read')
    fake.batch('s1', page(0, 4))
    const error: AppError = { code: 'STREAM_NOT_FOUND', message: 'Stream OrderStream no longer exists' }
    fake.ended('s1', 'failed', 4, error)
    clock.flush()
    expect(store.getState().records).toHaveLength(4) // flushed before the end
    expect(store.getState().session).toEqual({ status: 'error', phase: 'read', mode: 'read', error, delivered: 4 })
  })

  it('a Read pauses at the cap, holds what was in flight, and continues by dropping the oldest', async () => {
    const { store, fake, clock, actions } = setup({ cap: 10 })
    await actions.start('read')
    fake.batch('s1', page(0, 8))
    clock.flush()
    fake.batch('s1', page(8, 5))
    clock.flush()
    await Promise.resolve()
    let s = store.getState()
    expect(s.records).toHaveLength(10)
    expect(s.held).toHaveLength(3)
    expect(s.capReached).toBe(true)
    expect(s.session).toMatchObject({ status: 'paused', atCap: true })
    expect(fake.calls.filter((c) => c.op === 'pause')).toEqual([{ op: 'pause', input: { sessionId: 's1' } }])
    // Resume is not the way out of the cap: the notice's choices are.
    await actions.resume()
    expect(fake.calls.filter((c) => c.op === 'resume')).toHaveLength(0)
    // A page in flight when the pause was sent: held too, nothing lost.
    fake.batch('s1', page(13, 2))
    clock.flush()
    expect(store.getState().held).toHaveLength(5)
    await actions.continueDroppingOldest()
    s = store.getState()
    expect(s.records).toHaveLength(10)
    expect(s.records[0]!.arrivalTime).toBe(1050)
    expect(s.dropped).toBe(5)
    expect(s.held).toHaveLength(0)
    expect(s.policy).toBe('drop-oldest')
    expect(s.session).toEqual({ status: 'reading', mode: 'read', sessionId: 's1' })
    expect(fake.calls.filter((c) => c.op === 'resume')).toHaveLength(1)
    fake.batch('s1', page(15, 4))
    clock.flush()
    expect(store.getState().dropped).toBe(9)
    expect(store.getState().records.length + store.getState().dropped).toBe(store.getState().received)
  })

  it('raising the cap lets held records in and resumes', async () => {
    const { store, fake, clock, actions } = setup({ cap: 10 })
    await actions.start('read')
    fake.batch('s1', page(0, 13))
    clock.flush()
    await Promise.resolve()
    actions.setCap(20)
    await Promise.resolve()
    expect(store.getState().records).toHaveLength(13)
    expect(store.getState().capReached).toBe(false)
    expect(fake.calls.filter((c) => c.op === 'resume')).toHaveLength(1)
  })

  it('Live tail drops the oldest and counts them', async () => {
    const { store, fake, clock, actions } = setup({ cap: 10 })
    await actions.start('tail')
    fake.batch('s1', page(0, 25))
    clock.flush()
    expect(store.getState().records).toHaveLength(10)
    expect(store.getState().dropped).toBe(15)
    expect(fake.calls.some((c) => c.op === 'pause')).toBe(false)
  })

  it('keeps the filter result in step with arriving batches', async () => {
    const { store, fake, clock, actions } = setup({ cap: 30 })
    actions.setFilter({ field: 'even = true' })
    await actions.start('tail')
    for (let i = 0; i < 6; i++) {
      fake.batch('s1', page(i * 7, 7, i % 2 === 0 ? 'shardId-000000000000' : 'shardId-000000000001'))
      clock.flush()
      const s = store.getState()
      expect(Array.from(s.filtered!)).toEqual(Array.from(filterRecords(s.records, s.compiled)!))
    }
    expect(store.getState().dropped).toBeGreaterThan(0)
  })

  it('"Read from here" starts a Read at that record\'s sequence number and shard', async () => {
    const { fake, clock, actions, store } = setup()
    await actions.start('read')
    fake.batch('s1', page(0, 3, 'shardId-000000000001'))
    clock.flush()
    const record = store.getState().records[1]!
    await actions.readFrom(record)
    expect(fake.calls.filter((c) => c.op === 'stop')).toEqual([{ op: 'stop', input: { sessionId: 's1' } }])
    expect(fake.calls.at(-1)).toEqual({
      op: 'start',
      input: {
        stream: 'OrderStream',
        shardIds: null,
        mode: 'read',
        position: { type: 'AT_SEQUENCE_NUMBER', sequenceNumber: record.sequenceNumber, shardId: 'shardId-000000000001' }
      }
    })
    expect(store.getState().records).toHaveLength(0)
  })

  it('pause, resume and stop go to main; disconnecting stops the session and unsubscribes', async () => {
    const { store, fake, actions, disconnect } = setup()
    await actions.start('read')
    await actions.pause()
    expect(store.getState().session).toMatchObject({ status: 'paused', atCap: false })
    await actions.resume()
    expect(store.getState().session.status).toBe('reading')
    expect(fake.listenerCount()).toBe(3)
    disconnect()
    await Promise.resolve()
    expect(fake.calls.map((c) => c.op)).toEqual(['start', 'pause', 'resume', 'stop'])
    expect(fake.listenerCount()).toBe(0)
  })
})

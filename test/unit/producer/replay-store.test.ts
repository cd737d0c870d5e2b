/** The replay dialog's store with a fake replay api: chunked upload, dry run, confirmation, start, cancel, discard. */
import { describe, expect, it, vi } from 'vitest'
import type { InputOf } from '../../../src/shared/contract'
import type { ReplayPlan, ReplayRecord } from '../../../src/shared/producer'
import { chunkRecords, toReplayRecord } from '../../../src/renderer/src/features/replay/replay-chunks'
import { createReplayStore, sourceProblem } from '../../../src/renderer/src/features/replay/replay-store'
import { rec } from '../records/fixtures'

const records = (n: number, size = 10): ReplayRecord[] =>
  Array.from({ length: n }, (_, i) => ({ partitionKey: `k${i % 7}`, explicitHashKey: null, dataBase64: Buffer.alloc(size, i).toString('base64') }))

function fakeReplay(options: { needsConfirmation?: boolean; holdAppend?: boolean; tooLarge?: ReplayPlan['tooLarge'] } = {}) {
  const appended: ReplayRecord[][] = []
  const discarded: string[] = []
  const started: InputOf<'replay.start'>[] = []
  let release: (() => void) | null = null
  const api = {
    replay: {
      create: vi.fn(() => Promise.resolve({ draftId: `d${discarded.length + appended.length}` })),
      append: vi.fn(async ({ records: chunk }: InputOf<'replay.append'>) => {
        if (options.holdAppend === true) await new Promise<void>((resolve) => (release = resolve))
        appended.push(chunk)
        return { count: appended.flat().length }
      }),
      plan: vi.fn(({ draftId, target }: InputOf<'replay.plan'>): Promise<ReplayPlan> =>
        Promise.resolve({
          draftId,
          stream: target.stream,
          total: appended.flat().length,
          tooLarge: options.tooLarge ?? null,
          perShard: [
            { shardId: 'shardId-000000000000', records: 2 },
            { shardId: 'shardId-000000000001', records: appended.flat().length - 2 }
          ],
          recordDistribution: 'USER_PARTITION_KEY',
          openShardCount: 2,
          needsConfirmation: options.needsConfirmation ?? false
        })
      ),
      start: vi.fn((input: InputOf<'replay.start'>) => (started.push(input), Promise.resolve({ jobId: 'job-9' }))),
      discard: vi.fn(({ draftId }: { draftId: string }) => (discarded.push(draftId), Promise.resolve({ draftId })))
    }
  }
  return { api, appended, discarded, started, release: () => release?.() }
}

describe('replay chunks', () => {
  it('keeps order and stays within 5,000 records and the size budget a call', () => {
    const many = records(12_345)
    const chunks = chunkRecords(many)
    expect(chunks.flat()).toEqual(many)
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(5000)
    const big = records(40, 100_000)
    const bigChunks = chunkRecords(big)
    expect(bigChunks.flat()).toEqual(big)
    for (const chunk of bigChunks) expect(JSON.stringify(chunk).length).toBeLessThan(600 * 1024)
  })

  it('takes each record’s key, hash key and exact bytes, text records included', () => {
    const text = rec({ json: { a: 1 }, pk: 'store-7' })
    const binary = { ...rec({ data: new Uint8Array([0xf3, 0x89]), kind: 'binary', text: null }), explicitHashKey: '99' }
    expect(toReplayRecord({ ...text, dataBase64: null })).toEqual({ partitionKey: 'store-7', explicitHashKey: null, dataBase64: Buffer.from('{"a":1}').toString('base64') })
    expect(toReplayRecord(binary)).toEqual({ partitionKey: 'key-1', explicitHashKey: '99', dataBase64: '84k=' })
  })
})

describe('replay store', () => {
  it('uploads once in chunks, plans, re-plans for another target without uploading again, then starts with the confirmation', async () => {
    const fake = fakeReplay({ needsConfirmation: true })
    const store = createReplayStore(fake.api, { stream: 'OrderStream', source: 'shown' })
    const { actions } = store.getState()
    const source = records(7_000)
    actions.setTarget({ stream: 'Other' })
    await actions.dryRun(() => source)
    expect(fake.appended.map((c) => c.length)).toEqual([5000, 2000])
    expect(fake.appended.flat()).toEqual(source)
    expect(store.getState().phase).toMatchObject({ type: 'planned', plan: { stream: 'Other', total: 7000 } })

    actions.setTarget({ stream: 'Third', connectionId: 'profile:dev' })
    expect(store.getState().phase.type).toBe('editing')
    await actions.dryRun(() => source)
    expect(fake.api.replay.create).toHaveBeenCalledTimes(1)
    expect(fake.api.replay.plan).toHaveBeenLastCalledWith({ draftId: 'd0', target: { connectionId: 'profile:dev', stream: 'Third' } })

    // Not confirmed: nothing starts.
    expect(await actions.start()).toBeNull()
    expect(fake.started).toEqual([])
    expect(store.getState().phase).toMatchObject({ type: 'error', plan: { stream: 'Third' } })
    actions.setConfirmName('Third')
    actions.setRate({ limitRate: true, rate: '250' })
    expect(await actions.start()).toBe('job-9')
    expect(fake.started).toEqual([{ draftId: 'd0', target: { connectionId: 'profile:dev', stream: 'Third' }, ratePerSecond: 250, confirmName: 'Third', skipTooLarge: false }])
    // Main owns the draft now: closing the dialog does not discard it.
    await actions.close()
    expect(fake.discarded).toEqual([])
  })

  it('records over the target’s limit: nothing starts until the user skips them, and a new dry run asks again', async () => {
    const fake = fakeReplay({ tooLarge: { count: 2, maxRecordBytes: 1024 * 1024, firstIndex: 1, firstBytes: 3_000_000 } })
    const store = createReplayStore(fake.api, { stream: 'Small', source: 'shown' })
    const { actions } = store.getState()
    await actions.dryRun(() => records(5))
    expect(await actions.start()).toBeNull()
    expect(fake.started).toEqual([])
    expect(store.getState().phase).toMatchObject({ type: 'error', error: { message: 'Skip the 2 records larger than Small takes, or raise its maximum record size.' } })
    actions.setSkipTooLarge(true)
    await actions.dryRun(() => records(5))
    expect(store.getState().skipTooLarge).toBe(false)
    actions.setSkipTooLarge(true)
    expect(await actions.start()).toBe('job-9')
    expect(fake.started[0]).toMatchObject({ skipTooLarge: true })
  })

  it('sends no confirmation name to the sandbox', async () => {
    const fake = fakeReplay({ needsConfirmation: false })
    const store = createReplayStore(fake.api, { stream: 'OrderStream', source: 'shown' })
    await store.getState().actions.dryRun(() => records(3))
    await store.getState().actions.start()
    expect(fake.started[0]).toMatchObject({ confirmName: null, ratePerSecond: null, target: { connectionId: null, stream: 'OrderStream' } })
  })

  it('a new source discards the uploaded draft; closing discards one never started', async () => {
    const fake = fakeReplay()
    const store = createReplayStore(fake.api, { stream: 'S', source: 'shown' })
    await store.getState().actions.dryRun(() => records(3))
    store.getState().actions.setSource('selected')
    await vi.waitFor(() => expect(fake.discarded).toEqual(['d0']))
    await store.getState().actions.dryRun(() => records(1))
    await store.getState().actions.close()
    expect(fake.discarded).toHaveLength(2)
  })

  it('cancel during the upload stops it and discards the draft: nothing is planned or sent', async () => {
    const fake = fakeReplay({ holdAppend: true })
    const store = createReplayStore(fake.api, { stream: 'S', source: 'shown' })
    const running = store.getState().actions.dryRun(() => records(6000))
    await vi.waitFor(() => expect(fake.api.replay.append).toHaveBeenCalledTimes(1))
    expect(store.getState().phase).toMatchObject({ type: 'uploading', uploaded: 0, total: 6000 })
    await store.getState().actions.cancelPreparation()
    fake.release()
    await running
    expect(fake.api.replay.append).toHaveBeenCalledTimes(1)
    expect(fake.api.replay.plan).not.toHaveBeenCalled()
    expect(fake.discarded).toContain('d0')
    expect(store.getState().phase.type).toBe('editing')
  })

  it('a file with broken lines names them and sends nothing until the user chooses to skip them', async () => {
    const fake = fakeReplay()
    const store = createReplayStore(fake.api, { stream: 'S', source: 'shown' })
    const good = JSON.stringify({ partitionKey: 'a', explicitHashKey: null, dataBase64: 'aGk=' })
    await store.getState().actions.loadFile('orders.jsonl', () => Promise.resolve(`${good}\n{"partitionKey": 1}\n${good}\n`))
    const s = store.getState()
    expect(s.file).toMatchObject({ name: 'orders.jsonl', records: [{ partitionKey: 'a' }, { partitionKey: 'a' }], problems: [{ line: 2 }] })
    expect(sourceProblem(s, 0)).toMatch(/1 line of orders.jsonl cannot be replayed/)
    await s.actions.dryRun(() => [])
    expect(fake.api.replay.create).not.toHaveBeenCalled()
    expect(store.getState().phase).toMatchObject({ type: 'error' })
    store.getState().actions.setSkipBroken(true)
    await store.getState().actions.dryRun(() => [])
    expect(fake.appended.flat()).toHaveLength(2)
  })

  it('an upload refused part-way leaves no partial draft: the next dry run uploads every record again', async () => {
    const fake = fakeReplay()
    fake.api.replay.append.mockImplementationOnce(({ records: chunk }) => (fake.appended.push(chunk), Promise.resolve({ count: chunk.length })))
    fake.api.replay.append.mockRejectedValueOnce(Object.assign(new Error('Connection reset'), { code: 'NETWORK' }))
    const store = createReplayStore(fake.api, { stream: 'S', source: 'shown' })
    const source = records(12_000)
    await store.getState().actions.dryRun(() => source)
    expect(store.getState().phase).toMatchObject({ type: 'error', plan: null })
    await vi.waitFor(() => expect(fake.discarded).toEqual(['d0']))
    fake.appended.length = 0
    await store.getState().actions.dryRun(() => source)
    expect(fake.appended.flat()).toEqual(source)
    expect(store.getState().phase).toMatchObject({ type: 'planned', plan: { total: 12_000 } })
  })

  it('says why main refused a step', async () => {
    const fake = fakeReplay()
    fake.api.replay.plan.mockRejectedValueOnce(Object.assign(new Error('Stream Nope not found.'), { code: 'STREAM_NOT_FOUND' }))
    const store = createReplayStore(fake.api, { stream: 'Nope', source: 'shown' })
    await store.getState().actions.dryRun(() => records(2))
    expect(store.getState().phase).toMatchObject({ type: 'error', error: { code: 'STREAM_NOT_FOUND' }, plan: null })
  })
})

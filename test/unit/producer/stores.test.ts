/** The producer's stores, driven with fake apis: single send and history, bulk start, jobs, templates. */
import { describe, expect, it, vi } from 'vitest'
import type { InputOf } from '../../../src/shared/contract'
import { PIZZA_ORDER_TEMPLATE, type ProducerProgress, type ProducerReport, type SavedTemplate, type SentRecord } from '../../../src/shared/producer'
import { createBulkStore, checkBulkForm, initialBulkForm } from '../../../src/renderer/src/features/producer/bulk-store'
import { createJobsStore } from '../../../src/renderer/src/features/producer/jobs-store'
import { createSendStore, MAX_HISTORY } from '../../../src/renderer/src/features/producer/send-store'
import { draftTemplate, initialDraft } from '../../../src/renderer/src/features/producer/send-draft'
import { createTemplatesStore, templatesExport } from '../../../src/renderer/src/features/producer/templates-store'
import { reportCounts, reportTitle } from '../../../src/renderer/src/features/producer/job-format'

const apiError = (code: string, message: string) => Object.assign(new Error(message), { code })

function fakePut() {
  const calls: InputOf<'producer.put'>[] = []
  let n = 0
  const put = vi.fn((input: InputOf<'producer.put'>): Promise<SentRecord> => {
    calls.push(input)
    n++
    return Promise.resolve({
      stream: input.stream,
      shardId: 'shardId-000000000001',
      sequenceNumber: `4960000000000000000000000000000000000000000000000000000${n}`,
      partitionKey: input.partitionKey,
      explicitHashKey: input.explicitHashKey,
      size: 100,
      sentAt: 1000 + n,
      text: Buffer.from(input.dataBase64, 'base64').toString('utf8')
    })
  })
  return { api: { producer: { put } }, calls, put }
}

describe('send store', () => {
  it('sends the order form as UTF-8 JSON with a fresh Id each time and keeps where each landed, newest first', async () => {
    const fake = fakePut()
    const store = createSendStore({ api: fake.api, now: () => Date.UTC(2026, 10, 26) })
    const a = await store.getState().actions.send('OrderStream')
    const b = await store.getState().actions.send('OrderStream')
    expect(fake.calls).toHaveLength(2)
    const [first, second] = fake.calls.map((c) => JSON.parse(Buffer.from(c.dataBase64, 'base64').toString('utf8')) as Record<string, string>)
    expect(first).toMatchObject({ Source: 'web', StoreId: '101', PizzaId: 'margherita', Timestamp: '2026-11-26T00:00:00.000Z' })
    expect(first?.Id).not.toBe(second?.Id)
    expect(fake.calls[0]).toMatchObject({ stream: 'OrderStream', partitionKey: 'weborder', explicitHashKey: null, gzip: false })
    expect(store.getState().history).toEqual([b, a])
    expect(store.getState().sending).toEqual({ status: 'idle' })
  })

  it('sends nothing while the draft has a problem, and says which', async () => {
    const fake = fakePut()
    const store = createSendStore({ api: fake.api })
    store.getState().actions.update({ fixedKey: '' })
    expect(await store.getState().actions.send('OrderStream')).toBeNull()
    expect(fake.put).not.toHaveBeenCalled()
    const sending = store.getState().sending
    expect(sending.status === 'error' && (sending.error as Error).message).toMatch(/partition key/)
  })

  it('keeps main’s error (code, message) for the banner and the draft for another try', async () => {
    const store = createSendStore({ api: { producer: { put: () => Promise.reject(apiError('STREAM_NOT_FOUND', 'OrderStream does not exist.')) } } })
    store.getState().actions.updateOrder({ storeId: '120' })
    await store.getState().actions.send('OrderStream')
    expect(store.getState().sending).toMatchObject({ status: 'error', error: { code: 'STREAM_NOT_FOUND' } })
    expect(store.getState().draft.order.storeId).toBe('120')
    expect(store.getState().history).toEqual([])
  })

  it('sends binary payloads byte for byte, with the explicit hash key and gzip flag', async () => {
    const fake = fakePut()
    const store = createSendStore({ api: fake.api })
    store.getState().actions.setPayload('hex')
    store.getState().actions.update({ body: '00 ff 10', hashKey: '12345', gzip: true, keyType: 'fixed', fixedKey: 'bin' })
    await store.getState().actions.send('S')
    expect(fake.calls[0]).toEqual({ stream: 'S', partitionKey: 'bin', explicitHashKey: '12345', dataBase64: Buffer.from([0, 255, 16]).toString('base64'), gzip: true })
  })

  it('Cancel stops waiting and says the record may have been written; a late answer still joins the history', async () => {
    const fake = fakePut()
    const answers: ((sent: SentRecord) => void)[] = []
    const hanging = vi.fn((input: InputOf<'producer.put'>) => {
      void fake.put(input) // what main would answer, kept for later
      return new Promise<SentRecord>((resolve) => answers.push(resolve))
    })
    const store = createSendStore({ api: { producer: { put: hanging } } })
    const sending = store.getState().actions.send('OrderStream')
    expect(store.getState().sending.status).toBe('sending')
    store.getState().actions.cancel('kinesis.eu-west-1.amazonaws.com')
    expect(store.getState().sending).toMatchObject({
      status: 'error',
      error: { code: 'CANCELLED', message: 'Stopped waiting for kinesis.eu-west-1.amazonaws.com: the record may or may not have been written.' }
    })
    // The user can send again at once, and that send owns the status.
    const second = store.getState().actions.send('OrderStream')
    expect(store.getState().sending.status).toBe('sending')
    const late = await (fake.put.mock.results[0]?.value as Promise<SentRecord>)
    answers[0]?.(late)
    expect(await sending).toBeNull()
    expect(store.getState().history).toEqual([late])
    expect(store.getState().sending.status).toBe('sending')
    answers[1]?.({ ...late, sequenceNumber: '2' })
    expect(await second).toMatchObject({ sequenceNumber: '2' })
    expect(store.getState().sending.status).toBe('idle')
    expect(store.getState().history.map((h) => h.sequenceNumber)).toEqual(['2', late.sequenceNumber])
  })

  it('bounds the history', async () => {
    const fake = fakePut()
    const store = createSendStore({ api: fake.api })
    for (let i = 0; i < MAX_HISTORY + 3; i++) await store.getState().actions.send('S')
    expect(store.getState().history).toHaveLength(MAX_HISTORY)
  })
})

describe('bulk store', () => {
  it('starts with the seed the preview shows, then rolls the seed for the next run', async () => {
    const startBulk = vi.fn((_input: InputOf<'producer.startBulk'>) => Promise.resolve({ jobId: 'job-1' }))
    const seeds = [11, 22]
    const store = createBulkStore({ producer: { startBulk } }, () => seeds.shift() ?? 0)
    expect(store.getState().seed).toBe(11)
    store.getState().actions.update({ count: '2000', limitRate: true, rate: '250', aggregate: true })
    const template = draftTemplate(initialDraft)
    expect(await store.getState().actions.start('OrderStream', template)).toBe('job-1')
    expect(startBulk).toHaveBeenCalledWith({ stream: 'OrderStream', template, count: 2000, ratePerSecond: 250, aggregate: true, seed: 11 })
    expect(store.getState().run).toEqual({ status: 'running', jobId: 'job-1', stream: 'OrderStream', total: 2000 })
    expect(store.getState().seed).toBe(22)
  })

  it('sends "until stopped" and "as fast as allowed" as nulls, and refuses a bad count or rate', () => {
    expect(checkBulkForm({ ...initialBulkForm, untilStopped: true, count: 'x' })).toEqual({ ok: true, count: null, ratePerSecond: null })
    expect(checkBulkForm({ ...initialBulkForm, count: '0' })).toMatchObject({ ok: false, problems: { count: expect.stringMatching(/1 to 10,000,000/) as unknown } })
    expect(checkBulkForm({ ...initialBulkForm, limitRate: true, rate: '-1' })).toMatchObject({ ok: false, problems: { rate: expect.any(String) as unknown } })
  })

  it('shows main’s refusal', async () => {
    const store = createBulkStore({ producer: { startBulk: () => Promise.reject(apiError('UNSUPPORTED', 'Not yet.')) } })
    expect(await store.getState().actions.start('S', draftTemplate(initialDraft))).toBeNull()
    expect(store.getState().run).toMatchObject({ status: 'error', error: { code: 'UNSUPPORTED' } })
  })
})

const progress = (patch: Partial<ProducerProgress>): ProducerProgress => ({
  jobId: 'job-1',
  kind: 'bulk',
  state: 'running',
  sent: 0,
  failed: 0,
  retrying: 0,
  unknown: 0,
  total: 2000,
  ratePerSecond: 0,
  elapsedMs: 0,
  etaMs: null,
  throttled: 0,
  ...patch
})

const report = (patch: Partial<ProducerReport>): ProducerReport => ({
  jobId: 'job-1',
  kind: 'bulk',
  reason: 'completed',
  requested: 2000,
  sent: 2000,
  failed: 0,
  unknown: 0,
  notSent: 0,
  perShard: [],
  failures: [],
  durationMs: 3200,
  error: null,
  ...patch
})

describe('jobs store', () => {
  function fakeJobsApi() {
    const progressListeners = new Set<(p: ProducerProgress) => void>()
    const endedListeners = new Set<(r: ProducerReport) => void>()
    const cancel = vi.fn((_input: { jobId: string }) => Promise.resolve({ state: 'cancelling' as const }))
    return {
      api: {
        producer: {
          cancel,
          onProgress: (l: (p: ProducerProgress) => void) => (progressListeners.add(l), () => void progressListeners.delete(l)),
          onEnded: (l: (r: ProducerReport) => void) => (endedListeners.add(l), () => void endedListeners.delete(l))
        }
      },
      cancel,
      progress: (p: ProducerProgress) => progressListeners.forEach((l) => l(p)),
      ended: (r: ProducerReport) => endedListeners.forEach((l) => l(r)),
      listeners: () => progressListeners.size + endedListeners.size
    }
  }

  it('keeps each job’s latest progress, events before the start answered included, and the report over late progress', () => {
    const fake = fakeJobsApi()
    const store = createJobsStore(fake.api)
    const disconnect = store.getState().actions.connect()
    fake.progress(progress({ sent: 500 }))
    fake.progress(progress({ jobId: 'job-2', sent: 7 }))
    expect(store.getState().jobs['job-1']?.progress?.sent).toBe(500)
    fake.ended(report({}))
    fake.progress(progress({ sent: 1999 }))
    expect(store.getState().jobs['job-1']).toMatchObject({ report: { sent: 2000 }, progress: { sent: 500 } })
    expect(store.getState().jobs['job-2']?.progress?.sent).toBe(7)
    disconnect()
    expect(fake.listeners()).toBe(0)
  })

  it('cancels once, and not a job that has ended', async () => {
    const fake = fakeJobsApi()
    const store = createJobsStore(fake.api)
    store.getState().actions.connect()
    await store.getState().actions.cancel('job-1')
    expect(fake.cancel).toHaveBeenCalledWith({ jobId: 'job-1' })
    expect(store.getState().jobs['job-1']?.cancelRequested).toBe(true)
    fake.ended(report({ jobId: 'job-3' }))
    await store.getState().actions.cancel('job-3')
    expect(fake.cancel).toHaveBeenCalledTimes(1)
  })

  it('reports in plain words', () => {
    expect(reportCounts(report({}))).toBe('2,000 of 2,000 sent · 0 failed')
    expect(reportTitle(report({}))).toBe('Bulk send completed in 3.2 s')
    expect(reportCounts(report({ sent: 1200, failed: 3, unknown: 2, notSent: 795, reason: 'cancelled' }))).toBe(
      '1,200 of 2,000 sent · 3 failed · 2 outcome unknown · 795 not sent'
    )
    expect(reportTitle(report({ kind: 'replay', reason: 'cancelled', durationMs: 800 }))).toBe('Replay cancelled after 800 ms')
  })
})

describe('templates store', () => {
  const mine: SavedTemplate = { id: 't1', name: 'Mine', builtin: false, template: { ...PIZZA_ORDER_TEMPLATE.template, body: '{}' } }

  it('lists, saves (overwriting a template of the same name), removes and imports', async () => {
    let list: SavedTemplate[] = [PIZZA_ORDER_TEMPLATE]
    const save = vi.fn((input: InputOf<'templates.save'>) => {
      const id = input.id ?? `t${list.length}`
      list = [...list.filter((t) => t.id !== id), { id, name: input.name, template: input.template, builtin: false }]
      return Promise.resolve(list)
    })
    const store = createTemplatesStore({
      templates: {
        list: () => Promise.resolve(list),
        save,
        remove: ({ id }) => Promise.resolve((list = list.filter((t) => t.id !== id))),
        import: () =>
          Promise.resolve({ templates: (list = [...list, mine]), imported: 1, refused: [{ index: 1, name: 'Bad', reason: 'encoding: Invalid option' }] })
      }
    })
    const { actions } = store.getState()
    await actions.load()
    expect(store.getState().list).toEqual({ status: 'ready', data: [PIZZA_ORDER_TEMPLATE] })
    expect(await actions.save('Orders', draftTemplate(initialDraft))).toBe(true)
    expect(store.getState().selectedId).toBe('t1')
    expect(store.getState().notice).toBe('Saved template “Orders”.')
    await actions.save('Orders', draftTemplate({ ...initialDraft, fixedKey: 'k' }))
    expect(save).toHaveBeenLastCalledWith(expect.objectContaining({ id: 't1', name: 'Orders' }))
    await actions.remove('t1')
    expect(store.getState()).toMatchObject({ selectedId: null, notice: 'Removed template “Orders”.' })
    await actions.importFile('{}')
    expect(store.getState().notice).toBe('Imported 1 template; 1 not imported (below).')
    expect(store.getState().refused).toEqual([{ index: 1, name: 'Bad', reason: 'encoding: Invalid option' }])
  })

  it('keeps main’s refusal for the banner', async () => {
    const store = createTemplatesStore({
      templates: {
        list: () => Promise.resolve([]),
        save: () => Promise.reject(apiError('INVALID_INPUT', 'Give the template a name')),
        remove: () => Promise.resolve([]),
        import: () => Promise.reject(apiError('INVALID_INPUT', 'Line 1: not a template file'))
      }
    })
    expect(await store.getState().actions.save(' ', draftTemplate(initialDraft))).toBe(false)
    expect(store.getState().actionError).toMatchObject({ code: 'INVALID_INPUT' })
    await store.getState().actions.importFile('nonsense')
    expect(store.getState().actionError).toMatchObject({ message: 'Line 1: not a template file' })
  })

  it('exports the user’s templates, not the built-in one', () => {
    const parsed = JSON.parse(templatesExport([PIZZA_ORDER_TEMPLATE, mine])) as { templates: { name: string }[] }
    expect(parsed.templates).toEqual([{ name: 'Mine', template: mine.template }])
  })
})

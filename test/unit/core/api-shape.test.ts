import { describe, expect, it, vi } from 'vitest'
import { buildDomainApi } from '../../../src/shared/api-shape'
import { eventNames, operationNames } from '../../../src/shared/contract'

describe('the api shape the preload exposes and the renderer uses', () => {
  it('has one function per operation, grouped by domain, and no generic invoke', async () => {
    const call = vi.fn((operation: string, input: unknown) => Promise.resolve({ operation, input }))
    const api = buildDomainApi({ call, listen: () => () => undefined })
    const domains = new Set([...operationNames, ...eventNames].map((name) => name.split('.')[0]))
    expect(Object.keys(api).sort()).toEqual([...domains].sort())
    expect(Object.keys(api)).toEqual(expect.arrayContaining(['connections', 'files', 'reader', 'streams', 'producer']))
    const members = Object.entries(api).flatMap(([domain, fns]) => Object.keys(fns).map((m) => `${domain}.${m}`))
    for (const operation of operationNames) expect(members).toContain(operation)
    expect(members.some((m) => /invoke|send|call/i.test(m))).toBe(false)
    expect(await api.streams?.describe?.({ name: 'S' })).toEqual({ operation: 'streams.describe', input: { name: 'S' } })
    expect(await api.streams?.list?.()).toEqual({ operation: 'streams.list', input: {} })
  })

  it('gives every event an on… listener that returns its unsubscribe function', () => {
    const unsubscribe = vi.fn()
    const listen = vi.fn(() => unsubscribe)
    const api = buildDomainApi({ call: () => Promise.resolve(null), listen })
    expect(eventNames).toEqual(expect.arrayContaining(['reader.batch', 'reader.progress', 'reader.ended', 'producer.progress']))
    expect(typeof api.producer?.onEnded).toBe('function')
    const off = api.reader?.onBatch?.(() => undefined) as () => void
    expect(listen).toHaveBeenCalledWith('reader.batch', expect.any(Function))
    off()
    expect(unsubscribe).toHaveBeenCalledTimes(1)
    expect(() => api.reader?.onEnded?.('not a function')).toThrow(/needs a listener function/)
  })
})

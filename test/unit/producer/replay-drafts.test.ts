import { describe, expect, it } from 'vitest'
import { ReplayDrafts } from '../../../src/main/core/producer/replay-drafts'
import { createClientSession } from '../../../src/main/router'

const client = (id: string) => createClientSession(id, () => undefined)
const record = (partitionKey: string, bytes = 3) => ({ partitionKey, explicitHashKey: null, dataBase64: Buffer.alloc(bytes, 1).toString('base64') })

describe('replay drafts', () => {
  it('keep records in order, per client, and are dropped when the client goes away', () => {
    const drafts = new ReplayDrafts()
    const a = client('a')
    const id = drafts.create(a)
    expect(drafts.append(id, [record('k1'), record('k2')], a)).toBe(2)
    expect(drafts.append(id, [record('k3')], a)).toBe(3)
    expect(drafts.records(id, a).map((r) => r.partitionKey)).toEqual(['k1', 'k2', 'k3'])
    expect(() => drafts.records(id, client('b'))).toThrow(expect.objectContaining({ code: 'SESSION_NOT_FOUND' }) as Error)
    a.dispose()
    expect(drafts.count).toBe(0)
  })

  it('refuse past their bounds, with the numbers named, keeping what they had', () => {
    const drafts = new ReplayDrafts({ records: 3, bytes: 100 })
    const c = client('c')
    const id = drafts.create(c)
    drafts.append(id, [record('k'), record('k')], c)
    expect(() => drafts.append(id, [record('k'), record('k')], c)).toThrow(/at most 3 records; this one would have 4/)
    expect(() => drafts.append(id, [record('k', 200)], c)).toThrow(/at most 0 MiB/)
    expect(drafts.records(id, c)).toHaveLength(2)
    expect(() => drafts.append(id, [{ partitionKey: 'k', explicitHashKey: null, dataBase64: 'abc' }], c)).toThrow(/records.0.dataBase64 is not valid padded base64/)
    drafts.discard(id, c)
    expect(() => drafts.records(id, c)).toThrow(/is not open/)
  })
})

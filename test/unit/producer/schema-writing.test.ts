/**
 * The Send tab's side of writing with a schema, with a fake api: the pickers load each list when
 * its parent is chosen, a newer check supersedes an older one, a send puts exactly the bytes main
 * encoded (no gzip), and the draft refuses a schema with a non-JSON payload or gzip.
 */
import { describe, expect, it, vi } from 'vitest'
import type { InputOf } from '../../../src/shared/contract'
import type { SchemaEncoding } from '../../../src/shared/schema-writing'
import { createSchemaStore } from '../../../src/renderer/src/features/producer/schema-store'
import { createSendStore } from '../../../src/renderer/src/features/producer/send-store'
import { checkDraft, draftFromTemplate, draftTemplate, initialDraft } from '../../../src/renderer/src/features/producer/send-draft'

const ID = '3f2b8a1c-5d6e-4f70-8a9b-0c1d2e3f4a5b'
const gsr = { kind: 'gsr', schemaVersionId: ID, compression: 'zlib' } as const
const encoded = { ok: true, dataBase64: Buffer.from([3, 5, 1, 2]).toString('base64'), size: 4, label: 'GSR Avro · OrderPlaced v3 (registry orders) · zlib', messageNames: [] } as const satisfies SchemaEncoding

function fakeSchemaApi(encode: (input: InputOf<'producer.encode'>) => Promise<SchemaEncoding> = () => Promise.resolve(encoded)) {
  const api = {
    registry: {
      registries: vi.fn(() => Promise.resolve([{ registryName: 'orders', registryArn: null, description: null }])),
      schemas: vi.fn(({ registryName }: { registryName: string }) => Promise.resolve([{ registryName, schemaName: 'OrderPlaced', schemaArn: null, description: null }])),
      versions: vi.fn(() => Promise.resolve([{ schemaVersionId: ID, versionNumber: 3, status: 'AVAILABLE', createdTime: null }])),
      version: vi.fn(() => Promise.resolve({ schemaVersionId: ID, registryName: 'orders', schemaName: 'OrderPlaced', versionNumber: 3, dataFormat: 'AVRO' as const, definition: '{}', status: 'AVAILABLE' }))
    },
    producer: { encode: vi.fn(encode) }
  }
  return api
}

describe('schema store', () => {
  it('loads registries when the Glue Schema Registry is chosen, then each list when its parent is picked', async () => {
    const api = fakeSchemaApi()
    const store = createSchemaStore(api)
    store.getState().actions.setMode('gsr')
    await vi.waitFor(() => expect(store.getState().registries.status).toBe('ready'))
    await store.getState().actions.pickRegistry('orders')
    await store.getState().actions.pickSchema('OrderPlaced')
    expect(api.registry.versions).toHaveBeenCalledWith({ registryName: 'orders', schemaName: 'OrderPlaced' })
    expect(store.getState().versions).toMatchObject({ status: 'ready', value: [{ versionNumber: 3 }] })
    await store.getState().actions.showVersion(ID)
    await store.getState().actions.showVersion(ID)
    expect(api.registry.version).toHaveBeenCalledTimes(1)
    // Picking another registry forgets the schema and its versions.
    await store.getState().actions.pickRegistry('orders')
    expect(store.getState()).toMatchObject({ schemaName: '', versions: { status: 'idle' } })
  })

  it('an older check that answers late does not overwrite a newer one', async () => {
    let release: (v: SchemaEncoding) => void = () => undefined
    const slow = new Promise<SchemaEncoding>((resolve) => (release = resolve))
    const api = fakeSchemaApi((input) => (input.json === '"old"' ? slow : Promise.resolve(encoded)))
    const store = createSchemaStore(api)
    const old = store.getState().actions.checkRecords(gsr, ['"old"'])
    await store.getState().actions.checkRecords(gsr, ['"new"'])
    release({ ok: false, problem: 'stale', label: 'x', messageNames: [] })
    await old
    expect(store.getState().check).toEqual({ status: 'done', results: [encoded] })
  })
})

describe('sending with a schema', () => {
  it('puts exactly the bytes main encoded from the rendered JSON, never gzipped', async () => {
    const put = vi.fn((input: InputOf<'producer.put'>) =>
      Promise.resolve({ stream: input.stream, shardId: 's', sequenceNumber: '1', partitionKey: input.partitionKey, explicitHashKey: null, size: 4, sentAt: 1, text: null })
    )
    const encode = vi.fn(() => Promise.resolve(encoded))
    const store = createSendStore({ api: { producer: { put, encode } } })
    store.getState().actions.update({ schema: gsr })
    await store.getState().actions.send('OrderStream')
    const json = JSON.parse((encode.mock.calls[0] as unknown as [InputOf<'producer.encode'>])[0].json) as Record<string, string>
    expect(json).toMatchObject({ Source: 'web', StoreId: '101' })
    expect(put).toHaveBeenCalledWith({ stream: 'OrderStream', partitionKey: 'weborder', explicitHashKey: null, dataBase64: encoded.dataBase64, gzip: false })
  })

  it('a record that does not fit is not sent, and the field is named', async () => {
    const put = vi.fn()
    const encode = vi.fn(() => Promise.resolve({ ok: false, problem: 'storeId: "101" is not an int', label: 'GSR Avro · OrderPlaced v3', messageNames: [] } as SchemaEncoding))
    const store = createSendStore({ api: { producer: { put, encode } } })
    store.getState().actions.update({ schema: gsr })
    expect(await store.getState().actions.send('OrderStream')).toBeNull()
    expect(put).not.toHaveBeenCalled()
    const sending = store.getState().sending
    expect(sending.status === 'error' && (sending.error as Error).message).toBe('Does not fit GSR Avro · OrderPlaced v3: storeId: "101" is not an int')
  })

  it('the draft keeps the schema in its template, and refuses a text payload or gzip with one', () => {
    const draft = { ...initialDraft, payload: 'json' as const, body: '{"a":1}', schema: gsr }
    expect(draftTemplate(draft).schema).toEqual(gsr)
    expect(draftFromTemplate(draftTemplate(draft), initialDraft).schema).toEqual(gsr)
    expect(checkDraft({ ...draft, payload: 'text' }, 1, 0).problems.body).toMatch(/filled in as JSON/)
    expect(checkDraft({ ...draft, gzip: true }, 1, 0).problems.body).toMatch(/not gzipped/)
    expect(checkDraft(draft, 1, 0).problems).toEqual({})
  })
})

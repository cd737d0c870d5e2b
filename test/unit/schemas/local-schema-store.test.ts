/**
 * Local schema files in schemas.json: attached, replaced per scope, compiled once for reads,
 * detached; a corrupt file or a hand-edited entry never crashes anything.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { localSchemaStore, type LocalSchemaInput } from '../../../src/main/core/schemas/local-schema-store'
import { orderAvsc, orderJsonSchema, orderProto } from '../../support/schema-fixtures'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'schemas-'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

const proto: LocalSchemaInput = { stream: 'Orders', fileName: 'order.proto', format: 'PROTOBUF', messageName: 'shop.Order', scope: { kind: 'plain' }, definition: orderProto }
const avsc: LocalSchemaInput = { stream: 'Orders', fileName: 'order.avsc', format: 'AVRO', messageName: null, scope: { kind: 'confluent', schemaId: 4 }, definition: orderAvsc }

describe('local schema store', () => {
  it('keeps one plain schema and one per Confluent id per stream, in schemas.json', async () => {
    const store = localSchemaStore(dir)
    await store.attach(proto)
    await store.attach(avsc)
    await store.attach({ ...avsc, fileName: 'other-stream.avsc', stream: 'Other' })
    const replaced = await store.attach({ ...proto, fileName: 'order.json', format: 'JSON', messageName: null, definition: orderJsonSchema })
    expect(replaced.map((s) => [s.fileName, s.scope])).toEqual([
      ['order.avsc', { kind: 'confluent', schemaId: 4 }],
      ['order.json', { kind: 'plain' }]
    ])
    expect(replaced[1]).toMatchObject({ label: 'JSON Schema · OrderPlaced · order.json', typeName: 'OrderPlaced', size: orderJsonSchema.length })
    expect(replaced[1]).not.toHaveProperty('definition')
    const saved = JSON.parse(await readFile(join(dir, 'schemas.json'), 'utf8')) as { schemas: unknown[] }
    expect(saved.schemas).toHaveLength(3)

    const forRead = await localSchemaStore(dir).forRead('Orders')
    expect(forRead.plain?.info.format).toBe('JSON')
    expect([...forRead.confluent.keys()]).toEqual([4])
    expect((await localSchemaStore(dir).forRead('Nothing')).plain).toBeNull()
  })

  it('refuses a schema that does not compile and one over 1 MiB, saving nothing', async () => {
    const store = localSchemaStore(dir)
    await expect(store.attach({ ...proto, definition: 'message {' })).rejects.toMatchObject({
      code: 'SCHEMA_INVALID',
      message: expect.stringMatching(/^order.proto cannot be attached: The .proto does not parse/) as unknown
    })
    await expect(store.attach({ ...proto, messageName: 'shop.Nope' })).rejects.toMatchObject({ message: expect.stringContaining('has no message shop.Nope; it has shop.Order, shop.Order.Line, shop.Refund') as unknown })
    // The contract refuses it first; the store checks bytes again (multi-byte characters count).
    await expect(store.attach({ ...avsc, definition: 'é'.repeat(600 * 1024) })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: 'order.avsc is 1.2 MB; a schema file may be at most 1024 KB.'
    })
    expect(await store.list('Orders')).toEqual([])
  })

  it('sets a corrupt file aside and drops entries that do not parse', async () => {
    await writeFile(join(dir, 'schemas.json'), '{ not json')
    const store = localSchemaStore(dir)
    expect(await store.list('Orders')).toEqual([])
    expect((await readdir(dir)).some((f) => f.startsWith('schemas.json.corrupt-'))).toBe(true)
    await store.attach(proto)
    await writeFile(
      join(dir, 'schemas.json'),
      JSON.stringify({ schemas: [null, { id: 'x', stream: 'Orders' }, ...(JSON.parse(await readFile(join(dir, 'schemas.json'), 'utf8')) as { schemas: unknown[] }).schemas] })
    )
    expect((await store.list('Orders')).map((s) => s.fileName)).toEqual(['order.proto'])
  })

  it('keeps a copy of schemas.json before a change drops the entries it cannot read', async () => {
    const store = localSchemaStore(dir)
    await store.attach(proto)
    const saved = JSON.parse(await readFile(join(dir, 'schemas.json'), 'utf8')) as { schemas: Record<string, unknown>[] }
    // Written by another version of the app, or edited by hand: kept for the user, not lost.
    const unreadable = { ...saved.schemas[0], id: 'later', stream: 'Other', scope: { kind: 'topic', topic: 'orders' } }
    await writeFile(join(dir, 'schemas.json'), JSON.stringify({ version: 1, schemas: [...saved.schemas, unreadable] }))
    await store.attach({ ...avsc, stream: 'Third' })
    const copies = (await readdir(dir)).filter((f) => f.startsWith('schemas.json.invalid-'))
    expect(copies).toHaveLength(1)
    const copy = JSON.parse(await readFile(join(dir, copies[0] ?? ''), 'utf8')) as { schemas: unknown[] }
    expect(copy.schemas).toContainEqual(unreadable)
  })

  it('keeps every change when attaches and detaches overlap (two clicks in a row, two windows)', async () => {
    const store = localSchemaStore(dir)
    await Promise.all([store.attach(proto), store.attach({ ...avsc, stream: 'Other' }), store.attach({ ...avsc, stream: 'Third' })])
    const fresh = localSchemaStore(dir)
    expect([...(await fresh.list('Orders')), ...(await fresh.list('Other')), ...(await fresh.list('Third'))].map((s) => s.stream)).toEqual(['Orders', 'Other', 'Third'])
    const [a, b] = [...(await store.list('Other')), ...(await store.list('Third'))]
    await Promise.all([store.detach(a?.id ?? ''), store.detach(b?.id ?? '')])
    expect([...(await fresh.list('Other')), ...(await fresh.list('Third'))]).toEqual([])
    expect((await fresh.list('Orders')).map((s) => s.fileName)).toEqual(['order.proto'])
  })

  it('detaches, and says when there is nothing to detach', async () => {
    const store = localSchemaStore(null)
    const [attached] = await store.attach(proto)
    expect(await store.detach(attached?.id ?? '')).toEqual([])
    await expect(store.detach('gone')).rejects.toMatchObject({ code: 'SCHEMA_NOT_FOUND' })
  })
})

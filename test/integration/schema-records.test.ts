/**
 * Schema-encoded records read back through the reader, on kinesis-local and kinesalite, with the
 * Glue Schema Registry stand-in behind AWS_ENDPOINT_URL_GLUE. GSR Avro records come from an
 * encoder this project did not write (@meinestadt.de/glue-schema-registry, compression none and
 * zlib); JSON Schema and Protobuf records from avsc/protobufjs directly with the GSR header built
 * from the reference; some inside KPL aggregates. Then: a search by a decoded field, the failures
 * (unknown id, access denied, a payload one byte short), local schema files (plain and Confluent),
 * and the refusals (a .proto that does not parse, a 50 MB schema).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { KinesisClient } from '@aws-sdk/client-kinesis'
import { GlueSchemaRegistry } from '@meinestadt.de/glue-schema-registry'
import protobuf from 'protobufjs'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { AppCore } from '../../src/main/core/app-core'
import { aggregate } from '../../src/main/core/decode/kpl'
import { buildConfluentFrame, buildGsrFrame } from '../../src/main/core/schemas/gsr-frame'
import type { DecodedRecord } from '../../src/shared/domain'
import { matchAll, type RecordFilterSpec } from '../../src/shared/filter/record-filter'
import { createStreamAndWait, kinesisClient, startKinesalite, type Emulator } from '../support/emulators'
import { startGlueStandIn, type GlueStandIn, type StandInSchemaVersion } from '../support/glue-stand-in'
import { orderAvsc, orderJsonSchema, orderProto } from '../support/schema-fixtures'
import { putAll, uniqueName } from '../support/stream-fixtures'
import { TestClient } from '../support/test-client'

const isolated = { AWS_REGION: 'us-east-1', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' }
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' }

const Order = protobuf.parse(orderProto, { keepCase: true }).root.lookupType('shop.Order')

/** An order as the independent encoder takes it (avsc's default representation). */
const avroOrder = (i: number, storeId: number) => ({
  orderId: `o-${i}`,
  storeId,
  amountCents: 1000 + i,
  size: 'LARGE',
  note: i % 2 === 0 ? `note ${i}` : null,
  extra: null,
  signature: Buffer.from([i])
})

describe.each(['kinesis-local', 'kinesalite'] as const)('schema-encoded records on %s', (backend) => {
  let emulator: Emulator | null = null
  let glue: GlueStandIn
  let core: AppCore
  let c: TestClient
  let kinesis: KinesisClient
  let userDataDir: string
  let avroVersion: StandInSchemaVersion
  let jsonVersion: StandInSchemaVersion
  let protoVersion: StandInSchemaVersion
  const deniedId = '0badc0de-0000-4000-8000-000000000001'
  const unknownId = '0badc0de-0000-4000-8000-000000000002'
  let stream: string

  beforeAll(async () => {
    let endpoint: string
    if (backend === 'kinesalite') {
      emulator = await startKinesalite()
      endpoint = emulator.endpoint
    } else endpoint = inject('kinesisLocalEndpoint')
    glue = await startGlueStandIn()
    avroVersion = glue.add({ registryName: 'orders', schemaName: 'OrderPlaced', versionNumber: 3, dataFormat: 'AVRO', definition: orderAvsc })
    jsonVersion = glue.add({ registryName: 'orders', schemaName: 'OrderJson', versionNumber: 1, dataFormat: 'JSON', definition: orderJsonSchema })
    protoVersion = glue.add({ registryName: 'orders', schemaName: 'OrderProto', versionNumber: 2, dataFormat: 'PROTOBUF', definition: orderProto })
    glue.add({ schemaVersionId: deniedId, registryName: 'secret', schemaName: 'Hidden', versionNumber: 1, dataFormat: 'AVRO', definition: orderAvsc })
    glue.deny(deniedId)

    userDataDir = mkdtempSync(join(tmpdir(), 'schema-records-'))
    core = new AppCore({
      env: { ...isolated, AWS_ENDPOINT_URL_KINESIS: endpoint, AWS_ENDPOINT_URL_GLUE: glue.url },
      userDataDir,
      tuning: { drainIntervalMs: 20, caughtUpIntervalMs: 50 }
    })
    c = new TestClient(core.handlers())
    await c.call('connections.select', { id: 'default' })
    kinesis = kinesisClient(endpoint)

    // The independent encoder, pointed at the stand-in as any GlueClient is.
    const registry = new GlueSchemaRegistry('orders', { region: 'us-east-1', endpoint: glue.url, credentials })
    const avro = async (i: number, storeId: number, compress: boolean): Promise<Buffer> =>
      registry.encode(avroVersion.schemaVersionId, avroOrder(i, storeId), { compress })
    const proto = (i: number): Uint8Array =>
      buildGsrFrame(protoVersion.schemaVersionId, Buffer.concat([Buffer.from([0]), Order.encode(Order.fromObject({ orderId: `p-${i}`, storeId: 9, amountCents: '9007199254740993' })).finish()]))
    const json = (i: number, compression: 'none' | 'zlib'): Uint8Array =>
      buildGsrFrame(jsonVersion.schemaVersionId, Buffer.from(JSON.stringify({ orderId: `j-${i}`, storeId: 5 })), compression)
    const short = await avro(99, 7, false)

    stream = uniqueName('gsr')
    await createStreamAndWait(kinesis, stream, 1)
    await putAll(kinesis, stream, [
      await avro(0, 7, false), // 0
      await avro(1, 8, true), // 1: zlib
      json(2, 'none'), // 2
      json(3, 'zlib'), // 3
      proto(4), // 4
      aggregate([
        { partitionKey: 'a', data: await avro(5, 7, true) },
        { partitionKey: 'b', data: proto(6) },
        { partitionKey: 'c', data: Buffer.from('{"plain":"json"}') }
      ]), // 5, 6, 7 as user records
      buildGsrFrame(unknownId, Buffer.from([1, 2, 3])), // 8
      buildGsrFrame(deniedId, Buffer.from([1, 2, 3])), // 9
      short.subarray(0, short.length - 1) // 10: one byte short
    ])
  })
  afterAll(async () => {
    kinesis.destroy()
    await core.dispose()
    await glue.close()
    await emulator?.close()
    rmSync(userDataDir, { recursive: true, force: true })
  })

  const read = async (name: string, search?: Partial<RecordFilterSpec>): Promise<DecodedRecord[]> => {
    const { sessionId } = await c.call('reader.start', {
      stream: name,
      shardIds: null,
      position: { type: 'TRIM_HORIZON' },
      mode: 'read',
      ...(search !== undefined ? { search: { filter: { ...matchAll, ...search }, saveMatches: false } } : {})
    })
    const ended = await c.ended(sessionId)
    expect(ended.error).toBeNull()
    return c.records(sessionId)
  }
  const value = (r: DecodedRecord | undefined): Record<string, unknown> => JSON.parse(r?.text ?? 'null') as Record<string, unknown>

  it('decodes GSR Avro (another encoder, compression 0 and 5), JSON Schema and Protobuf, in KPL aggregates too', async () => {
    const records = await read(stream)
    expect(records).toHaveLength(11)
    const avroLabel = 'GSR Avro · OrderPlaced v3 (registry orders)'
    expect(records[0]).toMatchObject({ kind: 'json', steps: ['schema'], decodeError: null, schema: { label: avroLabel, source: 'gsr', format: 'AVRO', violation: null } })
    expect(value(records[0])).toEqual({ orderId: 'o-0', storeId: 7, amountCents: 1000, size: 'LARGE', note: { string: 'note 0' }, extra: null, signature: 'AA==' })
    expect(records[1]).toMatchObject({ steps: ['schema', 'zlib'], schema: { label: avroLabel } })
    expect(value(records[1])).toMatchObject({ orderId: 'o-1', note: null })
    expect(records[2]).toMatchObject({ kind: 'json', text: '{"orderId":"j-2","storeId":5}', schema: { label: 'GSR JSON Schema · OrderJson v1 (registry orders)', violation: null } })
    expect(records[3]).toMatchObject({ steps: ['schema', 'zlib'], text: '{"orderId":"j-3","storeId":5}' })
    expect(records[4]).toMatchObject({ schema: { label: 'GSR Protobuf · OrderProto v2 (registry orders)' } })
    expect(value(records[4])).toEqual({ orderId: 'p-4', storeId: 9, amountCents: '9007199254740993' })
    expect(records.slice(5, 8).map((r) => [r.subSequenceNumber, r.steps])).toEqual([
      [0, ['kpl', 'schema', 'zlib']],
      [1, ['kpl', 'schema']],
      [2, ['kpl', 'utf8', 'json']]
    ])
    expect(value(records[6])).toMatchObject({ orderId: 'p-6' })
    // One GetSchemaVersion per id for the connection, however many records and reads.
    await read(stream)
    expect(glue.lookups(avroVersion.schemaVersionId)).toBe(2) // the encoder's one, and the app's one
    expect(glue.lookups(protoVersion.schemaVersionId)).toBe(1)
  })

  it('shows failures beside the bytes: unknown id, access denied (glue:GetSchemaVersion), one byte short', async () => {
    const records = await read(stream)
    const [unknown, denied, short] = records.slice(8)
    expect(unknown).toMatchObject({ kind: 'binary', steps: [] })
    expect(unknown?.decodeError).toContain(`Schema version ${unknownId} is not in the Glue Schema Registry`)
    expect(denied?.decodeError).toContain('glue:GetSchemaVersion')
    expect(short?.decodeError).toMatch(/^GSR Avro · OrderPlaced v3 \(registry orders\): the payload does not fit/)
    for (const r of [unknown, denied, short]) expect(r?.dataBase64).not.toBeNull()
    // A refusal and an unknown id are not asked again on the next read.
    expect(glue.lookups(unknownId)).toBe(1)
    expect(glue.lookups(deniedId)).toBe(1)
  })

  it('filters by a decoded field: the search mode in main and its text search', async () => {
    const byStore = await read(stream, { field: 'storeId = 7' })
    expect(byStore.map((r) => value(r).orderId)).toEqual(['o-0', 'o-5'])
    const byNote = await read(stream, { text: 'note 0' })
    expect(byNote.map((r) => value(r).orderId)).toEqual(['o-0'])
    const byBigLong = await read(stream, { field: 'amountCents = "9007199254740993"' })
    expect(byBigLong.map((r) => value(r).orderId)).toEqual(['p-4', 'p-6'])
  })

  it('decodes with local schema files: plain Protobuf messages and Confluent-framed Avro', async () => {
    const name = uniqueName('local-schemas')
    await createStreamAndWait(kinesis, name, 1)
    const attachedProto = await c.call('schemas.attach', { stream: name, fileName: 'order.proto', format: 'PROTOBUF', messageName: 'shop.Order', scope: { kind: 'plain' }, definition: orderProto })
    expect(attachedProto).toMatchObject([{ fileName: 'order.proto', typeName: 'shop.Order', messageNames: ['shop.Order', 'shop.Order.Line', 'shop.Refund'], label: 'Protobuf · shop.Order · order.proto' }])
    await c.call('schemas.attach', { stream: name, fileName: 'order.avsc', format: 'AVRO', messageName: null, scope: { kind: 'confluent', schemaId: 17 }, definition: orderAvsc })
    const avroType = (await import('avsc')).default.Type.forSchema(JSON.parse(orderAvsc) as never)
    await putAll(kinesis, name, [
      Order.encode(Order.fromObject({ orderId: 'plain-1', storeId: 3 })).finish(),
      buildConfluentFrame(17, avroType.toBuffer(avroOrder(7, 4))),
      buildConfluentFrame(18, avroType.toBuffer(avroOrder(8, 4))), // no schema for id 18
      Buffer.from('{"still":"json"}')
    ])
    const records = await read(name)
    expect(records[0]).toMatchObject({ steps: ['schema'], schema: { label: 'Protobuf · shop.Order · order.proto', source: 'local' } })
    expect(value(records[0])).toEqual({ orderId: 'plain-1', storeId: 3 })
    expect(records[1]).toMatchObject({ steps: ['schema'], schema: { source: 'confluent', label: 'Avro · shop.OrderPlaced · Confluent id 17, order.avsc' } })
    expect(value(records[1])).toMatchObject({ orderId: 'o-7', storeId: 4 })
    // Id 18 has no schema and is not a Protobuf message either: the plain schema's reason.
    expect(records[2]?.decodeError).toMatch(/^Protobuf · shop.Order · order.proto: the payload does not fit/)
    expect(records[3]).toMatchObject({ kind: 'json', steps: ['utf8', 'json'] })

    // Saved in the user-data folder: a new core finds them.
    const listed = await c.call('schemas.list', { stream: name })
    expect(listed.map((s) => s.fileName).sort()).toEqual(['order.avsc', 'order.proto'])
    const again = new AppCore({ env: isolated, userDataDir })
    expect((await new TestClient(again.handlers()).call('schemas.list', { stream: name })).length).toBe(2)
    await again.dispose()
    const left = await c.call('schemas.detach', { id: listed.find((s) => s.fileName === 'order.proto')?.id ?? '' })
    expect(left.map((s) => s.fileName)).toEqual(['order.avsc'])
  })

  it('searches a stream with a JSON Schema attached past a record that only starts like JSON', async () => {
    const name = uniqueName('json-schema-search')
    await createStreamAndWait(kinesis, name, 1)
    await c.call('schemas.attach', { stream: name, fileName: 'order.json', format: 'JSON', messageName: null, scope: { kind: 'plain' }, definition: orderJsonSchema })
    await putAll(kinesis, name, [Buffer.from('{not json, order o-1'), Buffer.from('{"orderId":"o-2","storeId":5}')])
    // A search leaves JSON unchecked until its filter keeps a record: it used to fail on the first one.
    const found = await read(name, { text: 'o-' })
    expect(found.map((r) => [r.kind, r.text, r.schema?.violation ?? null])).toEqual([
      ['text', '{not json, order o-1', null],
      ['json', '{"orderId":"o-2","storeId":5}', null]
    ])
  })

  it('refuses a .proto that does not parse and a 50 MB schema, each with a clear message', async () => {
    const broken = await c.fails('schemas.attach', { stream, fileName: 'broken.proto', format: 'PROTOBUF', messageName: null, scope: { kind: 'plain' }, definition: 'syntax = "proto3"; message Order { string id = ; }' })
    expect(broken).toMatchObject({ code: 'SCHEMA_INVALID' })
    expect(broken.message).toMatch(/^broken.proto cannot be attached: The .proto does not parse: /)
    const huge = await c.fails('schemas.attach', { stream, fileName: 'huge.avsc', format: 'AVRO', messageName: null, scope: { kind: 'plain' }, definition: 'x'.repeat(50 * 1024 * 1024) })
    expect(huge).toMatchObject({ code: 'INVALID_INPUT' })
    expect(huge.message).toContain('A schema file may be at most 1024 KB')
    expect(await c.call('schemas.list', { stream })).toEqual([])
  })
})

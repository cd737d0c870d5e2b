/**
 * Writing with a schema against real servers: kinesis-local for the stream and the Glue stand-in
 * (AWS JSON 1.1 over node:http) for the registry, reached through AWS_ENDPOINT_URL_GLUE as a user
 * would set it. What the app sends is read back with the SDK and decoded by an encoder this
 * project did not write (@meinestadt.de/glue-schema-registry); a GSR record replayed keeps its
 * bytes exactly.
 */
import type { KinesisClient } from '@aws-sdk/client-kinesis'
import { GlueSchemaRegistry } from '@meinestadt.de/glue-schema-registry'
import avro from 'avsc'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { AppCore } from '../../src/main/core/app-core'
import { recordAsJson } from '../../src/shared/record-format'
import type { RecordTemplate } from '../../src/shared/producer'
import { createStreamAndWait, kinesisClient } from '../support/emulators'
import { startGlueStandIn, type GlueStandIn, type StandInSchemaVersion } from '../support/glue-stand-in'
import { orderAvsc } from '../support/schema-fixtures'
import { uniqueName } from '../support/stream-fixtures'
import { jobEnded, readStream } from '../support/stream-readback'
import { TestClient } from '../support/test-client'

const credentials = { accessKeyId: 'x', secretAccessKey: 'y' }
const order = (n: number) => ({ orderId: `o-${n}`, storeId: 7, amountCents: String(1000 + n), size: 'LARGE', note: null, extra: null, signature: '' })

describe('writing with a schema (kinesis-local + Glue stand-in)', () => {
  let glue: GlueStandIn
  let version: StandInSchemaVersion
  let core: AppCore
  let c: TestClient
  let kinesis: KinesisClient
  let theirs: GlueSchemaRegistry
  const readerType = avro.Type.forSchema(JSON.parse(orderAvsc) as avro.Schema)

  beforeAll(async () => {
    glue = await startGlueStandIn([], 1)
    for (const name of ['audit', 'orders']) glue.add({ registryName: name, schemaName: 'OrderPlaced', versionNumber: 1, dataFormat: 'AVRO', definition: orderAvsc })
    version = glue.add({ registryName: 'orders', schemaName: 'OrderPlaced', versionNumber: 2, dataFormat: 'AVRO', definition: orderAvsc })
    const endpoint = inject('kinesisLocalEndpoint')
    core = new AppCore({
      env: { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', AWS_ENDPOINT_URL_KINESIS: endpoint, AWS_ENDPOINT_URL_GLUE: glue.url },
      userDataDir: null,
      tuning: { drainIntervalMs: 20, caughtUpIntervalMs: 50 }
    })
    c = new TestClient(core.handlers())
    await c.call('connections.select', { id: 'default' })
    kinesis = kinesisClient(endpoint)
    theirs = new GlueSchemaRegistry('orders', { region: 'us-east-1', endpoint: glue.url, credentials })
  })
  afterAll(async () => {
    kinesis.destroy()
    await core.dispose()
    await glue.close()
  })

  it('lists registries, schemas and versions through every page of the Glue API', async () => {
    expect((await c.call('registry.registries', {})).map((r) => r.registryName).sort()).toEqual(['audit', 'orders'])
    expect((await c.call('registry.schemas', { registryName: 'orders' })).map((s) => s.schemaName)).toEqual(['OrderPlaced'])
    const versions = await c.call('registry.versions', { registryName: 'orders', schemaName: 'OrderPlaced' })
    expect(versions.map((v) => v.versionNumber)).toEqual([2, 1])
    expect(await c.call('registry.version', { schemaVersionId: version.schemaVersionId })).toMatchObject({ registryName: 'orders', versionNumber: 2, dataFormat: 'AVRO' })
    expect(glue.requests.filter((r) => r.target === 'AWSGlue.ListRegistries').length).toBeGreaterThan(1) // page size 1
  })

  it.each(['none', 'zlib'] as const)('a record sent from the Send tab path (compression %s) is read back by the independent decoder', async (compression) => {
    const stream = uniqueName('gsr-send')
    await createStreamAndWait(kinesis, stream, 1)
    const schema = { kind: 'gsr', schemaVersionId: version.schemaVersionId, compression } as const
    const encoded = await c.call('producer.encode', { schema, json: JSON.stringify(order(1)) })
    if (!encoded.ok) throw new Error(encoded.problem)
    await c.call('producer.put', { stream, partitionKey: 'o-1', explicitHashKey: null, dataBase64: encoded.dataBase64, gzip: false })
    const [stored] = await readStream(kinesis, stream)
    expect(stored?.data.byteLength).toBe(encoded.size)
    expect([stored?.data[0], stored?.data[1]]).toEqual([3, compression === 'zlib' ? 5 : 0])
    expect(await theirs.decode(stored?.data ?? Buffer.alloc(0), readerType)).toMatchObject({ orderId: 'o-1', storeId: 7, amountCents: 1001, size: 'LARGE' })
    // A value that does not fit is named, and nothing is encoded.
    const wrong = await c.call('producer.encode', { schema, json: JSON.stringify({ ...order(2), size: 'HUGE' }) })
    expect(wrong.ok ? '' : wrong.problem).toMatch(/size/)
  })

  it('a bulk template with a schema sends every record GSR-framed; a GSR record replayed keeps its bytes', async () => {
    const stream = uniqueName('gsr-bulk')
    const target = uniqueName('gsr-replay')
    await createStreamAndWait(kinesis, stream, 2)
    await createStreamAndWait(kinesis, target, 1)
    const template: RecordTemplate = {
      encoding: 'json',
      body: '{"orderId": "o-{{counter}}", "storeId": {{int:1:9}}, "amountCents": "{{counter:500}}", "size": "{{oneOf:SMALL|MEDIUM|LARGE}}", "note": null, "extra": null, "signature": ""}',
      gzip: false,
      partitionKey: { type: 'field', path: 'orderId' },
      explicitHashKey: null,
      schema: { kind: 'gsr', schemaVersionId: version.schemaVersionId, compression: 'zlib' }
    }
    const { jobId } = await c.call('producer.startBulk', { stream, template, count: 40, ratePerSecond: null, aggregate: false, seed: 3 })
    expect(await jobEnded(c, jobId)).toMatchObject({ reason: 'completed', sent: 40, failed: 0 })
    const stored = await readStream(kinesis, stream)
    const decoded = await Promise.all(stored.map((r) => theirs.decode<{ orderId: string }>(r.data, readerType)))
    expect(decoded.map((d) => d.orderId).sort()).toEqual(Array.from({ length: 40 }, (_, i) => `o-${i + 1}`).sort())
    expect(stored.every((r, i) => r.partitionKey === decoded[i]?.orderId)).toBe(true)

    // Replay: read with the app, take the records as Export / Replay take them, put them again.
    const { sessionId } = await c.call('reader.start', { stream, shardIds: null, position: { type: 'TRIM_HORIZON' }, mode: 'read' })
    await c.ended(sessionId)
    const read = c.records(sessionId)
    // The app reads back what it wrote: decoded with the same version, bytes kept as stored.
    expect(read.every((r) => r.schema?.label === 'GSR Avro · OrderPlaced v2 (registry orders)')).toBe(true)
    const records = read.map(recordAsJson)
    expect(records).toHaveLength(40)
    const { draftId } = await c.call('replay.create', {})
    await c.call('replay.append', { draftId, records: records.map((r) => ({ partitionKey: r.partitionKey, explicitHashKey: r.explicitHashKey, dataBase64: r.dataBase64 })) })
    const replay = await c.call('replay.start', { draftId, target: { connectionId: null, stream: target }, ratePerSecond: null, confirmName: target })
    expect(await jobEnded(c, replay.jobId)).toMatchObject({ reason: 'completed', sent: 40 })
    const replayed = await readStream(kinesis, target)
    const hex = (r: { data: Buffer }): string => r.data.toString('hex')
    expect(replayed.map(hex).sort()).toEqual(stored.map(hex).sort())
  })

  it('refuses a bulk run whose first record does not fit, before anything is sent', async () => {
    const stream = uniqueName('gsr-refused')
    await createStreamAndWait(kinesis, stream, 1)
    const template: RecordTemplate = {
      encoding: 'json',
      body: '{"orderId": 1}',
      gzip: false,
      partitionKey: { type: 'fixed', value: 'k' },
      explicitHashKey: null,
      schema: { kind: 'gsr', schemaVersionId: version.schemaVersionId, compression: 'none' }
    }
    const error = await c.fails('producer.startBulk', { stream, template, count: 5, ratePerSecond: null, aggregate: false, seed: 1 })
    expect(error).toMatchObject({ code: 'INVALID_INPUT' })
    expect(error.message).toMatch(/^Record 0 does not fit the schema\. GSR Avro · OrderPlaced v2 \(registry orders\)/)
    expect(await readStream(kinesis, stream)).toEqual([])
  })
})

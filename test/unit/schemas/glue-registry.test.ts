/**
 * The Glue Schema Registry client against a mocked Glue (aws-sdk-client-mock): one GetSchemaVersion
 * per id for the session, what the answer is turned into, and the failures named.
 */
import {
  GetSchemaVersionCommand,
  GlueClient,
  ListRegistriesCommand,
  ListSchemasCommand,
  ListSchemaVersionsCommand
} from '@aws-sdk/client-glue'
import { mockClient } from 'aws-sdk-client-mock'
import { afterEach, describe, expect, it } from 'vitest'
import { GlueRegistry } from '../../../src/main/core/schemas/glue-registry'
import { AppFailure } from '../../../src/shared/errors'
import { orderAvsc } from '../../support/schema-fixtures'

const glue = mockClient(GlueClient)
afterEach(() => glue.reset())

const ID = '6f9619ff-8b86-d011-b42d-00cf4fc964ff'
const target = { profile: 'dev', region: 'eu-west-1', endpoint: null }
const client = new GlueClient({ region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } })
const registry = (): GlueRegistry => new GlueRegistry(() => client, target)

function sdkError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } })
}

describe('GlueRegistry.lookup', () => {
  it('fetches a version once per id and reads registry and schema from its ARN', async () => {
    glue.on(GetSchemaVersionCommand).resolves({
      SchemaVersionId: ID.toUpperCase(),
      SchemaDefinition: orderAvsc,
      DataFormat: 'AVRO',
      SchemaArn: 'arn:aws:glue:eu-west-1:123456789012:schema/orders/OrderPlaced',
      VersionNumber: 3,
      Status: 'AVAILABLE'
    })
    const r = registry()
    expect(r.peek(ID)).toBeUndefined()
    const [a, b] = await Promise.all([r.lookup(ID), r.lookup(ID)])
    await r.lookup(ID)
    expect(glue.commandCalls(GetSchemaVersionCommand)).toHaveLength(1)
    expect(glue.commandCalls(GetSchemaVersionCommand)[0]?.args[0].input).toEqual({ SchemaVersionId: ID })
    expect(a).toBe(b)
    expect(a).toEqual({
      ok: true,
      version: { schemaVersionId: ID, registryName: 'orders', schemaName: 'OrderPlaced', versionNumber: 3, dataFormat: 'AVRO', definition: orderAvsc, status: 'AVAILABLE' }
    })
    expect(r.peek(ID)).toEqual(a)
  })

  it('names an unknown id and a refused GetSchemaVersion, and keeps both for the session', async () => {
    glue.on(GetSchemaVersionCommand, { SchemaVersionId: ID }).rejects(sdkError('EntityNotFoundException', 'Schema version is not found.'))
    const other = '00000000-0000-0000-0000-000000000001'
    glue.on(GetSchemaVersionCommand, { SchemaVersionId: other }).rejects(
      sdkError('AccessDeniedException', 'User: arn:aws:iam::1:user/dev is not authorized to perform: glue:GetSchemaVersion')
    )
    const r = registry()
    const missing = await r.lookup(ID)
    expect(missing.ok).toBe(false)
    if (!missing.ok) {
      expect(missing.failure.code).toBe('SCHEMA_NOT_FOUND')
      expect(missing.failure.message).toBe(`Schema version ${ID} is not in the Glue Schema Registry (profile "dev", region eu-west-1).`)
    }
    const denied = await r.lookup(other)
    expect(denied.ok).toBe(false)
    if (!denied.ok) {
      expect(denied.failure.code).toBe('ACCESS_DENIED')
      expect(denied.failure.hint).toContain('glue:GetSchemaVersion')
    }
    r.retryTransientFailures()
    await r.lookup(ID)
    await r.lookup(other)
    expect(glue.commandCalls(GetSchemaVersionCommand)).toHaveLength(2)
  })

  it('asks again after a failure that may pass (the endpoint did not answer)', async () => {
    glue.on(GetSchemaVersionCommand).rejectsOnce(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })).resolves({
      SchemaVersionId: ID,
      SchemaDefinition: '{}',
      DataFormat: 'JSON',
      SchemaArn: 'arn:aws:glue:eu-west-1:1:schema/r/s',
      VersionNumber: 1
    })
    const r = registry()
    const first = await r.lookup(ID)
    expect(!first.ok && first.failure.code).toBe('ENDPOINT_UNREACHABLE')
    expect(await r.lookup(ID)).toBe(first) // the same session keeps it...
    r.retryTransientFailures() // ...until the next read
    expect((await r.lookup(ID)).ok).toBe(true)
  })

  it('says why a connection without Glue cannot look a version up, once', async () => {
    let asked = 0
    const r = new GlueRegistry(() => {
      asked++
      throw new AppFailure('SERVICE_UNAVAILABLE', 'The local sandbox has no Glue Schema Registry.')
    }, target)
    const result = await r.lookup(ID)
    expect(!result.ok && [result.failure.code, result.failure.message]).toEqual(['SERVICE_UNAVAILABLE', 'The local sandbox has no Glue Schema Registry.'])
    r.retryTransientFailures()
    await r.lookup(ID)
    expect(asked).toBe(1)
  })

  it('refuses an answer without a usable data format', async () => {
    glue.on(GetSchemaVersionCommand).resolves({ SchemaVersionId: ID, SchemaDefinition: 'x', DataFormat: 'THRIFT' as never })
    const result = await registry().lookup(ID)
    expect(!result.ok && result.failure.code).toBe('SCHEMA_INVALID')
  })
})

describe('GlueRegistry lists, for a writer', () => {
  it('follows NextToken through every page and sorts versions newest first', async () => {
    glue.on(ListRegistriesCommand, { NextToken: undefined }).resolves({ Registries: [{ RegistryName: 'a' }], NextToken: 't' })
    glue.on(ListRegistriesCommand, { NextToken: 't' }).resolves({ Registries: [{ RegistryName: 'b', Description: 'B' }] })
    glue.on(ListSchemasCommand).resolves({ Schemas: [{ RegistryName: 'a', SchemaName: 'Order', SchemaArn: 'arn' }] })
    glue.on(ListSchemaVersionsCommand).resolves({ Schemas: [{ SchemaVersionId: ID, VersionNumber: 1 }, { SchemaVersionId: ID, VersionNumber: 2 }] })
    const r = registry()
    expect((await r.listRegistries()).map((x) => x.registryName)).toEqual(['a', 'b'])
    expect(await r.listSchemas('a')).toEqual([{ registryName: 'a', schemaName: 'Order', schemaArn: 'arn', description: null }])
    expect((await r.listSchemaVersions('a', 'Order')).map((v) => v.versionNumber)).toEqual([2, 1])
    expect(glue.commandCalls(ListSchemaVersionsCommand)[0]?.args[0].input.SchemaId).toEqual({ RegistryName: 'a', SchemaName: 'Order' })
  })

  it('names the permission a refused list needs', async () => {
    glue.on(ListSchemasCommand).rejects(sdkError('AccessDeniedException', 'not authorized to perform: glue:ListSchemas'))
    await expect(registry().listSchemas('a')).rejects.toMatchObject({ code: 'ACCESS_DENIED', hint: expect.stringContaining('glue:ListSchemas') as unknown })
  })

  it('gets a version by number or the latest, and caches it under its id', async () => {
    glue.on(GetSchemaVersionCommand).resolves({ SchemaVersionId: ID, SchemaDefinition: '{}', DataFormat: 'JSON', SchemaArn: 'arn:aws:glue:r:1:schema/reg/S', VersionNumber: 4 })
    const r = registry()
    const latest = await r.versionByNumber('reg', 'S', 'latest')
    expect(latest.versionNumber).toBe(4)
    expect(glue.commandCalls(GetSchemaVersionCommand)[0]?.args[0].input).toEqual({ SchemaId: { RegistryName: 'reg', SchemaName: 'S' }, SchemaVersionNumber: { LatestVersion: true } })
    await r.lookup(ID)
    expect(glue.commandCalls(GetSchemaVersionCommand)).toHaveLength(1)
  })
})

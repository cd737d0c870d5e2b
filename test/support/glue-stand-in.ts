/**
 * A Glue Schema Registry stand-in over node:http, answering as @aws-sdk/client-glue asks: AWS
 * JSON 1.1, `X-Amz-Target: AWSGlue.<Operation>`, shapes from the client's models
 * (GetSchemaVersionResponse, ListRegistriesResponse, ListSchemasResponse,
 * ListSchemaVersionsResponse; times as ISO strings, as Glue sends them). There is no Glue emulator
 * on npm or Debian. Lists come back in pages of `pageSize` (NextToken) so paging runs too; every
 * request is kept; chosen schema version ids can be answered with AccessDeniedException.
 */
import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { GlueSchemaVersion } from '../../src/shared/schemas'

/** A schema version the stand-in serves: what GetSchemaVersion answers, less its status. */
export type StandInSchemaVersion = Omit<GlueSchemaVersion, 'status'>

export interface GlueRequest {
  target: string
  body: Record<string, unknown>
}

export interface GlueStandIn {
  url: string
  requests: GlueRequest[]
  /** Adds a version (a new id unless given) and returns it. */
  add(version: Omit<StandInSchemaVersion, 'schemaVersionId'> & { schemaVersionId?: string }): StandInSchemaVersion
  /** Answer GetSchemaVersion for these ids with AccessDeniedException. */
  deny(schemaVersionId: string): void
  /** GetSchemaVersion calls made for one id. */
  lookups(schemaVersionId: string): number
  close(): Promise<void>
}

const ACCOUNT = '123456789012'
const REGION = 'us-east-1'
const CREATED = '2026-11-30T09:00:00.000Z'

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() })
  res.end(JSON.stringify(body))
}

function fail(res: ServerResponse, type: string, message: string): void {
  send(res, 400, { __type: type, Message: message })
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

const schemaArn = (v: { registryName: string; schemaName: string }): string =>
  `arn:aws:glue:${REGION}:${ACCOUNT}:schema/${v.registryName}/${v.schemaName}`

/** One page of `items` from NextToken (an offset), and the token for the next. */
function page<T>(items: T[], body: Record<string, unknown>, pageSize: number): { items: T[]; NextToken?: string } {
  const start = Number(body.NextToken ?? 0)
  const size = Math.min(pageSize, typeof body.MaxResults === 'number' ? body.MaxResults : pageSize)
  const slice = items.slice(start, start + size)
  return start + size < items.length ? { items: slice, NextToken: String(start + size) } : { items: slice }
}

export async function startGlueStandIn(initial: StandInSchemaVersion[] = [], pageSize = 2): Promise<GlueStandIn> {
  const versions: StandInSchemaVersion[] = [...initial]
  const denied = new Set<string>()
  const requests: GlueRequest[] = []

  const answer = (target: string, body: Record<string, unknown>, res: ServerResponse): void => {
    switch (target) {
      case 'AWSGlue.GetSchemaVersion': {
        const id = typeof body.SchemaVersionId === 'string' ? body.SchemaVersionId.toLowerCase() : null
        if (id !== null && denied.has(id)) {
          return fail(res, 'AccessDeniedException', `User: arn:aws:iam::${ACCOUNT}:user/dev is not authorized to perform: glue:GetSchemaVersion on resource: arn:aws:glue:${REGION}:${ACCOUNT}:registry/*`)
        }
        let found: StandInSchemaVersion | undefined
        if (id !== null) found = versions.find((v) => v.schemaVersionId === id)
        else {
          const schemaId = (body.SchemaId ?? {}) as { RegistryName?: string; SchemaName?: string }
          const number = (body.SchemaVersionNumber ?? {}) as { LatestVersion?: boolean; VersionNumber?: number }
          const ofSchema = versions.filter((v) => v.registryName === (schemaId.RegistryName ?? 'default-registry') && v.schemaName === schemaId.SchemaName)
          found = number.LatestVersion === true ? ofSchema.sort((a, b) => b.versionNumber - a.versionNumber)[0] : ofSchema.find((v) => v.versionNumber === number.VersionNumber)
        }
        if (found === undefined) return fail(res, 'EntityNotFoundException', 'Schema version is not found.')
        return send(res, 200, {
          SchemaVersionId: found.schemaVersionId,
          SchemaDefinition: found.definition,
          DataFormat: found.dataFormat,
          SchemaArn: schemaArn(found),
          VersionNumber: found.versionNumber,
          Status: 'AVAILABLE',
          CreatedTime: CREATED
        })
      }
      case 'AWSGlue.ListRegistries': {
        const names = [...new Set(versions.map((v) => v.registryName))].sort()
        const { items, NextToken } = page(names, body, pageSize)
        return send(res, 200, {
          Registries: items.map((name) => ({
            RegistryName: name,
            RegistryArn: `arn:aws:glue:${REGION}:${ACCOUNT}:registry/${name}`,
            Status: 'AVAILABLE',
            CreatedTime: CREATED,
            UpdatedTime: CREATED
          })),
          ...(NextToken !== undefined ? { NextToken } : {})
        })
      }
      case 'AWSGlue.ListSchemas': {
        const registry = ((body.RegistryId ?? {}) as { RegistryName?: string }).RegistryName
        if (registry !== undefined && !versions.some((v) => v.registryName === registry)) return fail(res, 'EntityNotFoundException', 'Registry is not found.')
        const schemas = [...new Map(versions.filter((v) => registry === undefined || v.registryName === registry).map((v) => [`${v.registryName}/${v.schemaName}`, v])).values()]
        const { items, NextToken } = page(schemas, body, pageSize)
        return send(res, 200, {
          Schemas: items.map((v) => ({
            RegistryName: v.registryName,
            SchemaName: v.schemaName,
            SchemaArn: schemaArn(v),
            SchemaStatus: 'AVAILABLE',
            CreatedTime: CREATED,
            UpdatedTime: CREATED
          })),
          ...(NextToken !== undefined ? { NextToken } : {})
        })
      }
      case 'AWSGlue.ListSchemaVersions': {
        const schemaId = (body.SchemaId ?? {}) as { RegistryName?: string; SchemaName?: string }
        const ofSchema = versions.filter((v) => v.registryName === (schemaId.RegistryName ?? 'default-registry') && v.schemaName === schemaId.SchemaName)
        if (ofSchema.length === 0) return fail(res, 'EntityNotFoundException', 'Schema is not found.')
        const { items, NextToken } = page(ofSchema, body, pageSize)
        return send(res, 200, {
          Schemas: items.map((v) => ({ SchemaArn: schemaArn(v), SchemaVersionId: v.schemaVersionId, VersionNumber: v.versionNumber, Status: 'AVAILABLE', CreatedTime: CREATED })),
          ...(NextToken !== undefined ? { NextToken } : {})
        })
      }
      default:
        return fail(res, 'UnknownOperationException', `The stand-in does not answer ${target}`)
    }
  }

  const server = createServer((req, res) => {
    void readBody(req).then((text) => {
      const target = String(req.headers['x-amz-target'] ?? '')
      let body: Record<string, unknown>
      try {
        body = JSON.parse(text === '' ? '{}' : text) as Record<string, unknown>
      } catch {
        return fail(res, 'SerializationException', 'The body is not JSON')
      }
      requests.push({ target, body })
      answer(target, body, res)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    add(version) {
      const full = { ...version, schemaVersionId: (version.schemaVersionId ?? randomUUID()).toLowerCase() }
      versions.push(full)
      return full
    },
    deny: (id) => denied.add(id.toLowerCase()),
    lookups: (id) => requests.filter((r) => r.target === 'AWSGlue.GetSchemaVersion' && String(r.body.SchemaVersionId).toLowerCase() === id.toLowerCase()).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

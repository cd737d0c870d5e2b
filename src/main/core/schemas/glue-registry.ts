/**
 * The Glue Schema Registry as the app reads it: GetSchemaVersion by schema version id (what a GSR
 * record's header names), fetched once per id and kept for the connection's session with its
 * registry, schema name, version number and data format; and the list calls a writer needs to
 * pick a schema (ListRegistries, ListSchemas, ListSchemaVersions, GetSchemaVersion by number).
 *
 * The Glue client comes from the connection (client-factory.ts: same HTTP/1.1 handler and
 * timeouts as Kinesis; AWS_ENDPOINT_URL_GLUE, then AWS_ENDPOINT_URL, then the region; a custom
 * Kinesis endpoint with no Glue endpoint is SERVICE_UNAVAILABLE, never a call to AWS).
 */
import {
  GetSchemaVersionCommand,
  ListRegistriesCommand,
  ListSchemasCommand,
  ListSchemaVersionsCommand,
  type GetSchemaVersionCommandInput,
  type GetSchemaVersionCommandOutput,
  type GlueClient
} from '@aws-sdk/client-glue'
import { AppFailure } from '../../../shared/errors'
import type { GlueSchemaVersion, SchemaFormat } from '../../../shared/schemas'
import { describeTarget, toAppFailure, type ConnectionTarget } from '../connections/aws-errors'
import { isUuid } from './gsr-frame'

export interface RegistrySummary {
  registryName: string
  registryArn: string | null
  description: string | null
}

export interface SchemaSummary {
  registryName: string
  schemaName: string
  schemaArn: string | null
  description: string | null
}

export interface SchemaVersionSummary {
  schemaVersionId: string
  versionNumber: number
  status: string | null
  createdTime: string | null
}

/** A settled lookup: the version, or the failure to show beside every record that names it. */
export type SchemaVersionLookup = { ok: true; version: GlueSchemaVersion } | { ok: false; failure: AppFailure }

/** The most pages a list call follows (100 items a page): a registry with more is not browsed whole. */
const MAX_LIST_PAGES = 50

export class GlueRegistry {
  private readonly versions = new Map<string, Promise<SchemaVersionLookup>>()
  private readonly settled = new Map<string, SchemaVersionLookup>()

  constructor(
    private readonly client: () => GlueClient,
    private readonly target: ConnectionTarget
  ) {}

  /** A version already fetched (or refused), without waiting; undefined when never asked for. */
  peek(schemaVersionId: string): SchemaVersionLookup | undefined {
    return this.settled.get(schemaVersionId)
  }

  /** GetSchemaVersion by id, once per id for the session; never rejects. */
  lookup(schemaVersionId: string): Promise<SchemaVersionLookup> {
    let pending = this.versions.get(schemaVersionId)
    if (pending === undefined) {
      pending = this.fetch({ SchemaVersionId: schemaVersionId })
        .then((version): SchemaVersionLookup => ({ ok: true, version }))
        .catch((error: unknown): SchemaVersionLookup => ({ ok: false, failure: this.failure(error, schemaVersionId) }))
        .then((result) => {
          this.settled.set(schemaVersionId, result)
          return result
        })
      this.versions.set(schemaVersionId, pending)
    }
    return pending
  }

  /**
   * Forgets failures that may pass (unreachable, throttled, no answer), so that the next read asks
   * again; an unknown id or a refusal stays known for the session.
   */
  retryTransientFailures(): void {
    for (const id of this.settled.keys()) this.forgetTransient(id)
  }

  /**
   * lookup for a writer (the Send tab's check, a bulk run): each is the user trying again, so a
   * failure that may pass is asked again rather than shown until the next read.
   */
  lookupAgain(schemaVersionId: string): Promise<SchemaVersionLookup> {
    this.forgetTransient(schemaVersionId)
    return this.lookup(schemaVersionId)
  }

  private forgetTransient(schemaVersionId: string): void {
    const result = this.settled.get(schemaVersionId)
    if (result !== undefined && !result.ok && !['SCHEMA_NOT_FOUND', 'ACCESS_DENIED', 'SERVICE_UNAVAILABLE', 'INVALID_INPUT'].includes(result.failure.code)) {
      this.settled.delete(schemaVersionId)
      this.versions.delete(schemaVersionId)
    }
  }

  /** A version by schema and number (or the latest), for a writer; cached by its id as lookups are. */
  async versionByNumber(registryName: string, schemaName: string, versionNumber: number | 'latest'): Promise<GlueSchemaVersion> {
    const version = await this.fetch({
      SchemaId: { RegistryName: registryName, SchemaName: schemaName },
      SchemaVersionNumber: versionNumber === 'latest' ? { LatestVersion: true } : { VersionNumber: versionNumber }
    }).catch((error: unknown) => {
      throw this.failure(error, null)
    })
    const result: SchemaVersionLookup = { ok: true, version }
    this.settled.set(version.schemaVersionId, result)
    this.versions.set(version.schemaVersionId, Promise.resolve(result))
    return version
  }

  async listRegistries(): Promise<RegistrySummary[]> {
    return this.pages('list the Glue schema registries', 'glue:ListRegistries', async (NextToken) => {
      const out = await this.client().send(new ListRegistriesCommand({ MaxResults: 100, NextToken }))
      const items = (out.Registries ?? []).map((r) => ({
        registryName: r.RegistryName ?? '',
        registryArn: r.RegistryArn ?? null,
        description: r.Description ?? null
      }))
      return { items, next: out.NextToken }
    })
  }

  async listSchemas(registryName: string): Promise<SchemaSummary[]> {
    return this.pages(`list the schemas of registry ${registryName}`, 'glue:ListSchemas', async (NextToken) => {
      const out = await this.client().send(new ListSchemasCommand({ RegistryId: { RegistryName: registryName }, MaxResults: 100, NextToken }))
      const items = (out.Schemas ?? []).map((s) => ({
        registryName: s.RegistryName ?? registryName,
        schemaName: s.SchemaName ?? '',
        schemaArn: s.SchemaArn ?? null,
        description: s.Description ?? null
      }))
      return { items, next: out.NextToken }
    })
  }

  async listSchemaVersions(registryName: string, schemaName: string): Promise<SchemaVersionSummary[]> {
    const versions = await this.pages(`list the versions of schema ${schemaName} (registry ${registryName})`, 'glue:ListSchemaVersions', async (NextToken) => {
      const out = await this.client().send(
        new ListSchemaVersionsCommand({ SchemaId: { RegistryName: registryName, SchemaName: schemaName }, MaxResults: 100, NextToken })
      )
      const items = (out.Schemas ?? []).map((v) => ({
        schemaVersionId: v.SchemaVersionId ?? '',
        versionNumber: v.VersionNumber ?? 0,
        status: v.Status ?? null,
        createdTime: v.CreatedTime ?? null
      }))
      return { items, next: out.NextToken }
    })
    return versions.sort((a, b) => b.versionNumber - a.versionNumber)
  }

  private async fetch(input: GetSchemaVersionCommandInput): Promise<GlueSchemaVersion> {
    const out = await this.client().send(new GetSchemaVersionCommand(input))
    return toVersion(out)
  }

  private async pages<T>(what: string, permission: string, page: (token: string | undefined) => Promise<{ items: T[]; next: string | undefined }>): Promise<T[]> {
    const all: T[] = []
    let token: string | undefined
    try {
      for (let i = 0; i < MAX_LIST_PAGES; i++) {
        const { items, next } = await page(token)
        all.push(...items)
        if (next === undefined || next === '') break
        token = next
      }
    } catch (error) {
      throw toAppFailure(error, what, this.target, { service: 'Glue', permission })
    }
    return all
  }

  private failure(error: unknown, schemaVersionId: string | null): AppFailure {
    if (error instanceof AppFailure) return error
    const name = (error as { name?: string } | null)?.name
    if (name === 'EntityNotFoundException') {
      return new AppFailure(
        'SCHEMA_NOT_FOUND',
        schemaVersionId !== null
          ? `Schema version ${schemaVersionId} is not in the Glue Schema Registry (${describeTarget(this.target)}).`
          : `That schema version is not in the Glue Schema Registry (${describeTarget(this.target)}).`,
        'The producer may write to another account or region, or the version was deleted. Check the connection, or attach the schema as a local file.'
      )
    }
    return toAppFailure(error, 'get the schema version from the Glue Schema Registry', this.target, { service: 'Glue', permission: 'glue:GetSchemaVersion' })
  }
}

const formats: readonly SchemaFormat[] = ['AVRO', 'JSON', 'PROTOBUF']

function toVersion(out: GetSchemaVersionCommandOutput): GlueSchemaVersion {
  const id = out.SchemaVersionId ?? ''
  const format = out.DataFormat
  if (!isUuid(id) || format === undefined || !formats.includes(format) || out.SchemaDefinition === undefined) {
    throw new AppFailure('SCHEMA_INVALID', `The Glue Schema Registry answered GetSchemaVersion without a usable id, data format (${String(format)}) or definition.`)
  }
  // arn:aws:glue:<region>:<account>:schema/<registry>/<schema>
  const [registryName = '', schemaName = ''] = (out.SchemaArn ?? '').split(':schema/')[1]?.split('/') ?? []
  return {
    schemaVersionId: id.toLowerCase(),
    registryName,
    schemaName,
    versionNumber: out.VersionNumber ?? 0,
    dataFormat: format,
    definition: out.SchemaDefinition,
    status: out.Status ?? null
  }
}

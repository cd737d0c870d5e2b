/**
 * What a read decodes with: the connection's Glue registry (versions compiled once per id, for
 * the connection's session) and the local schema files attached to the stream. A read session
 * gets a SessionSchemas: synchronous lookups for the decoder (decode-record.ts stays pure and
 * synchronous), which note the GSR ids not fetched yet so that the session can fetch them and
 * decode those records again.
 */
import { schemaFormatLabels, type GlueSchemaVersion, type LocalSchema, type RecordSchemaInfo, type SchemaSource } from '../../../shared/schemas'
import type { GlueRegistry } from './glue-registry'
import { compileSchema, SchemaProblem, type CompiledSchema } from './schema-codecs'

/** A compiled schema and how records decoded with it are labelled. */
export interface ResolvedSchema {
  codec: CompiledSchema
  info: Omit<RecordSchemaInfo, 'violation'>
}

/** What the decoder asks while it decodes one record. */
export interface SchemaLookup {
  /** The schema of a GSR version id; a string says why there is none; undefined: not fetched yet. */
  gsr(schemaVersionId: string): ResolvedSchema | string | undefined
  /** The local schema attached for a Confluent schema id, if any. */
  confluent(schemaId: number): ResolvedSchema | null
  /** Whether any Confluent id has a schema: otherwise a leading 0 byte means nothing. */
  readonly hasConfluent: boolean
  /** The local schema for records with no header, if one is attached. */
  readonly plain: ResolvedSchema | null
}

export function gsrLabel(version: GlueSchemaVersion): string {
  return `GSR ${schemaFormatLabels[version.dataFormat]} · ${version.schemaName} v${version.versionNumber} (registry ${version.registryName})`
}

export function localLabel(schema: LocalSchema, codec: CompiledSchema): string {
  const what = codec.typeName !== null ? `${codec.typeName} · ` : ''
  const where = schema.scope.kind === 'confluent' ? `Confluent id ${schema.scope.schemaId}, ` : ''
  return `${schemaFormatLabels[schema.format]} · ${what}${where}${schema.fileName}`
}

/** Compiles a local schema as a read uses it; throws SchemaProblem. */
export function resolveLocal(schema: LocalSchema): ResolvedSchema {
  const codec = compileSchema(schema.format, schema.definition, { messageName: schema.messageName })
  const source: SchemaSource = 'local'
  return { codec, info: { label: localLabel(schema, codec), source: schema.scope.kind === 'confluent' ? 'confluent' : source, format: schema.format } }
}

/** One per connection: GSR versions compiled once per id. */
export class GsrCatalog {
  private readonly compiled = new Map<string, ResolvedSchema | string>()

  constructor(private readonly registry: GlueRegistry) {}

  peek(schemaVersionId: string): ResolvedSchema | string | undefined {
    const known = this.compiled.get(schemaVersionId)
    if (known !== undefined) return known
    const settled = this.registry.peek(schemaVersionId)
    if (settled === undefined) return undefined
    const resolved = settled.ok ? compileVersion(settled.version) : failureText(schemaVersionId, settled.failure.message, settled.failure.hint)
    // Failures that may pass are asked again on the next read (retryTransientFailures), so only successes are kept here.
    if (typeof resolved !== 'string') this.compiled.set(schemaVersionId, resolved)
    return resolved
  }

  async fetch(ids: Iterable<string>): Promise<void> {
    await Promise.all([...ids].map((id) => this.registry.lookup(id)))
  }

  /** A new read asks again for versions whose lookup failed for a reason that may pass. */
  newRead(): void {
    this.registry.retryTransientFailures()
  }

  get glue(): GlueRegistry {
    return this.registry
  }
}

function compileVersion(version: GlueSchemaVersion): ResolvedSchema | string {
  const label = gsrLabel(version)
  try {
    const codec = compileSchema(version.dataFormat, version.definition)
    return { codec, info: { label, source: 'gsr', format: version.dataFormat } }
  } catch (err) {
    return `${label}: ${err instanceof SchemaProblem ? err.message : String(err)}`
  }
}

function failureText(schemaVersionId: string, message: string, hint: string | undefined): string {
  const what = message.includes(schemaVersionId) ? message : `GSR schema version ${schemaVersionId} could not be fetched. ${message}`
  return hint !== undefined ? `${what} ${hint}` : what
}

/** The lookups of one read session, with the GSR ids it met that were not fetched yet. */
export class SessionSchemas implements SchemaLookup {
  readonly missing = new Set<string>()
  /** Lookups of versions not fetched yet, ever: a caller compares it before and after a decode. */
  misses = 0
  readonly plain: ResolvedSchema | null
  private readonly byConfluentId: Map<number, ResolvedSchema>

  constructor(
    private readonly catalog: GsrCatalog,
    locals: { plain: ResolvedSchema | null; confluent: Map<number, ResolvedSchema> }
  ) {
    this.plain = locals.plain
    this.byConfluentId = locals.confluent
    catalog.newRead()
  }

  get hasConfluent(): boolean {
    return this.byConfluentId.size > 0
  }

  gsr(schemaVersionId: string): ResolvedSchema | string | undefined {
    const found = this.catalog.peek(schemaVersionId)
    if (found === undefined) {
      this.missing.add(schemaVersionId)
      this.misses++
    }
    return found
  }

  confluent(schemaId: number): ResolvedSchema | null {
    return this.byConfluentId.get(schemaId) ?? null
  }

  /** Fetches what the last decodes missed; afterwards gsr() answers for them. Never rejects. */
  async fetchMissing(): Promise<void> {
    const ids = [...this.missing]
    this.missing.clear()
    await this.catalog.fetch(ids)
  }
}

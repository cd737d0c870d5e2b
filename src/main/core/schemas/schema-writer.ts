/**
 * Writing records with a schema: JSON in, the bytes a producer using that schema would send out.
 * A GSR version is fetched once per id (the registry client's cache) and compiled once; the
 * record is the codec's encoding in a GSR frame (header version 3, compression none or zlib, the
 * version's UUID). A local schema file's record is the bare encoding, no header: what the reader
 * decodes with a schema attached to a stream. One SchemaWriter per connection.
 */
import { AppFailure } from '../../../shared/errors'
import { schemaFormatLabels } from '../../../shared/schemas'
import type { SchemaEncoding, WriteSchemaRef } from '../../../shared/schema-writing'
import type { GlueRegistry } from './glue-registry'
import { buildGsrFrame } from './gsr-frame'
import { gsrLabel } from './schema-catalog'
import { compileSchema, SchemaProblem, type CompiledSchema } from './schema-codecs'

/** Turns one JSON value into a record's bytes; throws SchemaProblem naming what does not fit. */
export interface SchemaEncoder {
  label: string
  /** Protobuf: the messages a record may hold; empty for the other formats. */
  messageNames: string[]
  encode(value: unknown): Uint8Array
}

/** The most compiled local files kept (each is at most 1 MB of text). */
const MAX_CACHED_FILES = 8

export class SchemaWriter {
  private readonly gsr = new Map<string, CompiledSchema>()
  private readonly files = new Map<string, CompiledSchema>()

  /** The connection's registry, shared with its reads (SchemaService.registry): one lookup per id. */
  constructor(readonly registry: GlueRegistry) {}

  /** The encoder for a schema; AppFailure when the version cannot be fetched or does not compile. */
  async encoder(ref: WriteSchemaRef): Promise<SchemaEncoder> {
    if (ref.kind === 'file') {
      const codec = this.compiled(this.files, MAX_CACHED_FILES, `${ref.format}\u0000${ref.messageName ?? ''}\u0000${ref.definition}`, () =>
        compileSchema(ref.format, ref.definition, { messageName: ref.messageName })
      )
      const label = `${schemaFormatLabels[ref.format]} · ${codec.typeName !== null ? `${codec.typeName} · ` : ''}${ref.fileName} (no header)`
      return { label, messageNames: codec.messageNames, encode: (value) => codec.encode(value, 'plain') }
    }
    const lookup = await this.registry.lookupAgain(ref.schemaVersionId.toLowerCase())
    if (!lookup.ok) throw lookup.failure
    const version = lookup.version
    const codec = this.compiled(this.gsr, Infinity, version.schemaVersionId, () => compileSchema(version.dataFormat, version.definition))
    const message = ref.messageName ?? null
    return {
      label: `${gsrLabel(version)}${message !== null ? ` · ${message}` : ''} · ${ref.compression === 'zlib' ? 'zlib' : 'uncompressed'}`,
      messageNames: codec.messageNames,
      encode: (value) => buildGsrFrame(version.schemaVersionId, codec.encode(value, 'gsr', message), ref.compression)
    }
  }

  /** producer.encode: the bytes for the JSON text, or the first thing that does not fit. */
  async encode(ref: WriteSchemaRef, json: string): Promise<SchemaEncoding> {
    const encoder = await this.encoder(ref)
    let value: unknown
    try {
      value = JSON.parse(json)
    } catch (err) {
      return { ok: false, label: encoder.label, messageNames: encoder.messageNames, problem: `Not JSON: ${err instanceof Error ? err.message : String(err)}` }
    }
    try {
      const bytes = encoder.encode(value)
      return { ok: true, label: encoder.label, messageNames: encoder.messageNames, size: bytes.byteLength, dataBase64: Buffer.from(bytes).toString('base64') }
    } catch (err) {
      if (err instanceof SchemaProblem) return { ok: false, label: encoder.label, messageNames: encoder.messageNames, problem: err.message }
      throw err
    }
  }

  /** A codec compiled once per key; the oldest is forgotten past `max` (a file's text is its key). */
  private compiled(cache: Map<string, CompiledSchema>, max: number, key: string, compile: () => CompiledSchema): CompiledSchema {
    const known = cache.get(key)
    if (known !== undefined) return known
    let codec: CompiledSchema
    try {
      codec = compile()
    } catch (err) {
      if (err instanceof SchemaProblem) throw new AppFailure('SCHEMA_INVALID', err.message, 'Pick another schema version, or fix the schema file.')
      throw err
    }
    const oldest = cache.keys().next()
    if (cache.size >= max && oldest.done !== true) cache.delete(oldest.value)
    cache.set(key, codec)
    return codec
  }
}

/** One writer per connection's registry: a new connection gets a new registry and a new writer. */
const writers = new WeakMap<GlueRegistry, SchemaWriter>()

export function schemaWriterFor(registry: GlueRegistry): SchemaWriter {
  let writer = writers.get(registry)
  if (writer === undefined) {
    writer = new SchemaWriter(registry)
    writers.set(registry, writer)
  }
  return writer
}

/**
 * Schemas that decode (and encode) record payloads: AWS Glue Schema Registry versions and local
 * schema files attached to a stream. Plain data only: everything here crosses IPC.
 */

/** Glue's DataFormat names, used for local files too. */
export type SchemaFormat = 'AVRO' | 'JSON' | 'PROTOBUF'

export const schemaFormatLabels: Record<SchemaFormat, string> = {
  AVRO: 'Avro',
  JSON: 'JSON Schema',
  PROTOBUF: 'Protobuf'
}

/** What GetSchemaVersion says about a schema version id. */
export interface GlueSchemaVersion {
  schemaVersionId: string
  registryName: string
  schemaName: string
  versionNumber: number
  dataFormat: SchemaFormat
  definition: string
  status: string | null
}

/** How a record found its schema. */
export type SchemaSource = 'gsr' | 'confluent' | 'local'

/** Shown with a record that a schema decoded (the 'schema' decode step). */
export interface RecordSchemaInfo {
  /** e.g. "GSR Avro · OrderPlaced v3 (registry orders)". */
  label: string
  source: SchemaSource
  format: SchemaFormat
  /** A JSON Schema record that decoded but does not satisfy its schema: the first violation. */
  violation: string | null
}

/**
 * Which records a local schema decodes: records with no header at all (a plain Avro datum or
 * Protobuf message, or JSON checked against a JSON Schema), or Confluent-framed records that
 * carry this schema id.
 */
export type SchemaAttachmentScope = { kind: 'plain' } | { kind: 'confluent'; schemaId: number }

/** A local schema file attached to a stream, as saved in the user-data folder. */
export interface LocalSchema {
  id: string
  stream: string
  /** The file's name as the user picked it, e.g. "order.avsc". */
  fileName: string
  format: SchemaFormat
  /** Protobuf: the message a plain record holds (full name, e.g. "shop.Order"). */
  messageName: string | null
  scope: SchemaAttachmentScope
  definition: string
  attachedAt: number
}

/** The most a schema file may hold; a bigger one is refused before it is read. */
export const MAX_SCHEMA_FILE_BYTES = 1024 * 1024

/** A local schema as lists show it: without its text, with what compiling it found. */
export interface LocalSchemaSummary extends Omit<LocalSchema, 'definition'> {
  size: number
  typeName: string | null
  /** Protobuf: every message of the file, for picking the one plain records hold. */
  messageNames: string[]
  /** How records decoded with it are labelled. */
  label: string
}

/** The format a schema file's name suggests, or null when it does not say. */
export function formatFromFileName(fileName: string): SchemaFormat | null {
  const lower = fileName.toLowerCase()
  if (lower.endsWith('.avsc')) return 'AVRO'
  if (lower.endsWith('.proto')) return 'PROTOBUF'
  if (lower.endsWith('.json')) return 'JSON'
  return null
}

/**
 * Writing records with a schema (the Send tab and bulk templates): which schema encodes the JSON
 * a user fills in, and what main says about it as they type. The codecs live in main
 * (main/core/schemas); the window sends the JSON and gets back the bytes, their size, or the
 * field that does not fit. Plain data only: everything here crosses IPC.
 */
import type { SchemaFormat } from './schemas'

/** How the GSR frame's payload is stored: byte 1 of the header, 0 (none) or 5 (zlib). */
export type GsrCompressionChoice = 'none' | 'zlib'

export type WriteSchemaRef =
  /** A Glue Schema Registry version: the record goes GSR-framed (header version 3, its UUID). */
  | { kind: 'gsr'; schemaVersionId: string; compression: GsrCompressionChoice; /** Protobuf: the message a record holds (default: the file's first). */ messageName?: string }
  /**
   * A local schema file (its text): the record is the bare Avro datum, Protobuf message or JSON
   * document, with no header, as the reader decodes records for a schema attached to a stream.
   */
  | { kind: 'file'; fileName: string; format: SchemaFormat; definition: string; messageName: string | null }

/** What main makes of the JSON for a schema: the bytes to send, or the first thing that does not fit. */
export type SchemaEncoding = (
  | { ok: true; dataBase64: string; size: number; label: string }
  | { ok: false; problem: string; label: string }
) & {
  /** Protobuf: the file's messages (GSR index order), one of which a record holds; empty otherwise. */
  messageNames: string[]
}

/** A registry, a schema and a schema version as the pickers list them (Glue's list calls). */
export interface RegistryEntry {
  registryName: string
  registryArn: string | null
  description: string | null
}

export interface SchemaEntry {
  registryName: string
  schemaName: string
  schemaArn: string | null
  description: string | null
}

export interface SchemaVersionEntry {
  schemaVersionId: string
  versionNumber: number
  status: string | null
  createdTime: string | null
}

export const gsrCompressionLabels: Record<GsrCompressionChoice, string> = {
  none: 'None (byte 1 = 0)',
  zlib: 'zlib (byte 1 = 5)'
}

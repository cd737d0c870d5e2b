/**
 * The schema step of the decoding pipeline (decode-record.ts), run after KPL de-aggregation:
 * - a GSR frame (version 3, compression 0 or 5, 18-byte header) is decoded with its registry
 *   schema; the decoded value becomes the record's JSON text;
 * - a Confluent frame (magic 0 + 4-byte id) is decoded when a local schema is attached for that id;
 * - a record with no header is decoded with the stream's plain local schema, only when the rest
 *   of the pipeline found nothing better (binary bytes, also those whose decoding failed, or JSON
 *   to check against a JSON Schema).
 * A record a schema should decode but cannot (unknown id, access denied, a payload that does not
 * fit) passes through unchanged, with the reason as its decodeError; the bytes stay as stored.
 */
import type { DecodedRecord, DecodeStep } from '../../../shared/domain'
import type { RecordSchemaInfo } from '../../../shared/schemas'
import type { ResolvedSchema, SchemaLookup } from '../schemas/schema-catalog'
import { gsrSchemaVersionId, parseConfluentFrame, parseGsrFrame } from '../schemas/gsr-frame'
import type { PayloadFraming } from '../schemas/schema-codecs'

export interface SchemaPayload {
  schema?: RecordSchemaInfo
}

interface Payload extends SchemaPayload {
  steps: DecodeStep[]
  kind: DecodedRecord['kind']
  text: string | null
  decodeError: string | null
}

export type SchemaAttempt =
  | { kind: 'decoded'; payload: Payload }
  /** Framed for a schema that did not decode it: the record passes through with this reason. */
  | { kind: 'failed'; reason: string }
  | { kind: 'none' }

/** The header's schema, before anything else looks at the bytes. Pushes its steps on success. */
export function decodeWithSchema(data: Uint8Array, steps: DecodeStep[], schemas: SchemaLookup): SchemaAttempt {
  const versionId = gsrSchemaVersionId(data)
  if (versionId !== null) {
    const schema = schemas.gsr(versionId)
    if (schema === undefined) return { kind: 'failed', reason: `GSR schema version ${versionId} has not been fetched yet.` }
    if (typeof schema === 'string') return { kind: 'failed', reason: schema }
    const frame = parseGsrFrame(data)
    if (!frame.ok) return { kind: 'failed', reason: `${schema.info.label}: ${frame.reason}` }
    return decoded(schema, frame.frame.payload, 'gsr', steps, frame.frame.compression === 'zlib' ? ['schema', 'zlib'] : ['schema'])
  }
  if (schemas.hasConfluent) {
    const frame = parseConfluentFrame(data)
    const schema = frame === null ? null : schemas.confluent(frame.schemaId)
    if (frame !== null && schema !== null) return decoded(schema, frame.payload, 'confluent', steps, ['schema'])
  }
  return { kind: 'none' }
}

function decoded(schema: ResolvedSchema, payload: Uint8Array, framing: PayloadFraming, steps: DecodeStep[], added: DecodeStep[]): SchemaAttempt {
  const result = schema.codec.decode(payload, framing)
  if (!result.ok) return { kind: 'failed', reason: `${schema.info.label}: ${result.reason}` }
  steps.push(...added)
  return {
    kind: 'decoded',
    payload: { steps, kind: 'json', text: result.json, decodeError: null, schema: { ...schema.info, violation: result.violation ?? null } }
  }
}

/** The stream's schema for records with no header, applied to what the rest of the pipeline made of them. */
export function plainSchemaStep<P extends Payload>(payload: P, data: Uint8Array, schemas: SchemaLookup): P {
  const plain = schemas.plain
  if (plain === null) return payload
  if (plain.info.format === 'JSON') {
    if (payload.kind !== 'json' || payload.text === null) return payload
    // A search leaves JSON unchecked (decode-record.ts): text that only starts like JSON stays
    // as it is, for confirmJson to make text of it, as a Read would.
    let value: unknown
    try {
      value = JSON.parse(payload.text)
    } catch {
      return payload
    }
    const violation = plain.codec.validate(value)
    return { ...payload, steps: [...payload.steps, 'schema'], schema: { ...plain.info, violation } }
  }
  // Binary that nothing else decoded: a plain Avro datum or Protobuf message, as stored. Its first
  // bytes may look like a zlib or gzip header that then fails to inflate (a Protobuf field 15
  // varint is 78 …), or like text with a bad byte: the schema is tried on those too, and the
  // pipeline's own reason stays when it does not fit either.
  if (payload.kind !== 'binary' || payload.steps.some((s) => s === 'gzip' || s === 'zlib')) return payload
  const result = plain.codec.decode(data, 'plain')
  if (!result.ok) return payload.decodeError !== null ? payload : { ...payload, decodeError: `${plain.info.label}: ${result.reason}` }
  return { ...payload, steps: [...payload.steps, 'schema'], kind: 'json', text: result.json, decodeError: null, schema: { ...plain.info, violation: null } }
}

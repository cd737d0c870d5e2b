/**
 * One interface over the three formats a schema can have (Glue's DataFormat: AVRO, JSON,
 * PROTOBUF): decode a payload to JSON text, check a JSON value against the schema (the first
 * field that fails, in a sentence), and encode a JSON value. Compile once per schema, then each
 * record costs one decode. The JSON representations are documented in each codec.
 */
import type { SchemaFormat } from '../../../shared/schemas'
import { compileAvro } from './avro-codec'
import { compileJsonSchema } from './json-schema-validator'
import { compileProtobuf, type ProtobufFraming } from './protobuf-codec'
import { SchemaProblem, type PayloadDecode } from './schema-problem'

export { SchemaProblem, type PayloadDecode }

/** How the schema reference sat in front of the payload: only Protobuf reads it differently. */
export type PayloadFraming = ProtobufFraming

export interface CompiledSchema {
  format: SchemaFormat
  /** What a record of it is called: the Avro record's full name, the Protobuf message, the JSON Schema's title. */
  typeName: string | null
  /** Protobuf: every message, in GSR index order; empty for the other formats. */
  messageNames: string[]
  decode(payload: Uint8Array, framing: PayloadFraming): PayloadDecode
  /** The first field that does not fit, or null. `messageName` picks a Protobuf message. */
  validate(value: unknown, messageName?: string | null): string | null
  /** Bytes for a value (with the GSR message index for Protobuf when framing is 'gsr'); throws SchemaProblem. */
  encode(value: unknown, framing: Exclude<PayloadFraming, 'confluent'>, messageName?: string | null): Uint8Array
}

export interface CompileOptions {
  /** Protobuf: the message a plain record (no GSR index) holds. */
  messageName?: string | null
}

/** Throws SchemaProblem with a sentence when the definition is not a usable schema of that format. */
export function compileSchema(format: SchemaFormat, definition: string, options: CompileOptions = {}): CompiledSchema {
  switch (format) {
    case 'AVRO': {
      const avro = compileAvro(definition)
      return {
        format,
        typeName: avro.typeName,
        messageNames: [],
        decode: (payload) => avro.decode(payload),
        validate: (value) => avro.validate(value),
        encode: (value) => avro.encode(value)
      }
    }
    case 'PROTOBUF': {
      const proto = compileProtobuf(definition, options.messageName ?? null)
      return {
        format,
        typeName: proto.typeName(options.messageName ?? null),
        messageNames: proto.messageNames,
        decode: (payload, framing) => proto.decode(payload, framing),
        validate: (value, messageName) => proto.validate(value, messageName ?? options.messageName ?? null),
        encode: (value, framing, messageName) => proto.encode(value, framing, messageName ?? options.messageName ?? null)
      }
    }
    case 'JSON':
      return compileJsonSchemaCodec(definition)
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

function compileJsonSchemaCodec(definition: string): CompiledSchema {
  let schema: unknown
  try {
    schema = JSON.parse(definition)
  } catch (err) {
    throw new SchemaProblem(`The JSON Schema is not valid JSON: ${err instanceof Error ? err.message : String(err)}`)
  }
  let check: (value: unknown) => string | null
  try {
    check = compileJsonSchema(schema)
  } catch (err) {
    throw new SchemaProblem(`The JSON Schema is not usable: ${err instanceof Error ? err.message : String(err)}`)
  }
  const title = typeof schema === 'object' && schema !== null && typeof (schema as { title?: unknown }).title === 'string' ? (schema as { title: string }).title : null
  return {
    format: 'JSON',
    typeName: title,
    messageNames: [],
    decode(payload) {
      let text: string
      let value: unknown
      try {
        text = strictUtf8.decode(payload)
        value = JSON.parse(text)
      } catch (err) {
        return { ok: false, reason: `the payload is not a JSON document: ${err instanceof Error ? err.message : String(err)}` }
      }
      // The document exactly as written (big numbers kept); the violation, if any, beside it.
      return { ok: true, json: text, violation: check(value) }
    },
    validate: (value) => check(value),
    encode(value) {
      const problem = check(value)
      if (problem !== null) throw new SchemaProblem(problem)
      return Buffer.from(JSON.stringify(value), 'utf8')
    }
  }
}

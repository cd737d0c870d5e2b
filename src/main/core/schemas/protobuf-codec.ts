/**
 * Protobuf messages ↔ JSON with protobufjs, from a schema's .proto text, compiled once.
 *
 * GSR puts a message index before the message (ProtobufWireFormatDecoder: one uint32 varint).
 * The index numbers every message of the .proto file — top-level and nested — sorted by full name
 * ("shop.Order" < "shop.Order.Line" < "shop.Refund"), as MessageIndexFinder assigns them.
 * Confluent's framing instead carries a path into the declaration tree (zigzag varints: a count,
 * then one index per level; a single 0 byte means the first message). A plain record is the
 * message alone, of the type the user names.
 *
 * JSON is the Protobuf JSON mapping: 64-bit integers as decimal strings (exact), bytes as base64,
 * enums by name, NaN/Infinity as strings; fields left at their default are not shown.
 */
import protobuf from 'protobufjs'
import { SchemaProblem, type PayloadDecode } from './schema-problem'

export type ProtobufFraming = 'gsr' | 'confluent' | 'plain'

export interface ProtobufCodec {
  /** Full names in GSR message-index order. */
  messageNames: string[]
  decode(payload: Uint8Array, framing: ProtobufFraming): PayloadDecode
  /** JSON → bytes (with the GSR index when framing is 'gsr'); SchemaProblem naming the first field that does not fit. */
  encode(value: unknown, framing: Exclude<ProtobufFraming, 'confluent'>, messageName?: string | null): Uint8Array
  validate(value: unknown, messageName?: string | null): string | null
  /** The message type a value or a plain record is read as: the named one, else the first by index. */
  typeName(messageName?: string | null): string
}

const toObjectOptions: protobuf.IConversionOptions = { longs: String, enums: String, bytes: String, json: true }

export function compileProtobuf(definition: string, defaultMessage: string | null = null): ProtobufCodec {
  let root: protobuf.Root
  let imports: string[]
  try {
    const parsed = protobuf.parse(definition, { keepCase: true })
    root = parsed.root
    imports = parsed.imports ?? []
  } catch (err) {
    throw new SchemaProblem(`The .proto does not parse: ${message(err)}`)
  }
  // The file's own messages, before any well-known import is added to the root.
  const ordered = allTypes(root).sort((a, b) => (fullName(a) < fullName(b) ? -1 : 1))
  if (ordered.length === 0) throw new SchemaProblem('The .proto defines no message.')
  for (const file of imports) {
    const common = protobuf.common.get(file)
    if (common === null || common === undefined) throw new SchemaProblem(`The .proto imports ${file}, which is not a well-known type; put the imported messages in the same file.`)
    root.addJSON(common.nested ?? {})
  }
  try {
    root.resolveAll()
  } catch (err) {
    throw new SchemaProblem(`The .proto does not resolve: ${message(err)}`)
  }
  const byName = new Map(ordered.map((t) => [fullName(t), t]))
  const pick = (name: string | null | undefined): protobuf.Type => {
    const wanted = name ?? defaultMessage
    if (wanted === null || wanted === undefined || wanted === '') return ordered[0] as protobuf.Type
    const found = byName.get(wanted) ?? ordered.find((t) => t.name === wanted)
    if (found === undefined) throw new SchemaProblem(`The .proto has no message ${wanted}; it has ${[...byName.keys()].join(', ')}.`)
    return found
  }
  if (defaultMessage !== null) pick(defaultMessage)
  const topLevel = declared(root)

  return {
    messageNames: [...byName.keys()],
    typeName: (name) => fullName(pick(name)),
    decode(payload, framing) {
      try {
        const reader = protobuf.Reader.create(payload)
        let type: protobuf.Type
        if (framing === 'gsr') {
          const index = reader.uint32()
          const found = ordered[index]
          if (found === undefined) return { ok: false, reason: `the message index ${index} is not in the schema (it has ${ordered.length} messages)` }
          type = found
        } else if (framing === 'confluent') {
          type = confluentType(reader, topLevel)
        } else {
          type = pick(null)
        }
        const decoded = type.decode(reader)
        return { ok: true, json: JSON.stringify({ ...type.toObject(decoded, toObjectOptions) }) }
      } catch (err) {
        return { ok: false, reason: `the payload does not fit the Protobuf schema: ${message(err)}` }
      }
    },
    validate(value, name) {
      try {
        return problemOf(pick(name), value)
      } catch (err) {
        return message(err)
      }
    },
    encode(value, framing, name) {
      const type = pick(name)
      const problem = problemOf(type, value)
      if (problem !== null) throw new SchemaProblem(problem)
      const writer = protobuf.Writer.create()
      if (framing === 'gsr') writer.uint32(ordered.indexOf(type))
      const body = type.encode(type.fromObject(value as Record<string, unknown>)).finish()
      return concat(writer.finish(), body)
    }
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

function fullName(t: protobuf.ReflectionObject): string {
  return t.fullName.replace(/^\./, '')
}

/** Every message type in the namespace tree (nested ones too); map-entry and group types included as protobufjs declares them. */
function allTypes(ns: protobuf.NamespaceBase): protobuf.Type[] {
  const out: protobuf.Type[] = []
  for (const child of ns.nestedArray) {
    if (child instanceof protobuf.Type) out.push(child)
    if (child instanceof protobuf.Namespace || child instanceof protobuf.Type) out.push(...allTypes(child))
  }
  return out
}

/** The file's top-level messages in declaration order (inside its package namespace). */
function declared(root: protobuf.Root): protobuf.Type[] {
  let ns: protobuf.NamespaceBase = root
  for (;;) {
    const types = ns.nestedArray.filter((c): c is protobuf.Type => c instanceof protobuf.Type)
    const namespaces = ns.nestedArray.filter((c) => c instanceof protobuf.Namespace && !(c instanceof protobuf.Type))
    if (types.length > 0 || namespaces.length !== 1) return types
    ns = namespaces[0] as protobuf.Namespace
  }
}

function confluentType(reader: protobuf.Reader, topLevel: protobuf.Type[]): protobuf.Type {
  const count = reader.sint32()
  const path = count === 0 ? [0] : Array.from({ length: count }, () => reader.sint32())
  let candidates = topLevel
  let type: protobuf.Type | undefined
  for (const i of path) {
    type = candidates[i]
    if (type === undefined) throw new Error(`the Confluent message index path [${path.join(', ')}] is not in the schema`)
    candidates = type.nestedArray.filter((c): c is protobuf.Type => c instanceof protobuf.Type)
  }
  return type as protobuf.Type
}

/**
 * The first field that does not fit, in the JSON mapping's terms. fromObject alone would not
 * say: it drops unknown fields and coerces wrong types (a string into an int32 becomes 0).
 */
function problemOf(type: protobuf.Type, value: unknown, path = ''): string | null {
  if (!isPlainObject(value)) return `${path || '/'}: must be an object (message ${fullName(type)})`
  for (const [key, item] of Object.entries(value)) {
    const field = type.fields[key] ?? Object.values(type.fields).find((f) => f.name === key)
    const at = `${path}/${key}`
    if (field === undefined) return `${at}: ${fullName(type)} has no field "${key}"`
    if (item === null) continue
    field.resolve()
    if (field.map) {
      if (!isPlainObject(item)) return `${at}: must be an object (a map)`
      for (const [k, v] of Object.entries(item)) {
        const problem = valueProblem(field, v, `${at}/${k}`)
        if (problem !== null) return problem
      }
    } else if (field.repeated) {
      if (!Array.isArray(item)) return `${at}: must be an array (a repeated field)`
      for (const [i, v] of item.entries()) {
        const problem = valueProblem(field, v, `${at}/${i}`)
        if (problem !== null) return problem
      }
    } else {
      const problem = valueProblem(field, item, at)
      if (problem !== null) return problem
    }
  }
  return null
}

const INT32 = new Set(['int32', 'uint32', 'sint32', 'fixed32', 'sfixed32'])
const INT64 = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64'])

function valueProblem(field: protobuf.Field, v: unknown, at: string): string | null {
  const resolved = field.resolvedType
  if (resolved instanceof protobuf.Type) return problemOf(resolved, v, at)
  if (resolved instanceof protobuf.Enum) {
    const ok = typeof v === 'string' ? Object.hasOwn(resolved.values, v) : typeof v === 'number' && Object.values(resolved.values).includes(v)
    return ok ? null : `${at}: must be one of ${Object.keys(resolved.values).join(', ')}, got ${JSON.stringify(v)}`
  }
  const t = field.type
  const ok =
    INT32.has(t) ? Number.isInteger(v) && (!t.startsWith('u') && !t.startsWith('fixed') ? true : (v as number) >= 0)
    : INT64.has(t) ? Number.isInteger(v) || (typeof v === 'string' && /^-?\d+$/.test(v))
    : t === 'float' || t === 'double' ? typeof v === 'number' || v === 'NaN' || v === 'Infinity' || v === '-Infinity'
    : t === 'bool' ? typeof v === 'boolean'
    : t === 'string' ? typeof v === 'string'
    : t === 'bytes' ? typeof v === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(v)
    : true
  if (ok) return null
  const expected = INT64.has(t) ? `${t} (an integer, or a string of digits)` : t === 'bytes' ? 'bytes (a base64 string)' : t
  return `${at}: must be ${expected}, got ${JSON.stringify(v)}`
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength)
  out.set(a, 0)
  out.set(b, a.byteLength)
  return out
}

/**
 * Avro datums ↔ JSON with avsc, compiled once per schema.
 *
 * The JSON shown for a datum (and accepted for encoding) is Avro's own JSON encoding except
 * where that loses or hides information:
 * - long: a JSON number with every digit, also beyond 2^53 (decoded as bigint, never rounded);
 * - union: `null`, or an object naming the branch: `{"string": "x"}`, `{"shop.Address": {…}}`
 *   (the Avro JSON encoding: which branch was written is part of the value);
 * - bytes and fixed: a base64 string;
 * - enum: its symbol; float/double NaN and ±Infinity: the strings "NaN", "Infinity", "-Infinity";
 * - logical types: their underlying value (timestamp-millis as the long it is).
 */
import avro from 'avsc'
import { exactJson } from './exact-json'
import { SchemaProblem, type PayloadDecode } from './schema-problem'

/** Longs as bigint: avsc's default long refuses values beyond 2^53. */
const exactLong = avro.types.LongType.__with({
  fromBuffer: (buf: Buffer) => buf.readBigInt64LE(),
  toBuffer: (n: bigint) => {
    const buf = Buffer.alloc(8)
    buf.writeBigInt64LE(n)
    return buf
  },
  fromJSON: (n: number | string) => BigInt(n),
  toJSON: (n: bigint) => Number(n),
  isValid: (n: unknown) => typeof n === 'bigint' && n >= -(2n ** 63n) && n < 2n ** 63n,
  compare: (a: bigint, b: bigint) => (a === b ? 0 : a < b ? -1 : 1)
})

export interface AvroCodec {
  /** The record's full name (or the type's name for a non-record schema). */
  typeName: string
  decode(payload: Uint8Array): PayloadDecode
  /** JSON value (the representation above) → datum bytes; SchemaProblem naming the first field that does not fit. */
  encode(value: unknown): Buffer
  /** The first field that does not fit, or null. */
  validate(value: unknown): string | null
}

export function compileAvro(definition: string): AvroCodec {
  let schema: unknown
  try {
    schema = JSON.parse(definition)
  } catch (err) {
    throw new SchemaProblem(`The Avro schema is not valid JSON: ${message(err)}`)
  }
  let type: avro.Type
  try {
    type = avro.Type.forSchema(schema as avro.Schema, { wrapUnions: true, registry: { long: exactLong }, typeHook: boundedBlocks })
  } catch (err) {
    throw new SchemaProblem(`The Avro schema does not compile: ${message(err)}`)
  }
  const validate = (value: unknown): string | null => firstInvalid(type, toAvsc(type, value))
  return {
    typeName: type.name ?? type.typeName,
    decode(payload) {
      try {
        const buf = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength)
        return { ok: true, json: exactJson(type.fromBuffer(buf)) }
      } catch (err) {
        return { ok: false, reason: `the payload does not fit the Avro schema ${type.name ?? ''}: ${message(err)}`.replace('  ', ' ') }
      }
    },
    validate,
    encode(value) {
      const datum = toAvsc(type, value)
      const problem = firstInvalid(type, datum)
      if (problem !== null) throw new SchemaProblem(problem)
      return type.toBuffer(datum)
    }
  }
}

/** avsc's reading position in a buffer (lib/utils.js Tap). */
interface Tap {
  buf: Buffer
  pos: number
  readLong(): number
  skipLong(): void
  readString(): string
}
type Reads = { _read(tap: Tap): unknown }

/** Items of a type that takes no bytes (null, a record of such fields) a block may count. */
const MAX_EMPTY_ITEMS = 1_000_000

/*
 * avsc reads an array's or a map's block count and then that many items, past the end of the
 * payload if need be: a few bytes of a binary record that is not Avro at all (a plain schema
 * attached to a stream reads every binary record nothing else decoded) can count 2^32 items and
 * hold main's event loop, then exhaust its memory. The schema's arrays and maps are these types
 * instead (avsc's own loops, ArrayType and MapType `_read`, with a check): a block that counts
 * more items than bytes are left fails the datum, since each item takes a byte or more.
 */
class BoundedArrayType extends avro.types.ArrayType {
  _read(tap: Tap): unknown[] {
    const items = this.itemsType as unknown as Reads
    const empty = takesNoBytes(this.itemsType)
    const out: unknown[] = []
    for (let n = blockCount(tap, empty); n > 0; n = blockCount(tap, empty)) for (let i = 0; i < n; i++) out.push(items._read(tap))
    return out
  }
}

class BoundedMapType extends avro.types.MapType {
  _read(tap: Tap): Record<string, unknown> {
    const values = this.valuesType as unknown as Reads
    const out: Record<string, unknown> = {}
    for (let n = blockCount(tap, false); n > 0; n = blockCount(tap, false)) for (let i = 0; i < n; i++) out[tap.readString()] = values._read(tap)
    return out
  }
}

/** forSchema's typeHook: arrays and maps as the bounded types above (their items go through the hook too). */
function boundedBlocks(schema: avro.Schema, opts: avro.ForSchemaOptions): avro.Type | undefined {
  const type = (schema as { type?: unknown }).type
  if (type === 'array') return new BoundedArrayType(schema, opts)
  if (type === 'map') return new BoundedMapType(schema, opts)
  return undefined
}

/** A block's item count (a negative count is followed by the block's size in bytes, skipped as avsc does). */
function blockCount(tap: Tap, emptyItems: boolean): number {
  let n = tap.readLong()
  if (n < 0) {
    n = -n
    tap.skipLong()
  }
  const left = Math.max(0, tap.buf.length - tap.pos)
  if (n > (emptyItems ? MAX_EMPTY_ITEMS : left)) throw new Error(`an array or map block counts ${n} items, but ${left} bytes are left`)
  return n
}

function takesNoBytes(type: avro.Type, depth = 0): boolean {
  if (depth > 32) return false
  if (type.typeName === 'null') return true
  if (type instanceof avro.types.FixedType) return type.size === 0
  if (type instanceof avro.types.RecordType) return type.fields.every((f) => takesNoBytes(f.type, depth + 1))
  return false
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

function firstInvalid(type: avro.Type, datum: unknown): string | null {
  let first: string | null = null
  type.isValid(datum, {
    noUndeclaredFields: true,
    errorHook: (path, val, t) => {
      first ??= `${path.length === 0 ? 'the value' : `/${path.join('/')}`}: expected ${describe(t)}, got ${shown(val)}`
    }
  })
  return first
}

function describe(type: avro.Type): string {
  if (type.typeName === 'enum') return `one of ${(type as avro.types.EnumType).symbols.join(', ')}`
  if (type.typeName === 'union:wrapped') {
    const names = (type as avro.types.WrappedUnionType).types.map((t) => t.branchName ?? t.typeName)
    return `null or an object with one of ${names.filter((n) => n !== 'null').join(', ')}`
  }
  return type.name ?? type.typeName.replace(/^abstract:/, '')
}

function shown(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value instanceof Uint8Array) return `${value.byteLength} bytes`
  const text = exactJson(value)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

/** JSON in the representation above → the value avsc writes; what does not convert is left for isValid to name. */
function toAvsc(type: avro.Type, value: unknown): unknown {
  switch (type.typeName) {
    case 'abstract:long': // exactLong
    case 'long':
      if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value)
      if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value)
      return value
    case 'float':
    case 'double':
      if (value === 'NaN') return NaN
      if (value === 'Infinity') return Infinity
      if (value === '-Infinity') return -Infinity
      return value
    case 'bytes':
    case 'fixed':
      return typeof value === 'string' ? Buffer.from(value, 'base64') : value
    case 'array':
      return Array.isArray(value) ? value.map((item) => toAvsc((type as avro.types.ArrayType).itemsType, item)) : value
    case 'map':
      return isObject(value)
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toAvsc((type as avro.types.MapType).valuesType as avro.Type, v)]))
        : value
    case 'record':
    case 'error': {
      if (!isObject(value)) return value
      const out: Record<string, unknown> = { ...value }
      for (const field of (type as avro.types.RecordType).fields) {
        const given = value[field.name]
        out[field.name] = given === undefined ? field.defaultValue() : toAvsc(field.type, given)
      }
      return out
    }
    case 'union:wrapped': {
      if (!isObject(value)) return value
      const keys = Object.keys(value)
      const branch = (type as avro.types.WrappedUnionType).types.find((t) => t.branchName === keys[0])
      return keys.length === 1 && branch !== undefined ? { [keys[0] as string]: toAvsc(branch, value[keys[0] as string]) } : value
    }
    default:
      return value
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
}

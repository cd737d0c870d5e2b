/**
 * KPL aggregated records (the format the Kinesis Producer Library and the kinesis-aggregation
 * libraries write, and the KCL reads):
 *
 *   F3 89 9A C2 | protobuf AggregatedRecord | MD5(protobuf bytes), 16 bytes
 *
 * The messages are the KPL's own (aws/kinesis/protobuf/messages.proto in
 * awslabs/amazon-kinesis-producer), encoded and decoded by protobufjs. What this module adds is
 * the framing and the strictness a malformed aggregate deserves: decoding never throws, it
 * returns a reason that names the record and the byte a user would find in a hex dump.
 */
import { createHash } from 'node:crypto'
import protobuf from 'protobufjs'

export const KPL_MAGIC: readonly number[] = [0xf3, 0x89, 0x9a, 0xc2]
const MAGIC_LENGTH = 4
const MD5_LENGTH = 16

/**
 * messages.proto's AggregatedRecord, Record and Tag, verbatim. `AggregatedRecordView` is the
 * same message on the wire with each record left as bytes: records are then decoded one by one,
 * so a fault (a missing required field, a record overrunning its length) names its record.
 */
const KPL_PROTO = `
syntax = "proto2";
package kpl;
message Tag {
  required string key   = 1;
  optional string value = 2;
}
message Record {
  required uint64 partition_key_index     = 1;
  optional uint64 explicit_hash_key_index = 2;
  required bytes  data                    = 3;
  repeated Tag    tags                    = 4;
}
message AggregatedRecord {
  repeated string partition_key_table     = 1;
  repeated string explicit_hash_key_table = 2;
  repeated Record records                 = 3;
}
message AggregatedRecordView {
  repeated string partition_key_table     = 1;
  repeated string explicit_hash_key_table = 2;
  repeated bytes  records                 = 3;
}
`
const root = protobuf.parse(KPL_PROTO, { keepCase: true }).root
const AggregatedRecord = root.lookupType('kpl.AggregatedRecord')
const AggregatedRecordView = root.lookupType('kpl.AggregatedRecordView')
const RecordType = root.lookupType('kpl.Record')
const TagType = root.lookupType('kpl.Tag')

type Uint64 = number | { toNumber(): number }

interface RecordMessage {
  partition_key_index: Uint64
  explicit_hash_key_index?: Uint64
  data: Uint8Array
  tags?: { $unknowns?: Uint8Array[] }[]
  $unknowns?: Uint8Array[]
}

interface ViewMessage {
  partition_key_table: string[]
  explicit_hash_key_table: string[]
  records: Uint8Array[]
  $unknowns?: Uint8Array[]
}

export interface KplUserRecord {
  partitionKey: string
  explicitHashKey: string | null
  /** A view into the aggregate's bytes, not a copy. */
  data: Uint8Array
}

export type DeaggregateResult =
  | { ok: true; records: KplUserRecord[] }
  | { ok: false; reason: string }

export interface AggregateInput {
  partitionKey: string
  explicitHashKey?: string | null | undefined
  data: Uint8Array
}

/** True when the bytes start with the KPL magic and are long enough to hold the MD5. */
export function isAggregated(bytes: Uint8Array): boolean {
  return bytes.length >= MAGIC_LENGTH + MD5_LENGTH && hasMagic(bytes)
}

export function hasMagic(bytes: Uint8Array): boolean {
  return bytes.length >= MAGIC_LENGTH && bytes[0] === 0xf3 && bytes[1] === 0x89 && bytes[2] === 0x9a && bytes[3] === 0xc2
}

function md5(bytes: Uint8Array): Uint8Array {
  return createHash('md5').update(bytes).digest()
}

// ---------------------------------------------------------------------------------------------
// Reading

/** Thrown only inside this module, turned into `{ ok: false }` by deaggregate. */
class MalformedAggregate extends Error {}

/** Where `part` (a view into `whole`) starts, in `whole`'s coordinates. */
const offsetIn = (whole: Uint8Array, part: Uint8Array): number => part.byteOffset - whole.byteOffset

function varintSize(value: number): number {
  let size = 1
  for (; value >= 128; value = Math.floor(value / 128)) size++
  return size
}

interface StrictReader extends protobuf.Reader {
  /** Where the reader's buffer starts in the record, for reasons. */
  base: number
}

/**
 * protobufjs skips groups (wire types 3 and 4) as unknown fields; the KPL never writes one, so
 * they make the aggregate malformed, as does a wire type protobuf does not define.
 */
function skipTypeRejectingGroups(this: StrictReader, wireType: number, depth?: number, fieldNumber?: number): protobuf.Reader {
  if (wireType === 3 || wireType === 4 || wireType > 5) {
    const field = fieldNumber ?? 0
    const at = this.base + this.pos - varintSize(field * 8 + wireType)
    throw new MalformedAggregate(`unsupported protobuf wire type ${wireType} for field ${field} at byte ${at}`)
  }
  return protobuf.Reader.prototype.skipType.call(this, wireType, depth, fieldNumber)
}

/**
 * A protobufjs reader over `message`, which starts at `base` in the record. It keeps the fields
 * the message's type does not know (protobufjs puts them in `$unknowns`), so a known field sent
 * with the wrong wire type is caught, and it refuses groups.
 */
function strictReader(message: Uint8Array, base: number): StrictReader {
  const reader = protobuf.Reader.create(message) as StrictReader
  reader.discardUnknown = false
  reader.base = base
  reader.skipType = skipTypeRejectingGroups
  return reader
}

/** A field as reasons name it: of the aggregate (`record` -1) or of its user record `record`. */
function fieldName(record: number, field: string): string {
  if (record >= 0) return field === '' ? `record ${record}` : `record ${record} ${field}`
  return field === 'records' ? 'record' : `${field} entry`
}

/**
 * Runs a protobufjs decode of `message` (a view into `aggregate`; user record `record`, or -1 for
 * the aggregate itself), with reasons for its errors, and the wire-type check of what it kept.
 */
function decodeStrict<T extends { $unknowns?: Uint8Array[] }>(type: protobuf.Type, message: Uint8Array, aggregate: Uint8Array, record: number): T {
  const base = offsetIn(aggregate, message)
  const reader = strictReader(message, base)
  try {
    const decoded = type.decode(reader) as unknown as T
    checkWireTypes(type, decoded.$unknowns, aggregate, record)
    return decoded
  } catch (err) {
    if (err instanceof MalformedAggregate) throw err
    if (err instanceof RangeError) throw new MalformedAggregate(`protobuf truncated at byte ${base + message.length}`)
    if (err instanceof protobuf.util.ProtocolError) {
      // A required field sent with the wrong wire type is missing: name the wire type instead.
      const instance = (err as { instance?: { $unknowns?: Uint8Array[] } }).instance
      const inTag = instance instanceof TagType.ctor
      checkWireTypes(inTag ? TagType : type, instance?.$unknowns, aggregate, record)
      const missing = /missing required '(\w+)'/.exec(err.message)?.[1] ?? 'a required field'
      throw new MalformedAggregate(`${fieldName(record, inTag ? 'tag' : '')} has no ${missing}`)
    }
    throw new MalformedAggregate(`malformed protobuf at byte ${base + reader.pos}: ${(err as Error).message}`)
  }
}

/**
 * A known field that arrived with another wire type is kept by protobufjs as an unknown field;
 * the KPL never writes one, so it makes the aggregate malformed. Unknown field numbers are
 * skipped, as protobuf readers do, for forward compatibility.
 */
function checkWireTypes(type: protobuf.Type, unknowns: Uint8Array[] | undefined, aggregate: Uint8Array, record: number): void {
  const prefix = type === TagType ? 'tag ' : ''
  for (const raw of unknowns ?? []) {
    const key = protobuf.Reader.create(raw).uint32()
    const field = type.fieldsById[key >>> 3]
    if (field === undefined) continue
    const expected = (protobuf.types.basic as Record<string, number | undefined>)[field.type] ?? 2
    throw new MalformedAggregate(
      `${fieldName(record, prefix + field.name)} has wire type ${key & 7}, expected ${expected} (byte ${offsetIn(aggregate, raw)})`
    )
  }
}

const toNumber = (value: Uint64): number => (typeof value === 'number' ? value : value.toNumber())
const hasOwn = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key)
/** How a reason names a field of user record `i`. */

/**
 * Splits an aggregate into its user records. The returned `data` arrays are views into
 * `bytes` (no copies): they stay valid as long as the caller does not mutate `bytes`.
 */
export function deaggregate(bytes: Uint8Array): DeaggregateResult {
  if (!isAggregated(bytes)) {
    return bytes.length < MAGIC_LENGTH + MD5_LENGTH && hasMagic(bytes)
      ? { ok: false, reason: `too short for a KPL aggregate (${bytes.length} bytes)` }
      : { ok: false, reason: 'no KPL magic bytes (F3 89 9A C2)' }
  }
  const end = bytes.length - MD5_LENGTH
  const message = bytes.subarray(MAGIC_LENGTH, end)
  const expected = bytes.subarray(end)
  const actual = md5(message)
  for (let i = 0; i < MD5_LENGTH; i++) {
    if (actual[i] !== expected[i]) return { ok: false, reason: 'MD5 checksum does not match' }
  }

  try {
    const view = decodeStrict<ViewMessage>(AggregatedRecordView, message, bytes, -1)
    if (view.records.length === 0) return { ok: false, reason: 'aggregate contains no user records' }

    const partitionKeys = view.partition_key_table
    const explicitHashKeys = view.explicit_hash_key_table
    const records = new Array<KplUserRecord>(view.records.length)
    for (let i = 0; i < view.records.length; i++) {
      const recordBytes = view.records[i] as Uint8Array
      const r = decodeStrict<RecordMessage>(RecordType, recordBytes, bytes, i)
      for (const tag of r.tags ?? []) checkWireTypes(TagType, tag.$unknowns, bytes, i)
      // Tables may follow records on the wire, so indexes are resolved once everything is read.
      const pkIndex = toNumber(r.partition_key_index)
      const partitionKey = partitionKeys[pkIndex]
      if (partitionKey === undefined) {
        return { ok: false, reason: `record ${i}: partition key index ${pkIndex} out of range (table has ${partitionKeys.length})` }
      }
      let explicitHashKey: string | null = null
      // The message's prototype carries a default for every field: only an own property was sent.
      if (hasOwn(r, 'explicit_hash_key_index') && r.explicit_hash_key_index !== undefined) {
        const ehkIndex = toNumber(r.explicit_hash_key_index)
        const ehk = explicitHashKeys[ehkIndex]
        if (ehk === undefined) {
          return { ok: false, reason: `record ${i}: explicit hash key index ${ehkIndex} out of range (table has ${explicitHashKeys.length})` }
        }
        explicitHashKey = ehk
      }
      records[i] = { partitionKey, explicitHashKey, data: r.data }
    }
    return { ok: true, records }
  } catch (err) {
    if (err instanceof MalformedAggregate) return { ok: false, reason: err.message }
    throw err
  }
}

// ---------------------------------------------------------------------------------------------
// Writing

/**
 * Builds a KPL aggregate from user records. Partition keys and explicit hash keys are
 * de-duplicated into the tables, like the KPL does; protobufjs writes fields in field-number
 * order (tables, then records), as every protobuf serializer does.
 * Throws RangeError for an empty list: an aggregate with no user records is not valid.
 */
export function aggregate(records: readonly AggregateInput[]): Uint8Array {
  if (records.length === 0) throw new RangeError('cannot aggregate zero records')

  const pkIndex = new Map<string, number>()
  const ehkIndex = new Map<string, number>()
  const indexOf = (table: Map<string, number>, key: string): number => {
    let index = table.get(key)
    if (index === undefined) {
      index = table.size
      table.set(key, index)
    }
    return index
  }
  const entries = records.map((record) => {
    const entry: { partition_key_index: number; explicit_hash_key_index?: number; data: Uint8Array } = {
      partition_key_index: indexOf(pkIndex, record.partitionKey),
      data: record.data
    }
    const ehk = record.explicitHashKey
    if (ehk !== undefined && ehk !== null) entry.explicit_hash_key_index = indexOf(ehkIndex, ehk)
    return entry
  })
  const message = AggregatedRecord.encode({
    partition_key_table: [...pkIndex.keys()],
    explicit_hash_key_table: [...ehkIndex.keys()],
    records: entries
  }).finish()

  const out = new Uint8Array(MAGIC_LENGTH + message.length + MD5_LENGTH)
  out.set(KPL_MAGIC, 0)
  out.set(message, MAGIC_LENGTH)
  out.set(md5(message), MAGIC_LENGTH + message.length)
  return out
}

/**
 * KPL aggregated records (the format the Kinesis Producer Library and the kinesis-aggregation
 * libraries write, and the KCL reads):
 *
 *   F3 89 9A C2 | protobuf AggregatedRecord | MD5(protobuf bytes), 16 bytes
 *
 *   message AggregatedRecord {
 *     repeated string partition_key_table     = 1;
 *     repeated string explicit_hash_key_table = 2;
 *     repeated Record records                 = 3;
 *   }
 *   message Record {
 *     required uint64 partition_key_index     = 1;
 *     optional uint64 explicit_hash_key_index = 2;
 *     required bytes  data                    = 3;
 *     repeated Tag    tags                    = 4;
 *   }
 *   message Tag { required string key = 1; optional string value = 2; }
 *
 * The protobuf reader and writer are hand-written: the format only needs varints and
 * length-delimited fields, and a generic protobuf library would cost more than it saves.
 * Decoding never throws on malformed input; it returns a specific reason instead.
 */
import { createHash } from 'node:crypto'

export const KPL_MAGIC: readonly number[] = [0xf3, 0x89, 0x9a, 0xc2]
const MAGIC_LENGTH = 4
const MD5_LENGTH = 16

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
  return (
    bytes.length >= MAGIC_LENGTH + MD5_LENGTH &&
    bytes[0] === 0xf3 &&
    bytes[1] === 0x89 &&
    bytes[2] === 0x9a &&
    bytes[3] === 0xc2
  )
}

function md5(bytes: Uint8Array): Uint8Array {
  return createHash('md5').update(bytes).digest()
}

// ---------------------------------------------------------------------------------------------
// Reading

/** Thrown only inside this module, turned into `{ ok: false }` by deaggregate. */
class MalformedAggregate extends Error {}

const WIRE_VARINT = 0
const WIRE_FIXED64 = 1
const WIRE_LENGTH_DELIMITED = 2
const WIRE_FIXED32 = 5

const utf8 = new TextDecoder('utf-8')

/**
 * A cursor over a protobuf message. `base` is the message's offset in the whole record, so
 * reasons name the byte a user would find in a hex dump of the record.
 */
class Reader {
  pos: number
  constructor(
    readonly buf: Uint8Array,
    readonly base: number,
    start: number,
    readonly end: number
  ) {
    this.pos = start
  }

  done(): boolean {
    return this.pos >= this.end
  }

  private truncated(at: number): never {
    throw new MalformedAggregate(`protobuf truncated at byte ${this.base + at}`)
  }

  /**
   * A uint64 varint as a number. Values above 2^53 lose precision, which is harmless here:
   * indexes that large are out of range anyway and lengths that large are truncated.
   */
  varint(): number {
    let result = 0
    let multiplier = 1
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) this.truncated(this.pos)
      const byte = this.buf[this.pos++] as number
      result += (byte & 0x7f) * multiplier
      if (byte < 0x80) return result
      multiplier *= 128
    }
    throw new MalformedAggregate(`varint longer than 10 bytes at byte ${this.base + this.pos - 10}`)
  }

  /** The bounds of a length-delimited field's payload; advances past it. */
  lengthDelimited(): { start: number; end: number } {
    const length = this.varint()
    const start = this.pos
    if (length > this.end - start) this.truncated(this.end)
    this.pos = start + length
    return { start, end: this.pos }
  }

  /** Skips an unknown field's value; `at` is where its key started, for the error message. */
  skip(wireType: number, fieldNumber: number, at: number): void {
    switch (wireType) {
      case WIRE_VARINT:
        this.varint()
        return
      case WIRE_FIXED64:
        this.skipBytes(8)
        return
      case WIRE_LENGTH_DELIMITED:
        this.lengthDelimited()
        return
      case WIRE_FIXED32:
        this.skipBytes(4)
        return
      default:
        throw new MalformedAggregate(
          `unsupported protobuf wire type ${wireType} for field ${fieldNumber} at byte ${at}`
        )
    }
  }

  private skipBytes(n: number): void {
    if (n > this.end - this.pos) this.truncated(this.end)
    this.pos += n
  }

  string(): string {
    const { start, end } = this.lengthDelimited()
    return utf8.decode(this.buf.subarray(start, end))
  }
}

interface RawUserRecord {
  partitionKeyIndex: number
  explicitHashKeyIndex: number | null
  data: Uint8Array
}

function expectWireType(actual: number, expected: number, field: string, at: number): void {
  if (actual !== expected) {
    throw new MalformedAggregate(`${field} has wire type ${actual}, expected ${expected} (byte ${at})`)
  }
}

function readTag(reader: Reader, start: number, end: number): void {
  const tag = new Reader(reader.buf, reader.base, start, end)
  let hasKey = false
  while (!tag.done()) {
    const at = reader.base + tag.pos
    const key = tag.varint()
    const field = Math.floor(key / 8)
    const wire = key % 8
    if (field === 1 || field === 2) {
      expectWireType(wire, WIRE_LENGTH_DELIMITED, field === 1 ? 'tag key' : 'tag value', at)
      tag.lengthDelimited()
      if (field === 1) hasKey = true
    } else {
      tag.skip(wire, field, at)
    }
  }
  if (!hasKey) throw new MalformedAggregate(`tag at byte ${reader.base + start} has no key`)
}

function readRecord(reader: Reader, index: number, start: number, end: number): RawUserRecord {
  const r = new Reader(reader.buf, reader.base, start, end)
  let partitionKeyIndex: number | null = null
  let explicitHashKeyIndex: number | null = null
  let data: Uint8Array | null = null
  while (!r.done()) {
    const at = reader.base + r.pos
    const key = r.varint()
    const field = Math.floor(key / 8)
    const wire = key % 8
    switch (field) {
      case 1:
        expectWireType(wire, WIRE_VARINT, `record ${index} partition_key_index`, at)
        partitionKeyIndex = r.varint()
        break
      case 2:
        expectWireType(wire, WIRE_VARINT, `record ${index} explicit_hash_key_index`, at)
        explicitHashKeyIndex = r.varint()
        break
      case 3: {
        expectWireType(wire, WIRE_LENGTH_DELIMITED, `record ${index} data`, at)
        const span = r.lengthDelimited()
        data = r.buf.subarray(span.start, span.end)
        break
      }
      case 4: {
        expectWireType(wire, WIRE_LENGTH_DELIMITED, `record ${index} tag`, at)
        const span = r.lengthDelimited()
        readTag(r, span.start, span.end)
        break
      }
      default:
        r.skip(wire, field, at)
    }
  }
  if (partitionKeyIndex === null) {
    throw new MalformedAggregate(`record ${index} has no partition_key_index`)
  }
  if (data === null) throw new MalformedAggregate(`record ${index} has no data`)
  return { partitionKeyIndex, explicitHashKeyIndex, data }
}

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
    const partitionKeys: string[] = []
    const explicitHashKeys: string[] = []
    const raw: RawUserRecord[] = []
    const reader = new Reader(bytes, 0, MAGIC_LENGTH, end)
    while (!reader.done()) {
      const at = reader.pos
      const key = reader.varint()
      const field = Math.floor(key / 8)
      const wire = key % 8
      switch (field) {
        case 1:
          expectWireType(wire, WIRE_LENGTH_DELIMITED, 'partition_key_table entry', at)
          partitionKeys.push(reader.string())
          break
        case 2:
          expectWireType(wire, WIRE_LENGTH_DELIMITED, 'explicit_hash_key_table entry', at)
          explicitHashKeys.push(reader.string())
          break
        case 3: {
          expectWireType(wire, WIRE_LENGTH_DELIMITED, 'record', at)
          const span = reader.lengthDelimited()
          raw.push(readRecord(reader, raw.length, span.start, span.end))
          break
        }
        default:
          // Unknown fields are skipped, as protobuf readers do, for forward compatibility.
          reader.skip(wire, field, at)
      }
    }
    if (raw.length === 0) return { ok: false, reason: 'aggregate contains no user records' }

    // Tables may follow records on the wire, so indexes are resolved once everything is read.
    const records: KplUserRecord[] = new Array<KplUserRecord>(raw.length)
    for (let i = 0; i < raw.length; i++) {
      const r = raw[i] as RawUserRecord
      const partitionKey = partitionKeys[r.partitionKeyIndex]
      if (partitionKey === undefined) {
        return {
          ok: false,
          reason: `record ${i}: partition key index ${r.partitionKeyIndex} out of range (table has ${partitionKeys.length})`
        }
      }
      let explicitHashKey: string | null = null
      if (r.explicitHashKeyIndex !== null) {
        const ehk = explicitHashKeys[r.explicitHashKeyIndex]
        if (ehk === undefined) {
          return {
            ok: false,
            reason: `record ${i}: explicit hash key index ${r.explicitHashKeyIndex} out of range (table has ${explicitHashKeys.length})`
          }
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

export function hasMagic(bytes: Uint8Array): boolean {
  return bytes.length >= MAGIC_LENGTH && KPL_MAGIC.every((b, i) => bytes[i] === b)
}

// ---------------------------------------------------------------------------------------------
// Writing

const utf8Encoder = new TextEncoder()

function varintSize(value: number): number {
  let size = 1
  while (value >= 128) {
    value = Math.floor(value / 128)
    size++
  }
  return size
}

/** Writes into a buffer sized exactly in advance, so there is one allocation per aggregate. */
class Writer {
  pos = 0
  constructor(readonly buf: Uint8Array) {}

  varint(value: number): void {
    while (value >= 128) {
      this.buf[this.pos++] = (value % 128) | 0x80
      value = Math.floor(value / 128)
    }
    this.buf[this.pos++] = value
  }

  bytes(field: number, payload: Uint8Array): void {
    this.varint((field << 3) | WIRE_LENGTH_DELIMITED)
    this.varint(payload.length)
    this.buf.set(payload, this.pos)
    this.pos += payload.length
  }
}

function lengthDelimitedSize(payloadLength: number): number {
  return 1 + varintSize(payloadLength) + payloadLength
}

/**
 * Builds a KPL aggregate from user records. Partition keys and explicit hash keys are
 * de-duplicated into the tables, like the KPL does. Fields are written in field-number
 * order (tables, then records), as every protobuf serializer does.
 * Throws RangeError for an empty list: an aggregate with no user records is not valid.
 */
export function aggregate(records: readonly AggregateInput[]): Uint8Array {
  if (records.length === 0) throw new RangeError('cannot aggregate zero records')

  const pkIndex = new Map<string, number>()
  const ehkIndex = new Map<string, number>()
  const pkTable: Uint8Array[] = []
  const ehkTable: Uint8Array[] = []
  const entries: Array<{ pk: number; ehk: number | null; data: Uint8Array; size: number }> = []

  for (const record of records) {
    let pk = pkIndex.get(record.partitionKey)
    if (pk === undefined) {
      pk = pkTable.length
      pkIndex.set(record.partitionKey, pk)
      pkTable.push(utf8Encoder.encode(record.partitionKey))
    }
    let ehk: number | null = null
    const ehkValue = record.explicitHashKey
    if (ehkValue !== undefined && ehkValue !== null) {
      let index = ehkIndex.get(ehkValue)
      if (index === undefined) {
        index = ehkTable.length
        ehkIndex.set(ehkValue, index)
        ehkTable.push(utf8Encoder.encode(ehkValue))
      }
      ehk = index
    }
    const size =
      1 + varintSize(pk) + (ehk === null ? 0 : 1 + varintSize(ehk)) + lengthDelimitedSize(record.data.length)
    entries.push({ pk, ehk, data: record.data, size })
  }

  let messageSize = 0
  for (const key of pkTable) messageSize += lengthDelimitedSize(key.length)
  for (const key of ehkTable) messageSize += lengthDelimitedSize(key.length)
  for (const entry of entries) messageSize += lengthDelimitedSize(entry.size)

  const out = new Uint8Array(MAGIC_LENGTH + messageSize + MD5_LENGTH)
  out.set(KPL_MAGIC, 0)
  const w = new Writer(out)
  w.pos = MAGIC_LENGTH
  for (const key of pkTable) w.bytes(1, key)
  for (const key of ehkTable) w.bytes(2, key)
  for (const entry of entries) {
    w.varint((3 << 3) | WIRE_LENGTH_DELIMITED)
    w.varint(entry.size)
    w.varint((1 << 3) | WIRE_VARINT)
    w.varint(entry.pk)
    if (entry.ehk !== null) {
      w.varint((2 << 3) | WIRE_VARINT)
      w.varint(entry.ehk)
    }
    w.bytes(3, entry.data)
  }
  out.set(md5(out.subarray(MAGIC_LENGTH, w.pos)), w.pos)
  return out
}

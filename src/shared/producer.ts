/**
 * What the producer and replay send, as plain data that crosses IPC: record templates (with
 * placeholders), the limits Kinesis puts on a record, and the shape of a bulk job's progress and
 * final report. Template rendering is here, pure, so that the renderer's preview and main's bulk
 * sender produce exactly the same records. No electron, no node.
 */
import type { RecordDistributionStrategy } from './domain'
import type { AppError } from './errors'
import type { WriteSchemaRef } from './schema-writing'
import { jsonErrorOffset } from './json-position'

export type PayloadEncoding = 'json' | 'text' | 'base64' | 'hex'

/** Where a record's partition key comes from. */
export type PartitionKeySpec =
  /** A fixed key (the seed used "weborder"); placeholders allowed, e.g. "store-{{int:1:9}}". */
  | { type: 'fixed'; value: string }
  /** A field of the rendered JSON payload, by dot path ("StoreId", "customer.id"). */
  | { type: 'field'; path: string }
  /** A fresh random key per record (spreads records over every shard). */
  | { type: 'random' }

export interface RecordTemplate {
  encoding: PayloadEncoding
  /**
   * json / text: the payload, with placeholders (see PLACEHOLDER_HELP). base64 / hex: the bytes,
   * written out (no placeholders).
   */
  body: string
  /** Gzip the bytes before sending (done in main). */
  gzip: boolean
  partitionKey: PartitionKeySpec
  /** A decimal hash key (0 … 2^128−1) that overrides the partition key's routing, or null. */
  explicitHashKey: string | null
  /** Encode each rendered JSON record with this schema (done in main); JSON body, no gzip. */
  schema?: WriteSchemaRef
}

export interface SavedTemplate {
  id: string
  name: string
  template: RecordTemplate
  /** The seed's pizza order: always there, cannot be removed or overwritten. */
  builtin: boolean
}

// --- Kinesis limits on one record ------------------------------------------------------------

export const MAX_PARTITION_KEY_LENGTH = 256
/**
 * A stream's maximum record size (data plus partition key, UTF-8 bytes), its MaxRecordSizeInKiB:
 * 1,024–10,240 KiB (UpdateMaxRecordSize, CreateStream); a stream that does not say has 1 MiB, the
 * default of every stream (AWS, "Handle large records").
 */
export const DEFAULT_MAX_RECORD_KIB = 1024
export const LARGEST_MAX_RECORD_KIB = 10240
export const DEFAULT_MAX_RECORD_BYTES = DEFAULT_MAX_RECORD_KIB * 1024
/** The largest record any stream takes (10 MiB): the bound where the target stream is not known yet. */
export const LARGEST_RECORD_BYTES = LARGEST_MAX_RECORD_KIB * 1024
export const MAX_HASH_KEY = 2n ** 128n - 1n
/**
 * PutRecords: at most 500 records and 10 MiB (data plus keys) a call. The PutRecords API reference
 * (as in @aws-sdk/client-kinesis 3.1143's PutRecordsCommand): "Each PutRecords request can support
 * up to 500 records. Each record in the request can be as large as 10 MiB, up to a limit of 10 MiB
 * for the entire request, including partition keys." (It said 1 MiB and 5 MiB before large records.)
 */
export const MAX_BATCH_RECORDS = 500
export const MAX_BATCH_BYTES = 10 * 1024 * 1024

/** A MaxRecordSizeInKiB as bytes; absent (a server without large records) means 1 MiB. */
export function maxRecordBytesOf(kib: number | undefined | null): number {
  return (kib ?? DEFAULT_MAX_RECORD_KIB) * 1024
}

/** Why a maximum record size (KiB) cannot be set, or null: a whole number from 1,024 to 10,240. */
export function maxRecordSizeProblem(kib: number): string | null {
  if (Number.isInteger(kib) && kib >= DEFAULT_MAX_RECORD_KIB && kib <= LARGEST_MAX_RECORD_KIB) return null
  return 'The maximum record size is a whole number of KiB from 1,024 (1 MiB) to 10,240 (10 MiB).'
}

/** A record limit in words: "1 MiB (1,048,576 bytes)", "5,000 KiB (5,120,000 bytes)". */
export function recordLimitText(maxBytes: number): string {
  const kib = maxBytes / 1024
  const unit = kib % 1024 === 0 ? `${kib / 1024} MiB` : Number.isInteger(kib) ? `${kib.toLocaleString('en-US')} KiB` : `${maxBytes.toLocaleString('en-US')} bytes`
  return unit.endsWith('bytes') ? unit : `${unit} (${maxBytes.toLocaleString('en-US')} bytes)`
}

/**
 * Where `text` has a UTF-16 surrogate without its partner (text that is not Unicode), or -1. A
 * partition key's shard is the MD5 of its UTF-8 bytes, and such a character has none: kinesalite
 * hashes it as U+FFFD, kinesis-local (a JVM engine, as AWS is) as '?', so the shard depends on the server.
 */
export function unpairedSurrogateAt(text: string): number {
  return text.search(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/)
}

/** Why a partition key is refused, or null. */
export function partitionKeyProblem(key: string): string | null {
  if (key.length === 0) return 'A partition key needs at least 1 character.'
  if (key.length > MAX_PARTITION_KEY_LENGTH) {
    return `A partition key is at most ${MAX_PARTITION_KEY_LENGTH} characters; this one has ${key.length}.`
  }
  const surrogate = unpairedSurrogateAt(key)
  if (surrogate !== -1) {
    const code = key.charCodeAt(surrogate).toString(16).toUpperCase()
    return `A partition key is Unicode text; this one has an unpaired surrogate (\\u${code} at character ${surrogate + 1}), which Kinesis servers hash differently, so its shard cannot be known.`
  }
  return null
}

/** Why an explicit hash key is refused, or null: Kinesis takes 0|([1-9]\d{0,38}) (its HashKey pattern). */
export function hashKeyProblem(key: string): string | null {
  // Kinesis takes the pattern 0|([1-9]\d{0,38}) and refuses the whole call otherwise.
  if (/^0\d+$/.test(key)) return `An explicit hash key is written without leading zeros (as Kinesis takes it): ${BigInt(key).toString()}, not ${key}.`
  if (!/^\d{1,39}$/.test(key)) return 'An explicit hash key is a whole number in decimal digits (0 … 2^128−1).'
  if (BigInt(key) > MAX_HASH_KEY) return 'An explicit hash key is at most 2^128−1 (340282366920938463463374607431768211455).'
  return null
}

/**
 * Why a record of `dataBytes` bytes with this key is too large for a limit of `maxBytes`, or
 * null. With `stream`, the message names it and its limit; without, the limit is the largest any
 * stream takes (checked again against the target stream's own limit before anything is sent).
 */
export function recordSizeProblem(dataBytes: number, partitionKey: string, maxBytes = LARGEST_RECORD_BYTES, stream: string | null = null): string | null {
  const total = dataBytes + utf8Length(partitionKey)
  if (total <= maxBytes) return null
  const size = `this one is ${total.toLocaleString('en-US')} bytes`
  if (stream !== null) return `Stream ${stream} takes records of at most ${recordLimitText(maxBytes)} of data plus partition key; ${size}.`
  const largest = maxBytes === LARGEST_RECORD_BYTES ? ', the most any stream takes' : ''
  return `A record is at most ${recordLimitText(maxBytes)} of data plus partition key${largest}; ${size}.`
}

/** What to do about a record over `maxBytes`: raise the stream's limit while it can go higher. */
export function recordSizeHint(maxBytes: number): string {
  return maxBytes < LARGEST_RECORD_BYTES
    ? `Raise the stream's maximum record size (Change… beside "Max record size" in its summary; up to ${recordLimitText(LARGEST_RECORD_BYTES)}), or send a smaller payload.`
    : 'Send a smaller payload, or split it into several records.'
}

export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length
}

// --- templates -------------------------------------------------------------------------------

export const PLACEHOLDER_HELP: readonly { token: string; meaning: string }[] = [
  { token: '{{uuid}}', meaning: 'a fresh UUID' },
  { token: '{{now}}', meaning: 'the time of sending, ISO 8601' },
  { token: '{{nowMs}}', meaning: 'the time of sending, ms since the epoch' },
  { token: '{{int:1:100}}', meaning: 'a random whole number from 1 to 100' },
  { token: '{{oneOf:web|mobile|store}}', meaning: 'one of the listed values, at random' },
  { token: '{{counter}}', meaning: 'a running counter: 1, 2, 3 … ({{counter:1000}} starts at 1000)' },
  { token: '{{randomKey}}', meaning: 'a random partition-key-like string' }
]

/** The seed article's order: Id, Source, StoreId, PizzaId, Timestamp, keyed "weborder". */
export const PIZZA_ORDER_TEMPLATE: SavedTemplate = {
  id: 'builtin:pizza-order',
  name: 'Pizza order (seed article)',
  builtin: true,
  template: {
    encoding: 'json',
    body: [
      '{',
      '  "Id": "{{uuid}}",',
      '  "Source": "{{oneOf:web|mobile|store}}",',
      '  "StoreId": "{{int:100:120}}",',
      '  "PizzaId": "{{oneOf:margherita|pepperoni|quattro-formaggi|hawaiian|diavola}}",',
      '  "Timestamp": "{{now}}"',
      '}'
    ].join('\n'),
    gzip: false,
    partitionKey: { type: 'fixed', value: 'weborder' },
    explicitHashKey: null
  }
}

/** What rendering needs from outside: injected so that tests (and previews) are repeatable. */
export interface RenderContext {
  /** The record's position in the run, from 0: drives {{counter}}. */
  index: number
  now: number
  /** Uniform in [0, 1). */
  random: () => number
  uuid: () => string
}

/**
 * Record `index` of a run with this seed: the same seed and index give the same random values
 * and UUIDs (only `now` moves), so a preview shows exactly the records a bulk run will send.
 */
export function seededRenderContext(seed: number, index: number, now: number): RenderContext {
  const random = mulberry32((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0)
  return { index, now, random, uuid: () => uuidFrom(random) }
}

/** A small, fast 32-bit PRNG (Tommy Ettinger's mulberry32): repeatable, not for secrets. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A version-4-shaped UUID from a random source. */
function uuidFrom(random: () => number): string {
  const hex: string[] = []
  for (let i = 0; i < 32; i++) hex.push(Math.floor(random() * 16).toString(16))
  hex[12] = '4'
  hex[16] = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16)
  const h = hex.join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

/** One record as the template renders it, before gzip. */
export interface RenderedRecord {
  partitionKey: string
  explicitHashKey: string | null
  data: Uint8Array
  /** The rendered text for json and text payloads; null for bytes given as base64 or hex. */
  text: string | null
}

export interface TemplateProblem {
  /** The part of the form it concerns. */
  field: 'body' | 'partitionKey' | 'explicitHashKey'
  message: string
  /** 1-based, for JSON syntax errors in the body. */
  line?: number
  column?: number
}

export type CompiledTemplate =
  | { ok: true; render: (context: RenderContext) => RenderResult }
  | { ok: false; problem: TemplateProblem }

export type RenderResult = { ok: true; record: RenderedRecord } | { ok: false; problem: TemplateProblem }

type Piece = string | ((context: RenderContext) => string)

const PLACEHOLDER = /\{\{\s*([a-zA-Z]+)(?::([^}]*))?\s*\}\}/g

/** The record limit of a stream, named in the messages; stream null: the largest any stream takes. */
export interface RecordLimit {
  maxRecordBytes: number
  stream: string | null
}

export const ANY_STREAM_LIMIT: RecordLimit = { maxRecordBytes: LARGEST_RECORD_BYTES, stream: null }

/**
 * Parses the placeholders once; a run renders thousands of records from one compiled template.
 * A rendered record over the limit (the target stream's, where known) is a problem.
 */
export function compileTemplate(template: RecordTemplate, limit: RecordLimit = ANY_STREAM_LIMIT): CompiledTemplate {
  const textual = template.encoding === 'json' || template.encoding === 'text'
  let body: Piece[]
  let bytes: Uint8Array | null = null
  if (textual) {
    const parsed = parsePieces(template.body, template.encoding === 'json')
    if ('problem' in parsed) return { ok: false, problem: { field: 'body', message: parsed.problem } }
    body = parsed.pieces
  } else {
    const decoded = template.encoding === 'base64' ? decodeBase64(template.body) : decodeHex(template.body)
    if (typeof decoded === 'string') return { ok: false, problem: { field: 'body', message: decoded } }
    bytes = decoded
    body = []
  }
  let key: Piece[] | null = null
  if (template.partitionKey.type === 'fixed') {
    const parsed = parsePieces(template.partitionKey.value, false)
    if ('problem' in parsed) return { ok: false, problem: { field: 'partitionKey', message: parsed.problem } }
    key = parsed.pieces
  } else if (template.partitionKey.type === 'field' && template.encoding !== 'json') {
    return { ok: false, problem: { field: 'partitionKey', message: 'A key from a payload field needs a JSON payload.' } }
  }
  const hashKey = template.explicitHashKey
  if (hashKey !== null) {
    const problem = hashKeyProblem(hashKey)
    if (problem !== null) return { ok: false, problem: { field: 'explicitHashKey', message: problem } }
  }
  const spec = template.partitionKey

  return {
    ok: true,
    render(context) {
      const text = textual ? join(body, context) : null
      let parsedJson: unknown = undefined
      if (template.encoding === 'json' && text !== null) {
        try {
          parsedJson = JSON.parse(text)
        } catch (error) {
          return { ok: false, problem: { field: 'body', ...jsonSyntaxProblem(text, error) } }
        }
      }
      let partitionKey: string
      if (spec.type === 'fixed') partitionKey = join(key ?? [], context)
      else if (spec.type === 'random') partitionKey = context.uuid()
      else {
        const value = fieldAt(parsedJson, spec.path)
        if (value === undefined) {
          return { ok: false, problem: { field: 'partitionKey', message: `The payload has no field "${spec.path}" to take the partition key from.` } }
        }
        partitionKey = value
      }
      const keyProblem = partitionKeyProblem(partitionKey)
      if (keyProblem !== null) return { ok: false, problem: { field: 'partitionKey', message: keyProblem } }
      const data = text !== null ? new TextEncoder().encode(text) : (bytes ?? new Uint8Array())
      const sizeProblem = recordSizeProblem(data.length, partitionKey, limit.maxRecordBytes, limit.stream)
      if (sizeProblem !== null) return { ok: false, problem: { field: 'body', message: sizeProblem } }
      return { ok: true, record: { partitionKey, explicitHashKey: hashKey, data, text } }
    }
  }
}

function join(pieces: Piece[], context: RenderContext): string {
  let out = ''
  for (const piece of pieces) out += typeof piece === 'string' ? piece : piece(context)
  return out
}

function parsePieces(source: string, jsonEscape: boolean): { pieces: Piece[] } | { problem: string } {
  const pieces: Piece[] = []
  let last = 0
  for (const match of source.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? ''
    const argument = match[2]
    const fn = placeholder(name, argument)
    if (typeof fn === 'string') return { problem: fn }
    if (match.index > last) pieces.push(source.slice(last, match.index))
    // Inside a JSON string a value must stay a valid string: quotes and backslashes escaped.
    pieces.push(jsonEscape ? (c: RenderContext) => JSON.stringify(fn(c)).slice(1, -1) : fn)
    last = match.index + match[0].length
  }
  if (last < source.length) pieces.push(source.slice(last))
  return { pieces }
}

function placeholder(name: string, argument: string | undefined): ((c: RenderContext) => string) | string {
  switch (name) {
    case 'uuid':
      return (c) => c.uuid()
    case 'now':
      return (c) => new Date(c.now).toISOString()
    case 'nowMs':
      return (c) => String(c.now)
    case 'randomKey':
      return (c) => Math.floor(c.random() * 2 ** 48).toString(36).padStart(10, '0')
    case 'counter': {
      const start = argument === undefined ? 1 : Number(argument)
      if (!Number.isSafeInteger(start)) return `{{counter:${argument ?? ''}}} needs a whole number to start from.`
      return (c) => String(start + c.index)
    }
    case 'int': {
      const [low, high] = (argument ?? '').split(':').map(Number)
      if (low === undefined || high === undefined || !Number.isSafeInteger(low) || !Number.isSafeInteger(high) || low > high) {
        return `{{int:${argument ?? ''}}} needs a range of whole numbers, like {{int:1:100}}.`
      }
      return (c) => String(low + Math.floor(c.random() * (high - low + 1)))
    }
    case 'oneOf': {
      const values = (argument ?? '').split('|')
      if (argument === undefined || argument === '') return '{{oneOf:…}} needs values separated by |, like {{oneOf:web|mobile}}.'
      return (c) => values[Math.floor(c.random() * values.length)] ?? ''
    }
    default:
      return `Unknown placeholder {{${name}}}: use one of ${PLACEHOLDER_HELP.map((p) => p.token).join(', ')}.`
  }
}

/** A JSON.parse error as a message with its 1-based line and column (from the error's position). */
export function jsonSyntaxProblem(text: string, error: unknown): { message: string; line?: number; column?: number } {
  const raw = error instanceof Error ? error.message : String(error)
  const lineColumn = /line (\d+) column (\d+)/.exec(raw)
  const position = /at position (\d+)/.exec(raw)
  let line: number | undefined
  let column: number | undefined
  if (lineColumn !== null) {
    line = Number(lineColumn[1])
    column = Number(lineColumn[2])
  } else if (position !== null) {
    const offset = Number(position[1])
    const before = text.slice(0, offset)
    line = before.split('\n').length
    column = offset - before.lastIndexOf('\n')
  } else {
    // V8 names no position for some errors ("Unexpected token '}', … is not valid JSON"): find it.
    const offset = jsonErrorOffset(text) ?? text.length
    const before = text.slice(0, offset)
    line = before.split('\n').length
    column = offset - before.lastIndexOf('\n')
  }
  // V8 quotes the whole text after the reason (`…, "{ … }" is not valid JSON`): the line and column say where.
  const reason = raw
    .replace(/\s*\(line \d+ column \d+\)/, '')
    .replace(/ in JSON at position \d+/, '')
    .replace(/, "[\s\S]*" is not valid JSON$/, '')
  const where = line !== undefined ? ` (line ${line}, column ${column ?? 1})` : ''
  return { message: `The payload is not valid JSON${where}: ${reason}`, ...(line !== undefined ? { line, column: column ?? 1 } : {}) }
}

function fieldAt(value: unknown, path: string): string | undefined {
  let current = value
  for (const part of path.split('.')) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, part)) return undefined
    current = (current as Record<string, unknown>)[part]
  }
  if (typeof current === 'string') return current
  if (typeof current === 'number' || typeof current === 'boolean') return String(current)
  return undefined
}

function decodeBase64(text: string): Uint8Array | string {
  const clean = text.replace(/\s+/g, '')
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) {
    return 'The payload is not valid base64 (A–Z, a–z, 0–9, + and /, with = padding).'
  }
  const binary = atob(clean.padEnd(Math.ceil(clean.length / 4) * 4, '='))
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

function decodeHex(text: string): Uint8Array | string {
  const clean = text.replace(/\s+|0x/gi, '')
  if (!/^[0-9a-fA-F]*$/.test(clean) || clean.length % 2 !== 0) {
    return 'The payload is not valid hex (pairs of 0–9 and a–f, spaces allowed).'
  }
  const bytes = new Uint8Array(clean.length / 2)
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16)
  return bytes
}

// --- bulk jobs (bulk send and replay share them) ---------------------------------------------

export type ProducerJobKind = 'bulk' | 'replay'

export interface ProducerProgress {
  jobId: string
  kind: ProducerJobKind
  state: 'running' | 'cancelling'
  /** Records confirmed with a sequence number. */
  sent: number
  /** Records with a final error. */
  failed: number
  /** Records waiting to be resent after a throttle or an InternalFailure. */
  retrying: number
  /** Records whose PutRecords timed out after leaving: they may or may not be on the stream. */
  unknown: number
  /** Null for "until stopped". */
  total: number | null
  /** Records confirmed per second over the last few seconds. */
  ratePerSecond: number
  elapsedMs: number
  /** Null while unknown or for "until stopped". */
  etaMs: number | null
  /** Entries the stream refused with ProvisionedThroughputExceededException so far. */
  throttled: number
}

export interface ProducerFailure {
  /** The record's position in the run, from 0. */
  index: number
  partitionKey: string
  errorCode: string
  errorMessage: string
}

export interface ProducerReport {
  jobId: string
  kind: ProducerJobKind
  reason: 'completed' | 'cancelled' | 'failed' | 'client-gone'
  /** Records the run was asked for (for "until stopped": the records generated). */
  requested: number
  sent: number
  failed: number
  unknown: number
  /** Records never sent because the run was cancelled or failed first. */
  notSent: number
  perShard: { shardId: string; records: number }[]
  /** Every final failure, up to the first 1,000 (failed above is the full count). */
  failures: ProducerFailure[]
  durationMs: number
  /** Why the run failed as a whole (a vanished stream, expired credentials), if it did. */
  error: AppError | null
}

/** Where one record landed (PutRecord's answer). */
export interface SentRecord {
  stream: string
  shardId: string
  sequenceNumber: string
  partitionKey: string
  explicitHashKey: string | null
  /** Bytes of data as sent (after gzip). */
  size: number
  sentAt: number
  /** The payload text as sent (before gzip), for the history list; null for bytes. */
  text: string | null
}

/** One record to replay: exactly the key and the bytes it had. */
export interface ReplayRecord {
  partitionKey: string
  explicitHashKey: string | null
  dataBase64: string
}

/** How many records of a replay go to which shard of the target (the dry run). */
/** The records of a replay over the target stream's maximum record size (data plus partition key). */
export interface TooLargeRecords {
  count: number
  /** The target's limit, MaxRecordSizeInKiB in bytes. */
  maxRecordBytes: number
  /** The first of them: its position in the replay (from 0) and its size. */
  firstIndex: number
  firstBytes: number
}

export interface ReplayPlan {
  draftId: string
  stream: string
  total: number
  /** Records Kinesis would refuse on this target (null: none): the replay skips them when asked, else does not start. */
  tooLarge: TooLargeRecords | null
  /** Records per open shard from MD5 routing; empty on AUTO, where Kinesis spreads them evenly. */
  perShard: { shardId: string; records: number }[]
  /** The target's strategy: on AUTO neither the shard of a record nor per-key order is known. */
  recordDistribution: RecordDistributionStrategy
  openShardCount: number
  /** Replays to anything but the sandbox ask the user to type the target stream's name. */
  needsConfirmation: boolean
}

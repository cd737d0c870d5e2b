/**
 * The Send tab's record, as the user edits it: the seed's order form or any payload (JSON, text,
 * base64, hex), the partition key and the explicit hash key. Everything becomes one
 * RecordTemplate, so that a single send, the preview and a bulk run all go through the shared
 * compileTemplate (which also checks Kinesis's limits). Pure.
 */
import type { ShardInfo } from '../../../../shared/domain'
import type { WriteSchemaRef } from '../../../../shared/schema-writing'
import {
  ANY_STREAM_LIMIT,
  compileTemplate,
  seededRenderContext,
  type RecordLimit,
  type PartitionKeySpec,
  type PayloadEncoding,
  type RecordTemplate,
  type RenderContext,
  type RenderResult,
  type TemplateProblem
} from '../../../../shared/producer'

/** The order form, or a payload typed out in one of the encodings. */
export type PayloadKind = 'order' | PayloadEncoding

export const PAYLOAD_KINDS: readonly { id: PayloadKind; label: string }[] = [
  { id: 'order', label: 'Pizza order form' },
  { id: 'json', label: 'JSON' },
  { id: 'text', label: 'Plain text' },
  { id: 'base64', label: 'Binary (base64)' },
  { id: 'hex', label: 'Binary (hex)' }
]

/** The seed's web shop sent "web"; the others are the usual channels of a pizza chain. */
export const ORDER_SOURCES = ['web', 'mobile', 'store', 'phone', 'partner'] as const

export interface OrderFields {
  source: string
  storeId: string
  pizzaId: string
  /** ISO 8601; empty means the time of sending. */
  timestamp: string
}

export interface SendDraft {
  payload: PayloadKind
  order: OrderFields
  /** The body for every payload kind but the order form. */
  body: string
  gzip: boolean
  keyType: PartitionKeySpec['type']
  fixedKey: string
  fieldPath: string
  /** Decimal digits, or empty for none. */
  hashKey: string
  /** Encode the JSON with this schema (main does, as the user types and on send), or null. */
  schema: WriteSchemaRef | null
}

export const initialDraft: SendDraft = {
  payload: 'order',
  order: { source: 'web', storeId: '101', pizzaId: 'margherita', timestamp: '' },
  body: '',
  gzip: false,
  keyType: 'fixed',
  fixedKey: 'weborder',
  fieldPath: 'StoreId',
  hashKey: '',
  schema: null
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/

/** Why an order's timestamp is refused, or null (empty is "now"). */
export function timestampProblem(text: string): string | null {
  if (text.trim() === '') return null
  if (!ISO_8601.test(text.trim()) || Number.isNaN(Date.parse(text.trim()))) {
    return 'A timestamp is ISO 8601 with a zone, like 2026-11-26T09:30:00Z (leave it empty for the time of sending).'
  }
  return null
}

/** Problems of the order form's own fields (the template checks the rest). */
export function orderProblems(order: OrderFields): Partial<Record<keyof OrderFields, string>> {
  const problems: Partial<Record<keyof OrderFields, string>> = {}
  if (order.source.trim() === '') problems.source = 'Enter a source, like web.'
  if (order.storeId.trim() === '') problems.storeId = 'Enter a store id.'
  if (order.pizzaId.trim() === '') problems.pizzaId = 'Enter a pizza id.'
  const time = timestampProblem(order.timestamp)
  if (time !== null) problems.timestamp = time
  return problems
}

/**
 * The order as the seed's producer serialised it (JsonConvert: compact, these field names):
 * a fresh UUID per record, and the time of sending unless a timestamp is given.
 */
export function orderBody(order: OrderFields): string {
  const timestamp = order.timestamp.trim() === '' ? '"{{now}}"' : JSON.stringify(order.timestamp.trim())
  return `{"Id":"{{uuid}}","Source":${JSON.stringify(order.source)},"StoreId":${JSON.stringify(order.storeId)},"PizzaId":${JSON.stringify(order.pizzaId)},"Timestamp":${timestamp}}`
}

export function keySpec(draft: SendDraft): PartitionKeySpec {
  switch (draft.keyType) {
    case 'fixed':
      return { type: 'fixed', value: draft.fixedKey }
    case 'field':
      return { type: 'field', path: draft.fieldPath }
    default:
      return { type: 'random' }
  }
}

/** The draft as the template a send, the preview and a bulk run render. */
export function draftTemplate(draft: SendDraft): RecordTemplate {
  const order = draft.payload === 'order'
  return {
    encoding: order ? 'json' : (draft.payload as PayloadEncoding),
    body: order ? orderBody(draft.order) : draft.body,
    gzip: draft.gzip,
    partitionKey: keySpec(draft),
    explicitHashKey: draft.hashKey.trim() === '' ? null : draft.hashKey.trim(),
    ...(draft.schema !== null ? { schema: draft.schema } : {})
  }
}

/** A saved template, loaded into the editor (as a payload: the order form is one way to write one). */
export function draftFromTemplate(template: RecordTemplate, current: SendDraft): SendDraft {
  const key = template.partitionKey
  return {
    ...current,
    payload: template.encoding,
    body: template.body,
    gzip: template.gzip,
    keyType: key.type,
    fixedKey: key.type === 'fixed' ? key.value : current.fixedKey,
    fieldPath: key.type === 'field' ? key.path : current.fieldPath,
    hashKey: template.explicitHashKey ?? '',
    schema: template.schema ?? null
  }
}

/** Switching the payload kind: a JSON body starts from the order it replaces, not from nothing. */
export function withPayloadKind(draft: SendDraft, payload: PayloadKind): SendDraft {
  const body = payload === 'json' && draft.payload === 'order' && draft.body.trim() === '' ? orderBody(draft.order) : draft.body
  return { ...draft, payload, body }
}

/** The explicit hash key that sends to this shard: the start of its hash-key range. */
export function hashKeyForShard(shard: Pick<ShardInfo, 'hashKeyStart'>): string {
  return shard.hashKeyStart
}

/** What is wrong with the draft, by the field it concerns; empty when it can be sent. */
export type DraftProblems = Partial<Record<TemplateProblem['field'] | keyof OrderFields, string>>

export interface DraftCheck {
  problems: DraftProblems
  /** For a JSON syntax error: where it is. */
  bodyPosition: { line: number; column: number } | null
  /** The next records a bulk run with this seed sends (or why record i cannot be rendered). */
  preview: RenderResult[]
}

export const PREVIEW_COUNT = 3

/**
 * Checks the draft as the user types: the order form's fields, then the template (placeholders,
 * key, hash key), then the first records as a bulk run with `seed` renders them (JSON syntax with
 * line and column, the key's 1–256 characters, data plus key within the stream's maximum record
 * size: `limit`, from its summary; 10 MiB, the most any stream takes, until that is known).
 */
export function checkDraft(draft: SendDraft, seed: number, now: number, count = PREVIEW_COUNT, limit: RecordLimit = ANY_STREAM_LIMIT): DraftCheck {
  const problems: DraftProblems = draft.payload === 'order' ? orderProblems(draft.order) : {}
  if (draft.payload !== 'order' && draft.payload !== 'text' && draft.body.trim() === '') {
    problems.body = draft.payload === 'json' ? 'Enter a JSON payload.' : 'Enter the bytes to send.'
  }
  if (draft.schema !== null && draft.payload !== 'order' && draft.payload !== 'json') {
    problems.body = 'A record written with a schema is filled in as JSON: choose the JSON payload type.'
  } else if (draft.schema !== null && draft.gzip) {
    problems.body = 'A record written with a schema is not gzipped: choose zlib compression of the GSR frame instead.'
  }
  if (draft.keyType === 'fixed' && draft.fixedKey === '') problems.partitionKey = 'Enter a partition key (1–256 characters).'
  if (draft.keyType === 'field' && draft.fieldPath.trim() === '') problems.partitionKey = 'Name the payload field to take the key from.'
  if (Object.keys(problems).length > 0) return { problems, bodyPosition: null, preview: [] }

  const compiled = compileTemplate(draftTemplate(draft), limit)
  if (!compiled.ok) return { problems: { [compiled.problem.field]: compiled.problem.message }, bodyPosition: null, preview: [] }
  const preview: RenderResult[] = []
  for (let i = 0; i < count; i++) preview.push(compiled.render(seededRenderContext(seed, i, now)))
  const failed = preview.find((r) => !r.ok)
  if (failed !== undefined && !failed.ok) {
    const { field, message, line, column } = failed.problem
    return { problems: { [field]: message }, bodyPosition: line !== undefined ? { line, column: column ?? 1 } : null, preview }
  }
  return { problems: {}, bodyPosition: null, preview }
}

/** A single send's values: a fresh UUID and fresh random values each time (a bulk run is seeded). */
export function liveContext(index: number, now: number): RenderContext {
  return { index, now, random: Math.random, uuid: () => crypto.randomUUID() }
}

/** Bytes as standard base64, in chunks (String.fromCharCode takes only so many arguments). */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

/** A seed for the next bulk run (the preview shows that run's records). */
export function newSeed(): number {
  return Math.floor(Math.random() * 2 ** 32)
}

/** The text offset of a 1-based line and column. */
export function offsetOf(text: string, line: number, column: number): number {
  const lines = text.split('\n')
  let offset = 0
  for (let i = 0; i < line - 1 && i < lines.length; i++) offset += (lines[i]?.length ?? 0) + 1
  return Math.min(text.length, offset + column - 1)
}

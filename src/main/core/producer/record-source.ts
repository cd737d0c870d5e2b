/**
 * Where a bulk job's records come from: a template rendered record by record (record i of a seed
 * is what the renderer's preview shows as record i), or a replay draft's records exactly as they
 * were. Each record is routed to its shard here (MD5 of the key, or the explicit hash key), which
 * the sender paces by and the KPL aggregator groups by.
 */
import { gzipSync } from 'node:zlib'
import type { ShardInfo } from '../../../shared/domain'
import {
  ANY_STREAM_LIMIT,
  compileTemplate,
  recordSizeProblem,
  seededRenderContext,
  type RecordLimit,
  type RecordTemplate,
  type ReplayRecord,
  type TemplateProblem
} from '../../../shared/producer'
import { routingHashKey, shardRouter } from '../kinesis/hash-key'
import type { SchemaEncoder } from '../schemas/schema-writer'
import type { RecordSource, SendItem, SourceItem } from './bulk-sender'

export type Route = (partitionKey: string, explicitHashKey: string | null) => string

/** The open shard a record goes to, '' when no open shard owns its hash key (mid-reshard). */
export function routeFor(shards: readonly ShardInfo[]): Route {
  const find = shardRouter(shards)
  return (partitionKey, explicitHashKey) => find(routingHashKey(partitionKey, explicitHashKey))?.shardId ?? ''
}

/** Why a template cannot start a run (checked on record 0), or null. */
export function templateProblem(template: RecordTemplate, seed: number, now: number): TemplateProblem | null {
  const compiled = compileTemplate(template)
  if (!compiled.ok) return compiled.problem
  const first = compiled.render(seededRenderContext(seed, 0, now))
  return first.ok ? null : first.problem
}

/** Records 0 … count−1 of the seed (count null: until the job stops pulling). */
export function templateSource(
  template: RecordTemplate,
  seed: number,
  count: number | null,
  route: Route,
  now: () => number = Date.now,
  /** The target stream's record limit: a record over it fails alone, its message naming the limit. */
  limit: RecordLimit = ANY_STREAM_LIMIT,
  /** The template's schema: each rendered JSON record is sent as its encoding (a record that does not fit fails alone). */
  schema: SchemaEncoder | null = null
): RecordSource {
  // Rendering checks only the largest size any stream takes: the stream's own limit is checked
  // below, after gzip, with the stream's name in the message.
  const compiled = compileTemplate(template)
  let index = 0
  return {
    next(): SourceItem | null {
      if (count !== null && index >= count) return null
      const i = index++
      if (!compiled.ok) return { index: i, failure: { index: i, partitionKey: '', errorCode: 'TemplateError', errorMessage: compiled.problem.message } }
      const rendered = compiled.render(seededRenderContext(seed, i, now()))
      if (!rendered.ok) return { index: i, failure: { index: i, partitionKey: '', errorCode: 'TemplateError', errorMessage: rendered.problem.message } }
      const { partitionKey, explicitHashKey } = rendered.record
      let data = template.gzip ? new Uint8Array(gzipSync(rendered.record.data)) : rendered.record.data
      if (schema !== null) {
        const encoded = encodeRendered(schema, rendered.record.text)
        if (typeof encoded === 'string') return { index: i, failure: { index: i, partitionKey, errorCode: 'SchemaMismatch', errorMessage: encoded } }
        data = encoded
      }
      const tooBig = recordSizeProblem(data.byteLength, partitionKey, limit.maxRecordBytes, limit.stream)
      if (tooBig !== null) return { index: i, failure: { index: i, partitionKey, errorCode: 'RecordTooLarge', errorMessage: tooBig } }
      return { index: i, records: 1, partitionKey, explicitHashKey, data, orderKey: partitionKey, shardId: route(partitionKey, explicitHashKey) }
    }
  }
}

/** A rendered JSON record as its schema's encoding, or why it does not fit. */
export function encodeRendered(schema: SchemaEncoder, text: string | null): Uint8Array | string {
  try {
    return schema.encode(JSON.parse(text ?? ''))
  } catch (err) {
    return `${schema.label}: ${err instanceof Error ? err.message : String(err)}`
  }
}

/**
 * A replay's records in the given order, each with its own key, hash key and bytes; those `include`
 * leaves out (skipped as too large) are passed over, and each record keeps its place in the replay
 * as its index, so that a failure names the record the user knows.
 */
export function replaySource(records: readonly ReplayRecord[], route: Route, include: (record: ReplayRecord) => boolean = () => true): RecordSource {
  let index = 0
  return {
    next(): SendItem | null {
      while (index < records.length && !include(records[index] as ReplayRecord)) index++
      const record = records[index]
      if (record === undefined) return null
      const i = index++
      const { partitionKey, explicitHashKey } = record
      return {
        index: i,
        records: 1,
        partitionKey,
        explicitHashKey,
        data: Buffer.from(record.dataBase64, 'base64'),
        orderKey: partitionKey,
        shardId: route(partitionKey, explicitHashKey)
      }
    }
  }
}

/**
 * The contract between the renderer and main: every operation (input schema + result type) and
 * every event. Both hosts (Electron IPC and the web host's WebSocket) carry exactly this, the
 * router in main validates every input against these schemas, and the preload and the renderer's
 * api client are derived from the names listed here. No electron, no node.
 */
import { z } from 'zod'
import type { AppError } from './errors'
import type {
  ActiveConnection,
  ConnectionsState,
  DecodedRecord,
  Diagnostics,
  RecordDistributionStrategy,
  ReadBudget,
  ReadEstimate,
  SearchProgress,
  SearchSummary,
  SessionEndReason,
  SessionState,
  ShardInfo,
  ShardProgress,
  SkippedShard,
  StartPosition,
  StreamDetails,
  StreamListItem
} from './domain'
import {
  hashKeyProblem,
  partitionKeyProblem,
  type ProducerProgress,
  type ProducerReport,
  type ReplayPlan,
  type SavedTemplate,
  type SentRecord
} from './producer'
import type { EfoConsumer, LeaseTableView } from './consumers'
import { hasUserinfo } from './endpoints'
import type { ChannelsView } from './channels'
import type { RewindPlan, RewindProgress, RewindReport, UndoReport } from './lease-rewind'
import type { LambdaMappingsView } from './lambda'
import type { LoadSample, RouteAnswer } from './shards'
import { configChangeSchema, type AccountSettings, type StreamTags } from './stream-config'
import { MAX_SCHEMA_FILE_BYTES, type GlueSchemaVersion, type LocalSchemaSummary } from './schemas'
import type { RegistryEntry, SchemaEntry, SchemaEncoding, SchemaVersionEntry } from './schema-writing'
import {
  MAX_RANGE_MS,
  rangePresets,
  type ObservedTraffic,
  type ShardLoad,
  type StreamMetrics
} from './metrics'

interface Operation<I extends z.ZodType, R> {
  input: I
  /** Phantom: carries the result type, never read at run time. */
  result?: R
}

function op<I extends z.ZodType>(input: I): { returns<R>(): Operation<I, R> } {
  return { returns: () => ({ input }) }
}

// --- reusable field schemas -------------------------------------------------------------------

/** Stream names: 1-128 of [a-zA-Z0-9_.-], as Kinesis allows. */
export const streamName = z
  .string()
  .min(1, 'A stream name is required')
  .max(128, 'A stream name is at most 128 characters')
  .regex(/^[a-zA-Z0-9_.-]+$/, 'A stream name may use only letters, digits, _ . and -')

const shardId = z.string().min(1).max(128)
const sequenceNumber = z
  .string()
  .max(128)
  .regex(/^\d{1,128}$/, 'A sequence number is a string of digits, as shown in the record list')
const id = z.string().min(1).max(200)
/** DynamoDB table names: 3-255 of [a-zA-Z0-9_.-]. */
const tableName = z
  .string()
  .min(3, 'A DynamoDB table name is at least 3 characters')
  .max(255)
  .regex(/^[a-zA-Z0-9_.-]+$/, 'A DynamoDB table name may use only letters, digits, _ . and -')
const empty = z.object({}).strict()
/** A stream's MaxRecordSizeInKiB: 1 MiB to 10 MiB. */
const maxRecordSizeKiB = z
  .number()
  .int()
  .min(1024, 'The maximum record size is at least 1,024 KiB (1 MiB)')
  .max(10240, 'The maximum record size is at most 10,240 KiB (10 MiB)')

const stopConditionSchema = z
  .object({
    /** In a search, the number of matches. */
    maxRecords: z.number().int().positive().max(10_000_000).optional(),
    endTime: z.number().int().nonnegative().optional(),
    endSequenceNumber: sequenceNumber.optional()
  })
  .strict()

const epochMs = z.number().int().nonnegative().max(8_640_000_000_000_000)
const filterText = z.string().max(1000, 'A filter is at most 1,000 characters')
/** src/shared/filter/record-filter.ts RecordFilterSpec; main compiles it and refuses what does not compile. */
export const recordFilterSchema = z
  .object({
    text: filterText,
    regex: filterText,
    partitionKey: z.string().max(256),
    partitionKeyMode: z.enum(['contains', 'exact']),
    field: filterText,
    from: epochMs.nullable(),
    to: epochMs.nullable()
  })
  .strict()

const searchSchema = z
  .object({
    filter: recordFilterSchema,
    /**
     * Write every match to a JSON Lines file as it is found (Export's format, which Replay reads):
     * the desktop app asks where; the web host writes under its user-data folder's searches/.
     */
    saveMatches: z.boolean()
  })
  .strict()


/** A local schema file to attach to a stream (schemas.attach); the file's text travels as `definition`. */
export const localSchemaInputSchema = z
  .object({
    stream: streamName,
    fileName: z.string().trim().min(1).max(255),
    format: z.enum(['AVRO', 'JSON', 'PROTOBUF']),
    /** Protobuf: the message plain records hold (full name); null for the other formats. */
    messageName: z.string().trim().min(1).max(500).nullable(),
    scope: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('plain') }).strict(),
      z.object({ kind: z.literal('confluent'), schemaId: z.number().int().min(0).max(2 ** 32 - 1) }).strict()
    ]),
    definition: z
      .string()
      .min(1, 'The schema file is empty')
      .max(MAX_SCHEMA_FILE_BYTES, `A schema file may be at most ${MAX_SCHEMA_FILE_BYTES / 1024} KB`)
  })
  .strict()

const readBudgetSchema = z.enum(['full', 'gentle'])

/** Where a rewind sets the checkpoints (src/shared/lease-rewind.ts RewindTarget). */
export const rewindTargetSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('TRIM_HORIZON') }).strict(),
  z.object({ type: z.literal('LATEST') }).strict(),
  z.object({ type: z.literal('AT_TIMESTAMP'), timestamp: epochMs }).strict(),
  z.object({ type: z.literal('AFTER_SEQUENCE_NUMBER'), sequenceNumber }).strict()
])
/** A KCL lease key: a shard id, or account:stream:epoch:shardId. */
const leaseKey = z.string().min(1).max(512)

export const startPositionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('TRIM_HORIZON') }),
  z.object({ type: z.literal('LATEST') }),
  z.object({
    type: z.literal('AT_SEQUENCE_NUMBER'),
    sequenceNumber,
    shardId,
    /**
     * Start at this user record of a KPL aggregate: on the first record read, user records with a
     * smaller sub-sequence number are skipped (and a plain record is skipped when this is > 0).
     */
    subSequenceNumber: z.number().int().min(0).max(2 ** 31).optional()
  }),
  z.object({ type: z.literal('AFTER_SEQUENCE_NUMBER'), sequenceNumber, shardId }),
  z.object({ type: z.literal('AT_TIMESTAMP'), timestamp: z.number().int().nonnegative() })
])

const endpointUrl = z
  .url({ protocol: /^https?$/, error: 'An endpoint is an http:// or https:// URL' })
  .max(500)
  // Saved connections are listed back to the renderer and written to disk: no secrets in them.
  .refine((url) => !hasUserinfo(url), 'An endpoint URL cannot carry a user name or password; keep credentials in a profile')

export const connectionInputSchema = z
  .object({
    id: id.optional(),
    name: z.string().trim().min(1, 'Give the connection a name').max(100),
    kind: z.enum(['profile', 'endpoint']),
    profile: z.string().min(1).max(200).optional(),
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'A region looks like eu-west-1')
      .optional(),
    endpoint: endpointUrl.optional(),
    cloudwatchEndpoint: endpointUrl.optional(),
    dynamodbEndpoint: endpointUrl.optional(),
    glueEndpoint: endpointUrl.optional(),
    lambdaEndpoint: endpointUrl.optional()
  })
  .strict()
  .refine((c) => c.kind !== 'profile' || c.profile !== undefined, {
    message: 'A profile connection needs a profile name',
    path: ['profile']
  })
  .refine((c) => c.kind !== 'endpoint' || c.endpoint !== undefined, {
    message: 'An endpoint connection needs an endpoint URL',
    path: ['endpoint']
  })

const explicitHashKey = z
  .string()
  .max(39)
  .refine((key) => hashKeyProblem(key) === null, { error: (issue) => hashKeyProblem(String(issue.input)) ?? '' })
const partitionKey = z
  .string()
  .max(256)
  .refine((key) => partitionKeyProblem(key) === null, { error: (issue) => partitionKeyProblem(String(issue.input)) ?? '' })
/**
 * Base64 of at most 10 MiB of data (the largest record any stream takes), so a little under 14 M
 * characters. Main checks the bytes again against the target stream's own maximum record size.
 */
const dataBase64 = z
  .string()
  .max(13_981_016, 'Record data is at most 10 MiB (10,485,760 bytes, 13,981,016 base64 characters)')
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'Record data is base64')

/** The schema a record is written with (schema-writing.ts); a file's text is at most 1 MB, as for attaching one. */
const schemaVersionId = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'A schema version id is a UUID')
export const writeSchemaRefSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('gsr'), schemaVersionId, compression: z.enum(['none', 'zlib']), messageName: z.string().trim().min(1).max(500).optional() }).strict(),
  z
    .object({
      kind: z.literal('file'),
      fileName: z.string().trim().min(1).max(255),
      format: z.enum(['AVRO', 'JSON', 'PROTOBUF']),
      definition: z.string().min(1, 'The schema file is empty').max(MAX_SCHEMA_FILE_BYTES, `A schema file may be at most ${MAX_SCHEMA_FILE_BYTES / 1024} KB`),
      messageName: z.string().trim().min(1).max(500).nullable()
    })
    .strict()
])
const registryName = z.string().trim().min(1).max(255)

export const recordTemplateSchema = z
  .object({
    encoding: z.enum(['json', 'text', 'base64', 'hex']),
    // Hex writes a byte as two characters: 20 Mi characters hold the largest record (10 MiB).
    body: z.string().max(20 * 1024 * 1024, 'A payload is at most 10 MiB; this body is far larger'),
    gzip: z.boolean(),
    partitionKey: z.discriminatedUnion('type', [
      z.object({ type: z.literal('fixed'), value: z.string().min(1, 'Enter a partition key').max(1000) }).strict(),
      z.object({ type: z.literal('field'), path: z.string().min(1, 'Name the payload field').max(200) }).strict(),
      z.object({ type: z.literal('random') }).strict()
    ]),
    explicitHashKey: explicitHashKey.nullable(),
    /** Encode each rendered JSON record with this schema (main does); the body must be JSON and not gzipped. */
    schema: writeSchemaRefSchema.optional()
  })
  .strict()
  .refine((t) => t.schema === undefined || (t.encoding === 'json' && !t.gzip), {
    message: 'A record written with a schema is filled in as JSON and not gzipped (a GSR frame can be zlib-compressed instead)',
    path: ['schema']
  })

export const replayRecordSchema = z.object({ partitionKey, explicitHashKey: explicitHashKey.nullable(), dataBase64 }).strict()

/** A replay's target: a stream on the active connection (connectionId null) or on another one. */
const replayTarget = z.object({ connectionId: id.nullable(), stream: streamName }).strict()
const jobId = id
export const metricRangeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('preset'), preset: z.enum(rangePresets) }).strict(),
  z
    .object({ type: z.literal('custom'), start: epochMs, end: epochMs })
    .strict()
    .refine((r) => r.end > r.start, { message: 'The end must be after the start', path: ['end'] })
    .refine((r) => r.end - r.start <= MAX_RANGE_MS, { message: 'CloudWatch keeps metrics for 455 days', path: ['start'] })
])
export const templateName = z.string().trim().min(1, 'Give the template a name').max(100)

// --- operations -------------------------------------------------------------------------------

export const operations = {
  'connections.list': op(empty).returns<ConnectionsState>(),
  'connections.save': op(connectionInputSchema).returns<ConnectionsState>(),
  'connections.remove': op(z.object({ id }).strict()).returns<ConnectionsState>(),
  /** Connects (starting the sandbox if needed) and checks the connection with one ListStreams. */
  'connections.select': op(z.object({ id }).strict()).returns<ActiveConnection>(),
  'connections.active': op(empty).returns<ActiveConnection | null>(),
  /** Stops a connections.select still waiting for its endpoint (it then fails with CANCELLED). */
  'connections.cancelSelect': op(empty).returns<{ cancelled: boolean }>(),

  /**
   * DescribeAccountSettings on the active connection: the minimum throughput billing commitment.
   * A missing kinesis:DescribeAccountSettings is named (ACCESS_DENIED) and changes nothing else.
   */
  'connections.accountSettings': op(empty).returns<AccountSettings>(),

  /** Versions, the active connection's kind and region, the log file: never credentials or endpoints. */
  'app.diagnostics': op(empty).returns<Diagnostics>(),

  /** Every stream, through all ListStreams pages. */
  'streams.list': op(empty).returns<StreamListItem[]>(),
  'streams.describe': op(z.object({ name: streamName }).strict()).returns<StreamDetails>(),
  /** Every shard, open and closed, through all ListShards pages. */
  'streams.shards': op(z.object({ name: streamName }).strict()).returns<ShardInfo[]>(),
  'streams.create': op(
    z
      .object({
        name: streamName,
        mode: z.enum(['PROVISIONED', 'ON_DEMAND']),
        shardCount: z.number().int().min(1).max(500).optional(),
        /** MaxRecordSizeInKiB; absent leaves the server's default (1 MiB). */
        maxRecordSizeKiB: maxRecordSizeKiB.optional()
      })
      .strict()
      .refine((s) => s.mode === 'ON_DEMAND' || s.shardCount !== undefined, {
        message: 'A provisioned stream needs a shard count',
        path: ['shardCount']
      })
  ).returns<StreamListItem>(),
  /**
   * UpdateMaxRecordSize: the largest record the stream takes, 1,024–10,240 KiB. confirmName must
   * repeat the stream's name except on the sandbox; main checks it again.
   */
  'streams.setMaxRecordSize': op(
    z.object({ name: streamName, maxRecordSizeKiB, confirmName: z.string().max(128).nullable() }).strict()
  ).returns<{ name: string; message: string }>(),
  /** confirmName must repeat the stream's name: a typed confirmation, checked in main too. */
  'streams.delete': op(
    z.object({ name: streamName, confirmName: z.string().max(128) }).strict()
  ).returns<{ name: string }>(),

  /** Where a partition key goes: its MD5 hash key and the open shard that owns it (ListShards). */
  'streams.routeKey': op(z.object({ name: streamName, partitionKey }).strict()).returns<RouteAnswer>(),
  /**
   * Records and bytes per shard from a short read of the last `seconds` (at most `maxRecords`),
   * through the polite reader: a sample the user starts, never a background poll.
   */
  'streams.sampleLoad': op(
    z
      .object({
        name: streamName,
        seconds: z.number().int().min(1).max(300),
        maxRecords: z.number().int().min(1).max(20_000)
      })
      .strict()
  ).returns<LoadSample>(),
  /**
   * SplitShard (at the midpoint when newStartingHashKey is null), MergeShards or UpdateShardCount.
   * confirmName must repeat the stream's name except on the sandbox; main checks it again.
   */
  'streams.reshard': op(
    z
      .object({
        name: streamName,
        confirmName: z.string().max(128).nullable(),
        action: z.discriminatedUnion('type', [
          z.object({ type: z.literal('split'), shardId, newStartingHashKey: explicitHashKey.nullable() }).strict(),
          z.object({ type: z.literal('merge'), shardId, adjacentShardId: shardId }).strict(),
          z.object({ type: z.literal('updateShardCount'), targetShardCount: z.number().int().min(1).max(10_000) }).strict()
        ])
      })
      .strict()
  ).returns<{ name: string; message: string }>(),
  /**
   * UpdateStreamRecordDistributionStrategy (on-demand streams only). confirmName must repeat the
   * stream's name except on the sandbox; main checks it again. message states what changes.
   */
  'streams.setRecordDistribution': op(
    z
      .object({ name: streamName, strategy: z.enum(['USER_PARTITION_KEY', 'AUTO']), confirmName: z.string().max(128).nullable() })
      .strict()
  ).returns<{ name: string; recordDistribution: RecordDistributionStrategy; message: string }>(),

  /** The stream's tags (ListTagsForResource, or ListTagsForStream through every page where the server lacks it). */
  'streams.tags': op(z.object({ name: streamName }).strict()).returns<StreamTags>(),
  /**
   * One change from the Configuration tab (retention, encryption, shard-level metrics, tags,
   * capacity mode, warm throughput). confirmName must repeat the stream's name except on the
   * sandbox; main checks it again. message states what the change costs or breaks.
   */
  'streams.configure': op(
    z.object({ name: streamName, confirmName: z.string().max(128).nullable(), change: configChangeSchema }).strict()
  ).returns<{ name: string; message: string }>(),

  /** Enhanced fan-out consumers of a stream (ListStreamConsumers, every page). Never registers one. */
  'consumers.list': op(z.object({ stream: streamName }).strict()).returns<EfoConsumer[]>(),
  /** The stream's channels (ListChannels filtered to it, every page; DescribeChannel each). Never creates one. */
  'consumers.channels': op(z.object({ stream: streamName }).strict()).returns<ChannelsView>(),
  /** The Lambda event source mappings reading the stream (ListEventSourceMappings by its ARN, every page). Read only. */
  'consumers.lambdaMappings': op(z.object({ stream: streamName }).strict()).returns<LambdaMappingsView>(),
  /** DynamoDB tables of the active connection (ListTables, every page): where lease tables live. */
  'leases.tables': op(empty).returns<{ tables: string[] }>(),
  /**
   * A KCL lease table, read with one paginated Scan, with each lease's lag behind the tip of its
   * shard of `stream` (one small GetRecords after the checkpoint).
   */
  'leases.read': op(z.object({ table: tableName, stream: streamName }).strict()).returns<LeaseTableView>(),
  /**
   * The dry run of a rewind: per lease (all of the stream's, or `leaseKeys`), the checkpoint now →
   * the new one and the records read again, within the read budget; writes nothing. Progress
   * arrives as leases.rewindProgress under `requestId`; leases.cancelRewind stops it.
   */
  'leases.planRewind': op(
    z
      .object({
        table: tableName,
        stream: streamName,
        leaseKeys: z.array(leaseKey).min(1).max(10_000).nullable(),
        target: rewindTargetSchema,
        requestId: id
      })
      .strict()
  ).returns<RewindPlan>(),
  /**
   * Writes a dry run's checkpoints: watches the leases for `watchMs` (the plan's watchMs when
   * absent) and refuses while a counter moves (APPLICATION_RUNNING), backs up the items to a file,
   * then one conditional UpdateItem per lease. confirmName must repeat the table's name except on
   * the sandbox; main checks it.
   */
  'leases.rewind': op(
    z
      .object({
        planId: id,
        requestId: id,
        confirmName: z.string().max(255).nullable(),
        watchMs: z.number().int().min(0).max(120_000).optional()
      })
      .strict()
  ).returns<RewindReport>(),
  /** Puts back the backed-up items of the leases a rewind (its requestId) wrote, conditionally. */
  'leases.undoRewind': op(z.object({ rewindId: id }).strict()).returns<UndoReport>(),
  /** Stops a dry run or a rewind in flight: nothing more is read or written. */
  'leases.cancelRewind': op(z.object({ requestId: id }).strict()).returns<{ cancelled: boolean }>(),

  /**
   * Opens a read session; records arrive as reader.batch events until reader.ended. With `search`,
   * main applies the filter to every decoded user record and only the matches cross (see
   * ReaderStartResult for what a search changes about the shards read and where it starts).
   */
  'reader.start': op(
    z
      .object({
        stream: streamName,
        /** null reads every shard the start position covers, following resharding. */
        shardIds: z.array(shardId).min(1).max(1000).nullable(),
        position: startPositionSchema,
        mode: z.enum(['read', 'tail']),
        stop: stopConditionSchema.optional(),
        search: searchSchema.optional(),
        /** How much of each shard's read budget to spend (readBudgets); 'full' when absent. */
        budget: readBudgetSchema.optional()
      })
      .strict()
  ).returns<ReaderStartResult>(),
  /**
   * What a read or search from `position` will scan, and how long it takes at `budget`: from
   * CloudWatch IncomingBytes over the range where the connection has CloudWatch, otherwise from one
   * small GetRecords per shard. Costs at most two calls per shard; never a background poll.
   */
  'reader.estimate': op(
    z
      .object({
        stream: streamName,
        shardIds: z.array(shardId).min(1).max(1000).nullable(),
        position: startPositionSchema,
        stop: stopConditionSchema.optional(),
        search: searchSchema.optional(),
        budget: readBudgetSchema.optional()
      })
      .strict()
  ).returns<ReadEstimate>(),
  'reader.pause': op(z.object({ sessionId: id }).strict()).returns<{ state: SessionState }>(),
  'reader.resume': op(z.object({ sessionId: id }).strict()).returns<{ state: SessionState }>(),
  'reader.stop': op(z.object({ sessionId: id }).strict()).returns<{ state: SessionState }>(),
  /**
   * Flow control: the client has handled every delivery (reader.batch) up to this number. Main
   * keeps a bounded amount unacknowledged per client and pauses reading while the client is
   * behind. The api client and the preload send it; renderer code never needs to.
   */
  'reader.ack': op(z.object({ delivery: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) }).strict()).returns<{
    delivery: number
  }>(),

  /**
   * Puts one record (PutRecord) exactly as given: the renderer renders the template or the order
   * form, so what the preview shows is what is sent. Checks the stream is ACTIVE first.
   */
  'producer.put': op(
    z.object({ stream: streamName, partitionKey, explicitHashKey: explicitHashKey.nullable(), dataBase64, gzip: z.boolean() }).strict()
  ).returns<SentRecord>(),
  /**
   * Starts a bulk send rendered from a template in main (record i of `seed` is what the preview's
   * record i shows). Progress arrives as producer.progress, the report as producer.ended.
   */
  'producer.startBulk': op(
    z
      .object({
        stream: streamName,
        template: recordTemplateSchema,
        /** null sends until cancelled. */
        count: z.number().int().min(1).max(10_000_000).nullable(),
        /** Records per second; null sends as fast as the stream allows. */
        ratePerSecond: z.number().positive().max(1_000_000).nullable(),
        /** KPL-aggregate user records (grouped by shard) into fewer Kinesis records. */
        aggregate: z.boolean(),
        seed: z.number().int().min(0).max(2 ** 32 - 1)
      })
      .strict()
  ).returns<{ jobId: string }>(),
  /**
   * Encodes JSON with a schema (a GSR version: GSR-framed; a local file: no header) and says what
   * it came to, or the first field that does not fit. The Send tab calls it as the user types and
   * puts exactly the bytes it returns (producer.put), so the preview's size is what is sent.
   */
  'producer.encode': op(z.object({ schema: writeSchemaRefSchema, json: z.string().max(10 * 1024 * 1024) }).strict()).returns<SchemaEncoding>(),
  /** Glue Schema Registry pickers for writing: every page of ListRegistries / ListSchemas / ListSchemaVersions. */
  'registry.registries': op(empty).returns<RegistryEntry[]>(),
  'registry.schemas': op(z.object({ registryName }).strict()).returns<SchemaEntry[]>(),
  'registry.versions': op(z.object({ registryName, schemaName: registryName }).strict()).returns<SchemaVersionEntry[]>(),
  /** GetSchemaVersion by number: the definition, shown beside the JSON it checks. */
  'registry.version': op(z.object({ schemaVersionId }).strict()).returns<GlueSchemaVersion>(),
  /** Cancels a bulk send or replay: it stops within a second and reports exactly what was sent. */
  'producer.cancel': op(z.object({ jobId }).strict()).returns<{ state: 'cancelling' | 'ended' }>(),

  /** Saved templates (the built-in pizza order first), from templates.json in the user-data folder. */
  'templates.list': op(empty).returns<SavedTemplate[]>(),
  'templates.save': op(
    z.object({ id: id.optional(), name: templateName, template: recordTemplateSchema }).strict()
  ).returns<SavedTemplate[]>(),
  'templates.remove': op(z.object({ id }).strict()).returns<SavedTemplate[]>(),
  /** Imports templates from a file the user picked (the JSON that exporting the list writes). */
  'templates.import': op(z.object({ content: z.string().max(4 * 1024 * 1024) }).strict()).returns<{
    templates: SavedTemplate[]
    imported: number
    /** Entries not imported, each with its position in the file (from 0) and why. */
    refused: { index: number; name: string | null; reason: string }[]
  }>(),

  /**
   * Local schema files attached to a stream (schemas.json in the user-data folder): they decode
   * records with no header, and Confluent-framed records with the given schema id. A read uses
   * the schemas attached when it starts.
   */
  'schemas.list': op(z.object({ stream: streamName }).strict()).returns<LocalSchemaSummary[]>(),
  /** Compiles the schema first: one that does not compile is refused (SCHEMA_INVALID) with the reason. */
  'schemas.attach': op(localSchemaInputSchema).returns<LocalSchemaSummary[]>(),
  'schemas.detach': op(z.object({ id }).strict()).returns<LocalSchemaSummary[]>(),

  /** A replay is built up in main in chunks (selected rows or a JSON Lines file can be large). */
  'replay.create': op(empty).returns<{ draftId: string }>(),
  'replay.append': op(
    z.object({ draftId: id, records: z.array(replayRecordSchema).min(1).max(5000) }).strict()
  ).returns<{ count: number }>(),
  /** The dry run: how many records go to which open shard of the target. */
  'replay.plan': op(z.object({ draftId: id, target: replayTarget }).strict()).returns<ReplayPlan>(),
  /** confirmName must repeat the target stream's name unless the target is the sandbox. */
  'replay.start': op(
    z
      .object({
        draftId: id,
        target: replayTarget,
        ratePerSecond: z.number().positive().max(1_000_000).nullable(),
        confirmName: z.string().max(128).nullable(),
        /** Leave out the records over the target's maximum record size (the dry run counts them); without it the replay is refused. */
        skipTooLarge: z.boolean().optional()
      })
      .strict()
  ).returns<{ jobId: string }>(),
  'replay.discard': op(z.object({ draftId: id }).strict()).returns<{ draftId: string }>(),

  /**
   * Every CloudWatch metric of the Metrics tab for a stream, in one GetMetricData (all its pages).
   * Billed per metric: the renderer calls it on demand and at most once a minute while visible.
   */
  'metrics.stream': op(z.object({ stream: streamName, range: metricRangeSchema }).strict()).returns<StreamMetrics>(),
  /**
   * Writes per open shard over the last `minutes`, from CloudWatch shard-level metrics (StreamName
   * + ShardId). SERVICE_UNAVAILABLE where the connection has no CloudWatch, SHARD_METRICS_OFF
   * where the stream's enhanced monitoring does not publish IncomingRecords and IncomingBytes.
   */
  'metrics.shardLoad': op(
    z.object({ stream: streamName, minutes: z.number().int().min(1).max(1440) }).strict()
  ).returns<ShardLoad>(),
  /** What this app saw of a stream itself (its reads and sends), per shard: no AWS call. */
  'metrics.observed': op(z.object({ stream: streamName }).strict()).returns<ObservedTraffic>(),

  /** Electron only: writes an export through a save dialog. The web host downloads instead. */
  'files.saveExport': op(
    z
      .object({
        suggestedName: z
          .string()
          .min(1)
          .max(200)
          .regex(/^[\w. -]+$/, 'A file name may use letters, digits, spaces, _ . and -'),
        content: z.string().max(1024 * 1024 * 1024)
      })
      .strict()
  ).returns<{ path: string | null }>()
} as const

export interface ReaderStartResult {
  sessionId: string
  /** The shards the session reads (a key search: only those whose hash-key range held the key). */
  shards: ShardInfo[]
  /** Shards of the stream the session does not read, and why. */
  skipped: SkippedShard[]
  /** What a key search did about the shards ("only the shards whose range holds it", or why it reads all). */
  searchNote: string | null
  /** Where it starts: a search with a time range starts At timestamp, at the range's start. */
  position: StartPosition
  budget: ReadBudget
  /** The matches file of a search that saves its matches. */
  matchesFile: string | null
}

// --- events -----------------------------------------------------------------------------------

export interface Events {
  /**
   * One page of GetRecords (or a few merged), decoded: one message per page, never per record.
   * `delivery` numbers it among everything main sent this client: the client answers reader.ack.
   */
  'reader.batch': { sessionId: string; records: DecodedRecord[]; delivery: number }
  'reader.progress': {
    sessionId: string
    state: SessionState
    delivered: number
    shards: ShardProgress[]
    message: string | null
    /** A search's counts; null for a plain read. */
    search: SearchProgress | null
  }
  'reader.ended': {
    sessionId: string
    reason: SessionEndReason
    delivered: number
    error: AppError | null
    search: SearchSummary | null
  }
  /** A bulk send's or replay's counts, a few times a second. */
  'producer.progress': ProducerProgress
  /** The final report: counts per shard and every final failure. */
  'producer.ended': ProducerReport
  /** A rewind's dry run, watch, backup, writes or undo, a few times a second. */
  'leases.rewindProgress': RewindProgress
}

export const eventNames = [
  'reader.batch',
  'reader.progress',
  'reader.ended',
  'producer.progress',
  'producer.ended',
  'leases.rewindProgress'
] as const satisfies
  readonly (keyof Events)[]

/** Events main counts against the client's window until the client acknowledges them. */
export const acknowledgedEvents = ['reader.batch'] as const satisfies readonly (keyof Events)[]
export type AcknowledgedEvent = (typeof acknowledgedEvents)[number]

/**
 * What a transport sends back once it has handed an event to its listeners: reader.ack for an
 * acknowledged event (the api client over the WebSocket and the preload over IPC both use this),
 * nothing for any other.
 */
export function acknowledgementOf(event: string, payload: unknown): { operation: 'reader.ack'; input: { delivery: number } } | null {
  if (!(acknowledgedEvents as readonly string[]).includes(event)) return null
  const delivery = (payload as { delivery?: unknown } | null)?.delivery
  return typeof delivery === 'number' ? { operation: 'reader.ack', input: { delivery } } : null
}

// --- derived types ----------------------------------------------------------------------------

export type Operations = typeof operations
export type OperationName = keyof Operations
export type EventName = keyof Events
export const operationNames = Object.keys(operations) as OperationName[]

export type InputOf<K extends OperationName> = z.input<Operations[K]['input']>
export type ParsedInputOf<K extends OperationName> = z.output<Operations[K]['input']>
export type ResultOf<K extends OperationName> =
  Operations[K] extends Operation<z.ZodType, infer R> ? R : never

/** What every call resolves to on the wire: errors travel as data, never as thrown objects. */
export type Envelope<R> = { ok: true; result: R } | { ok: false; error: AppError }

type DomainOf<K> = K extends `${infer D}.${string}` ? D : never
type MemberOf<K, D extends string> = K extends `${D}.${infer M}` ? M : never

type CallFn<K extends OperationName, R> = keyof InputOf<K> extends never
  ? (input?: InputOf<K>) => Promise<R>
  : (input: InputOf<K>) => Promise<R>

type ListenerFns<D extends string> = {
  [E in EventName as E extends `${D}.${infer M}` ? `on${Capitalize<M>}` : never]: (
    listener: (payload: Events[E]) => void
  ) => () => void
}

/** The shape the preload exposes (one function per operation, grouped by domain). */
export type BridgeApi = {
  [D in DomainOf<OperationName>]: {
    [K in OperationName as MemberOf<K, D>]: CallFn<K, Envelope<ResultOf<K>>>
  } & ListenerFns<D>
}

/** The shape the renderer uses: the same, with envelopes unwrapped (errors thrown as ApiError). */
export type ClientApi = {
  [D in DomainOf<OperationName>]: {
    [K in OperationName as MemberOf<K, D>]: CallFn<K, ResultOf<K>>
  } & ListenerFns<D>
}

/** 'reader.batch' → ['reader', 'onBatch']: where an event's listener sits in the api. */
export function listenerKey(event: EventName): [string, string] {
  const [domain, member] = event.split('.') as [string, string]
  return [domain, `on${member.charAt(0).toUpperCase()}${member.slice(1)}`]
}

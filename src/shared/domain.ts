/** Domain types shared by main and the renderer. Plain data only: everything here crosses IPC. */
import type { RecordSchemaInfo } from './schemas'

/** How a connection finds its endpoint and credentials. */
export type ConnectionKind =
  /** The embedded kinesalite server main starts on 127.0.0.1; no AWS account needed. */
  | 'sandbox'
  /** The AWS CLI's defaults: AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL(_KINESIS), ~/.aws files. */
  | 'default'
  /** A named profile from ~/.aws/config or ~/.aws/credentials (SSO profiles included). */
  | 'profile'
  /** A custom endpoint such as LocalStack, kinesalite or kinesis-local. */
  | 'endpoint'

export interface ConnectionConfig {
  id: string
  name: string
  kind: ConnectionKind
  profile?: string
  region?: string
  /** The Kinesis endpoint. */
  endpoint?: string
  /** Where CloudWatch (metrics) and DynamoDB (KCL lease tables) calls go, for custom endpoints. */
  cloudwatchEndpoint?: string
  dynamodbEndpoint?: string
  /** Where Glue Schema Registry calls (GetSchemaVersion) go, for custom endpoints. */
  glueEndpoint?: string
  /** Where Lambda calls go (event source mappings), for custom endpoints. */
  lambdaEndpoint?: string
}

/**
 * Whether a connection can call a service other than Kinesis, and where. A connection with a
 * custom Kinesis endpoint and no endpoint for the other service never sends its calls to AWS.
 */
export type ServiceAccess =
  /** endpoint null: the region's AWS endpoint. */
  | { available: true; endpoint: string | null }
  | { available: false; reason: string }

export interface ConnectionSummary extends ConnectionConfig {
  /** Built-in connections (sandbox, default, one per profile) cannot be removed. */
  builtin: boolean
  /** One line that says what the connection will use, e.g. "profile dev · eu-west-1". */
  description: string
}

export interface ConnectionsState {
  connections: ConnectionSummary[]
  activeId: string | null
  /** The connection to open with: the AWS CLI default when anything is configured, else the sandbox. */
  initialId: string
  profiles: string[]
  /** The region the AWS CLI would use with no profile, if any. */
  defaultRegion: string | null
}

/** What the app is connected to right now. Never contains credentials. */
export interface ActiveConnection {
  connectionId: string
  name: string
  kind: ConnectionKind
  region: string
  endpoint: string | null
  profile: string | null
  services: { cloudwatch: ServiceAccess; dynamodb: ServiceAccess; glue: ServiceAccess; lambda: ServiceAccess }
}

export type StreamStatus = 'CREATING' | 'DELETING' | 'ACTIVE' | 'UPDATING'
export type CapacityMode = 'PROVISIONED' | 'ON_DEMAND'

/** One row of the stream list: what ListStreams returns (StreamSummaries where the server has them). */
export interface StreamListItem {
  name: string
  arn: string | null
  status: StreamStatus | null
  mode: CapacityMode | null
  createdAt: number | null
}

/** DescribeStreamSummary, flattened. */
export interface StreamDetails {
  name: string
  arn: string
  status: StreamStatus
  mode: CapacityMode
  openShardCount: number
  retentionHours: number
  encryption: 'NONE' | 'KMS'
  keyId: string | null
  createdAt: number
  consumerCount: number | null
  /** MaxRecordSizeInKiB (1,024–10,240): the largest record the stream takes; absent in the answer means 1 MiB. */
  maxRecordSizeKiB: number
  /** RecordDistributionStrategy: absent in the answer means USER_PARTITION_KEY. */
  recordDistribution: RecordDistributionStrategy
  /** EnhancedMonitoring's shard-level metrics (empty: enhanced monitoring is off). */
  shardLevelMetrics: string[]
  /** WarmThroughput (MiB/s of writes): on-demand streams in accounts with the minimum throughput billing commitment; null where absent. */
  warmThroughput: { targetMiBps: number | null; currentMiBps: number | null } | null
}

/**
 * How Kinesis picks a record's shard: by the MD5 of its partition key (or its explicit hash key),
 * or, on AUTO (on-demand streams only), evenly, ignoring both. Key → shard, routing predictions
 * and per-key order only mean something under USER_PARTITION_KEY.
 */
export type RecordDistributionStrategy = 'USER_PARTITION_KEY' | 'AUTO'

export interface ShardInfo {
  shardId: string
  parentShardId: string | null
  adjacentParentShardId: string | null
  /** Hash keys are 128-bit integers: kept as decimal strings. */
  hashKeyStart: string
  hashKeyEnd: string
  /** The share of the 2^128 key space this shard covers, 0..1. */
  keySpaceShare: number
  startingSequenceNumber: string
  /** Set once the shard is closed (after a split or merge). */
  endingSequenceNumber: string | null
  open: boolean
}

// ---------------------------------------------------------------------------------------------
// Reading records

export type StartPosition =
  | { type: 'TRIM_HORIZON' }
  | { type: 'LATEST' }
  /** subSequenceNumber: start at that user record of a KPL aggregate (see the contract). */
  | { type: 'AT_SEQUENCE_NUMBER'; sequenceNumber: string; shardId: string; subSequenceNumber?: number }
  | { type: 'AFTER_SEQUENCE_NUMBER'; sequenceNumber: string; shardId: string }
  | { type: 'AT_TIMESTAMP'; timestamp: number }

/** A start position on one shard: where one view can ask the record browser to read from. */
export type ShardPosition = Extract<StartPosition, { shardId: string }>

/** The console's words for each starting position. */
export const startPositionLabels: Record<StartPosition['type'], string> = {
  TRIM_HORIZON: 'Trim horizon',
  LATEST: 'Latest',
  AT_SEQUENCE_NUMBER: 'At sequence number',
  AFTER_SEQUENCE_NUMBER: 'After sequence number',
  AT_TIMESTAMP: 'At timestamp'
}

export type ReadMode = 'read' | 'tail'

export interface StopCondition {
  maxRecords?: number
  endTime?: number
  endSequenceNumber?: string
}

/** A step the decoder applied to a record's bytes, in order. */
/** 'schema': decoded with a schema (GSR, Confluent or a local file); the record's `schema` says which. */
export type DecodeStep = 'kpl' | 'schema' | 'gzip' | 'zlib' | 'utf8' | 'json' | 'cwlogs'

export type RecordView = 'json' | 'text' | 'hex' | 'base64'

export interface DecodedRecord {
  /** Unique within a session: shard, sequence number and, for KPL user records, sub-sequence. */
  id: string
  shardId: string
  sequenceNumber: string
  /** Set for user records taken out of a KPL aggregate. */
  subSequenceNumber: number | null
  partitionKey: string
  explicitHashKey: string | null
  /** ApproximateArrivalTimestamp, ms since the epoch. */
  arrivalTime: number
  /** Bytes of the record's data as stored (the user record's for KPL). */
  size: number
  /**
   * The data as stored, base64: what a re-put needs. Null when the data is exactly the UTF-8
   * bytes of `text` (most records): main does not send every byte twice, and the renderer derives
   * it with recordDataBase64() from shared/record-format.ts when it needs it.
   */
  dataBase64: string | null
  steps: DecodeStep[]
  /** The best view the pipeline reached. */
  kind: 'json' | 'text' | 'binary'
  /** UTF-8 text after decompression, when the bytes are valid UTF-8. */
  text: string | null
  /** Why decoding stopped short (malformed KPL, truncated gzip, invalid UTF-8, a GSR schema not found), if it did. */
  decodeError: string | null
  /** Set when a schema decoded the record: `text` is then the decoded value as JSON, not the bytes. */
  schema?: RecordSchemaInfo
  /** Set for a log event taken out of a CloudWatch Logs subscription record (a row per event). */
  logEvent?: LogEventInfo
}

/**
 * One log event of a CloudWatch Logs subscription record (gzip JSON that a subscription filter
 * puts on the stream), with what the record says about all of its events.
 */
export interface LogEventInfo {
  /** Its place in the record's logEvents: with shard, sequence and sub-sequence, the row's key. */
  index: number
  /** How many log events the record holds. */
  count: number
  /** CloudWatch Logs' event id (a decimal string of up to 56 digits). */
  id: string
  /** The event's own time, ms since the epoch (the row's arrival time is the record's). */
  timestamp: number
  /** CONTROL_MESSAGE: CloudWatch Logs checking that it can reach the stream, not a log event. */
  messageType: 'DATA_MESSAGE' | 'CONTROL_MESSAGE'
  owner: string
  logGroup: string
  logStream: string
  subscriptionFilters: string[]
}

/**
 * How much of each shard's read budget a session may spend. Production consumers share a shard's
 * 5 GetRecords/s and 2 MiB/s; 'gentle' leaves most of it to them (for streams whose consumers are
 * near the limits), at the cost of a slower read.
 */
export type ReadBudget = 'full' | 'gentle'

export const readBudgets: Record<ReadBudget, { callsPerSecond: number; bytesPerSecond: number; label: string }> = {
  full: { callsPerSecond: 5, bytesPerSecond: 2 * 1024 * 1024, label: 'Full budget: 5 calls/s and 2 MiB/s per shard' },
  gentle: { callsPerSecond: 1, bytesPerSecond: 1024 * 1024, label: 'Gentle: 1 call/s and 1 MiB/s per shard' }
}

/** A shard a session does not read, and why (a key search reads only the shards that held the key). */
export interface SkippedShard {
  shardId: string
  reason: string
}

/** A search's counts so far: every record scanned, and the matches (the only records sent to the window). */
export interface SearchProgress {
  scannedRecords: number
  /** Bytes of user-record data scanned. */
  scannedBytes: number
  matches: number
  /** Since the session started reading. */
  elapsedMs: number
  /** Matches written to the matches file so far (null when none is written). */
  matchesWritten: number | null
}

/** A search's end: the counts, the shards read, and where the matches were written. */
export interface SearchSummary extends SearchProgress {
  shardsRead: number
  matchesFile: string | null
}

/** What a search (or read) will scan, estimated before it starts. */
export interface ReadEstimate {
  /** 'cloudwatch': IncomingBytes/Records over the range; 'sample': from a GetRecords sample of each shard. */
  basis: 'cloudwatch' | 'sample'
  bytes: number
  records: number | null
  /** Shards the read covers (after a key search's skips). */
  shards: number
  /** The range estimated, ms since the epoch. */
  from: number
  to: number
  /** Seconds the read takes at the chosen budget (bytes over the shards' byte rate, at least their call rate). */
  seconds: number
  budget: ReadBudget
  /** How the figure was made, in a sentence for the user. */
  note: string
}

export type ShardReadState =
  | 'waiting' // a child waiting for its parents to be read to their end
  | 'reading'
  | 'caught-up'
  | 'throttled'
  /** Not calling GetRecords until the client (the window) has taken what it was sent. */
  | 'waiting-window'
  | 'finished' // read to the end of a closed shard, or to a stop condition
  | 'failed'

export interface ShardProgress {
  shardId: string
  state: ShardReadState
  recordsRead: number
  millisBehindLatest: number | null
  /** GetRecords calls this session made on this shard in the last second (limit 5). */
  callsLastSecond: number
  lastSequenceNumber: string | null
  /** Records of this shard the session has looked at (in a search, more than recordsRead: those that matched). */
  recordsScanned: number
  /** Arrival time of the last record scanned: how far the read has come. */
  lastArrivalTime: number | null
  /** GetRecords calls a second this session may make on this shard (5, or 1 on the gentle budget). */
  callLimit: number
  /** What happened last on this shard that the user should know: a renewal, a back-off. */
  note: string | null
}

/** A shard's progress before its first GetRecords. */
export function waitingShardProgress(shardId: string): ShardProgress {
  return {
    shardId,
    state: 'waiting',
    recordsRead: 0,
    millisBehindLatest: null,
    callsLastSecond: 0,
    lastSequenceNumber: null,
    recordsScanned: 0,
    lastArrivalTime: null,
    callLimit: 5,
    note: null
  }
}

export type SessionState = 'starting' | 'reading' | 'paused' | 'ended'

export type SessionEndReason =
  | 'completed' // every shard read to its tip or end
  | 'stop-condition'
  | 'stopped' // the user pressed stop
  | 'failed'

/**
 * What "Copy diagnostics" copies, for a bug report. By construction it holds no credentials, no
 * account id, no profile name and no endpoint URL (which may embed a host name or a secret):
 * only versions, the platform, and the active connection's kind and region.
 */
export interface Diagnostics {
  app: string
  /** null in the web host. */
  electron: string | null
  chrome: string | null
  node: string
  awsSdk: string
  platform: string
  connection: { kind: ConnectionKind; region: string; customEndpoint: boolean } | null
  logFile: string | null
  /** All of the above as the lines that are copied. */
  text: string
}

/**
 * A small HTTP proxy in front of a local Kinesis emulator that makes it behave like the real
 * service where it matters for a reader: round-trip latency, the per-shard GetRecords limits
 * (5 calls/s, 2 MB/s) and injectable faults (expired iterators, throttling, dropped connections,
 * calls that hang, a stream that disappears). Emulators answer in under a millisecond and never throttle, so code
 * that is only tested against them can be rude or slow on AWS (see the design brief's limits).
 *
 * Throttling rules, per (stream, shard), checked when a GetRecords call arrives:
 * - Calls: at most `getRecordsPerSecond` admitted calls in any rolling 1 s window. Refused calls
 *   do not consume the budget (they are still recorded in `stats().shards[].calls`).
 * - Bytes: a "debt" clock (GCRA / virtual scheduling). Each admitted response of N payload bytes
 *   pushes the shard's `bytesFreeAt` to max(bytesFreeAt, t) + N / bytesPerSecond seconds, where t
 *   is when the call arrived; a call arriving before `bytesFreeAt` is throttled. So a call that
 *   overdraws is still served, and later calls are refused until the average is back under the
 *   limit: AWS's documented "a call that returns 10 MB makes calls in the next 5 s throw" at
 *   2 MB/s, the 5 s counted from the call. Counting from the call's arrival also keeps the
 *   emulator's own service time out of the debt: kinesalite takes 200–400 ms to serve a 4 MB page
 *   (10 times what the service takes), and charging that as if AWS had spent it would model a
 *   service slower than the one users read from. `meterPagesAt: 'answer'` counts from when the
 *   emulator answered instead: the strictest reading, for tests that a reader facing such a
 *   service adapts (read-session.test.ts).
 *   Payload bytes = decoded record data + partition keys (close to what AWS meters), not the
 *   JSON size, which base64 inflates by a third.
 *
 * The proxy learns which shard a GetRecords call reads from the iterators it has seen go by:
 * GetShardIterator responses and each GetRecords' NextShardIterator. A call with an iterator it
 * never saw is forwarded unmetered (shardId null in events).
 *
 * The write side, per (stream, shard): a token bucket of `writeRecordsPerSecond` records and
 * `writeBytesPerSecond` bytes (data plus partition key), holding one second's worth. A record is
 * routed as Kinesis does (the partition key's MD5, or the explicit hash key, against the open
 * shards' ranges, from ListShards). PutRecords entries past the budget are failed inside a 200
 * answer exactly as AWS does (FailedRecordCount, per-entry ErrorCode and ErrorMessage, no
 * SequenceNumber); only the admitted entries are forwarded, and the answer is merged back by
 * position. A PutRecord past the budget gets a 400 ProvisionedThroughputExceededException.
 * Injected on demand: per-entry failures (InternalFailure, throttling) and PutRecords calls that
 * are forwarded (written) and then never answered, or answered by a dropped connection.
 *
 * Record distribution strategy, which no emulator has: for the streams a test picks
 * (emulateRecordDistribution), DescribeStreamSummary answers carry RecordDistributionStrategy,
 * UpdateStreamRecordDistributionStrategy (by StreamARN) is answered here (on-demand streams only,
 * as AWS), and on AUTO every PutRecord / PutRecords entry goes to an open shard picked in turn
 * (or at random), its keys ignored: the proxy rewrites its ExplicitHashKey to a hash key in that
 * shard's range before the write limits and the emulator see it.
 *
 * Channels, which no emulator has: once a test calls emulateChannels, ListChannels (StreamFilter by
 * StreamARN, MaxResults, NextToken pages) and DescribeChannel (by ChannelARN) are answered here
 * from the channels it gave (the SDK's ChannelDescription shape, timestamps as epoch seconds, as
 * AWS JSON 1.1 has them); before that they go to the emulator, which lacks them.
 */
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http'
import { randomBytes, randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { DescribeStreamSummaryCommand, type ChannelDescription } from '@aws-sdk/client-kinesis'
import { routingHashKey, shardRouter } from '../../src/main/core/kinesis/hash-key'
import { listShards } from '../../src/main/core/kinesis/stream-gateway'
import type { RecordDistributionStrategy, ShardInfo } from '../../src/shared/domain'
import { kinesisClient } from './emulators'

const ACCOUNT = '000000000000'

export interface KinesisProxyOptions {
  /** The emulator, e.g. http://127.0.0.1:4567 */
  target: string
  /** Added to every round trip (default 25). */
  latencyMs?: number
  /** GetRecords calls per shard in any rolling second (default 5). */
  getRecordsPerSecond?: number
  /** GetRecords payload bytes per shard per second (default 2 MB). */
  bytesPerSecond?: number
  /** Records written per shard per second (default 1,000, as AWS). */
  writeRecordsPerSecond?: number
  /** Bytes (data plus partition key) written per shard per second (default 1 MiB, as AWS). */
  writeBytesPerSecond?: number
  /**
   * When a page's byte debt starts (see the file's comment): when the call arrived (default), or
   * when the emulator answered it.
   */
  meterPagesAt?: 'arrival' | 'answer'
  /** Apply the limits above (default true). Injected faults apply regardless. */
  enforceLimits?: boolean
  /** Clock (ms) for limits, stats and event times. Default performance.now; tests may pass a manual one. */
  now?: () => number
}

/** What the proxy did with a request: forwarded it, refused it under a limit, or delivered a fault. */
export type ProxyOutcome = 'forwarded' | 'rate-limited' | 'byte-limited' | 'upstream-error'
  | 'injected-throttle' | 'injected-expiry' | 'injected-drop' | 'injected-hang' | 'stream-vanished'
  /** PutRecords with some entries failed (write limit or injected), the rest forwarded. */
  | 'partially-failed'
  /** A PutRecords written upstream whose answer was withheld (hang) or whose connection was dropped. */
  | 'written-no-answer'
  | 'write-limited'
  | 'injected-error'
  /** Answered by the proxy itself: UpdateStreamRecordDistributionStrategy on an emulated stream, ListChannels, DescribeChannel. */
  | 'emulated'

/** How an AUTO stream's records are spread: each open shard in turn, or one at random. */
export type RecordPlacement = 'round-robin' | 'random'

/** Decides an injected failure for one PutRecords entry: an ErrorCode, or null to let it through. */
export type WriteFaultRule = (entry: { stream: string; shardId: string; partitionKey: string; position: number }) =>
  | 'InternalFailure'
  | 'ProvisionedThroughputExceededException'
  | null

export interface ShardWriteStats {
  stream: string
  shardId: string
  /** Records forwarded to the emulator, and their bytes (data plus key). */
  records: number
  bytes: number
  /** Entries refused by the write limit. */
  throttled: number
  /** Entries failed by an injected rule. */
  injected: number
}

export interface ProxyEvent {
  operation: string
  stream: string | null
  shardId: string | null
  /** HTTP status sent to the client; 0 when the connection was dropped or never answered (a hang). */
  status: number
  /** PutRecords: entries in the call, and how many the proxy failed. */
  entries?: number
  failedEntries?: number
  /** Arrival time of the request, on the proxy's clock. */
  at: number
  /** Response body bytes sent to the client. */
  bytes: number
  outcome: ProxyOutcome
}

export interface ShardStats {
  stream: string
  shardId: string
  /** Arrival times of every GetRecords call on this shard, served or refused. */
  calls: number[]
  /** Calls refused by the limits (not counting injected faults). */
  throttled: number
}

export interface ProxyStats {
  shards: ShardStats[]
  /** Faults delivered, by kind. */
  faults: { expired: number; throttled: number; dropped: number; hung: number; notFound: number }
  /** Calls refused by each limit. */
  limited: { rate: number; bytes: number }
}

export interface KinesisProxy {
  endpoint: string
  expireIterators(shardId: string, count?: number): void
  throttle(shardId: string, count: number): void
  dropConnections(shardId: string, count?: number): void
  /**
   * The next `count` GetRecords calls on the shard are accepted and never answered (a hung proxy,
   * a half-open connection): the connection stays open, silent, until the client gives up. The
   * event is emitted when the call arrives.
   */
  hang(shardId: string, count?: number): void
  vanishStream(streamName: string): void
  /** Fails PutRecords entries the rule picks, until the returned function is called. */
  failWrites(rule: WriteFaultRule): () => void
  /** The next `count` PutRecords calls are written upstream, then never answered or dropped. */
  loseAnswers(count: number, mode?: 'hang' | 'drop'): void
  /** The same for the next `count` PutRecord calls (one record each). */
  loseRecordAnswers(count: number, mode?: 'hang' | 'drop'): void
  writeStats(): ShardWriteStats[]
  /**
   * Emulates the record distribution strategy for a stream (from now on, until the proxy closes):
   * DescribeStreamSummary says `strategy`, UpdateStreamRecordDistributionStrategy changes it, and
   * while it is AUTO the stream's puts are placed by `placement`, ignoring their keys.
   */
  emulateRecordDistribution(stream: string, strategy?: RecordDistributionStrategy, placement?: RecordPlacement): void
  /** The emulated strategy of a stream, or null where it is not emulated. */
  recordDistribution(stream: string): RecordDistributionStrategy | null
  /**
   * Answers ListChannels and DescribeChannel from these channels from now on (replacing any given
   * before); `pageSize` caps ListChannels pages below AWS's 100, to test NextToken.
   */
  emulateChannels(channels: ChannelDescription[], options?: { pageSize?: number }): void
  /**
   * The next `count` DescribeStreamSummary answers for the stream say `status` (e.g. UPDATING, as
   * AWS does while a change applies; the emulators apply changes at once), then the real status again.
   */
  reportStatus(stream: string, status: string, count: number): void
  /** The next `count` calls of `operation` get a 400 with this AWS error type (e.g. KMSDisabledException). */
  injectError(operation: string, type: string, message: string, count?: number): void
  onRequest(listener: (event: ProxyEvent) => void): () => void
  waitFor(predicate: (event: ProxyEvent) => boolean): Promise<ProxyEvent>
  stats(): ProxyStats
  close(): Promise<void>
}

/** The largest number of timestamps falling within any window of `windowMs` (default 1 s). */
export function maxCallsInWindow(times: readonly number[], windowMs = 1000): number {
  const sorted = [...times].sort((a, b) => a - b)
  let best = 0
  let start = 0
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] ?? 0) - (sorted[start] ?? 0) >= windowMs) start++
    best = Math.max(best, end - start + 1)
  }
  return best
}

interface ShardState extends ShardStats {
  admitted: number[]
  bytesFreeAt: number
}

interface Upstream {
  status: number
  headers: IncomingHttpHeaders
  body: Buffer
}

type Json = Record<string, unknown>

// Per-connection headers (and host: the target's differs), re-set on each hop.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host'])

function withoutHopByHop(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {}
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) kept[name] = value
  return kept
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null
}

function parseJson(body: Buffer): Json | null {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'))
    return typeof value === 'object' && value !== null ? (value as Json) : null
  } catch {
    return null
  }
}

/** Stream name from StreamName or StreamARN (arn:aws:kinesis:region:account:stream/NAME). */
function streamOf(input: Json | null): string | null {
  const arn = text(input?.StreamARN)
  return text(input?.StreamName) ?? (arn ? (/:stream\/([^/]+)/.exec(arn)?.[1] ?? null) : null)
}

function base64Length(b64: string): number {
  const padding = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0
  return Math.floor((b64.length * 3) / 4) - padding
}

/** What AWS meters for GetRecords: record data plus partition keys. */
function payloadBytes(output: Json | null): number {
  const records = Array.isArray(output?.Records) ? (output.Records as unknown[]) : []
  let total = 0
  for (const record of records) {
    if (typeof record !== 'object' || record === null) continue
    const { Data, PartitionKey } = record as Json
    if (typeof Data === 'string') total += base64Length(Data)
    if (typeof PartitionKey === 'string') total += Buffer.byteLength(PartitionKey)
  }
  return total
}

const DATA_FIELD = Buffer.from('"Data":"')
const KEY_FIELD = Buffer.from('"PartitionKey":"')
const SEQUENCE_FIELD = Buffer.from('"SequenceNumber":"')
const NEXT_ITERATOR_FIELD = Buffer.from('"NextShardIterator":"')
const QUOTE = 0x22
const BACKSLASH = 0x5c
const EQUALS = 0x3d

/**
 * A GetRecords answer's next iterator and metered bytes, found by searching the raw body instead
 * of parsing it. JSON.parse of a 4 MB page blocks the proxy's event loop for 15–60 ms, and a call
 * for another shard that arrives meanwhile would be time-stamped that much late: its page's debt
 * would start late, and that shard's next call, on time, be throttled. AWS's front end stamps a
 * call when it arrives. Falls back to parsing when the body is not plainly what this expects
 * (a string with an escape in it, fields written differently).
 */
export function meterGetRecordsAnswer(body: Buffer): { nextShardIterator: string | null; payloadBytes: number } {
  const parsed = (): { nextShardIterator: string | null; payloadBytes: number } => {
    const output = parseJson(body)
    return { nextShardIterator: text(output?.NextShardIterator), payloadBytes: payloadBytes(output) }
  }
  /** The end (closing quote) of a string value starting at `start`; -1 when it holds an escape. */
  const plainStringEnd = (start: number): number => {
    const end = body.indexOf(QUOTE, start)
    return end === -1 || body.subarray(start, end).includes(BACKSLASH) ? -1 : end
  }
  let total = 0
  let records = 0
  for (let at = body.indexOf(DATA_FIELD); at !== -1; at = body.indexOf(DATA_FIELD, at + 1)) {
    const start = at + DATA_FIELD.length
    const end = plainStringEnd(start)
    if (end === -1) return parsed()
    const padding = (body[end - 1] === EQUALS ? 1 : 0) + (body[end - 2] === EQUALS ? 1 : 0)
    total += Math.floor(((end - start) * 3) / 4) - padding
    records += 1
  }
  let keys = 0
  for (let at = body.indexOf(KEY_FIELD); at !== -1; at = body.indexOf(KEY_FIELD, at + 1)) {
    const start = at + KEY_FIELD.length
    const end = plainStringEnd(start)
    if (end === -1) return parsed()
    total += end - start
    keys += 1
  }
  let sequences = 0
  for (let at = body.indexOf(SEQUENCE_FIELD); at !== -1; at = body.indexOf(SEQUENCE_FIELD, at + 1)) sequences += 1
  if (keys !== records || sequences !== records) return parsed()
  const next = body.indexOf(NEXT_ITERATOR_FIELD)
  if (next === -1) return body.includes('"NextShardIterator"') ? parsed() : { nextShardIterator: null, payloadBytes: total }
  const end = plainStringEnd(next + NEXT_ITERATOR_FIELD.length)
  if (end === -1) return parsed()
  return { nextShardIterator: body.toString('utf8', next + NEXT_ITERATOR_FIELD.length, end), payloadBytes: total }
}

/** Java's Date.toString, which AWS uses in ExpiredIteratorException messages. */
function javaDate(ms: number): string {
  const [day, date, month, year, time] = new Date(ms).toUTCString().replace(',', '').split(' ')
  return `${day} ${month} ${date} ${time} UTC ${year}`
}

function readBody(message: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    message.on('data', (chunk: Buffer) => chunks.push(chunk))
    message.on('end', () => resolve(Buffer.concat(chunks)))
    message.on('error', reject)
  })
}

export async function startKinesisProxy(options: KinesisProxyOptions): Promise<KinesisProxy> {
  const target = new URL(options.target)
  const latencyMs = options.latencyMs ?? 25
  const callsPerSecond = options.getRecordsPerSecond ?? 5
  const bytesPerSecond = options.bytesPerSecond ?? 2 * 1024 * 1024
  const enforceLimits = options.enforceLimits ?? true
  const meterPagesAt = options.meterPagesAt ?? 'arrival'
  const now = options.now ?? (() => performance.now())

  // Keep-alive to the target; idle sockets are dropped before the target's own 5 s keep-alive
  // timeout so a reused socket is rarely closed under us (and we retry once if it is).
  const agent = new http.Agent({ keepAlive: true, timeout: 4000 })
  const iterators = new Map<string, { stream: string; shardId: string }>()
  const shards = new Map<string, ShardState>()
  const pendingExpiries = new Map<string, number>()
  const pendingThrottles = new Map<string, number>()
  const pendingDrops = new Map<string, number>()
  const pendingHangs = new Map<string, number>()
  const vanished = new Set<string>()
  const listeners = new Set<(event: ProxyEvent) => void>()
  const timers = new Set<NodeJS.Timeout>()
  const faults = { expired: 0, throttled: 0, dropped: 0, hung: 0, notFound: 0 }
  const limited = { rate: 0, bytes: 0 }
  const writeRecordsPerSecond = options.writeRecordsPerSecond ?? 1000
  const writeBytesPerSecond = options.writeBytesPerSecond ?? 1024 * 1024
  const writeRules = new Set<WriteFaultRule>()
  const lostAnswers: ('hang' | 'drop')[] = []
  const lostRecordAnswers: ('hang' | 'drop')[] = []
  const injectedErrors: { operation: string; type: string; message: string }[] = []
  const writes = new Map<string, ShardWriteStats & { tokens: number; byteTokens: number; at: number }>()
  const routes = new Map<string, Promise<(key: string, hashKey: string | null) => string | null>>()
  const control = kinesisClient(options.target)
  const distribution = new Map<string, { strategy: RecordDistributionStrategy; placement: RecordPlacement; next: number }>()
  const shardLists = new Map<string, Promise<ShardInfo[]>>()
  let channels: { list: ChannelDescription[]; pageSize: number } | null = null
  const reportedStatus = new Map<string, { status: string; count: number }>()

  /** ListChannels / DescribeChannel from the emulated channels: the answer, or AWS's error. */
  function answerChannels(operation: string, input: Json | null): { body: Json } | { type: string; message: string } {
    const list = channels?.list ?? []
    if (operation === 'DescribeChannel') {
      const arn = text(input?.ChannelARN)
      const found = list.find((c) => c.ChannelARN === arn)
      return found !== undefined ? { body: { ChannelDescription: found } } : { type: 'ResourceNotFoundException', message: `Channel ${arn ?? ''} under account ${ACCOUNT} not found.` }
    }
    const filter = Array.isArray(input?.StreamFilter) ? (input.StreamFilter as Json[]).map((f) => text(f.StreamARN)) : null
    const matching = list.filter((c) => filter === null || (c.StreamConfigurationList ?? []).some((s) => filter.includes(s.StreamARN ?? null)))
    const token = text(input?.NextToken)
    const offset = token === null ? 0 : Number(/^page-(\d+)$/.exec(token)?.[1] ?? NaN)
    if (!Number.isInteger(offset)) return { type: 'ExpiredNextTokenException', message: 'The NextToken is invalid or has expired.' }
    const size = Math.min(typeof input?.MaxResults === 'number' ? input.MaxResults : 100, 100, channels?.pageSize ?? 100)
    const page = matching.slice(offset, offset + size)
    const summaries = page.map((c) => ({
      ChannelName: c.ChannelName,
      ChannelARN: c.ChannelARN,
      ChannelId: c.ChannelId,
      ChannelStatus: c.ChannelStatus,
      ...(c.ChannelStatusReason !== undefined ? { ChannelStatusReason: c.ChannelStatusReason } : {}),
      ChannelCreationTimestamp: c.ChannelCreationTimestamp,
      ChannelDestinationType: c.S3TablesDestinationConfiguration !== undefined ? 'S3_TABLES' : 'S3',
      Streams: (c.StreamConfigurationList ?? []).map((s) => ({ StreamARN: s.StreamARN, StreamCreationTimestamp: s.StreamCreationTimestamp }))
    }))
    const more = offset + size < matching.length
    return { body: { ChannelSummaries: summaries, ...(more ? { NextToken: `page-${offset + size}` } : {}) } }
  }

  /** JSON 1.1 as AWS writes it: timestamps as epoch seconds. */
  function awsJson(value: Json): Buffer {
    return Buffer.from(
      JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
        const raw = this[key]
        return raw instanceof Date ? raw.getTime() / 1000 : v
      })
    )
  }

  /** The stream's shards, listed once from the emulator (fresh streams in tests). */
  function shardsOf(stream: string): Promise<ShardInfo[]> {
    let shards = shardLists.get(stream)
    if (shards === undefined) {
      shards = listShards(control, stream)
      shardLists.set(stream, shards)
      shards.catch(() => shardLists.delete(stream))
    }
    return shards
  }

  /** An AUTO stream's put with each entry sent to the next open shard (its ExplicitHashKey rewritten). */
  async function spreadEvenly(stream: string, operation: string, input: Json): Promise<Json> {
    const state = distribution.get(stream)
    const open = (await shardsOf(stream)).filter((s) => s.open)
    if (state === undefined || open.length === 0) return input
    const place = (entry: unknown): unknown => {
      if (typeof entry !== 'object' || entry === null) return entry
      const index = state.placement === 'random' ? Math.floor(Math.random() * open.length) : state.next++ % open.length
      const shard = open[index] as ShardInfo
      const start = BigInt(shard.hashKeyStart)
      const width = BigInt(shard.hashKeyEnd) - start + 1n
      const hashKey = start + (BigInt(`0x${randomBytes(16).toString('hex')}`) % width)
      const { PartitionKey } = entry as Json
      // AUTO makes the key optional; the emulator still wants one.
      return { ...entry, PartitionKey: typeof PartitionKey === 'string' && PartitionKey !== '' ? PartitionKey : 'auto', ExplicitHashKey: hashKey.toString() }
    }
    if (operation === 'PutRecord') return place(input) as Json
    return Array.isArray(input.Records) ? { ...input, Records: input.Records.map(place) } : input
  }

  /** UpdateStreamRecordDistributionStrategy for an emulated stream: null when it is accepted, else AWS's error. */
  async function updateDistribution(stream: string, input: Json | null): Promise<{ type: string; message: string } | null> {
    const strategy = input?.RecordDistributionStrategy
    if (text(input?.StreamARN) === null) {
      return { type: 'ValidationException', message: "1 validation error detected: Value null at 'streamARN' failed to satisfy constraint: Member must not be null" }
    }
    if (strategy !== 'AUTO' && strategy !== 'USER_PARTITION_KEY') {
      return { type: 'ValidationException', message: `Value '${String(strategy)}' at 'recordDistributionStrategy' failed to satisfy constraint: Member must satisfy enum value set: [AUTO, USER_PARTITION_KEY]` }
    }
    const { StreamDescriptionSummary: summary } = await control.send(new DescribeStreamSummaryCommand({ StreamName: stream }))
    if (summary?.StreamModeDetails?.StreamMode !== 'ON_DEMAND') {
      return { type: 'InvalidArgumentException', message: `Stream ${stream} under account ${ACCOUNT} is not in ON_DEMAND mode: the record distribution strategy can only be set on on-demand streams.` }
    }
    const state = distribution.get(stream)
    if (state !== undefined) state.strategy = strategy
    return null
  }

  /** A DescribeStreamSummary answer with the emulated stream's RecordDistributionStrategy and reported status in it. */
  function withDistribution(stream: string, upstream: Upstream): Upstream {
    const strategy = distribution.get(stream)?.strategy
    const reported = reportedStatus.get(stream)
    const output = parseJson(upstream.body)
    const summary = output?.StreamDescriptionSummary
    if ((strategy === undefined && reported === undefined) || typeof summary !== 'object' || summary === null) return upstream
    if (reported !== undefined && --reported.count <= 0) reportedStatus.delete(stream)
    const changed = { ...summary, ...(strategy === undefined ? {} : { RecordDistributionStrategy: strategy }), ...(reported === undefined ? {} : { StreamStatus: reported.status }) }
    return { ...upstream, body: Buffer.from(JSON.stringify({ ...output, StreamDescriptionSummary: changed })) }
  }

  /** The stream's open shards, learnt once from the emulator (fresh streams in tests). */
  function routeOf(stream: string): Promise<(key: string, hashKey: string | null) => string | null> {
    let route = routes.get(stream)
    if (route === undefined) {
      route = shardsOf(stream).then((shards) => {
        const find = shardRouter(shards)
        return (key: string, hashKey: string | null) => find(routingHashKey(key, hashKey))?.shardId ?? null
      })
      routes.set(stream, route)
      route.catch(() => routes.delete(stream))
    }
    return route
  }

  function writeState(stream: string, shardId: string) {
    const key = `${stream}/${shardId}`
    let state = writes.get(key)
    if (!state) {
      state = { stream, shardId, records: 0, bytes: 0, throttled: 0, injected: 0, tokens: writeRecordsPerSecond, byteTokens: writeBytesPerSecond, at: now() }
      writes.set(key, state)
    }
    return state
  }

  /** Spends one record of the shard's write budget, or says it is exhausted. */
  function admitWrite(stream: string, shardId: string, size: number, at: number): boolean {
    const state = writeState(stream, shardId)
    const seconds = Math.max(0, at - state.at) / 1000
    state.at = at
    state.tokens = Math.min(writeRecordsPerSecond, state.tokens + seconds * writeRecordsPerSecond)
    state.byteTokens = Math.min(writeBytesPerSecond, state.byteTokens + seconds * writeBytesPerSecond)
    if (enforceLimits && (state.tokens < 1 || state.byteTokens < size)) {
      state.throttled++
      return false
    }
    state.tokens -= 1
    state.byteTokens -= size
    state.records++
    state.bytes += size
    return true
  }

  function shardState(stream: string, shardId: string): ShardState {
    const key = `${stream}/${shardId}`
    let state = shards.get(key)
    if (!state) {
      state = { stream, shardId, calls: [], throttled: 0, admitted: [], bytesFreeAt: -Infinity }
      shards.set(key, state)
    }
    return state
  }

  /** Consumes one pending fault for the shard, if any. */
  function take(pending: Map<string, number>, shardId: string): boolean {
    const left = pending.get(shardId) ?? 0
    if (left <= 0) return false
    if (left === 1) pending.delete(shardId)
    else pending.set(shardId, left - 1)
    return true
  }

  function emit(event: ProxyEvent): void {
    for (const listener of [...listeners]) listener(event)
  }

  function later(fn: () => void): void {
    const timer = setTimeout(() => {
      timers.delete(timer)
      fn()
    }, latencyMs)
    timers.add(timer)
  }

  function forward(req: IncomingMessage, body: Buffer, retry = true): Promise<Upstream> {
    return new Promise((resolve, reject) => {
      const headers = { ...withoutHopByHop(req.headers), 'content-length': String(body.length) }
      const upstream = http.request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent },
        (response) => {
          readBody(response).then(
            (data) => resolve({ status: response.statusCode ?? 500, headers: response.headers, body: data }),
            reject
          )
        }
      )
      upstream.on('error', (error) => {
        if (retry && upstream.reusedSocket) forward(req, body, false).then(resolve, reject)
        else reject(error)
      })
      upstream.end(body)
    })
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = now()
    let body = await readBody(req)
    const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? 'Unknown'
    let input = parseJson(body)
    let stream = streamOf(input)
    let shardId = text(input?.ShardId)
    if (operation === 'GetRecords') {
      const known = iterators.get(text(input?.ShardIterator) ?? '')
      stream = known?.stream ?? null
      shardId = known?.shardId ?? null
    }
    const base = { operation, stream, shardId, at }

    const send = (status: number, headers: http.OutgoingHttpHeaders, payload: Buffer, outcome: ProxyOutcome): void =>
      later(() => {
        res.writeHead(status, { ...headers, 'content-length': payload.length })
        res.end(payload, () => emit({ ...base, status, bytes: payload.length, outcome }))
      })

    // Shaped like AWS's JSON-protocol errors so the SDK maps them to its named exception classes.
    const fail = (type: string, message: string, outcome: ProxyOutcome): void =>
      send(
        400,
        {
          'content-type': 'application/x-amz-json-1.1',
          'x-amzn-errortype': type,
          'x-amzn-requestid': randomUUID(),
          'x-amz-id-2': randomBytes(48).toString('base64')
        },
        Buffer.from(JSON.stringify({ __type: type, message })),
        outcome
      )
    const rateExceeded = `Rate exceeded for shard ${shardId ?? ''} in stream ${stream ?? ''} under account ${ACCOUNT}.`

    const injected = injectedErrors.findIndex((e) => e.operation === operation)
    if (injected !== -1) {
      const [error] = injectedErrors.splice(injected, 1)
      if (error !== undefined) return fail(error.type, error.message, 'injected-error')
    }

    if (stream !== null && vanished.has(stream)) {
      faults.notFound++
      return fail('ResourceNotFoundException', `Stream ${stream} under account ${ACCOUNT} not found.`, 'stream-vanished')
    }

    let shard: ShardState | null = null
    if (operation === 'GetRecords' && stream !== null && shardId !== null) {
      shard = shardState(stream, shardId)
      shard.calls.push(at)
      if (take(pendingDrops, shardId)) {
        faults.dropped++
        return later(() => {
          req.socket.destroy()
          emit({ ...base, status: 0, bytes: 0, outcome: 'injected-drop' })
        })
      }
      if (take(pendingHangs, shardId)) {
        faults.hung++
        emit({ ...base, status: 0, bytes: 0, outcome: 'injected-hang' })
        return // never answered; closed when the client gives up or the proxy closes
      }
      if (take(pendingExpiries, shardId)) {
        faults.expired++
        const wall = Date.now()
        return fail(
          'ExpiredIteratorException',
          `Iterator expired. The iterator was created at time ${javaDate(wall - 301_000)} while right now it is ` +
            `${javaDate(wall)} which is further in the future than the tolerated delay of 300000 milliseconds.`,
          'injected-expiry'
        )
      }
      if (take(pendingThrottles, shardId)) {
        faults.throttled++
        return fail('ProvisionedThroughputExceededException', rateExceeded, 'injected-throttle')
      }
      if (enforceLimits) {
        shard.admitted = shard.admitted.filter((t) => at - t < 1000)
        if (shard.admitted.length >= callsPerSecond) {
          shard.throttled++
          limited.rate++
          return fail('ProvisionedThroughputExceededException', rateExceeded, 'rate-limited')
        }
        if (at < shard.bytesFreeAt) {
          shard.throttled++
          limited.bytes++
          return fail('ProvisionedThroughputExceededException', rateExceeded, 'byte-limited')
        }
      }
      shard.admitted.push(at)
    }

    if (operation === 'UpdateStreamRecordDistributionStrategy' && stream !== null && distribution.has(stream)) {
      const refused = await updateDistribution(stream, input)
      if (refused !== null) return fail(refused.type, refused.message, 'emulated')
      return send(200, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() }, Buffer.from('{}'), 'emulated')
    }
    if ((operation === 'ListChannels' || operation === 'DescribeChannel') && channels !== null) {
      const answer = answerChannels(operation, input)
      if ('type' in answer) return fail(answer.type, answer.message, 'emulated')
      return send(200, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() }, awsJson(answer.body), 'emulated')
    }
    if ((operation === 'PutRecords' || operation === 'PutRecord') && stream !== null && input !== null && distribution.get(stream)?.strategy === 'AUTO') {
      input = await spreadEvenly(stream, operation, input)
      body = Buffer.from(JSON.stringify(input))
    }

    if ((operation === 'PutRecords' || operation === 'PutRecord') && stream !== null && input !== null) {
      const handled = await handleWrite(operation, stream, input, req, res, base, send, fail)
      if (handled) return
    }

    let upstream: Upstream
    try {
      upstream = await forward(req, body)
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      return send(
        500,
        { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': 'InternalFailure' },
        Buffer.from(JSON.stringify({ __type: 'InternalFailure', message: `proxy: ${message}` })),
        'upstream-error'
      )
    }

    // Learn iterators → shard, and meter the payload, from successful answers.
    if (upstream.status === 200 && (operation === 'GetShardIterator' || operation === 'GetRecords')) {
      const page = operation === 'GetRecords' ? meterGetRecordsAnswer(upstream.body) : null
      const next = page !== null ? page.nextShardIterator : text(parseJson(upstream.body)?.ShardIterator)
      if (next !== null && stream !== null && shardId !== null) iterators.set(next, { stream, shardId })
      if (shard !== null && page !== null && enforceLimits) {
        const meteredAt = meterPagesAt === 'arrival' ? at : now()
        shard.bytesFreeAt = Math.max(shard.bytesFreeAt, meteredAt) + (page.payloadBytes / bytesPerSecond) * 1000
      }
    }
    if (upstream.status === 200 && operation === 'DescribeStreamSummary' && stream !== null) upstream = withDistribution(stream, upstream)
    send(upstream.status, withoutHopByHop(upstream.headers), upstream.body, 'forwarded')
  }

  type Base = { operation: string; stream: string | null; shardId: string | null; at: number }
  type Send = (status: number, headers: http.OutgoingHttpHeaders, payload: Buffer, outcome: ProxyOutcome) => void
  type Fail = (type: string, message: string, outcome: ProxyOutcome) => void

  /** The write side; false when the call is not one it can meter (then it is forwarded as is). */
  async function handleWrite(operation: string, stream: string, input: Json, req: IncomingMessage, res: ServerResponse, base: Base, send: Send, fail: Fail): Promise<boolean> {
    let route: (key: string, hashKey: string | null) => string | null
    try {
      route = await routeOf(stream)
    } catch {
      return false
    }
    const entryOf = (value: unknown): { key: string; hashKey: string | null; size: number } | null => {
      if (typeof value !== 'object' || value === null) return null
      const { PartitionKey, ExplicitHashKey, Data } = value as Json
      if (typeof PartitionKey !== 'string' || typeof Data !== 'string') return null
      return { key: PartitionKey, hashKey: typeof ExplicitHashKey === 'string' ? ExplicitHashKey : null, size: base64Length(Data) + Buffer.byteLength(PartitionKey) }
    }
    const rateMessage = (shardId: string): string => `Rate exceeded for shard ${shardId} in stream ${stream} under account ${ACCOUNT}.`

    if (operation === 'PutRecord') {
      const entry = entryOf(input)
      const shardId = entry !== null ? route(entry.key, entry.hashKey) : null
      if (entry === null || shardId === null) return false
      if (!admitWrite(stream, shardId, entry.size, base.at)) {
        fail('ProvisionedThroughputExceededException', rateMessage(shardId), 'write-limited')
        return true
      }
      const loseAnswer = lostRecordAnswers.shift()
      if (loseAnswer === undefined) return false
      try {
        await forward(req, Buffer.from(JSON.stringify(input)))
      } catch {
        return false
      }
      if (loseAnswer === 'drop') later(() => req.socket.destroy())
      emit({ ...base, status: 0, bytes: 0, outcome: 'written-no-answer', entries: 1, failedEntries: 0 })
      return true
    }

    const records = Array.isArray(input.Records) ? (input.Records as unknown[]) : null
    if (records === null) return false
    const entries = records.map(entryOf)
    if (entries.some((e) => e === null)) return false
    const verdicts: ({ ErrorCode: string; ErrorMessage: string } | null)[] = entries.map((entry, position) => {
      const { key, hashKey, size } = entry as { key: string; hashKey: string | null; size: number }
      const shardId = route(key, hashKey)
      if (shardId === null) return null
      for (const rule of writeRules) {
        const code = rule({ stream, shardId, partitionKey: key, position })
        if (code !== null) {
          writeState(stream, shardId).injected++
          return { ErrorCode: code, ErrorMessage: code === 'InternalFailure' ? 'Internal service failure.' : rateMessage(shardId) }
        }
      }
      return admitWrite(stream, shardId, size, base.at) ? null : { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: rateMessage(shardId) }
    })
    const admitted = records.filter((_, i) => verdicts[i] === null)
    const failedEntries = records.length - admitted.length
    let upstreamRecords: Json[] = []
    const loseAnswer = admitted.length > 0 ? lostAnswers.shift() : undefined
    if (admitted.length > 0) {
      let upstream: Upstream
      try {
        upstream = await forward(req, Buffer.from(JSON.stringify({ ...input, Records: admitted })))
      } catch {
        return false
      }
      if (loseAnswer !== undefined) {
        // Written upstream; the client never learns it. 'drop' resets the connection, 'hang' waits.
        if (loseAnswer === 'drop') later(() => req.socket.destroy())
        emit({ ...base, status: 0, bytes: 0, outcome: 'written-no-answer', entries: records.length, failedEntries })
        return true
      }
      if (upstream.status !== 200) {
        send(upstream.status, withoutHopByHop(upstream.headers), upstream.body, 'forwarded')
        return true
      }
      upstreamRecords = (parseJson(upstream.body)?.Records as Json[] | undefined) ?? []
    }
    let next = 0
    let failedCount = 0
    const merged = verdicts.map((verdict) => {
      if (verdict !== null) {
        failedCount++
        return verdict
      }
      const r = upstreamRecords[next++] ?? { ErrorCode: 'InternalFailure', ErrorMessage: 'Internal service failure.' }
      if (typeof r.ErrorCode === 'string') failedCount++
      return r
    })
    const payload = Buffer.from(JSON.stringify({ FailedRecordCount: failedCount, Records: merged, EncryptionType: 'NONE' }))
    const outcome: ProxyOutcome = failedEntries === 0 ? 'forwarded' : 'partially-failed'
    later(() => {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID(), 'content-length': payload.length })
      res.end(payload, () => emit({ ...base, status: 200, bytes: payload.length, outcome, entries: records.length, failedEntries }))
    })
    return true
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error))
    })
  })
  // Longer than any client's idle keep-alive, so the proxy never closes a socket a client reuses.
  server.keepAliveTimeout = 60_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo

  const addFault = (pending: Map<string, number>, shardId: string, count: number): void => {
    pending.set(shardId, (pending.get(shardId) ?? 0) + count)
  }

  return {
    endpoint: `http://127.0.0.1:${port}`,
    expireIterators: (shardId, count = 1) => addFault(pendingExpiries, shardId, count),
    throttle: (shardId, count) => addFault(pendingThrottles, shardId, count),
    dropConnections: (shardId, count = 1) => addFault(pendingDrops, shardId, count),
    hang: (shardId, count = 1) => addFault(pendingHangs, shardId, count),
    vanishStream: (streamName) => void vanished.add(streamName),
    failWrites(rule) {
      writeRules.add(rule)
      return () => void writeRules.delete(rule)
    },
    loseAnswers(count, mode = 'drop') {
      for (let i = 0; i < count; i++) lostAnswers.push(mode)
    },
    loseRecordAnswers(count, mode = 'drop') {
      for (let i = 0; i < count; i++) lostRecordAnswers.push(mode)
    },
    reportStatus(stream, status, count) {
      reportedStatus.set(stream, { status, count })
    },
    injectError(operation, type, message, count = 1) {
      for (let i = 0; i < count; i++) injectedErrors.push({ operation, type, message })
    },
    emulateRecordDistribution(stream, strategy = 'AUTO', placement = 'round-robin') {
      distribution.set(stream, { strategy, placement, next: 0 })
    },
    recordDistribution: (stream) => distribution.get(stream)?.strategy ?? null,
    emulateChannels(list, options = {}) {
      channels = { list: [...list], pageSize: options.pageSize ?? 100 }
    },
    writeStats: () => [...writes.values()].map(({ stream, shardId, records, bytes, throttled, injected }) => ({ stream, shardId, records, bytes, throttled, injected })),
    onRequest(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    waitFor(predicate) {
      return new Promise((resolve) => {
        const listener = (event: ProxyEvent): void => {
          if (!predicate(event)) return
          listeners.delete(listener)
          resolve(event)
        }
        listeners.add(listener)
      })
    },
    stats: () => ({
      shards: [...shards.values()].map(({ stream, shardId, calls, throttled }) => ({ stream, shardId, calls: [...calls], throttled })),
      faults: { ...faults },
      limited: { ...limited }
    }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer)
        timers.clear()
        listeners.clear()
        server.close(() => resolve())
        server.closeAllConnections()
        agent.destroy()
        control.destroy()
      })
  }
}

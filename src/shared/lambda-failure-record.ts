/**
 * Lambda's on-failure records for a Kinesis event source: the JSON document an SQS queue, SNS topic
 * or S3 bucket receives when a function gives up on a batch. It carries metadata only (which
 * shard, which sequence-number range, how many records), never the records:
 *
 *   { "requestContext": { "requestId", "functionArn", "condition", "approximateInvokeCount" },
 *     "responseContext": { "statusCode", "executedVersion", "functionError" },
 *     "version": "1.0", "timestamp": "2019-11-14T00:38:06.021Z",
 *     "KinesisBatchInfo": { "shardId", "startSequenceNumber", "endSequenceNumber",
 *       "approximateArrivalOfFirstRecord", "approximateArrivalOfLastRecord", "batchSize", "streamArn" } }
 *
 * One parser for everything a user may paste or open: the document itself, a JSON array of them,
 * JSON Lines, an SQS message (its Body, or `aws sqs receive-message` output with Messages), an
 * SNS notification (its Message), or both (SNS to SQS); an S3 object holds the document (with the
 * batch's payload beside it). It never throws: every problem names the field. No node, no DOM.
 */

export interface FailureRecord {
  /** Where in the input it was: "line 3", "item 2", "line 1, Messages[4].Body". */
  where: string
  functionArn: string
  /** The function's name, from its ARN. */
  functionName: string
  /** RetryAttemptsExhausted, RecordAgeExceeded, …; null when the document has none. */
  condition: string | null
  invokeCount: number | null
  /** When Lambda gave up, epoch ms. */
  timestamp: number | null
  shardId: string
  startSequenceNumber: string
  endSequenceNumber: string
  firstArrival: number | null
  lastArrival: number | null
  batchSize: number
  streamArn: string
  /** The stream's name, from its ARN. */
  streamName: string
}

export interface FailureRecordProblem {
  where: string
  /** The field at fault, as a path in the document: "KinesisBatchInfo.startSequenceNumber". */
  field: string
  message: string
}

export interface ParsedFailureRecords {
  records: FailureRecord[]
  problems: FailureRecordProblem[]
}

/** How deep envelopes may nest (SNS in SQS in a receive-message answer is 3). */
const MAX_DEPTH = 6
/** Lambda's largest Kinesis batch. */
const MAX_BATCH = 10_000
const SEQUENCE = /^\d{1,128}$/
const STREAM_ARN = /^arn:[\w-]+:kinesis:[\w-]*:\d*:stream\/([A-Za-z0-9_.-]{1,128})$/

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type Doc = { [key: string]: Json }

function isObject(value: unknown): value is Doc {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function tryJson(text: string): { ok: true; value: Json } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as Json }
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) }
  }
}

/** The stream's name in a Kinesis stream ARN, or null. */
export function streamNameOf(arn: string): string | null {
  return STREAM_ARN.exec(arn)?.[1] ?? null
}

function functionNameOf(arn: string): string {
  return /^arn:[^:]+:lambda:[^:]*:[^:]*:function:(.+)$/.exec(arn)?.[1] ?? arn
}

/** An ISO time as epoch ms; undefined when absent, NaN when not a time. */
function timeOf(value: Json | undefined): number | undefined {
  if (value === undefined || value === null) return undefined
  return typeof value === 'string' ? Date.parse(value) : NaN
}

/** Checks one failure document; returns the record or the problem with its field. */
function recordOf(doc: Doc, where: string): FailureRecord | FailureRecordProblem {
  const problem = (field: string, message: string): FailureRecordProblem => ({ where, field, message })
  const batch = doc.KinesisBatchInfo
  if (batch === undefined) {
    if (doc.DDBStreamBatchInfo !== undefined) return problem('KinesisBatchInfo', 'This is a DynamoDB Streams failure record (DDBStreamBatchInfo), not a Kinesis one.')
    return problem('KinesisBatchInfo', 'Not a Lambda failure record of a Kinesis stream: it has no KinesisBatchInfo.')
  }
  if (!isObject(batch)) return problem('KinesisBatchInfo', 'KinesisBatchInfo is not an object.')
  const text = (key: string): string | FailureRecordProblem => {
    const value = batch[key]
    if (value === undefined || value === null) return problem(`KinesisBatchInfo.${key}`, `KinesisBatchInfo.${key} is missing.`)
    if (typeof value !== 'string' || value === '') return problem(`KinesisBatchInfo.${key}`, `KinesisBatchInfo.${key} is not a non-empty string.`)
    return value
  }
  const shardId = text('shardId')
  if (typeof shardId !== 'string') return shardId
  if (shardId.length > 128) return problem('KinesisBatchInfo.shardId', 'KinesisBatchInfo.shardId is longer than a shard id can be (128 characters).')
  const sequences: string[] = []
  for (const key of ['startSequenceNumber', 'endSequenceNumber']) {
    const value = text(key)
    if (typeof value !== 'string') return value
    if (!SEQUENCE.test(value)) return problem(`KinesisBatchInfo.${key}`, `KinesisBatchInfo.${key} is not a sequence number (digits only): "${value.slice(0, 40)}".`)
    sequences.push(value)
  }
  const [start = '', end = ''] = sequences
  if (BigInt(end) < BigInt(start)) return problem('KinesisBatchInfo.endSequenceNumber', 'KinesisBatchInfo.endSequenceNumber comes before startSequenceNumber.')
  const size = batch.batchSize
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > MAX_BATCH) {
    return problem('KinesisBatchInfo.batchSize', `KinesisBatchInfo.batchSize is not a whole number from 1 to ${MAX_BATCH.toLocaleString('en-US')}.`)
  }
  const streamArn = text('streamArn')
  if (typeof streamArn !== 'string') return streamArn
  const streamName = streamNameOf(streamArn)
  if (streamName === null) return problem('KinesisBatchInfo.streamArn', `KinesisBatchInfo.streamArn is not a Kinesis stream ARN: "${streamArn.slice(0, 80)}".`)
  const arrivals: (number | null)[] = []
  for (const key of ['approximateArrivalOfFirstRecord', 'approximateArrivalOfLastRecord']) {
    const at = timeOf(batch[key])
    if (at !== undefined && !Number.isFinite(at)) return problem(`KinesisBatchInfo.${key}`, `KinesisBatchInfo.${key} is not a time.`)
    arrivals.push(at ?? null)
  }
  const context = doc.requestContext
  if (context !== undefined && !isObject(context)) return problem('requestContext', 'requestContext is not an object.')
  const functionArn = context?.functionArn
  if (typeof functionArn !== 'string' || functionArn === '') return problem('requestContext.functionArn', 'requestContext.functionArn is missing: which function gave up on the batch?')
  const condition = context?.condition
  if (condition !== undefined && condition !== null && typeof condition !== 'string') return problem('requestContext.condition', 'requestContext.condition is not a string.')
  const invokes = context?.approximateInvokeCount
  if (invokes !== undefined && invokes !== null && typeof invokes !== 'number') return problem('requestContext.approximateInvokeCount', 'requestContext.approximateInvokeCount is not a number.')
  const timestamp = timeOf(doc.timestamp)
  if (timestamp !== undefined && !Number.isFinite(timestamp)) return problem('timestamp', 'timestamp is not a time.')
  return {
    where,
    functionArn,
    functionName: functionNameOf(functionArn),
    condition: typeof condition === 'string' ? condition : null,
    invokeCount: typeof invokes === 'number' ? invokes : null,
    timestamp: timestamp ?? null,
    shardId,
    startSequenceNumber: start,
    endSequenceNumber: end,
    firstArrival: arrivals[0] ?? null,
    lastArrival: arrivals[1] ?? null,
    batchSize: size,
    streamArn,
    streamName
  }
}

/** A JSON string inside an envelope (an SQS Body, an SNS Message). */
function nestedJson(value: string, where: string, field: string, out: ParsedFailureRecords, depth: number): void {
  const parsed = tryJson(value)
  if (!parsed.ok) {
    out.problems.push({ where, field, message: `${field} is not JSON: ${parsed.error}` })
    return
  }
  collect(parsed.value, where, out, depth + 1)
}

/** Unwraps envelopes until failure documents are reached, and checks each. */
function collect(value: Json, where: string, out: ParsedFailureRecords, depth: number): void {
  if (depth > MAX_DEPTH) {
    out.problems.push({ where, field: '(document)', message: 'Envelopes nest too deep to be an SQS message or SNS notification.' })
    return
  }
  const at = (suffix: string): string => (where === '' ? suffix : `${where}, ${suffix}`)
  if (Array.isArray(value)) {
    value.forEach((item, i) => collect(item, at(`item ${i + 1}`), out, depth + 1))
    return
  }
  if (!isObject(value)) {
    out.problems.push({ where, field: '(document)', message: 'Not a failure record: expected a JSON object.' })
    return
  }
  if ('KinesisBatchInfo' in value || 'requestContext' in value || 'DDBStreamBatchInfo' in value) {
    const record = recordOf(value, where)
    if ('field' in record) out.problems.push(record)
    else out.records.push(record)
    return
  }
  // `aws sqs receive-message` output, or a Lambda SQS/SNS event.
  for (const list of ['Messages', 'Records']) {
    const items = value[list]
    if (Array.isArray(items)) {
      items.forEach((item, i) => collect(item, at(`${list}[${i}]`), out, depth + 1))
      return
    }
  }
  for (const field of ['Body', 'body', 'Message']) {
    const inner = value[field]
    if (typeof inner === 'string') return nestedJson(inner, at(field), field, out, depth)
  }
  // A Lambda SNS event record: { Sns: { Message } }.
  const sns = value.Sns
  if (isObject(sns) && typeof sns.Message === 'string') return nestedJson(sns.Message, at('Sns.Message'), 'Sns.Message', out, depth)
  out.problems.push({ where, field: 'KinesisBatchInfo', message: 'Not a Lambda failure record of a Kinesis stream: it has no KinesisBatchInfo (nor an SQS Body or SNS Message holding one).' })
}

/** Everything in `text`: one JSON document (object or array), or JSON Lines. Never throws. */
export function parseFailureRecords(text: string): ParsedFailureRecords {
  const out: ParsedFailureRecords = { records: [], problems: [] }
  try {
    if (text.trim() === '') {
      out.problems.push({ where: 'input', field: '(document)', message: 'Nothing to read: paste a failure record, or open a file of them.' })
      return out
    }
    const whole = tryJson(text)
    if (whole.ok) {
      collect(whole.value, '', out, 0)
      // One document: its problems are "in the document".
      for (const p of out.problems) if (p.where === '') p.where = 'the document'
      for (const r of out.records) if (r.where === '') r.where = 'the document'
      return out
    }
    const lines = text.split(/\r?\n/)
    const filled = lines.filter((l) => l.trim() !== '').length
    if (filled <= 1) {
      out.problems.push({ where: 'input', field: '(document)', message: `Not JSON: ${whole.error}` })
      return out
    }
    lines.forEach((line, i) => {
      if (line.trim() === '') return
      const parsed = tryJson(line)
      if (!parsed.ok) out.problems.push({ where: `line ${i + 1}`, field: '(document)', message: `Not JSON: ${parsed.error}` })
      else collect(parsed.value, `line ${i + 1}`, out, 0)
    })
  } catch (error) {
    // A defect, not the input's fault; still, no input can crash the caller.
    out.problems.push({ where: 'input', field: '(document)', message: `Could not read the input: ${error instanceof Error ? error.message : String(error)}` })
  }
  return out
}

/** Batches in the order to replay them: per shard, by start sequence number. */
export function inShardOrder(records: readonly FailureRecord[]): FailureRecord[] {
  return [...records].sort((a, b) => {
    if (a.shardId !== b.shardId) return a.shardId < b.shardId ? -1 : 1
    const x = BigInt(a.startSequenceNumber)
    const y = BigInt(b.startSequenceNumber)
    return x < y ? -1 : x > y ? 1 : 0
  })
}

/** What the app knows of the stream a batch is opened on. */
export interface StreamFacts {
  name: string
  arn: string
  retentionHours: number
  shardIds: readonly string[]
}

export type BatchCheck = { ok: true; warning: string | null } | { ok: false; problem: FailureRecordProblem }

function hoursText(hours: number): string {
  return hours % 24 === 0 ? `${hours / 24} day${hours === 24 ? '' : 's'}` : `${hours} h`
}

/**
 * Whether a failure record's batch can be read from `stream` now: the same stream (by ARN), a
 * shard it still has, records still within retention. A batch whose first records are older than
 * retention but whose last are not is partly trimmed: it opens, with a warning.
 */
export function checkBatch(record: FailureRecord, stream: StreamFacts, now: number): BatchCheck {
  const refuse = (field: string, message: string): BatchCheck => ({ ok: false, problem: { where: record.where, field, message } })
  if (record.streamArn !== stream.arn) {
    return refuse(
      'KinesisBatchInfo.streamArn',
      record.streamName === stream.name
        ? `This failure record is for a stream named ${record.streamName} in another account or region (${record.streamArn}), not this one (${stream.arn}).`
        : `This failure record is for the stream ${record.streamName}, not ${stream.name}: open ${record.streamName} to redrive it.`
    )
  }
  if (!stream.shardIds.includes(record.shardId)) {
    return refuse(
      'KinesisBatchInfo.shardId',
      `${stream.name} has no shard ${record.shardId} any more: it was closed by a reshard and has expired after the retention period, so its records are gone.`
    )
  }
  const oldest = now - stream.retentionHours * 3_600_000
  if (record.lastArrival !== null && record.lastArrival < oldest) {
    return refuse(
      'KinesisBatchInfo.approximateArrivalOfLastRecord',
      `The batch's records arrived by ${new Date(record.lastArrival).toISOString()}, longer ago than the stream's retention period (${hoursText(stream.retentionHours)}): Kinesis has trimmed them, nothing is left to redrive.`
    )
  }
  const warning =
    record.firstArrival !== null && record.firstArrival < oldest
      ? `The batch's first records arrived longer ago than the retention period (${hoursText(stream.retentionHours)}): some have been trimmed, so fewer than ${record.batchSize} will be found.`
      : null
  return { ok: true, warning }
}

/**
 * The read that is exactly a failure record's batch: its shard, At sequence number start,
 * stopping after the end sequence number. (A record browser form and reader.start alike.)
 */
export function batchRead(record: Pick<FailureRecord, 'shardId' | 'startSequenceNumber' | 'endSequenceNumber'>): {
  position: { type: 'AT_SEQUENCE_NUMBER'; sequenceNumber: string; shardId: string }
  stop: { endSequenceNumber: string }
} {
  return {
    position: { type: 'AT_SEQUENCE_NUMBER', sequenceNumber: record.startSequenceNumber, shardId: record.shardId },
    stop: { endSequenceNumber: record.endSequenceNumber }
  }
}

/** What a read of a batch found: Kinesis records (a KPL aggregate counts once), first and last. */
export interface BatchFound {
  count: number
  firstSequenceNumber: string | null
  lastSequenceNumber: string | null
}

/** The read's records against the failure record's batchSize and range, said plainly. */
export function compareWithBatch(record: Pick<FailureRecord, 'batchSize' | 'startSequenceNumber' | 'endSequenceNumber'>, found: BatchFound): { exact: boolean; message: string } {
  const expected = record.batchSize
  const n = found.count
  const plural = (k: number): string => `${k.toLocaleString('en-US')} record${k === 1 ? '' : 's'}`
  if (n === 0) {
    return { exact: false, message: `None of the batch's ${plural(expected)} were found: Kinesis has trimmed them (past retention), or they are not on this shard.` }
  }
  const parts: string[] = []
  if (found.firstSequenceNumber !== record.startSequenceNumber) {
    parts.push(`The batch's first record (${record.startSequenceNumber}) was not found: reading began at ${found.firstSequenceNumber ?? '?'}, so the records before it have been trimmed.`)
  }
  if (found.lastSequenceNumber !== record.endSequenceNumber) {
    parts.push(`The batch's last record (${record.endSequenceNumber}) was not found.`)
  }
  if (n < expected) parts.push(`${plural(n)} found, ${expected.toLocaleString('en-US')} in the batch (batchSize): ${plural(expected - n)} missing.`)
  if (n > expected) {
    parts.push(
      `${plural(n)} in the range, ${expected.toLocaleString('en-US')} in the batch (batchSize): a mapping with a filter (FilterCriteria) batches only the records that match.`
    )
  }
  if (parts.length === 0) return { exact: true, message: `All ${plural(n)} of the batch, as batchSize says, from its start to its end sequence number.` }
  return { exact: false, message: parts.join(' ') }
}

/**
 * CloudWatch Logs subscription records: what a subscription filter puts on a Kinesis stream, the
 * gzip of one JSON document (AWS documentation, "Using CloudWatch Logs subscription filters"):
 *
 *   { "messageType": "DATA_MESSAGE" | "CONTROL_MESSAGE", "owner": "123456789012",
 *     "logGroup": "…", "logStream": "…", "subscriptionFilters": ["…"],
 *     "logEvents": [{ "id": "…", "timestamp": 1700000000000, "message": "…" }, …] }
 *
 * Each log event becomes a row of its own, as each user record of a KPL aggregate does.
 *
 * Decisions:
 * - Keying: a log event's row id is its record's id (shard/sequence, plus /sub for a KPL user
 *   record) followed by `/log/<index in logEvents>`; the window orders a record's events by that
 *   index (after the sub-sequence number), so they stay together and in the record's order.
 *   CloudWatch's own event id is shown, not used as a key: the index is short and always there.
 * - A row's data is its message (UTF-8), as a KPL user record's data is its own: Copy, Export,
 *   the filters and Replay work on the message; the shard and sequence number are the record's.
 * - Only a gzip body is a candidate (CloudWatch Logs always compresses), and only a document
 *   with that exact shape is split; anything else stays the JSON record it is. A record with no
 *   log events stays one row.
 * - A CONTROL_MESSAGE's rows are labelled as such (its one event says CloudWatch Logs checked
 *   that it can reach the stream).
 */
import type { DecodedRecord, LogEventInfo } from '../../../shared/domain'

type Batch = Omit<LogEventInfo, 'index' | 'count' | 'id' | 'timestamp'> & {
  logEvents: { id: string; timestamp: number; message: string }[]
}

const isString = (v: unknown): v is string => typeof v === 'string'

function isLogEvent(v: unknown): v is Batch['logEvents'][number] {
  if (typeof v !== 'object' || v === null) return false
  const e = v as Record<string, unknown>
  return isString(e.id) && typeof e.timestamp === 'number' && isString(e.message)
}

/** The subscription document, or null when the JSON is something else. */
export function parseSubscriptionRecord(text: string): Batch | null {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch {
    return null
  }
  if (typeof doc !== 'object' || doc === null) return null
  const d = doc as Record<string, unknown>
  if (d.messageType !== 'DATA_MESSAGE' && d.messageType !== 'CONTROL_MESSAGE') return null
  if (!isString(d.logGroup) || !isString(d.logStream) || !Array.isArray(d.logEvents)) return null
  if (!d.logEvents.every(isLogEvent)) return null
  const filters = Array.isArray(d.subscriptionFilters) ? d.subscriptionFilters.filter(isString) : []
  return {
    messageType: d.messageType,
    owner: isString(d.owner) ? d.owner : '',
    logGroup: d.logGroup,
    logStream: d.logStream,
    subscriptionFilters: filters,
    logEvents: d.logEvents
  }
}

/** A cheap test before any parsing: most gzip JSON records are not subscription records. */
function mayBeSubscriptionRecord(record: DecodedRecord): boolean {
  return record.kind === 'json' && record.steps.includes('gzip') && record.text !== null && record.text.includes('"logEvents"')
}

/** Only objects and arrays count as JSON, as in the rest of the pipeline. */
function isJsonDocument(text: string): boolean {
  const first = text.trimStart()[0]
  if (first !== '{' && first !== '[') return false
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

/** The record's log events as rows, or the record itself when it is not a subscription record. */
/**
 * The user records among decoded rows (a KPL aggregate's user records, or plain records), however
 * many log-event rows each became: what a consumer such as the KCL counts and processes.
 */
export function userRecordCount(rows: readonly DecodedRecord[]): number {
  let count = 0
  for (const row of rows) if ((row.logEvent?.index ?? 0) === 0) count += 1
  return count
}

export function splitLogEvents(record: DecodedRecord): DecodedRecord[] {
  if (!mayBeSubscriptionRecord(record)) return [record]
  const batch = parseSubscriptionRecord(record.text as string)
  if (batch === null || batch.logEvents.length === 0) return [record]
  const { logEvents, ...common } = batch
  const stepsBefore = record.steps.filter((s) => s !== 'utf8' && s !== 'json')
  return logEvents.map((event, index) => {
    const json = isJsonDocument(event.message)
    return {
      ...record,
      id: `${record.id}/log/${index}`,
      size: Buffer.byteLength(event.message, 'utf8'),
      dataBase64: null,
      // 'cwlogs' says the record was UTF-8 JSON; the message is text, or JSON as a step of its own.
      steps: [...stepsBefore, 'cwlogs', ...(json ? (['json'] as const) : [])],
      kind: json ? 'json' : 'text',
      text: event.message,
      logEvent: { ...common, index, count: logEvents.length, id: event.id, timestamp: event.timestamp }
    }
  })
}

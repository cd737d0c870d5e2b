/**
 * Reads a JSON Lines file that the record browser exported (record-export.ts: one
 * `{ streamName, ...RecordJson }` object a line) back into records to replay. The file comes from
 * disk and may have been edited or truncated, so every line is untrusted: each one is checked on
 * its own and a bad line is named by its 1-based number with the reason, never thrown.
 * Pure and browser-safe (the renderer's file picker uses it; main checks again at replay.append).
 * A record may be as large as the largest any stream takes (10 MiB) unless a smaller limit is
 * given: the target is picked later, and replay.start checks every record against its limit.
 */
import { hashKeyProblem, LARGEST_RECORD_BYTES, partitionKeyProblem, recordSizeProblem, type ReplayRecord } from './producer'

export interface ReplayFileProblem {
  /** 1-based line number in the file. */
  line: number
  message: string
}

export interface ParsedReplayFile {
  records: ReplayRecord[]
  problems: ReplayFileProblem[]
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/** Decoded length of standard, padded base64, or null when the text is not that. */
export function base64ByteLength(text: string): number | null {
  if (text.length % 4 !== 0 || !BASE64.test(text)) return null
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0
  return (text.length / 4) * 3 - padding
}

/** A field the line itself holds (never one inherited through a prototype). */
function own(value: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(value, key) ? value[key] : undefined
}

/** One line → a record, or the reason it cannot be replayed. */
export function parseReplayLine(text: string, maxRecordBytes = LARGEST_RECORD_BYTES): ReplayRecord | string {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return `not valid JSON (${error instanceof Error ? error.message : String(error)})`
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'not a record: each line must be a JSON object, as the record browser exports them'
  }
  const line = value as Record<string, unknown>
  const partitionKey = own(line, 'partitionKey')
  if (typeof partitionKey !== 'string') return 'it has no "partitionKey" string'
  const keyProblem = partitionKeyProblem(partitionKey)
  if (keyProblem !== null) return keyProblem
  const hashKey = own(line, 'explicitHashKey')
  if (hashKey !== undefined && hashKey !== null) {
    if (typeof hashKey !== 'string') return '"explicitHashKey" must be a string of digits or null'
    const problem = hashKeyProblem(hashKey)
    if (problem !== null) return problem
  }
  const dataBase64 = own(line, 'dataBase64')
  if (typeof dataBase64 !== 'string') return 'it has no "dataBase64" string (the record\'s bytes)'
  const size = base64ByteLength(dataBase64)
  if (size === null) return '"dataBase64" is not valid base64 (A–Z, a–z, 0–9, + and /, padded with =)'
  const sizeProblem = recordSizeProblem(size, partitionKey, maxRecordBytes)
  if (sizeProblem !== null) return sizeProblem
  return { partitionKey, explicitHashKey: typeof hashKey === 'string' ? hashKey : null, dataBase64 }
}

/**
 * Every line of the file, in order. Blank lines are skipped (an export ends with a newline);
 * CRLF line ends are accepted. Records keep the file's order: replay keeps per-key order from it.
 */
export function parseReplayFile(text: string, maxRecordBytes = LARGEST_RECORD_BYTES): ParsedReplayFile {
  const records: ReplayRecord[] = []
  const problems: ReplayFileProblem[] = []
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? ''
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    if (line.trim() === '') continue
    const parsed = parseReplayLine(line, maxRecordBytes)
    if (typeof parsed === 'string') problems.push({ line: i + 1, message: `Line ${i + 1}: ${parsed.replace(/\.$/, '')}.` })
    else records.push(parsed)
  }
  return { records, problems }
}

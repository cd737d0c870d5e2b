/**
 * One record, PutRecord: exactly the bytes the renderer sent (gzipped here when asked), after
 * the checks Kinesis would make anyway, so the user reads the reason before a call is spent.
 */
import { setTimeout as delay } from 'node:timers/promises'
import { gzipSync } from 'node:zlib'
import { DescribeStreamSummaryCommand, PutRecordCommand } from '@aws-sdk/client-kinesis'
import { AppFailure } from '../../../shared/errors'
import { LARGEST_RECORD_BYTES, maxRecordBytesOf, recordSizeHint, recordSizeProblem, type SentRecord } from '../../../shared/producer'
import { toAppFailure } from '../connections/aws-errors'
import type { Connected } from '../connections/connection-manager'
import { classifyPutError } from './put-records'

export interface PutInput {
  stream: string
  partitionKey: string
  explicitHashKey: string | null
  dataBase64: string
  gzip: boolean
}

/** The bytes to send: base64 decoded, gzipped when asked, and within the record limit. */
export function recordBytes(dataBase64: string, gzip: boolean, partitionKey: string, maxBytes = LARGEST_RECORD_BYTES): Buffer {
  const raw = Buffer.from(dataBase64, 'base64')
  const data = gzip ? gzipSync(raw) : raw
  requireRecordFits(data.byteLength, partitionKey, maxBytes, null, gzip)
  return data
}

/** Refuses a record over `maxBytes` (the stream's own limit when `stream` is named) before it is sent. */
export function requireRecordFits(dataBytes: number, partitionKey: string, maxBytes: number, stream: string | null, gzip = false): void {
  const problem = recordSizeProblem(dataBytes, partitionKey, maxBytes, stream)
  if (problem !== null) {
    throw new AppFailure('INVALID_INPUT', gzip ? `${problem.replace(/\.$/, '')} (after gzip).` : problem, recordSizeHint(maxBytes))
  }
}

/** What a writable stream takes: its maximum record size, in bytes (MaxRecordSizeInKiB; 1 MiB where absent). */
export interface WritableStream {
  maxRecordBytes: number
}

/** Writes are refused unless the stream is ACTIVE (UPDATING streams still take writes on AWS). */
export async function requireWritable(connection: Connected, stream: string): Promise<WritableStream> {
  let status: string | undefined
  let maxRecordBytes: number
  try {
    const out = await connection.clients.control.send(new DescribeStreamSummaryCommand({ StreamName: stream }))
    status = out.StreamDescriptionSummary?.StreamStatus
    maxRecordBytes = maxRecordBytesOf(out.StreamDescriptionSummary?.MaxRecordSizeInKiB)
  } catch (error) {
    throw toAppFailure(error, `check stream ${stream}`, connection.target)
  }
  if (status !== 'ACTIVE' && status !== 'UPDATING') {
    throw new AppFailure(
      'STREAM_NOT_ACTIVE',
      `Stream ${stream} is ${status ?? 'in an unknown state'}, not ACTIVE: it cannot take records now.`,
      status === 'CREATING' ? 'Wait until the stream is ACTIVE (refresh its details), then send again.' : 'Pick an ACTIVE stream.'
    )
  }
  return { maxRecordBytes }
}

export async function putOne(connection: Connected, input: PutInput, now: () => number = Date.now): Promise<SentRecord> {
  // Over 10 MiB no stream takes it: refused without a call. Then the stream's own limit.
  const data = recordBytes(input.dataBase64, input.gzip, input.partitionKey)
  const { maxRecordBytes } = await requireWritable(connection, input.stream)
  requireRecordFits(data.byteLength, input.partitionKey, maxRecordBytes, input.stream, input.gzip)
  // One attempt per call (the data plane's client, whose longer timeout also suits a large record):
  // the SDK's own retries would resend a put whose answer was lost after the write, and the record
  // would be on the stream twice under one sequence number shown.
  for (let attempt = 1; ; attempt++) {
    try {
      const out = await connection.clients.reader.send(
        new PutRecordCommand({
          StreamName: input.stream,
          PartitionKey: input.partitionKey,
          Data: data,
          ...(input.explicitHashKey !== null ? { ExplicitHashKey: input.explicitHashKey } : {})
        })
      )
      return {
        stream: input.stream,
        shardId: out.ShardId ?? '',
        sequenceNumber: out.SequenceNumber ?? '',
        partitionKey: input.partitionKey,
        explicitHashKey: input.explicitHashKey,
        size: data.byteLength,
        sentAt: now(),
        text: textOf(input.dataBase64)
      }
    } catch (error) {
      const what = `put a record on ${input.stream}`
      // The bulk sender's reading of a failed call: only one refused before writing is tried again.
      const outcome = classifyPutError(error, what, connection.target)
      if (outcome.kind === 'retry' && attempt < PUT_ATTEMPTS) {
        await delay(RETRY_BACKOFF_MS * 2 ** (attempt - 1))
        continue
      }
      const failure = toAppFailure(error, what, connection.target)
      if (outcome.kind !== 'unknown') throw failure
      throw new AppFailure(
        failure.code,
        `${failure.message.replace(/\.?$/, '.')} The record may or may not have been written; it was not sent again.`,
        'Read the stream (Latest, or At timestamp) to see whether it is there before sending it again.'
      )
    }
  }
}

/** Attempts of a put refused before writing (throttled, 5xx, connection refused), as the SDK's default. */
const PUT_ATTEMPTS = 3
const RETRY_BACKOFF_MS = 100

/** The payload as text for the history list when it is valid UTF-8, else null (bytes). */
function textOf(dataBase64: string): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(dataBase64, 'base64'))
  } catch {
    return null
  }
}

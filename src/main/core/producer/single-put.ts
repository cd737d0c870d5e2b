/**
 * One record, PutRecord: exactly the bytes the renderer sent (gzipped here when asked), after
 * the checks Kinesis would make anyway, so the user reads the reason before a call is spent.
 */
import { gzipSync } from 'node:zlib'
import { DescribeStreamSummaryCommand, PutRecordCommand } from '@aws-sdk/client-kinesis'
import { AppFailure } from '../../../shared/errors'
import { DEFAULT_MAX_RECORD_BYTES, LARGEST_RECORD_BYTES, maxRecordBytesOf, recordSizeHint, recordSizeProblem, type SentRecord } from '../../../shared/producer'
import { toAppFailure } from '../connections/aws-errors'
import type { Connected } from '../connections/connection-manager'

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
  // A large record may take longer to upload than the control plane's request timeout allows:
  // it goes through the client with the data plane's longer one (one attempt, as bulk calls).
  const client = data.byteLength > DEFAULT_MAX_RECORD_BYTES ? connection.clients.reader : connection.clients.control
  try {
    const out = await client.send(
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
    throw toAppFailure(error, `put a record on ${input.stream}`, connection.target)
  }
}

/** The payload as text for the history list when it is valid UTF-8, else null (bytes). */
function textOf(dataBase64: string): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(dataBase64, 'base64'))
  } catch {
    return null
  }
}

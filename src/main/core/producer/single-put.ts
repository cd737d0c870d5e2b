/**
 * One record, PutRecord: exactly the bytes the renderer sent (gzipped here when asked), after
 * the checks Kinesis would make anyway, so the user reads the reason before a call is spent.
 */
import { gzipSync } from 'node:zlib'
import { DescribeStreamSummaryCommand, PutRecordCommand } from '@aws-sdk/client-kinesis'
import { AppFailure } from '../../../shared/errors'
import { recordSizeProblem, type SentRecord } from '../../../shared/producer'
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
export function recordBytes(dataBase64: string, gzip: boolean, partitionKey: string): Buffer {
  const raw = Buffer.from(dataBase64, 'base64')
  const data = gzip ? gzipSync(raw) : raw
  const problem = recordSizeProblem(data.byteLength, partitionKey)
  if (problem !== null) {
    throw new AppFailure('INVALID_INPUT', gzip ? `${problem} (after gzip)` : problem, 'Send a smaller payload, or split it into several records.')
  }
  return data
}

/** Writes are refused unless the stream is ACTIVE (UPDATING streams still take writes on AWS). */
export async function requireWritable(connection: Connected, stream: string): Promise<void> {
  let status: string | undefined
  try {
    const out = await connection.clients.control.send(new DescribeStreamSummaryCommand({ StreamName: stream }))
    status = out.StreamDescriptionSummary?.StreamStatus
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
}

export async function putOne(connection: Connected, input: PutInput, now: () => number = Date.now): Promise<SentRecord> {
  const data = recordBytes(input.dataBase64, input.gzip, input.partitionKey)
  await requireWritable(connection, input.stream)
  try {
    const out = await connection.clients.control.send(
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

/**
 * PutRecords through the SDK, with every way it can end sorted into what the bulk sender must do:
 * per-entry results; refused as a whole before writing (retry); left without an answer (outcome
 * unknown, never resent); or a failure no retry fixes (the job ends with the error named).
 */
import { PutRecordsCommand, type KinesisClient } from '@aws-sdk/client-kinesis'
import { isKmsError, toAppFailure, type ConnectionTarget, type SdkLikeError } from '../connections/aws-errors'
import type { CallOutcome, PutRecordsFn } from './bulk-sender'

/** Throttling and server-side errors: AWS documents them as retryable, nothing was written. */
const RETRYABLE = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'LimitExceededException',
  'KMSThrottlingException',
  'InternalFailure',
  'InternalFailureException',
  'ServiceUnavailable',
  'ServiceUnavailableException'
])

/** The connection was never made: the request cannot have reached the stream. */
const NEVER_LEFT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH'])
/** The HTTP handler's connect timeout (a TimeoutError too): nobody accepted, nothing was sent. */
const CONNECT_TIMEOUT = /did not establish a connection/

function codeOf(error: SdkLikeError): string | undefined {
  if (error.code !== undefined) return error.code
  const cause = error.cause as SdkLikeError | undefined
  return cause !== undefined && cause !== error ? codeOf(cause) : undefined
}

export function classifyPutError(error: unknown, what: string, target: ConnectionTarget): CallOutcome {
  const e = (error ?? {}) as SdkLikeError
  const name = e.name ?? 'Error'
  const message = e.message ?? String(error)
  const code = codeOf(e)
  if (RETRYABLE.has(name) || (e.$metadata?.httpStatusCode ?? 0) >= 500) return { kind: 'retry', errorCode: name, errorMessage: message }
  if (code !== undefined && NEVER_LEFT.has(code)) return { kind: 'retry', errorCode: code, errorMessage: message }
  if (name === 'TimeoutError' && CONNECT_TIMEOUT.test(message)) return { kind: 'retry', errorCode: 'ConnectTimeout', errorMessage: message }
  if (name === 'AbortError' || name === 'TimeoutError' || code === 'ECONNRESET' || code === 'EPIPE' || code === 'ETIMEDOUT' || /socket hang up|aborted/i.test(message)) {
    return { kind: 'unknown', errorCode: code ?? name, errorMessage: message }
  }
  const failure = toAppFailure(error, what, target)
  return { kind: 'fatal', errorCode: isKmsError(error) ? name : (code ?? name), error: failure.toJSON() }
}

export function sdkPutRecords(kinesis: KinesisClient, stream: string, target: ConnectionTarget): PutRecordsFn {
  return async (items, signal) => {
    try {
      const out = await kinesis.send(
        new PutRecordsCommand({
          StreamName: stream,
          Records: items.map((item) => ({
            PartitionKey: item.partitionKey,
            Data: item.data,
            ...(item.explicitHashKey !== null ? { ExplicitHashKey: item.explicitHashKey } : {})
          }))
        }),
        { abortSignal: signal }
      )
      return {
        kind: 'answered',
        entries: (out.Records ?? []).map((r) =>
          r.SequenceNumber !== undefined && r.ErrorCode === undefined
            ? { ok: true as const, shardId: r.ShardId ?? '', sequenceNumber: r.SequenceNumber }
            : { ok: false as const, errorCode: r.ErrorCode ?? 'UnknownError', errorMessage: r.ErrorMessage ?? '' }
        )
      }
    } catch (error) {
      return classifyPutError(error, `put records on ${stream}`, target)
    }
  }
}

/**
 * Turns whatever the AWS SDK (or the network under it) threw into an AppFailure that says what
 * went wrong, what the app tried (profile, region, endpoint), and what to do about it.
 */
import { kinesisEndpointName } from '../../../shared/endpoints'
import { AppFailure } from '../../../shared/errors'

export interface ConnectionTarget {
  profile: string | null
  region: string
  endpoint: string | null
}

export function describeTarget(target: ConnectionTarget): string {
  const parts = [
    target.profile !== null ? `profile "${target.profile}"` : null,
    `region ${target.region}`,
    target.endpoint !== null ? `endpoint ${target.endpoint}` : null
  ].filter((p) => p !== null)
  return parts.join(', ')
}

/** What the SDK (or the network under it) throws, as far as the app reads it. */
export interface SdkLikeError {
  name?: string
  code?: string
  message?: string
  cause?: unknown
  $metadata?: { httpStatusCode?: number }
}

const networkCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ECONNRESET',
  'EAI_AGAIN',
  'EPIPE',
  'TimeoutError'
])

export function isNetworkError(error: unknown): boolean {
  const e = error as SdkLikeError | undefined
  if (e === undefined || e === null) return false
  if ((e.code !== undefined && networkCodes.has(e.code)) || networkCodes.has(e.name ?? '')) return true
  if (/socket hang up|ECONNREFUSED|ECONNRESET|getaddrinfo|connect ETIMEDOUT/i.test(e.message ?? ''))
    return true
  return e.cause !== undefined && e.cause !== e && isNetworkError(e.cause)
}

/** What each KMS* exception says about the stream's key, and what to do about it. */
const KMS_PROBLEMS: Record<string, { problem: string; hint: string }> = {
  KMSAccessDeniedException: {
    problem: 'these credentials are not allowed to use that key',
    hint: 'Grant kms:GenerateDataKey (to write) and kms:Decrypt (to read) on the stream\'s key to these credentials.'
  },
  KMSDisabledException: {
    problem: 'that key is disabled',
    hint: 'Enable the key in AWS KMS (or ask its owner to), then try again.'
  },
  KMSNotFoundException: {
    problem: 'that key was not found (it may have been deleted, or the alias points nowhere)',
    hint: 'Check the stream\'s encryption key in its details; restore the key or update the stream\'s encryption.'
  },
  KMSInvalidStateException: {
    problem: 'that key is not in a usable state (for example pending deletion or pending import)',
    hint: 'Cancel the key\'s deletion or finish its import in AWS KMS, then try again.'
  },
  KMSOptInRequired: {
    problem: 'the account is not subscribed to AWS KMS',
    hint: 'Subscribe the account to AWS KMS, or use a stream without server-side encryption.'
  },
  KMSThrottlingException: {
    problem: 'KMS throttled the request for that key',
    hint: 'Wait a moment and try again; lower the send rate if it keeps happening.'
  }
}

export function isKmsError(error: unknown): boolean {
  const name = (error as SdkLikeError | undefined)?.name
  return name !== undefined && Object.hasOwn(KMS_PROBLEMS, name)
}

/**
 * The SDK's HTTP handler (see httpHandler in client-factory.ts) says which of its timeouts fired:
 * "did not establish a connection" is the connect timeout (nobody accepted: unreachable);
 * "exceeded the configured … requestTimeout" and "timed out after … of inactivity" mean the
 * connection was accepted and the answer never came.
 */
export function isSilentEndpoint(error: unknown): boolean {
  return silentEndpointWaitMs(error) !== null
}

/** How long the call waited for a silent endpoint (0 when the message does not say), or null if it did not. */
export function silentEndpointWaitMs(error: unknown): number | null {
  const e = error as SdkLikeError | undefined
  if (e === undefined || e === null) return null
  // The handler names a reset socket TimeoutError too: its own timeouts say what they waited for.
  if (e.name === 'TimeoutError' && /requestTimeout|of inactivity/.test(e.message ?? '')) {
    return Number(/(\d+) ms/.exec(e.message ?? '')?.[1] ?? 0)
  }
  return e.cause !== undefined && e.cause !== e ? silentEndpointWaitMs(e.cause) : null
}

export function isAbort(error: unknown): boolean {
  const e = error as SdkLikeError | undefined
  return e !== undefined && e !== null && (e.name === 'AbortError' || e.code === 'ABORT_ERR')
}

/**
 * An SDK message as it may be shown or logged. AWS quotes what it received in some errors: a
 * signature mismatch spells out the canonical request (its x-amz-security-token header included),
 * others an Authorization header or a presigned URL; a credential provider may quote a file line
 * or a process's JSON. The debugging appendix goes; access key ids, session tokens, secrets and
 * signatures anywhere else become ***.
 */
export function withoutSecrets(message: string): string {
  return message
    .replace(/\s*The (Canonical String for this request|String-to-Sign) should have been[\s\S]*$/, '')
    .replace(/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, '***')
    .replace(
      /((?:security[-_]?token|session[-_]?token|secret[-_]?access[-_]?key|signature)["']?\s*[:=]\s*["']?)[^\s"',&}]+/gi,
      '$1***'
    )
}

/** A service other than Kinesis, for errors that should name it and the permission a call needs. */
export interface ServiceCall {
  service: string
  /** The IAM action, e.g. "cloudwatch:GetMetricData". */
  permission: string
}

/**
 * Maps an SDK error to a user-facing failure. `what` names the action: "list streams". `call`
 * names another service's action (CloudWatch's GetMetricData) so that access denied names the
 * permission to grant.
 */
export function toAppFailure(error: unknown, what: string, target: ConnectionTarget, call?: ServiceCall): AppFailure {
  if (error instanceof AppFailure) return error
  const e = (error ?? {}) as SdkLikeError
  const name = e.name ?? ''
  const message = withoutSecrets(e.message ?? String(error))
  const tried = describeTarget(target)
  const profileFlag = target.profile !== null ? ` --profile ${target.profile}` : ''

  if (/sso/i.test(message) && /expired|refresh|token/i.test(message)) {
    return new AppFailure(
      'SSO_TOKEN_EXPIRED',
      `Could not ${what}: the SSO session for ${tried} has expired or was never started.`,
      `Run \`aws sso login${profileFlag}\`, then try again.`
    )
  }
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(message)) {
    return new AppFailure(
      'NO_CREDENTIALS',
      `Could not ${what}: no AWS credentials were found for ${tried}.`,
      'Set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, add a profile to ~/.aws/credentials, or pick the sandbox.'
    )
  }
  if (name === 'ExpiredTokenException' || name === 'ExpiredToken' || /security token .* expired/i.test(message)) {
    return new AppFailure(
      'CREDENTIALS_EXPIRED',
      `Could not ${what}: the credentials for ${tried} have expired.`,
      target.profile !== null
        ? `Refresh them (for an SSO profile: \`aws sso login${profileFlag}\`) and try again.`
        : 'Refresh the session credentials in your environment and try again.'
    )
  }
  if (/region is missing/i.test(message)) {
    return new AppFailure(
      'NO_REGION',
      `Could not ${what}: no region is set for ${tried}.`,
      'Set AWS_REGION, add `region = …` to the profile in ~/.aws/config, or choose a region in the connection.'
    )
  }
  if (call !== undefined && (name === 'AccessDenied' || name === 'AccessDeniedException' || /not authorized to perform/i.test(message))) {
    return new AppFailure(
      'ACCESS_DENIED',
      `Could not ${what}: access denied for ${tried} (${message}).`,
      `Allow ${call.permission} for these credentials (an IAM policy statement with "Action": "${call.permission}", "Resource": "*"). Everything else in the app works without it.`
    )
  }
  if (
    name === 'AccessDeniedException' ||
    name === 'UnrecognizedClientException' ||
    name === 'InvalidSignatureException'
  ) {
    return new AppFailure(
      'ACCESS_DENIED',
      `Could not ${what}: access denied for ${tried} (${message}).`,
      'Check that these credentials are allowed this Kinesis action on this stream.'
    )
  }
  const kms = KMS_PROBLEMS[name]
  if (kms !== undefined) {
    return new AppFailure('KMS_KEY_UNUSABLE', `Could not ${what}: the stream is encrypted with a KMS key and ${kms.problem} (${name}).`, kms.hint)
  }
  if (isAbort(error)) {
    return new AppFailure('CANCELLED', `Cancelled: ${what} was stopped before ${kinesisEndpointName(target.region, target.endpoint)} answered.`)
  }
  if (isSilentEndpoint(error)) {
    const waited = /(\d+) ms/.exec(message)?.[1]
    const endpoint = kinesisEndpointName(target.region, target.endpoint)
    return new AppFailure(
      'ENDPOINT_NOT_RESPONDING',
      `Could not ${what}: ${endpoint} accepted the connection but never answered${
        waited !== undefined ? ` (no reply within ${Number(waited) / 1000} s)` : ''
      }. Tried ${tried}.`,
      'Something between here and the endpoint (a VPN, a firewall, a proxy) may be holding the connection open, or the server is hung. Check it, then Retry.'
    )
  }
  if (isNetworkError(error)) {
    return new AppFailure(
      'ENDPOINT_UNREACHABLE',
      `Could not ${what}: the endpoint for ${tried} did not answer (${message}).`,
      target.endpoint !== null
        ? `Check that the server at ${target.endpoint} is running.`
        : 'Check your network connection and the region name.'
    )
  }
  switch (name) {
    case 'ResourceNotFoundException':
      return new AppFailure('STREAM_NOT_FOUND', `Could not ${what}: ${message}`, 'Refresh the stream list: the stream or shard may have been deleted.')
    case 'ResourceInUseException':
      return new AppFailure('STREAM_IN_USE', `Could not ${what}: ${message}`, 'Wait until the stream is ACTIVE and try again.')
    case 'LimitExceededException':
      return new AppFailure('LIMIT_EXCEEDED', `Could not ${what}: ${message}`, 'An account or shard limit was reached; wait a moment or raise the limit.')
    case 'Throttling':
    case 'ThrottlingException':
      return new AppFailure('THROTTLED', `Could not ${what}: ${call?.service ?? 'the service'} throttled the request.`, 'Try again in a minute.')
    case 'InvalidParameterValue':
    case 'InvalidParameterValueException':
    case 'InvalidParameterCombination':
    case 'InvalidParameterCombinationException':
    case 'MissingParameter':
    case 'MissingRequiredParameterException':
      return new AppFailure('INVALID_INPUT', `Could not ${what}: ${message}`)
    case 'ProvisionedThroughputExceededException':
      return new AppFailure('THROTTLED', `Could not ${what}: the shard's read or write limit was exceeded.`, 'Production consumers share these limits; try again in a moment.')
    case 'ExpiredIteratorException':
      return new AppFailure('ITERATOR_EXPIRED', `Could not ${what}: the shard iterator expired.`, 'Iterators last 5 minutes.')
    case 'InvalidArgumentException':
    case 'ValidationException':
    case 'SerializationException':
      return new AppFailure('INVALID_INPUT', `Could not ${what}: ${message}`)
    default:
      return new AppFailure('INTERNAL', `Could not ${what} (${name || 'error'}): ${message}`, `Tried ${tried}.`)
  }
}

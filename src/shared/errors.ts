/**
 * The one error shape that crosses from main to the renderer: a stable code to branch on,
 * a message that names the problem, and a hint that says how to fix it. Never a stack trace.
 */
export type ErrorCode =
  | 'INVALID_INPUT'
  | 'UNKNOWN_OPERATION'
  | 'NO_CREDENTIALS'
  | 'SSO_TOKEN_EXPIRED'
  | 'CREDENTIALS_EXPIRED'
  | 'ACCESS_DENIED'
  | 'ENDPOINT_UNREACHABLE'
  /** The endpoint accepted the TCP connection and then never answered (a half-open VPN, a hung proxy). */
  | 'ENDPOINT_NOT_RESPONDING'
  /** The user cancelled a call before it was answered. */
  | 'CANCELLED'
  | 'NO_REGION'
  | 'NOT_CONNECTED'
  | 'CONNECTION_NOT_FOUND'
  | 'STREAM_NOT_FOUND'
  | 'STREAM_EXISTS'
  | 'STREAM_IN_USE'
  | 'LIMIT_EXCEEDED'
  | 'THROTTLED'
  | 'ITERATOR_EXPIRED'
  | 'INVALID_SEQUENCE_NUMBER'
  | 'SESSION_NOT_FOUND'
  | 'CONFIRMATION_MISMATCH'
  /** The stream is KMS-encrypted and its key cannot be used (denied, disabled, deleted, throttled). */
  | 'KMS_KEY_UNUSABLE'
  /** The stream exists but is not ACTIVE (creating, deleting) and cannot take records. */
  | 'STREAM_NOT_ACTIVE'
  /** A DynamoDB table that does not exist, or is not a KCL lease table. */
  | 'TABLE_NOT_FOUND'
  | 'NOT_A_LEASE_TABLE'
  | 'SANDBOX_FAILED'
  | 'UNSUPPORTED'
  /** CloudWatch or DynamoDB is not reachable on this connection (see ServiceAccess). */
  | 'SERVICE_UNAVAILABLE'
  /** The stream's shard-level (enhanced monitoring) CloudWatch metrics are not enabled. */
  | 'SHARD_METRICS_OFF'
  /** A schema (a Glue schema version id, a local schema file) that does not exist or does not compile. */
  | 'SCHEMA_NOT_FOUND'
  | 'SCHEMA_INVALID'
  /** A file main was asked to write (a search's matches) could not be written. */
  | 'FILE_WRITE_FAILED'
  /** A file of the app's own (connections.json, templates.json, schemas.json) exists but could not be read. */
  | 'FILE_READ_FAILED'
  /** A KCL application's lease counters are still moving: its checkpoints are not rewritten. */
  | 'APPLICATION_RUNNING'
  /** A rewind's dry run (or the rewind to undo) is not known to main: it ended, or the window reloaded. */
  | 'REWIND_NOT_FOUND'
  | 'INTERNAL'

export interface AppError {
  code: ErrorCode
  message: string
  hint?: string
}

/** Thrown inside main; the router turns it into an {@link AppError} as it is. */
export class AppFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly hint?: string
  ) {
    super(message)
    this.name = 'AppFailure'
  }

  toJSON(): AppError {
    return this.hint === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, hint: this.hint }
  }
}

export function isAppError(value: unknown): value is AppError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AppError).code === 'string' &&
    typeof (value as AppError).message === 'string'
  )
}

/**
 * Rewinding a KCL application: setting the checkpoints in its lease table back (or forward) so
 * that it reads part of the stream again. Plain data only: everything here crosses IPC.
 *
 * The KCL's facts (amazon-kinesis-client): a checkpoint is "processed up to and including" — on
 * start a worker asks for AT_SEQUENCE_NUMBER at the checkpoint and drops every user record whose
 * (sequence, sub-sequence) is at or below it (ProcessTask), so it resumes right after the
 * checkpointed record. TRIM_HORIZON and LATEST are sentinel checkpoints it starts from; an
 * AT_TIMESTAMP sentinel takes its time from the application's configuration, not the lease, so a
 * rewind to a time writes, per shard, the sequence number of the last record before that time.
 */

/** LeaseManagementConfig.failoverTimeMillis: a worker renews its leases several times within it. */
export const KCL_DEFAULT_FAILOVER_MS = 10_000
/** How long the app watches the lease counters before writing: twice the KCL's default failover time. */
export const DEFAULT_REWIND_WATCH_MS = 2 * KCL_DEFAULT_FAILOVER_MS

/** Where the checkpoints go, in the console's words. */
export type RewindTarget =
  | { type: 'TRIM_HORIZON' }
  | { type: 'LATEST' }
  | { type: 'AT_TIMESTAMP'; timestamp: number }
  /** The checkpoint is this record: the application resumes right after it. */
  | { type: 'AFTER_SEQUENCE_NUMBER'; sequenceNumber: string }

/** What a checkpoint is written as: a sentinel or a sequence number (sub-sequence number 0). */
export type NewCheckpoint = { type: 'sentinel'; value: 'TRIM_HORIZON' | 'LATEST' } | { type: 'sequence'; sequenceNumber: string }

/** How many records a rewind makes the application read again on one shard. */
export type RereadCount =
  | { type: 'counted'; records: number; atLeast: boolean }
  /** The new checkpoint is at or after the current one: nothing is read again (records may be skipped). */
  | { type: 'none'; reason: string }
  | { type: 'unknown'; reason: string }

export interface RewindPlanRow {
  leaseKey: string
  shardId: string
  owner: string | null
  leaseCounter: number
  /** The checkpoint as the table holds it now (sequence[:sub] or a sentinel). */
  current: string
  /** null: this lease is left as it is (see `note`). */
  next: NewCheckpoint | null
  reread: RereadCount
  /** Why the lease is left alone, or what the new checkpoint means (e.g. "nothing before T in retention"). */
  note: string | null
}

export interface RewindPlan {
  planId: string
  table: string
  stream: string
  target: RewindTarget
  rows: RewindPlanRow[]
  /**
   * Closed shards of the stream with no lease (the KCL deleted it after reading the shard to its
   * end): the rewind does not recreate their leases, so their records are not read again.
   */
  closedWithoutLease: { shardId: string; reason: string }[]
  /** How long the rewind watches the lease counters before writing, and why that long. */
  watchMs: number
  /** GetRecords calls the dry run made (all shards), within the polite read budget. */
  getRecordsCalls: number
  /** Outside the sandbox the table's name must be typed to confirm (main checks it too). */
  confirmNameRequired: boolean
}

export type RewindPhase = 'planning' | 'watching' | 'backing-up' | 'writing' | 'undoing'

/** Sent a few times a second while a rewind (or its undo) runs. */
export interface RewindProgress {
  requestId: string
  phase: RewindPhase
  /** Planning: shards resolved of `total`; watching: ms watched of `total`; writing: leases written of `total`. */
  done: number
  total: number
  /** Owners whose lease counters moved so far (watching). */
  renewing: string[]
}

export interface LeaseOutcome {
  leaseKey: string
  shardId: string
  ok: boolean
  /** What was written, or why nothing was ("its counter moved from 7 to 8: worker-a renewed it"). */
  detail: string
}

export interface RewindReport {
  requestId: string
  table: string
  outcomes: LeaseOutcome[]
  rewound: number
  notRewound: number
  /** The backup of every lease item of the stream, as read before writing. */
  backupFile: string
  /**
   * The backup file's name and its content, byte for byte: the web host offers it as a download
   * (its file is on the host's disk, under the user-data folder); the desktop app asked where.
   */
  backup: { name: string; json: string }
  /** Undo restores the items that were rewound, from the backup, while their counters stay as written. */
  undoable: boolean
}

export interface UndoReport {
  table: string
  outcomes: LeaseOutcome[]
  restored: number
  notRestored: number
}

/** A checkpoint's words: the sentinel, or the sequence number (with ":sub" when not 0). */
export function newCheckpointText(next: NewCheckpoint | null): string {
  if (next === null) return 'unchanged'
  return next.type === 'sentinel' ? next.value : next.sequenceNumber
}

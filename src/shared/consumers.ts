/**
 * Who reads a stream, and how far behind: enhanced fan-out consumers (ListStreamConsumers) and
 * KCL applications, whose lease table in DynamoDB holds one lease (owner, checkpoint) per shard.
 * Plain data only: everything here crosses IPC.
 */

export interface EfoConsumer {
  name: string
  arn: string
  /** CREATING, DELETING or ACTIVE. */
  status: string
  createdAt: number | null
}

/** The KCL's sentinel checkpoints (SentinelCheckpoint in the KCL source). */
export type SentinelCheckpoint = 'TRIM_HORIZON' | 'LATEST' | 'SHARD_END' | 'AT_TIMESTAMP'

export type Checkpoint =
  | { type: 'sequence'; sequenceNumber: string; subSequenceNumber: number }
  | { type: 'sentinel'; value: SentinelCheckpoint }

/** How far a checkpoint trails the tip of its shard, from one small GetRecords after it. */
export type CheckpointLag =
  | {
      type: 'measured'
      /** Arrival time of the first record the application has not processed; null: none (caught up). */
      nextArrival: number | null
      /** MillisBehindLatest of that call: how far that record is behind the tip. */
      millisBehindLatest: number | null
      /** Records after the checkpoint, when counted within the budget; `atLeast` when the count stopped. */
      records: { count: number; atLeast: boolean } | null
    }
  /** Nothing to measure: a sentinel checkpoint, a shard not in this stream, or an error on that shard. */
  | { type: 'none'; reason: string }

/** A lease as the KCL stores it in its table. */
export interface Lease {
  leaseKey: string
  shardId: string
  /** `account:stream:epoch` for multi-stream applications, null for single-stream ones. */
  streamIdentifier: string | null
  owner: string | null
  checkpoint: Checkpoint
  leaseCounter: number
  ownerSwitchesSinceCheckpoint: number
  parentShardIds: string[]
}

/** A lease as the Consumers tab shows it: with whether it looks stuck and how far it trails. */
export interface LeaseRow extends Lease {
  /** The counter has not moved since an earlier refresh at least `stuckAfterMs` ago. */
  stuck: boolean
  /** When the counter was first seen at its current value (ms since the epoch). */
  counterSince: number
  lag: CheckpointLag
}

export interface LeaseTableView {
  table: string
  /** 'multi-stream' when lease keys carry `account:stream:epoch:`. */
  layout: 'single-stream' | 'multi-stream'
  leases: LeaseRow[]
  /** Leases of other streams in a multi-stream table, not shown. */
  otherStreams: number
  /** Items that are not leases (KCL 3 keeps a few other entity types beside them). */
  otherItems: number
  /** Scan pages read (one Scan per refresh, paginated). */
  scanPages: number
  readAt: number
  /** How long a counter must stand still before its lease counts as stuck. */
  stuckAfterMs: number
}

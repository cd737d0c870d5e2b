/**
 * The dry run of a rewind: per lease, the checkpoint now → the one the rewind writes, and how many
 * records that makes the application read again (counted within the read budget, up to a cap).
 * Nothing is written. Leases whose checkpoint cannot be resolved are left unchanged, with the
 * reason; closed shards whose lease the KCL already deleted are named, since a rewind does not
 * recreate their leases and their records are not read again.
 */
import type { Checkpoint } from '../../../shared/consumers'
import type { ShardInfo } from '../../../shared/domain'
import type { NewCheckpoint, RereadCount, RewindPlanRow, RewindTarget } from '../../../shared/lease-rewind'
import { toAppFailure, type ConnectionTarget } from '../connections/aws-errors'
import { atTip, PolitePager, type PagerShared } from './polite-pager'
import { recordBeforeTime } from './record-before-time'
import type { ParsedLease } from './lease-table'

/** GetRecords a shard may cost the dry run: about 5 s of its budget at 5 calls a second. */
export const PLAN_CALL_CAP = 25
/** Records counted per shard before the count says "at least". */
export const REREAD_COUNT_CAP = 100_000
const PAGE_LIMIT = 10_000

const seq = (s: string): bigint => BigInt(s)

export function checkpointWords(checkpoint: Checkpoint): string {
  if (checkpoint.type === 'sentinel') return checkpoint.value
  return checkpoint.subSequenceNumber > 0 ? `${checkpoint.sequenceNumber}:${checkpoint.subSequenceNumber}` : checkpoint.sequenceNumber
}

/** One lease's row of the dry run. */
export async function planLease(shared: PagerShared, target: ConnectionTarget, lease: ParsedLease, rewindTo: RewindTarget, shard: ShardInfo | undefined): Promise<RewindPlanRow> {
  const row = { leaseKey: lease.leaseKey, shardId: lease.shardId, owner: lease.owner, leaseCounter: lease.leaseCounter, current: checkpointWords(lease.checkpoint) }
  const unchanged = (note: string): RewindPlanRow => ({ ...row, next: null, reread: { type: 'none', reason: 'Unchanged' }, note })
  if (shard === undefined) return unchanged(`${lease.shardId} is no longer a shard of the stream (past retention): left unchanged`)
  const pager = new PolitePager(shared, lease.shardId, PLAN_CALL_CAP)
  try {
    const resolved = await resolveTarget(pager, rewindTo, shard)
    if (resolved.type === 'unchanged') return unchanged(resolved.note)
    const reread = await countReread(pager, resolved.next, lease.checkpoint)
    return { ...row, next: resolved.next, reread, note: resolved.note }
  } catch (error) {
    if ((error as { code?: string }).code === 'CANCELLED') throw error
    return unchanged(toAppFailure(error, `plan the rewind of ${lease.shardId}`, target).message)
  }
}

type Resolved = { type: 'next'; next: NewCheckpoint; note: string | null } | { type: 'unchanged'; note: string }

async function resolveTarget(pager: PolitePager, rewindTo: RewindTarget, shard: ShardInfo): Promise<Resolved> {
  switch (rewindTo.type) {
    case 'TRIM_HORIZON':
    case 'LATEST':
      return { type: 'next', next: { type: 'sentinel', value: rewindTo.type }, note: null }
    case 'AFTER_SEQUENCE_NUMBER': {
      const s = seq(rewindTo.sequenceNumber)
      const end = shard.endingSequenceNumber
      if (s < seq(shard.startingSequenceNumber) || (end !== null && s > seq(end))) {
        return notOfShard(rewindTo.sequenceNumber, shard.shardId)
      }
      // An open shard's range has no end, so numbers of shards created later (a split's children)
      // fall inside it too; the number names its shard, and Kinesis refuses an iterator for another one.
      if (!(await ownsSequenceNumber(pager, rewindTo.sequenceNumber))) return notOfShard(rewindTo.sequenceNumber, shard.shardId)
      return { type: 'next', next: { type: 'sequence', sequenceNumber: rewindTo.sequenceNumber }, note: null }
    }
    case 'AT_TIMESTAMP': {
      const { before, firstAtOrAfter } = await recordBeforeTime(pager, rewindTo.timestamp)
      if (before.type === 'unresolved') return { type: 'unchanged', note: before.reason }
      if (!shard.open && firstAtOrAfter === null) {
        return { type: 'unchanged', note: 'Closed shard with no record at or after the time: nothing to read again, left unchanged' }
      }
      if (before.type === 'none-before') {
        return { type: 'next', next: { type: 'sentinel', value: 'TRIM_HORIZON' }, note: 'Nothing before the time in retention: starts at the trim horizon' }
      }
      return {
        type: 'next',
        next: { type: 'sequence', sequenceNumber: before.sequenceNumber },
        note: firstAtOrAfter === null ? 'No record at or after the time yet: resumes with the next record put' : null
      }
    }
  }
}

const notOfShard = (sequenceNumber: string, shardId: string): Resolved => ({ type: 'unchanged', note: `${sequenceNumber} is not a sequence number of ${shardId}: left unchanged` })

/**
 * One GetShardIterator at the number. Kinesis refuses a number of another shard with
 * InvalidArgumentException ("It encodes shardId-…"); kinesis-mock with ResourceNotFoundException
 * "Unable to find record with provided SequenceNumber" (a stream that is gone is another error).
 */
async function ownsSequenceNumber(pager: PolitePager, sequenceNumber: string): Promise<boolean> {
  try {
    await pager.open({ type: 'AT_SEQUENCE_NUMBER', sequenceNumber, shardId: pager.shardId })
    return true
  } catch (error) {
    const { name, message } = error as { name?: string; message?: string }
    if (name === 'InvalidArgumentException' || (name === 'ResourceNotFoundException' && /SequenceNumber/i.test(message ?? ''))) return false
    throw error
  }
}

/** Records between the new checkpoint and the current one, which the application processes again. */
async function countReread(pager: PolitePager, next: NewCheckpoint, current: Checkpoint): Promise<RereadCount> {
  if (current.type === 'sentinel' && current.value !== 'SHARD_END') {
    return { type: 'none', reason: 'Not started on this shard: nothing was processed' }
  }
  if (next.type === 'sentinel' && next.value === 'LATEST') return { type: 'none', reason: 'Moves to the tip: records not yet processed are skipped' }
  const upTo = current.type === 'sequence' ? seq(current.sequenceNumber) : null // null: to the shard's end
  if (next.type === 'sequence' && upTo !== null && seq(next.sequenceNumber) >= upTo) {
    return { type: 'none', reason: seq(next.sequenceNumber) === upTo ? 'Same checkpoint' : 'Moves forward: records in between are skipped' }
  }
  await pager.open(next.type === 'sequence' ? { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: next.sequenceNumber, shardId: pager.shardId } : { type: 'TRIM_HORIZON' })
  let records = 0
  for (;;) {
    const page = await pager.next(PAGE_LIMIT)
    if (page === null) return pager.exhausted ? { type: 'counted', records, atLeast: true } : { type: 'counted', records, atLeast: false }
    for (const record of page.records) {
      if (upTo !== null && seq(record.sequenceNumber) > upTo) return { type: 'counted', records, atLeast: false }
      records += 1
    }
    if (records >= REREAD_COUNT_CAP) return { type: 'counted', records, atLeast: true }
    if (atTip(page, PAGE_LIMIT)) return { type: 'counted', records, atLeast: false }
  }
}

/**
 * Closed shards with no lease: the KCL deletes a parent's lease once its children have started,
 * and a rewind does not recreate it. For a rewind to a time, only those still holding records at
 * or after it are named (one GetRecords each); for the trim horizon, all of them.
 */
export async function closedWithoutLease(
  shared: PagerShared,
  shards: readonly ShardInfo[],
  leased: ReadonlySet<string>,
  rewindTo: RewindTarget
): Promise<{ shardId: string; reason: string }[]> {
  if (rewindTo.type !== 'AT_TIMESTAMP' && rewindTo.type !== 'TRIM_HORIZON') return []
  const named: { shardId: string; reason: string }[] = []
  for (const shard of shards.filter((s) => !s.open && !leased.has(s.shardId))) {
    if (rewindTo.type === 'TRIM_HORIZON') {
      named.push({ shardId: shard.shardId, reason: 'Closed, its lease deleted: its records are not read again' })
      continue
    }
    const pager = new PolitePager(shared, shard.shardId, 1)
    await pager.open({ type: 'AT_TIMESTAMP', timestamp: rewindTo.timestamp })
    const page = await pager.next(1)
    if (page !== null && page.records.length > 0) {
      named.push({ shardId: shard.shardId, reason: 'Closed, its lease deleted: its records at or after the time are not read again' })
    }
  }
  return named
}

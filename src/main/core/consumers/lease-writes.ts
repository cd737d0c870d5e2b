/**
 * The rewind's only writes to a lease table, each conditional on what the app saw, as the KCL's
 * own lease updates are (DynamoDBLeaseSerializer: an expectation on leaseCounter, and on the owner):
 * a worker that renewed the lease in between makes the write fail cleanly instead of racing it.
 *
 * - rewrite: the checkpoint as the KCL writes one (checkpoint, checkpointSubSequenceNumber 0,
 *   ownerSwitchesSinceCheckpoint 0, no pending checkpoint) and leaseCounter + 1, so a worker still
 *   holding the lease at the old counter loses it on its next renewal and takes it again from the
 *   new checkpoint.
 * - restore (Undo): the item exactly as backed up, while the counter is still the one the rewind
 *   wrote.
 */
import { GetItemCommand, PutItemCommand, UpdateItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import type { NewCheckpoint } from '../../../shared/lease-rewind'
import type { Item } from './lease-table'

export interface SeenLease {
  leaseKey: string
  leaseCounter: number
  owner: string | null
}

export type WriteResult = { ok: true; counter: number } | { ok: false; reason: string }

function condition(seen: SeenLease): { expression: string; values: Record<string, AttributeValue> } {
  const values: Record<string, AttributeValue> = { ':seen': { N: String(seen.leaseCounter) } }
  if (seen.owner !== null) values[':owner'] = { S: seen.owner }
  const owner = seen.owner === null ? 'attribute_not_exists(leaseOwner)' : 'leaseOwner = :owner'
  return { expression: `leaseCounter = :seen AND ${owner}`, values }
}

export async function rewriteCheckpoint(dynamo: DynamoDBClient, table: string, seen: SeenLease, next: NewCheckpoint): Promise<WriteResult> {
  const { expression, values } = condition(seen)
  try {
    await dynamo.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { leaseKey: { S: seen.leaseKey } },
        UpdateExpression:
          'SET checkpoint = :checkpoint, checkpointSubSequenceNumber = :zero, ownerSwitchesSinceCheckpoint = :zero ' +
          'ADD leaseCounter :one REMOVE pendingCheckpoint, pendingCheckpointSubSequenceNumber, pendingCheckpointState',
        ConditionExpression: expression,
        ExpressionAttributeValues: {
          ...values,
          ':checkpoint': { S: next.type === 'sentinel' ? next.value : next.sequenceNumber },
          ':zero': { N: '0' },
          ':one': { N: '1' }
        }
      })
    )
    return { ok: true, counter: seen.leaseCounter + 1 }
  } catch (error) {
    return { ok: false, reason: await whyRefused(dynamo, table, seen, error) }
  }
}

/** Puts the backed-up item back, if the lease still has the counter (and owner) the rewind left. */
export async function restoreItem(dynamo: DynamoDBClient, table: string, written: SeenLease, original: Item): Promise<WriteResult> {
  const { expression, values } = condition(written)
  try {
    await dynamo.send(new PutItemCommand({ TableName: table, Item: original, ConditionExpression: expression, ExpressionAttributeValues: values }))
    return { ok: true, counter: Number(original.leaseCounter?.N ?? 0) }
  } catch (error) {
    return { ok: false, reason: await whyRefused(dynamo, table, written, error) }
  }
}

/** A failed write in words: what changed since the app looked (one GetItem), or the error. */
async function whyRefused(dynamo: DynamoDBClient, table: string, seen: SeenLease, error: unknown): Promise<string> {
  const name = (error as { name?: string }).name ?? ''
  if (name !== 'ConditionalCheckFailedException') return `DynamoDB refused the write: ${(error as Error).message}`
  try {
    const { Item: now } = await dynamo.send(new GetItemCommand({ TableName: table, Key: { leaseKey: { S: seen.leaseKey } }, ConsistentRead: true }))
    if (now === undefined) return 'The lease no longer exists (the KCL deleted it); it is not recreated'
    const counter = now.leaseCounter?.N ?? '?'
    const owner = now.leaseOwner?.S ?? null
    return `The lease changed since it was read: counter ${seen.leaseCounter} → ${counter}, owner ${seen.owner ?? 'none'} → ${owner ?? 'none'}${owner !== null ? ` (${owner} is renewing it)` : ''}`
  } catch {
    return 'The lease changed since it was read (its counter or owner)'
  }
}

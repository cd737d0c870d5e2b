/**
 * KCL lease tables in DynamoDB: the table list (ListTables), and one paginated Scan of a lease
 * table per refresh, recognised by the KCL's own attribute names (DynamoDBLeaseSerializer in
 * amazon-kinesis-client): leaseKey (S, the hash key), leaseCounter (N), leaseOwner (S),
 * ownerSwitchesSinceCheckpoint (N), checkpoint (S: a sequence number or TRIM_HORIZON / LATEST /
 * SHARD_END / AT_TIMESTAMP), checkpointSubSequenceNumber (N), parentShardId (SS). Multi-stream
 * applications key leases `account:stream:epoch:shardId` and add streamName and shardId; KCL 3
 * keeps other items beside the leases (entityType other than LEASE), which are counted, not shown.
 */
import {
  DescribeTableCommand,
  ListTablesCommand,
  ScanCommand,
  type AttributeValue,
  type DynamoDBClient
} from '@aws-sdk/client-dynamodb'
import type { Lease, SentinelCheckpoint } from '../../../shared/consumers'
import { AppFailure } from '../../../shared/errors'
import { describeTarget, toAppFailure, type ConnectionTarget } from '../connections/aws-errors'

export type ParsedLease = Lease

export type Item = Record<string, AttributeValue>

const sentinels: readonly SentinelCheckpoint[] = ['TRIM_HORIZON', 'LATEST', 'SHARD_END', 'AT_TIMESTAMP']
const str = (item: Item, name: string): string | null => item[name]?.S ?? null
const num = (item: Item, name: string): number | null => {
  const n = item[name]?.N
  return n === undefined ? null : Number(n)
}

/** One item as a lease, or null when it is not one (another entity type, or another table's row). */
export function parseLease(item: Item): ParsedLease | null {
  const leaseKey = str(item, 'leaseKey')
  const leaseCounter = num(item, 'leaseCounter')
  const checkpoint = str(item, 'checkpoint')
  const entityType = str(item, 'entityType')
  if (leaseKey === null || leaseCounter === null || checkpoint === null) return null
  if (entityType !== null && entityType !== 'LEASE') return null
  // account:stream:epoch:shardId — the shard id never contains ':'.
  const parts = leaseKey.split(':')
  const multi = parts.length >= 4
  const shardId = str(item, 'shardId') ?? (multi ? (parts.at(-1) ?? leaseKey) : leaseKey)
  const streamIdentifier = str(item, 'streamName') ?? (multi ? parts.slice(0, -1).join(':') : null)
  return {
    leaseKey,
    shardId,
    streamIdentifier,
    owner: str(item, 'leaseOwner'),
    checkpoint: (sentinels as readonly string[]).includes(checkpoint)
      ? { type: 'sentinel', value: checkpoint as SentinelCheckpoint }
      : { type: 'sequence', sequenceNumber: checkpoint, subSequenceNumber: num(item, 'checkpointSubSequenceNumber') ?? 0 },
    leaseCounter,
    ownerSwitchesSinceCheckpoint: num(item, 'ownerSwitchesSinceCheckpoint') ?? 0,
    parentShardIds: item.parentShardId?.SS ?? []
  }
}

/** The stream name inside a multi-stream identifier `account:stream:epoch`. */
export function streamOf(streamIdentifier: string): string {
  const parts = streamIdentifier.split(':')
  return parts.length >= 3 ? (parts[parts.length - 2] ?? streamIdentifier) : streamIdentifier
}

/** DynamoDB errors in words: a missing table, a missing permission (named), else the usual mapping. */
export function toDynamoFailure(error: unknown, what: string, action: string, table: string | null, target: ConnectionTarget): AppFailure {
  if (error instanceof AppFailure) return error
  const name = (error as { name?: string }).name ?? ''
  const message = (error as { message?: string }).message ?? String(error)
  if (name === 'ResourceNotFoundException' && table !== null) {
    return new AppFailure(
      'TABLE_NOT_FOUND',
      `Could not ${what}: there is no DynamoDB table "${table}" for ${describeTarget(target)}.`,
      'Pick the lease table from the list (its name is the KCL application name unless configured otherwise).'
    )
  }
  if (name === 'AccessDeniedException' || name === 'UnrecognizedClientException') {
    return new AppFailure(
      'ACCESS_DENIED',
      `Could not ${what}: DynamoDB denied ${action} for ${describeTarget(target)} (${message}).`,
      `Allow ${action}${table !== null ? ` on table ${table}` : ''} for these credentials, or type the lease table's name if only listing is denied.`
    )
  }
  return toAppFailure(error, what, target)
}

export async function listTables(dynamo: DynamoDBClient, target: ConnectionTarget): Promise<string[]> {
  const tables: string[] = []
  let start: string | undefined
  try {
    do {
      const page = await dynamo.send(new ListTablesCommand(start !== undefined ? { ExclusiveStartTableName: start } : {}))
      tables.push(...(page.TableNames ?? []))
      start = page.LastEvaluatedTableName
    } while (start !== undefined)
  } catch (error) {
    throw toDynamoFailure(error, 'list the DynamoDB tables', 'dynamodb:ListTables', null, target)
  }
  return tables
}

export interface ScannedLeases {
  leases: ParsedLease[]
  /** Each lease's item as DynamoDB returned it, by lease key (a rewind's backup). */
  items: Map<string, Item>
  otherItems: number
  pages: number
}

/** One Scan of the whole table (every page). A table with items and no lease is not a lease table. */
export async function scanLeases(dynamo: DynamoDBClient, table: string, target: ConnectionTarget): Promise<ScannedLeases> {
  const leases: ParsedLease[] = []
  const items = new Map<string, Item>()
  let otherItems = 0
  let pages = 0
  let start: Item | undefined
  try {
    do {
      const page = await dynamo.send(new ScanCommand({ TableName: table, ...(start !== undefined ? { ExclusiveStartKey: start } : {}) }))
      pages += 1
      for (const item of page.Items ?? []) {
        const lease = parseLease(item)
        if (lease !== null) {
          leases.push(lease)
          items.set(lease.leaseKey, item)
        } else otherItems += 1
      }
      start = page.LastEvaluatedKey
    } while (start !== undefined)
    if (leases.length === 0) {
      // An empty table may be a new application's: its key schema says whether it is a lease table.
      const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: table }))
      const hashKey = Table?.KeySchema?.find((k) => k.KeyType === 'HASH')?.AttributeName
      if (otherItems > 0 || hashKey !== 'leaseKey') {
        throw new AppFailure(
          'NOT_A_LEASE_TABLE',
          `${table} is not a KCL lease table: ${otherItems > 0 ? `none of its ${otherItems} items has` : `its key is "${hashKey ?? '?'}", not`} the KCL's leaseKey${otherItems > 0 ? ', leaseCounter and checkpoint' : ''}.`,
          "Pick the table named after the KCL application (its applicationName, or the tableName in its LeaseManagementConfig)."
        )
      }
    }
  } catch (error) {
    throw toDynamoFailure(error, `read the lease table ${table}`, 'dynamodb:Scan', table, target)
  }
  return { leases, items, otherItems, pages }
}

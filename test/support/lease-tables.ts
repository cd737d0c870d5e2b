/**
 * DynamoDB for tests: dynalite in process on loopback, and KCL lease tables written the way the
 * KCL writes them (DynamoDBLeaseSerializer / DynamoDBMultiStreamLeaseSerializer in
 * amazon-kinesis-client: leaseKey S as the hash key, leaseCounter N, leaseOwner S,
 * ownerSwitchesSinceCheckpoint N, checkpoint S, checkpointSubSequenceNumber N, parentShardId SS,
 * and streamName / shardId for multi-stream leases).
 */
import dynalite from 'dynalite'
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, PutItemCommand, type AttributeValue, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { serveOnLoopback, type Emulator } from './emulators'

export function startDynalite(): Promise<Emulator> {
  return serveOnLoopback(dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 }))
}

export function dynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: new NodeHttpHandler()
  })
}

export interface TestLease {
  leaseKey: string
  checkpoint: string
  subSequenceNumber?: number
  owner?: string | null
  counter?: number
  ownerSwitches?: number
  parents?: string[]
  /** Multi-stream leases: `account:stream:epoch` and the shard id, as the KCL adds them. */
  multi?: { streamIdentifier: string; shardId: string }
}

/** A lease table as the KCL creates it: leaseKey (S) as the hash key, on-demand. */
export async function createLeaseTable(client: DynamoDBClient, table: string): Promise<void> {
  await createTableAndWait(client, { TableName: table, KeySchema: [{ AttributeName: 'leaseKey', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'leaseKey', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' })
}

/**
 * CreateTable, then DescribeTable until it is ACTIVE. dynalite answers CreateTable with the table
 * CREATING and makes it ACTIVE on a timer (even at createTableMs 0): a call that comes first is
 * refused with ResourceNotFoundException.
 */
export async function createTableAndWait(client: DynamoDBClient, input: CreateTableCommandInput): Promise<void> {
  await client.send(new CreateTableCommand(input))
  for (let attempt = 0; attempt < 1000; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: input.TableName }))
    if (Table?.TableStatus === 'ACTIVE') return
  }
  throw new Error(`table ${input.TableName} never became ACTIVE`)
}

export async function putLease(client: DynamoDBClient, table: string, lease: TestLease): Promise<void> {
  const item: Record<string, AttributeValue> = {
    leaseKey: { S: lease.leaseKey },
    leaseCounter: { N: String(lease.counter ?? 1) },
    ownerSwitchesSinceCheckpoint: { N: String(lease.ownerSwitches ?? 0) },
    checkpoint: { S: lease.checkpoint },
    checkpointSubSequenceNumber: { N: String(lease.subSequenceNumber ?? 0) }
  }
  if (lease.owner !== null) item.leaseOwner = { S: lease.owner ?? 'worker-1' }
  if (lease.parents !== undefined && lease.parents.length > 0) item.parentShardId = { SS: lease.parents }
  if (lease.multi !== undefined) {
    item.streamName = { S: lease.multi.streamIdentifier }
    item.shardId = { S: lease.multi.shardId }
  }
  await client.send(new PutItemCommand({ TableName: table, Item: item }))
}

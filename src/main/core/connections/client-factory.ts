/**
 * Builds Kinesis clients for a resolved connection. Credentials are resolved here, in main, and
 * never leave it.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { GlueClient } from '@aws-sdk/client-glue'
import { KinesisClient } from '@aws-sdk/client-kinesis'
import { LambdaClient } from '@aws-sdk/client-lambda'
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import type { AwsCredentialIdentityProvider } from '@smithy/types'
import { Agent as HttpAgent } from 'node:http'
import { Agent as HttpsAgent } from 'node:https'
import type { ServiceAccess } from '../../../shared/domain'
import { shownEndpoint } from '../../../shared/endpoints'
import { AppFailure } from '../../../shared/errors'
import { sharedFilePaths, type Env } from './aws-environment'

export interface ResolvedConnection {
  region: string
  endpoint: string | null
  profile: string | null
  credentials: AwsCredentialIdentityProvider
  /** CloudWatch, DynamoDB, Glue and Lambda: where their calls go, or why this connection has none. */
  services: { cloudwatch: ServiceAccess; dynamodb: ServiceAccess; glue: ServiceAccess; lambda: ServiceAccess }
}

export interface KinesisClients {
  /** For control-plane calls: the SDK's standard retries. */
  control: KinesisClient
  /** For read sessions: no SDK retries, the session backs off itself so that the user sees it. */
  reader: KinesisClient
  /** CloudWatch, made on first use; SERVICE_UNAVAILABLE (with the reason) where the connection has none. */
  cloudWatch(): CloudWatchClient
  /** DynamoDB (KCL lease tables), likewise. */
  dynamoDb(): DynamoDBClient
  /** Glue (the schema registry), likewise. */
  glue(): GlueClient
  /** Lambda (event source mappings), likewise. */
  lambda(): LambdaClient
  destroy(): void
}

const serviceNames = { cloudwatch: 'CloudWatch', dynamodb: 'DynamoDB', glue: 'Glue', lambda: 'Lambda' } as const

/**
 * Where a service's calls go on a connection. The rule that keeps emulator traffic local: a
 * custom Kinesis endpoint with no endpoint for this service means the service is unavailable —
 * never a silent fall back to the region's AWS endpoint.
 */
export function serviceAccess(
  service: keyof typeof serviceNames,
  kinesisEndpoint: string | null,
  serviceEndpoint: string | null,
  how = `set AWS_ENDPOINT_URL_${service.toUpperCase()} or name a ${serviceNames[service]} endpoint in the connection`
): ServiceAccess {
  if (serviceEndpoint !== null) return { available: true, endpoint: serviceEndpoint }
  if (kinesisEndpoint === null) return { available: true, endpoint: null }
  return {
    available: false,
    reason: `This connection uses a custom Kinesis endpoint (${shownEndpoint(kinesisEndpoint)}) and no ${serviceNames[service]} endpoint, so no ${serviceNames[service]} calls are sent to AWS. To use ${serviceNames[service]}, ${how}.`
  }
}

function unavailable(access: ServiceAccess): never {
  throw new AppFailure('SERVICE_UNAVAILABLE', access.available ? '' : access.reason)
}

/** Static credentials for local emulators, which accept any. */
export const localCredentials: AwsCredentialIdentityProvider = () =>
  Promise.resolve({ accessKeyId: 'local', secretAccessKey: 'local' })

export function profileCredentials(profile: string | null, env: Env): AwsCredentialIdentityProvider {
  const files = sharedFilePaths(env)
  return profile !== null ? fromIni({ profile, ignoreCache: true, ...files }) : fromNodeProviderChain({ ignoreCache: true, ...files })
}

/** Tries the credential chain first; on a local endpoint with nothing configured, uses dummies. */
export function credentialsOrLocal(profile: string | null, env: Env): AwsCredentialIdentityProvider {
  const chain = profileCredentials(profile, env)
  return async () => {
    try {
      return await chain()
    } catch {
      return localCredentials()
    }
  }
}

/** How long a call may take: to open the TCP connection, and to get its whole answer. */
export interface CallTimeouts {
  connectMs: number
  /** The whole request, and also the longest silence on an open socket. */
  requestMs: number
}

export interface ClientTimeouts {
  /** ListStreams, DescribeStreamSummary, ListShards, Create/Delete: small answers, AWS replies in well under a second. */
  control: CallTimeouts
  /** GetRecords and GetShardIterator: a page is up to 10 MB, so more room on a slow link. */
  reader: CallTimeouts
}

export const defaultClientTimeouts: ClientTimeouts = {
  control: { connectMs: 5_000, requestMs: 10_000 },
  reader: { connectMs: 5_000, requestMs: 30_000 }
}

/**
 * The one HTTP handler factory for every AWS client main builds (Kinesis here; DynamoDB and
 * CloudWatch clients use it too), so that no call can wait forever:
 * - HTTP/1.1: the SDK's default handler speaks HTTP/2, which fails with "Protocol error" against
 *   any plain http:// emulator port.
 * - connectionTimeout: a host that never accepts the TCP connection fails fast.
 * - requestTimeout with throwOnRequestTimeout: without the flag the SDK only logs a warning when a
 *   request overruns, and a server that accepted the connection and never answers hangs the call.
 * - socketTimeout: the same bound on silence in the middle of an answer.
 * - keepAlive and a socket per shard keep an all-shards read from queueing behind one socket.
 */
export function httpHandler(timeouts: CallTimeouts, maxSockets = 64): NodeHttpHandler {
  return new NodeHttpHandler({
    httpAgent: new HttpAgent({ keepAlive: true, maxSockets }),
    httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets }),
    connectionTimeout: timeouts.connectMs,
    requestTimeout: timeouts.requestMs,
    throwOnRequestTimeout: true,
    socketTimeout: timeouts.requestMs
  })
}

export function createKinesisClients(
  connection: ResolvedConnection,
  timeouts: ClientTimeouts = defaultClientTimeouts
): KinesisClients {
  const controlHandler = httpHandler(timeouts.control)
  const readerHandler = httpHandler(timeouts.reader)
  const base = {
    region: connection.region,
    credentials: connection.credentials,
    ...(connection.endpoint !== null ? { endpoint: connection.endpoint } : {})
  }
  const control = new KinesisClient({ ...base, requestHandler: controlHandler, maxAttempts: 3 })
  const reader = new KinesisClient({ ...base, requestHandler: readerHandler, maxAttempts: 1 })
  // The other services share the control plane's handler (HTTP/1.1, timeouts) and the
  // credentials, not the endpoint.
  const other = (access: ServiceAccess) => ({
    region: connection.region,
    credentials: connection.credentials,
    requestHandler: controlHandler,
    maxAttempts: 3,
    ...(access.available && access.endpoint !== null ? { endpoint: access.endpoint } : {})
  })
  let cloudWatch: CloudWatchClient | null = null
  let dynamoDb: DynamoDBClient | null = null
  let glue: GlueClient | null = null
  let lambda: LambdaClient | null = null
  const { services } = connection
  return {
    control,
    reader,
    cloudWatch: () => {
      if (!services.cloudwatch.available) unavailable(services.cloudwatch)
      return (cloudWatch ??= new CloudWatchClient(other(services.cloudwatch)))
    },
    dynamoDb: () => {
      if (!services.dynamodb.available) unavailable(services.dynamodb)
      return (dynamoDb ??= new DynamoDBClient(other(services.dynamodb)))
    },
    glue: () => {
      if (!services.glue.available) unavailable(services.glue)
      return (glue ??= new GlueClient(other(services.glue)))
    },
    lambda: () => {
      if (!services.lambda.available) unavailable(services.lambda)
      return (lambda ??= new LambdaClient(other(services.lambda)))
    },
    destroy() {
      control.destroy()
      reader.destroy()
      cloudWatch?.destroy()
      dynamoDb?.destroy()
      glue?.destroy()
      lambda?.destroy()
      controlHandler.destroy()
      readerHandler.destroy()
    }
  }
}

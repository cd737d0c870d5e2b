/**
 * Builds Kinesis clients for a resolved connection. Credentials are resolved here, in main, and
 * never leave it.
 */
import { KinesisClient } from '@aws-sdk/client-kinesis'
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import type { AwsCredentialIdentityProvider } from '@smithy/types'
import { Agent as HttpAgent } from 'node:http'
import { Agent as HttpsAgent } from 'node:https'
import { sharedFilePaths, type Env } from './aws-environment'

export interface ResolvedConnection {
  region: string
  endpoint: string | null
  profile: string | null
  credentials: AwsCredentialIdentityProvider
}

export interface KinesisClients {
  /** For control-plane calls: the SDK's standard retries. */
  control: KinesisClient
  /** For read sessions: no SDK retries, the session backs off itself so that the user sees it. */
  reader: KinesisClient
  destroy(): void
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

export function createKinesisClients(connection: ResolvedConnection): KinesisClients {
  // The SDK's default handler speaks HTTP/2, which fails with "Protocol error" against any plain
  // http:// emulator port; GetRecords and the control plane work well over HTTP/1.1 everywhere.
  // keepAlive and a socket per shard keep an all-shards read from queueing behind one socket.
  const requestHandler = new NodeHttpHandler({
    httpAgent: new HttpAgent({ keepAlive: true, maxSockets: 64 }),
    httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: 64 }),
    connectionTimeout: 5_000,
    requestTimeout: 30_000
  })
  const base = {
    region: connection.region,
    credentials: connection.credentials,
    requestHandler,
    ...(connection.endpoint !== null ? { endpoint: connection.endpoint } : {})
  }
  const control = new KinesisClient({ ...base, maxAttempts: 3 })
  const reader = new KinesisClient({ ...base, maxAttempts: 1 })
  return {
    control,
    reader,
    destroy() {
      control.destroy()
      reader.destroy()
      requestHandler.destroy()
    }
  }
}

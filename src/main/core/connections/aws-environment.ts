/**
 * What the AWS CLI would see on this machine: environment variables and the shared config files.
 * Read fresh on every call so that a profile added while the app runs shows up on refresh.
 */
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader'

export type Env = Record<string, string | undefined>

/** The AWS services the app calls; each may have its own endpoint, as the AWS CLI allows. */
export type AwsService = 'kinesis' | 'cloudwatch' | 'dynamodb' | 'glue' | 'lambda'
export const awsServices: readonly AwsService[] = ['kinesis', 'cloudwatch', 'dynamodb', 'glue', 'lambda']

/** Per service: the endpoint configured for it, or null for the region's AWS endpoint. */
export type ServiceEndpoints = Record<AwsService, string | null>

export interface ProfileInfo {
  name: string
  region: string | null
  /** endpoint_url from the profile (or its `services` section for kinesis), if any. */
  endpoint: string | null
  /** The same for every service: `[services x]` `<service>.endpoint_url`, else endpoint_url. */
  endpoints: ServiceEndpoints
  sso: boolean
}

export interface AwsEnvironment {
  profiles: ProfileInfo[]
  /** AWS_PROFILE, AWS_DEFAULT_PROFILE, or "default". */
  activeProfile: string
  region: string | null
  endpoint: string | null
  /** Every service's endpoint: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then the profile's. */
  endpoints: ServiceEndpoints
  /** True when anything at all is configured: an env var, a config or credentials file entry. */
  configured: boolean
}

/** AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE from the given env, as the AWS CLI honours them. */
export function sharedFilePaths(env: Env): { filepath?: string; configFilepath?: string } {
  return {
    ...(env.AWS_SHARED_CREDENTIALS_FILE !== undefined ? { filepath: env.AWS_SHARED_CREDENTIALS_FILE } : {}),
    ...(env.AWS_CONFIG_FILE !== undefined ? { configFilepath: env.AWS_CONFIG_FILE } : {})
  }
}

/**
 * The profile the environment names: AWS_PROFILE, else AWS_DEFAULT_PROFILE (which the AWS CLI
 * honours and the SDK's own chain does not), else null for the default chain.
 */
export function namedProfile(env: Env): string | null {
  return env.AWS_PROFILE ?? env.AWS_DEFAULT_PROFILE ?? null
}

export async function readAwsEnvironment(env: Env): Promise<AwsEnvironment> {
  const files = await loadSharedConfigFiles({ ignoreCache: true, ...sharedFilePaths(env) }).catch(() => ({
    configFile: {},
    credentialsFile: {},
    ssoSessions: {}
  }))
  const configFile = files.configFile as Record<string, Record<string, string | undefined>>
  const credentialsFile = files.credentialsFile as Record<string, Record<string, string | undefined>>
  // The loader keeps `[services x]` and `[sso-session x]` sections in configFile as "services.x"
  // and "sso-session.x"; they are not profiles.
  const isSection = (key: string): boolean => key.startsWith('services.') || key.startsWith('sso-session.')
  const names = [...new Set([...Object.keys(configFile), ...Object.keys(credentialsFile)])]
    .filter((name) => !isSection(name))
    .sort()
  const profiles = names.map((name): ProfileInfo => {
    const config = configFile[name] ?? {}
    const servicesName = config.services
    const services = servicesName !== undefined ? configFile[`services.${servicesName}`] : undefined
    const endpoints = Object.fromEntries(
      awsServices.map((service) => [service, services?.[`${service}.endpoint_url`] ?? config.endpoint_url ?? null])
    ) as ServiceEndpoints
    return {
      name,
      region: config.region ?? null,
      endpoint: endpoints.kinesis,
      endpoints,
      sso: config.sso_start_url !== undefined || config.sso_session !== undefined
    }
  })

  const activeProfile = namedProfile(env) ?? 'default'
  const profile = profiles.find((p) => p.name === activeProfile)
  const endpoints = Object.fromEntries(
    awsServices.map((service) => [
      service,
      env[`AWS_ENDPOINT_URL_${service.toUpperCase()}`] ?? env.AWS_ENDPOINT_URL ?? profile?.endpoints[service] ?? null
    ])
  ) as ServiceEndpoints
  const endpoint = endpoints.kinesis
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? profile?.region ?? null
  const configured =
    profiles.length > 0 ||
    endpoint !== null ||
    region !== null ||
    env.AWS_ACCESS_KEY_ID !== undefined ||
    namedProfile(env) !== null
  return { profiles, activeProfile, region, endpoint, endpoints, configured }
}

/**
 * Each service's endpoint follows the AWS CLI (AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the
 * profile's `[services]` section, its endpoint_url), and a connection with a custom Kinesis
 * endpoint never sends another service's calls to AWS.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readAwsEnvironment } from '../../../src/main/core/connections/aws-environment'
import { createKinesisClients, localCredentials, serviceAccess } from '../../../src/main/core/connections/client-factory'
import { AppFailure } from '../../../src/shared/errors'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ki-endpoints-'))
  await writeFile(
    join(dir, 'config'),
    [
      '[profile local]',
      'region = eu-west-1',
      'services = local-services',
      '',
      '[services local-services]',
      'kinesis =',
      '  endpoint_url = http://127.0.0.1:4567',
      'dynamodb =',
      '  endpoint_url = http://127.0.0.1:8000',
      '',
      '[profile everywhere]',
      'endpoint_url = http://127.0.0.1:4566'
    ].join('\n')
  )
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('service endpoints', () => {
  it('reads each service from its own variable, then AWS_ENDPOINT_URL, then the profile', async () => {
    const files = { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none') }
    const env = await readAwsEnvironment({ ...files, AWS_ENDPOINT_URL_CLOUDWATCH: 'http://cw:1', AWS_ENDPOINT_URL_GLUE: 'http://glue:3', AWS_ENDPOINT_URL: 'http://all:2' })
    expect(env.endpoints).toEqual({ kinesis: 'http://all:2', cloudwatch: 'http://cw:1', dynamodb: 'http://all:2', glue: 'http://glue:3' })
    const local = await readAwsEnvironment({ ...files, AWS_PROFILE: 'local' })
    expect(local.endpoints).toEqual({ kinesis: 'http://127.0.0.1:4567', cloudwatch: null, dynamodb: 'http://127.0.0.1:8000', glue: null })
    const everywhere = await readAwsEnvironment({ ...files, AWS_PROFILE: 'everywhere' })
    expect(everywhere.endpoints.cloudwatch).toBe('http://127.0.0.1:4566')
    const aws = await readAwsEnvironment({ ...files, AWS_REGION: 'eu-west-1' })
    expect(aws.endpoints).toEqual({ kinesis: null, cloudwatch: null, dynamodb: null, glue: null })
  })

  it('keeps a custom-endpoint connection off AWS for services it names no endpoint for', async () => {
    expect(serviceAccess('cloudwatch', null, null)).toEqual({ available: true, endpoint: null })
    expect(serviceAccess('cloudwatch', 'http://localhost:4566', 'http://localhost:4566')).toEqual({ available: true, endpoint: 'http://localhost:4566' })
    const off = serviceAccess('dynamodb', 'http://localhost:4566', null)
    expect(off).toMatchObject({ available: false, reason: expect.stringContaining('AWS_ENDPOINT_URL_DYNAMODB') as unknown })

    const clients = createKinesisClients({
      region: 'us-east-1',
      endpoint: 'http://localhost:4566',
      profile: null,
      credentials: localCredentials,
      services: { cloudwatch: serviceAccess('cloudwatch', 'http://localhost:4566', null), dynamodb: serviceAccess('dynamodb', 'http://localhost:4566', 'http://127.0.0.1:8000'), glue: serviceAccess('glue', 'http://localhost:4566', null) }
    })
    try {
      expect(() => clients.cloudWatch()).toThrow(AppFailure)
      expect(() => clients.cloudWatch()).toThrow(/no CloudWatch calls are sent to AWS/)
      expect(() => clients.glue()).toThrow(/no Glue calls are sent to AWS.*AWS_ENDPOINT_URL_GLUE/)
      const endpoint = await clients.dynamoDb().config.endpoint?.()
      expect(`${endpoint?.protocol}//${endpoint?.hostname}:${endpoint?.port}`).toBe('http://127.0.0.1:8000')
      expect(clients.dynamoDb()).toBe(clients.dynamoDb())
    } finally {
      clients.destroy()
    }
  })
})

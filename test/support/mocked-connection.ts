/**
 * A connection to an endpoint with CloudWatch, for unit tests whose AWS calls are mocked with
 * aws-sdk-client-mock (the clients are real SDK clients; the mock answers their sends).
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch'
import { KinesisClient } from '@aws-sdk/client-kinesis'
import type { Connected } from '../../src/main/core/connections/connection-manager'

export function mockedConnection(cloudwatchEndpoint: string | null = 'http://127.0.0.1:4582'): Connected {
  const credentials = { accessKeyId: 'a', secretAccessKey: 'b' }
  const cloudWatch = new CloudWatchClient({ region: 'us-east-1', credentials })
  return {
    active: {
      connectionId: 'c',
      name: 'test',
      kind: 'endpoint',
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:4568',
      profile: null,
      services: { cloudwatch: { available: true, endpoint: cloudwatchEndpoint }, dynamodb: { available: false, reason: 'none' }, glue: { available: false, reason: 'none' } }
    },
    clients: {
      control: new KinesisClient({ region: 'us-east-1', credentials }),
      reader: new KinesisClient({ region: 'us-east-1', credentials }),
      cloudWatch: () => cloudWatch,
      dynamoDb: () => {
        throw new Error('unused')
      },
      glue: () => {
        throw new Error('unused')
      },
      destroy: () => undefined
    },
    target: { profile: null, region: 'us-east-1', endpoint: 'http://127.0.0.1:4568' }
  }
}

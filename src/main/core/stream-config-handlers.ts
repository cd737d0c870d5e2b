/**
 * The handlers of the Configuration tab (tags and one change at a time) and of the account's
 * settings in the connection's details, on the active connection.
 */
import type { Handlers } from '../router'
import { toAppFailure, type ServiceCall } from './connections/aws-errors'
import type { ConnectionManager } from './connections/connection-manager'
import { accountSettings, configure, listTags } from './kinesis/stream-config'
import { requireTypedName } from './typed-name'

type Names = 'streams.tags' | 'streams.configure' | 'connections.accountSettings'

const describeAccountSettings: ServiceCall = { service: 'Kinesis', permission: 'kinesis:DescribeAccountSettings' }

export function streamConfigHandlers(connections: ConnectionManager): Pick<Handlers, Names> {
  return {
    'streams.tags': ({ name }) => connections.use(`list the tags of ${name}`, (c) => listTags(c.clients.control, name)),
    'streams.configure': async ({ name, confirmName, change }) => {
      requireTypedName(connections, name, confirmName, 'change its configuration')
      const message = await connections.use(`change the configuration of ${name}`, (c) => configure(c.clients.control, name, change))
      return { name, message }
    },
    'connections.accountSettings': async () => {
      const c = connections.require()
      try {
        return await accountSettings(c.clients.control)
      } catch (error) {
        // A missing kinesis:DescribeAccountSettings is named; the connection itself stays as it is.
        throw toAppFailure(error, 'read the account settings', c.target, describeAccountSettings)
      }
    }
  }
}

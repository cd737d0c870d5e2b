/**
 * The handlers of the shard tools (key routing, load sample, resharding) and of the Consumers
 * tab (enhanced fan-out consumers, channels, KCL lease tables), on the active connection.
 */
import type { Handlers } from '../router'
import type { ConnectionManager } from './connections/connection-manager'
import { listChannels } from './consumers/channels'
import { listConsumers } from './consumers/efo-consumers'
import { listLambdaMappings } from './consumers/lambda-mappings'
import { listTables } from './consumers/lease-table'
import type { LeaseService } from './consumers/lease-service'
import { hashKeyOf, openShardFor } from './kinesis/hash-key'
import { sampleLoad } from './kinesis/load-sample'
import { reshard } from './kinesis/resharding'
import { setRecordDistribution } from './kinesis/record-distribution'
import { describeStream, listShards } from './kinesis/stream-gateway'
import type { ReaderTuning } from './reader/read-budget'
import { requireTypedName } from './typed-name'

type Names =
  | 'streams.routeKey'
  | 'streams.sampleLoad'
  | 'streams.reshard'
  | 'streams.setRecordDistribution'
  | 'consumers.list'
  | 'consumers.channels'
  | 'consumers.lambdaMappings'
  | 'leases.tables'
  | 'leases.read'

export function shardAndConsumerHandlers(connections: ConnectionManager, leases: LeaseService, tuning: ReaderTuning): Pick<Handlers, Names> {
  return {
    'streams.routeKey': ({ name, partitionKey }) =>
      connections.use(`route a key on ${name}`, async (c) => {
        const hashKey = hashKeyOf(partitionKey)
        const [shards, details] = await Promise.all([listShards(c.clients.control, name), describeStream(c.clients.control, name)])
        const { recordDistribution } = details
        const openShardCount = shards.filter((s) => s.open).length
        // On AUTO no shard owns a key: Kinesis spreads records evenly, so naming one would be wrong.
        const shard = recordDistribution === 'AUTO' ? null : openShardFor(shards, hashKey)
        return { partitionKey, hashKey: hashKey.toString(), shard, recordDistribution, openShardCount }
      }),
    'streams.sampleLoad': (input, client) => sampleLoad(connections.require(), tuning, client, input),
    'streams.reshard': async ({ name, confirmName, action }) => {
      requireTypedName(connections, name, confirmName, 'reshard it')
      const message = await connections.use(`reshard ${name}`, (c) => reshard(c.clients.control, name, action))
      return { name, message }
    },
    'streams.setRecordDistribution': async ({ name, strategy, confirmName }) => {
      requireTypedName(connections, name, confirmName, 'change how it distributes records')
      const changed = await connections.use(`change the record distribution of ${name}`, (c) => setRecordDistribution(c.clients.control, name, strategy))
      return { name, ...changed }
    },
    'consumers.list': ({ stream }) => connections.use(`list the consumers of ${stream}`, (c) => listConsumers(c.clients.control, stream)),
    'consumers.channels': ({ stream }) => {
      const c = connections.require()
      return listChannels(c.clients.control, c.target, stream)
    },
    'consumers.lambdaMappings': ({ stream }) => {
      const c = connections.require()
      const access = c.active.services.lambda
      const lambdaTarget = { ...c.target, endpoint: access.available ? access.endpoint : null }
      return listLambdaMappings(c.clients.control, () => c.clients.lambda(), c.target, stream, lambdaTarget)
    },
    'leases.tables': async () => {
      const c = connections.require()
      return { tables: await listTables(c.clients.dynamoDb(), c.target) }
    },
    'leases.read': ({ table, stream }) => leases.read(connections.require(), table, stream)
  }
}

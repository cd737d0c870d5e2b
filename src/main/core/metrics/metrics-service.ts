/**
 * The metrics operations on the active connection: CloudWatch calls with errors that name the
 * permission they need, and shard-level metrics checked against the stream's enhanced monitoring.
 */
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch'
import type { MetricRange, ShardLoad, StreamMetrics } from '../../../shared/metrics'
import { toAppFailure, type ConnectionTarget, type ServiceCall } from '../connections/aws-errors'
import type { Connected } from '../connections/connection-manager'
import { listShards } from '../kinesis/stream-gateway'
import { fetchShardLoad, fetchStreamMetrics, missingShardMetrics, shardLoadMetrics, shardMetricsOff } from './cloudwatch-metrics'

const getMetricData: ServiceCall = { service: 'CloudWatch', permission: 'cloudwatch:GetMetricData' }

/** Where CloudWatch errors say the calls went: the CloudWatch endpoint, not the Kinesis one. */
function cloudWatchTarget(connection: Connected): ConnectionTarget {
  const access = connection.active.services.cloudwatch
  return { ...connection.target, endpoint: access.available ? access.endpoint : null }
}

async function withCloudWatch<T>(connection: Connected, what: string, fn: (cloudWatch: CloudWatchClient) => Promise<T>): Promise<T> {
  // SERVICE_UNAVAILABLE (the sandbox, a custom Kinesis endpoint with no CloudWatch one) comes as it is.
  const cloudWatch = connection.clients.cloudWatch()
  try {
    return await fn(cloudWatch)
  } catch (error) {
    throw toAppFailure(error, what, cloudWatchTarget(connection), getMetricData)
  }
}

export function streamMetrics(connection: Connected, stream: string, range: MetricRange): Promise<StreamMetrics> {
  return withCloudWatch(connection, `fetch the CloudWatch metrics of ${stream}`, (cloudWatch) =>
    fetchStreamMetrics(cloudWatch, stream, range)
  )
}

/** Per open shard over the last `minutes`; SHARD_METRICS_OFF when enhanced monitoring lacks them. */
export async function shardLoad(connection: Connected, stream: string, minutes: number): Promise<ShardLoad> {
  const cloudWatch = connection.clients.cloudWatch()
  const control = connection.clients.control
  let missing: string[]
  let shardIds: string[]
  try {
    ;[missing, shardIds] = await Promise.all([
      missingShardMetrics(control, stream, shardLoadMetrics),
      listShards(control, stream).then((shards) => shards.filter((s) => s.open).map((s) => s.shardId))
    ])
  } catch (error) {
    throw toAppFailure(error, `describe stream ${stream}`, connection.target)
  }
  if (missing.length > 0) throw shardMetricsOff(stream, missing, shardIds.length)
  return withCloudWatch(connection, `fetch the shard-level CloudWatch metrics of ${stream}`, () =>
    fetchShardLoad(cloudWatch, stream, shardIds, minutes)
  )
}

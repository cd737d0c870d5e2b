/**
 * The AWS-like proxy in a process of its own for the benchmarks: AWS is not in the app's process,
 * and the proxy's own JSON work must not queue behind the app's on one event loop.
 * Prints "PORT <n>" when listening. Target and latency from argv. Answers 'stats' (read limits hit),
 * 'writes' (per-shard write counts) and 'reads' (GetRecords calls and throttles per shard) messages
 * over IPC.
 */
import { startKinesisProxy } from '../test/support/kinesis-proxy'

/** GetRecords calls the proxy saw on one shard (served or refused), and how many its limits refused. */
export interface ShardReadStats {
  stream: string
  shardId: string
  calls: number
  throttled: number
}

const [target, latency, writeRecords] = process.argv.slice(2)
if (target === undefined) throw new Error('usage: proxy-process <target> [latencyMs] [writeRecordsPerSecondPerShard]')
void startKinesisProxy({ target, latencyMs: Number(latency ?? 25), writeRecordsPerSecond: Number(writeRecords ?? 1000) }).then((proxy) => {
  console.log(`PORT ${new URL(proxy.endpoint).port}`)
  process.on('message', (message) => {
    if (message === 'stats') process.send?.(proxy.stats().limited)
    if (message === 'writes') process.send?.(proxy.writeStats())
    if (message === 'reads') {
      const reads: ShardReadStats[] = proxy.stats().shards.map((s) => ({ stream: s.stream, shardId: s.shardId, calls: s.calls.length, throttled: s.throttled }))
      process.send?.(reads)
    }
  })
})

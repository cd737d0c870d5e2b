/**
 * The AWS-like proxy in a process of its own for the benchmarks: AWS is not in the app's process,
 * and the proxy's own JSON work must not queue behind the app's on one event loop.
 * Prints "PORT <n>" when listening. Target and latency from argv. Answers 'stats' (read limits hit)
 * and 'writes' (per-shard write counts) messages over IPC.
 */
import { startKinesisProxy } from '../test/support/kinesis-proxy'

const [target, latency, writeRecords] = process.argv.slice(2)
if (target === undefined) throw new Error('usage: proxy-process <target> [latencyMs] [writeRecordsPerSecondPerShard]')
void startKinesisProxy({ target, latencyMs: Number(latency ?? 25), writeRecordsPerSecond: Number(writeRecords ?? 1000) }).then((proxy) => {
  console.log(`PORT ${new URL(proxy.endpoint).port}`)
  process.on('message', (message) => {
    if (message === 'stats') process.send?.(proxy.stats().limited)
    if (message === 'writes') process.send?.(proxy.writeStats())
  })
})

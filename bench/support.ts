/** Shared pieces of the benchmarks: kinesalite in its own process, data loading, reporting. */
import { spawn } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { PutRecordsCommand, type KinesisClient } from '@aws-sdk/client-kinesis'
import type { ShardWriteStats } from '../test/support/kinesis-proxy'

export interface ChildEmulator {
  endpoint: string
  close(): void
}

/** kinesalite in a child process (so its CPU is not the reader's), on 127.0.0.1, in memory. */
export function startKinesaliteProcess(): Promise<ChildEmulator> {
  const script = `require('kinesalite')({ createStreamMs: 0, shardLimit: 1000 }).listen(0, '127.0.0.1', function () { console.log('PORT ' + this.address().port) })`
  const child = spawn(process.execPath, ['--max-old-space-size=8192', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise((resolvePort, reject) => {
    child.once('exit', (code) => reject(new Error(`kinesalite exited (${String(code)})`)))
    child.stdout.on('data', (chunk: Buffer) => {
      const port = /PORT (\d+)/.exec(chunk.toString())?.[1]
      if (port !== undefined) resolvePort({ endpoint: `http://127.0.0.1:${port}`, close: () => child.kill() })
    })
  })
}

/** The AWS-like proxy (bundled by bench/global-build.ts) in its own process, in front of `target`. */
export function startProxyProcess(target: string, latencyMs = 25, writeRecordsPerSecond = 1000): Promise<ChildEmulator & { limited(): Promise<unknown>; writes(): Promise<ShardWriteStats[]> }> {
  const child = spawn(process.execPath, [resolve('out/bench/proxy-process.cjs'), target, String(latencyMs), String(writeRecordsPerSecond)], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc']
  })
  return new Promise((resolvePort, reject) => {
    child.once('exit', (code) => reject(new Error(`proxy exited (${String(code)})`)))
    child.stdout?.on('data', (chunk: Buffer) => {
      const port = /PORT (\d+)/.exec(chunk.toString())?.[1]
      if (port === undefined) return
      resolvePort({
        endpoint: `http://127.0.0.1:${port}`,
        close: () => child.kill(),
        limited: () =>
          new Promise((r) => {
            child.once('message', r)
            child.send('stats')
          }),
        writes: () =>
          new Promise((r) => {
            child.once('message', (m) => r(m as ShardWriteStats[]))
            child.send('writes')
          })
      })
    })
  })
}

/** ~`size`-byte JSON orders, spread over shards by random partition keys; 4 PutRecords in flight. */
export async function loadOrders(client: KinesisClient, stream: string, count: number, size: number): Promise<number> {
  const pad = 'x'.repeat(Math.max(0, size - 120))
  let bytes = 0
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < count) {
      const start = next
      next = Math.min(count, next + 500)
      const records = []
      for (let i = start; i < next; i++) {
        const data = Buffer.from(JSON.stringify({ orderId: i, storeId: 100 + (i % 50), pizzaId: 'margherita', source: 'web', at: Date.now(), pad }))
        bytes += data.length
        records.push({ PartitionKey: `order-${i}-${Math.random()}`, Data: data })
      }
      const out = await client.send(new PutRecordsCommand({ StreamName: stream, Records: records }))
      if ((out.FailedRecordCount ?? 0) > 0) throw new Error('PutRecords failed')
    }
  }
  await Promise.all([worker(), worker(), worker(), worker()])
  return bytes
}

export async function report(name: string, result: Record<string, unknown>): Promise<void> {
  const dir = resolve('bench/results')
  await mkdir(dir, { recursive: true })
  await writeFile(resolve(dir, `${name}.json`), JSON.stringify({ measuredAt: new Date().toISOString(), ...result }, null, 2))
  console.log(`\n${name}:\n${JSON.stringify(result, null, 2)}\n`)
}

export const mb = (bytes: number): number => Math.round((bytes / 1_000_000) * 100) / 100

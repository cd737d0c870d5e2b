/**
 * How far a KCL checkpoint trails its shard's tip, against a Kinesis stand-in over node:http that
 * pages a shard as AWS may: GetRecords can answer an empty page, behind the tip, where records are
 * further on ("GetRecords can return an empty Records array even when the shard contains records").
 * The checkpointed record then arrives on a later page, and it was processed: it is not lag.
 */
import http from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { checkpointLag } from '../../../src/main/core/consumers/checkpoint-lag'
import { dataMessage } from '../../support/cloudwatch-logs-records'
import { kinesisClient, serveOnLoopback, type Emulator } from '../../support/emulators'

const T0 = Date.UTC(2026, 11, 7, 9, 0, 0)
const wire = (sequenceNumber: string, arrivalTime: number, data = 'eA==') => ({ SequenceNumber: sequenceNumber, PartitionKey: 'k', ApproximateArrivalTimestamp: arrivalTime / 1000, Data: data })

/** One shard whose GetRecords pages are given in order: page i answers the iterator "it-i". */
async function shardServing(pages: { Records: unknown[]; MillisBehindLatest: number; last?: boolean }[]): Promise<Emulator> {
  const server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString()))
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '')
      const input = JSON.parse(body) as { ShardIterator?: string }
      let answer: unknown
      if (target.endsWith('GetShardIterator')) answer = { ShardIterator: 'it-0' }
      else {
        const i = Number(input.ShardIterator?.slice(3))
        const page = pages[i] ?? { Records: [], MillisBehindLatest: 0 }
        answer = { Records: page.Records, MillisBehindLatest: page.MillisBehindLatest, NextShardIterator: page.last === true ? null : `it-${i + 1}` }
      }
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' })
      res.end(JSON.stringify(answer))
    })
  })
  return serveOnLoopback(server)
}

let stand: Emulator | null = null
afterEach(async () => {
  await stand?.close()
  stand = null
})

describe('checkpointLag', () => {
  it('does not count the checkpointed record when it comes after an empty page', async () => {
    stand = await shardServing([
      { Records: [], MillisBehindLatest: 60_000 },
      { Records: [wire('100', T0), wire('200', T0 + 5000), wire('300', T0 + 9000)], MillisBehindLatest: 0 }
    ])
    const kinesis = kinesisClient(stand.endpoint, { maxAttempts: 1 })
    const lag = await checkpointLag(kinesis, 'OrderStream', 'shardId-000000000000', '100', 0)
    kinesis.destroy()
    // Processed up to and including 100: the application is behind by 200 and 300, since T0 + 5 s.
    expect(lag).toEqual({ type: 'measured', nextArrival: T0 + 5000, millisBehindLatest: 60_000, records: { count: 2, atLeast: false } })
  })

  it('says it could not measure, not "caught up", when the pages after the checkpoint are empty short of the tip', async () => {
    stand = await shardServing([
      { Records: [], MillisBehindLatest: 60_000 },
      { Records: [], MillisBehindLatest: 55_000 }
    ])
    const kinesis = kinesisClient(stand.endpoint, { maxAttempts: 1 })
    const lag = await checkpointLag(kinesis, 'OrderStream', 'shardId-000000000000', '100', 0)
    kinesis.destroy()
    expect(lag).toMatchObject({ type: 'none', reason: expect.stringMatching(/^Not measured/) as unknown })
  })

  it('counts records, not the log events a CloudWatch Logs subscription record holds', async () => {
    // A KCL application processes each of these records once, whatever the events inside.
    const logs = (n: number) => dataMessage(Array.from({ length: n }, (_, i) => ({ message: `event ${i}`, timestamp: T0 + i }))).toString('base64')
    stand = await shardServing([
      { Records: [wire('100', T0, logs(5)), wire('200', T0 + 5000, logs(40))], MillisBehindLatest: 3000 },
      { Records: [wire('300', T0 + 9000, logs(12))], MillisBehindLatest: 0 }
    ])
    const kinesis = kinesisClient(stand.endpoint, { maxAttempts: 1 })
    const lag = await checkpointLag(kinesis, 'OrderStream', 'shardId-000000000000', '100', 0)
    kinesis.destroy()
    expect(lag).toEqual({ type: 'measured', nextArrival: T0 + 5000, millisBehindLatest: 3000, records: { count: 2, atLeast: false } })
  })

  it('counts what follows the checkpoint when the first page holds it', async () => {
    stand = await shardServing([
      { Records: [wire('100', T0), wire('200', T0 + 5000)], MillisBehindLatest: 3000 },
      { Records: [wire('300', T0 + 9000)], MillisBehindLatest: 0 }
    ])
    const kinesis = kinesisClient(stand.endpoint, { maxAttempts: 1 })
    const lag = await checkpointLag(kinesis, 'OrderStream', 'shardId-000000000000', '100', 0)
    kinesis.destroy()
    expect(lag).toEqual({ type: 'measured', nextArrival: T0 + 5000, millisBehindLatest: 3000, records: { count: 2, atLeast: false } })
  })
})

/**
 * CloudWatch Logs subscription records on kinesis-local, put exactly as CloudWatch Logs puts them
 * (the gzip of the subscription JSON): a read shows each log event as a row of its own with its
 * record's shard and sequence number, the control message labelled; a search in main filters the
 * events one by one.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { KinesisClient } from '@aws-sdk/client-kinesis'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { AppCore } from '../../src/main/core/app-core'
import { matchAll, type RecordFilterSpec } from '../../src/shared/filter/record-filter'
import { controlMessage, dataMessage } from '../support/cloudwatch-logs-records'
import { createStreamAndWait, kinesisClient } from '../support/emulators'
import { putAll, uniqueName, type PutResult } from '../support/stream-fixtures'
import { TestClient } from '../support/test-client'

const T = Date.UTC(2026, 11, 7, 8, 0, 0)
const lambdaLog = (i: number): { timestamp: number; message: string } =>
  i % 10 === 9
    ? { timestamp: T + i, message: JSON.stringify({ level: 'ERROR', orderId: `o-${i}`, error: 'payment declined' }) }
    : { timestamp: T + i, message: `INFO order o-${i} accepted` }

describe('CloudWatch Logs subscription records on kinesis-local', () => {
  let core: AppCore
  let c: TestClient
  let kinesis: KinesisClient
  let userDataDir: string
  let stream: string
  let puts: PutResult[]

  beforeAll(async () => {
    const endpoint = inject('kinesisLocalEndpoint')
    userDataDir = mkdtempSync(join(tmpdir(), 'cwlogs-'))
    core = new AppCore({
      env: { AWS_REGION: 'us-east-1', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', AWS_ENDPOINT_URL_KINESIS: endpoint },
      userDataDir,
      tuning: { drainIntervalMs: 20, caughtUpIntervalMs: 50 }
    })
    c = new TestClient(core.handlers())
    await c.call('connections.select', { id: 'default' })
    kinesis = kinesisClient(endpoint)
    stream = uniqueName('cwlogs')
    await createStreamAndWait(kinesis, stream, 2)
    // The control message first, as when a subscription filter is created; then batches of 3, 20 and 50 events.
    puts = await putAll(kinesis, stream, [
      controlMessage(T),
      dataMessage(Array.from({ length: 3 }, (_, i) => lambdaLog(i))),
      dataMessage(Array.from({ length: 20 }, (_, i) => lambdaLog(100 + i)), '/aws/lambda/payments'),
      dataMessage(Array.from({ length: 50 }, (_, i) => lambdaLog(200 + i)))
    ])
  })
  afterAll(async () => {
    kinesis.destroy()
    await core.dispose()
    rmSync(userDataDir, { recursive: true, force: true })
  })

  const read = async (search?: Partial<RecordFilterSpec>) => {
    const started = await c.call('reader.start', {
      stream,
      shardIds: null,
      position: { type: 'TRIM_HORIZON' },
      mode: 'read',
      ...(search !== undefined ? { search: { filter: { ...matchAll, ...search }, saveMatches: false } } : {})
    } as never)
    const ended = await c.ended(started.sessionId)
    return { ended, records: c.records(started.sessionId) }
  }

  it('a read shows every log event as a row of its own, with its record’s shard and sequence number', async () => {
    const { ended, records } = await read()
    expect(ended).toMatchObject({ reason: 'completed', error: null })
    expect(records).toHaveLength(1 + 3 + 20 + 50)
    expect(new Set(records.map((r) => r.id)).size).toBe(records.length)
    puts.forEach((put, p) => {
      const rows = records.filter((r) => r.sequenceNumber === put.sequenceNumber)
      expect(rows.every((r) => r.shardId === put.shardId && r.partitionKey === put.partitionKey)).toBe(true)
      expect(rows.map((r) => r.logEvent?.index)).toEqual(Array.from({ length: [1, 3, 20, 50][p] ?? 0 }, (_, i) => i))
      expect(rows.map((r) => r.id)).toEqual(rows.map((_, i) => `${put.shardId}/${put.sequenceNumber}/log/${i}`))
    })
    const control = records.filter((r) => r.logEvent?.messageType === 'CONTROL_MESSAGE')
    expect(control.map((r) => r.text)).toEqual(['CWL CONTROL MESSAGE: Checking health of destination Kinesis stream.'])
    const payments = records.filter((r) => r.logEvent?.logGroup === '/aws/lambda/payments')
    expect(payments.map((r) => r.text)).toEqual(Array.from({ length: 20 }, (_, i) => lambdaLog(100 + i).message))
    expect(payments[9]).toMatchObject({ kind: 'json', steps: ['gzip', 'cwlogs', 'json'] })
  })

  it('a search in main keeps only the matching events and counts every event scanned', async () => {
    const { ended, records } = await read({ field: 'level = ERROR' })
    expect(records.map((r) => (JSON.parse(r.text ?? '{}') as { orderId: string }).orderId).sort()).toEqual(
      ['o-109', 'o-119', 'o-209', 'o-219', 'o-229', 'o-239', 'o-249'].sort()
    )
    expect(ended.search).toMatchObject({ scannedRecords: 74, matches: 7 })
    const text = await read({ text: 'o-2 accepted' })
    expect(text.records.map((r) => r.text)).toEqual(['INFO order o-2 accepted'])
    const regex = await read({ regex: '^CWL CONTROL' })
    expect(regex.records.map((r) => r.logEvent?.messageType)).toEqual(['CONTROL_MESSAGE'])
  })
})

/**
 * "Observed by this app" (the Metrics tab's stand-in for CloudWatch where there is none) counts
 * what the app's reads took from each shard, as GetRecords returned it: every record a search
 * scanned (not only its matches), and a KPL aggregate as the one Kinesis record it is. On kinesalite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppCore } from '../../src/main/core/app-core'
import { aggregate } from '../../src/main/core/decode/kpl'
import { matchAll } from '../../src/shared/filter/record-filter'
import { createStreamAndWait, kinesisClient, startKinesalite, type Emulator } from '../support/emulators'
import { putAll, uniqueName } from '../support/stream-fixtures'
import { TestClient } from '../support/test-client'

const isolated = { AWS_REGION: 'us-east-1', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' }

describe('observed reads', () => {
  let emulator: Emulator
  let core: AppCore
  let c: TestClient

  beforeAll(async () => {
    emulator = await startKinesalite()
    core = new AppCore({ env: { ...isolated, AWS_ENDPOINT_URL_KINESIS: emulator.endpoint }, userDataDir: null, tuning: { drainIntervalMs: 20, caughtUpIntervalMs: 50 } })
    c = new TestClient(core.handlers())
    await c.call('connections.select', { id: 'default' })
  })
  afterAll(async () => {
    await core.dispose()
    await emulator.close()
  })

  it('count every record a search read and its bytes (data and key), and an aggregate once', async () => {
    const kinesis = kinesisClient(emulator.endpoint)
    const stream = uniqueName('observed')
    await createStreamAndWait(kinesis, stream, 2)
    const bodies: (string | Uint8Array)[] = Array.from({ length: 40 }, (_, i) => JSON.stringify({ order: i, note: i === 7 ? 'NEEDLE' : '' }))
    bodies.push(aggregate(Array.from({ length: 10 }, (_, u) => ({ partitionKey: `user-${u}`, explicitHashKey: null, data: Buffer.from(`{"user":${u}}`) }))))
    const puts = await putAll(kinesis, stream, bodies, (i) => `key-${i}`)
    kinesis.destroy()
    const stored = bodies.reduce((sum, body, i) => sum + Buffer.byteLength(body) + Buffer.byteLength(puts[i]?.partitionKey ?? ''), 0)

    const started = await c.call('reader.start', {
      stream,
      shardIds: null,
      position: { type: 'TRIM_HORIZON' },
      mode: 'read',
      search: { filter: { ...matchAll, text: 'needle' }, saveMatches: false }
    })
    await c.ended(started.sessionId)
    expect(c.records(started.sessionId)).toHaveLength(1)

    const observed = await c.call('metrics.observed', { stream })
    const read = observed.shards.reduce((sum, s) => ({ records: sum.records + s.read.records, bytes: sum.bytes + s.read.bytes }), { records: 0, bytes: 0 })
    expect(read).toEqual({ records: 41, bytes: stored })
  })
})

import { describe, expect, it } from 'vitest'
import type { RecordSource, SendItem } from '../../../src/main/core/producer/bulk-sender'
import { classifyPutError } from '../../../src/main/core/producer/put-records'
import { aggregatingSource } from '../../../src/main/core/producer/kpl-aggregator'
import { deaggregate, isAggregated } from '../../../src/main/core/decode/kpl'
import { DEFAULT_MAX_RECORD_BYTES as MAX_RECORD_BYTES } from '../../../src/shared/producer'

function items(specs: { key: string; shard: string; size: number }[]): RecordSource {
  let i = 0
  return {
    next(): SendItem | null {
      const spec = specs[i]
      if (spec === undefined) return null
      const index = i++
      return { index, records: 1, partitionKey: spec.key, explicitHashKey: null, data: Buffer.alloc(spec.size, index % 256), orderKey: spec.key, shardId: spec.shard }
    }
  }
}

function drain(source: RecordSource): SendItem[] {
  const out: SendItem[] = []
  for (let item = source.next(); item !== null; item = source.next()) if (!('failure' in item)) out.push(item)
  return out
}

describe('KPL aggregation of bulk output', () => {
  it('groups user records by shard into aggregates of at most 1 MiB, in order, that our decoder reads back', () => {
    const specs = Array.from({ length: 40 }, (_, i) => ({ key: `k${i % 5}`, shard: i % 2 === 0 ? 's0' : 's1', size: 90 * 1024 }))
    const out = drain(aggregatingSource(items(specs)))
    expect(out.reduce((n, o) => n + o.records, 0)).toBe(40)
    for (const aggregate of out) {
      expect(aggregate.data.byteLength + Buffer.byteLength(aggregate.partitionKey)).toBeLessThanOrEqual(MAX_RECORD_BYTES)
      expect(isAggregated(aggregate.data)).toBe(true)
      expect(aggregate.orderKey).toBe(`shard:${aggregate.shardId}`)
      const result = deaggregate(aggregate.data)
      if (!result.ok) throw new Error(result.reason)
      expect(result.records).toHaveLength(aggregate.records)
      // The aggregate carries its first user record's key, so it lands on that record's shard.
      expect(aggregate.partitionKey).toBe(result.records[0]?.partitionKey)
    }
    // Each shard's user records, in the order given.
    for (const shard of ['s0', 's1']) {
      const firsts = out.filter((o) => o.shardId === shard).map((o) => o.index)
      expect(firsts).toEqual([...firsts].sort((a, b) => a - b))
    }
  })

  it('a record too big to wrap goes plain; a rate limit keeps aggregates small', () => {
    const big = drain(aggregatingSource(items([{ key: 'k', shard: 's0', size: MAX_RECORD_BYTES - 10 }, { key: 'k', shard: 's0', size: 10 }])))
    expect(big.map((o) => [o.records, isAggregated(o.data)])).toEqual([[1, false], [1, true]])
    const small = drain(aggregatingSource(items(Array.from({ length: 10 }, () => ({ key: 'k', shard: 's0', size: 10 }))), 3))
    expect(small.map((o) => o.records)).toEqual([3, 3, 3, 1])
  })
})

describe('PutRecords errors', () => {
  const target = { profile: null, region: 'us-east-1', endpoint: null }
  const error = (name: string, extra: object = {}): Error => Object.assign(new Error(`${name} happened`), { name, ...extra })
  it('sorts each error into retry, outcome unknown or fatal', () => {
    expect(classifyPutError(error('ProvisionedThroughputExceededException'), 'put', target).kind).toBe('retry')
    expect(classifyPutError(error('ServiceUnavailable', { $metadata: { httpStatusCode: 503 } }), 'put', target).kind).toBe('retry')
    expect(classifyPutError(error('Error', { code: 'ECONNREFUSED' }), 'put', target).kind).toBe('retry')
    expect(classifyPutError(error('TimeoutError'), 'put', target).kind).toBe('unknown')
    // The HTTP handler's connect timeout (its own words): nothing was sent, so it is tried again.
    const notConnected = Object.assign(
      new Error('@smithy/node-http-handler - the request socket did not establish a connection with the server within the configured timeout of 5000 ms.'),
      { name: 'TimeoutError' }
    )
    expect(classifyPutError(notConnected, 'put', target).kind).toBe('retry')
    expect(classifyPutError(error('Error', { code: 'ECONNRESET' }), 'put', target).kind).toBe('unknown')
    expect(classifyPutError(error('AbortError'), 'put', target).kind).toBe('unknown')
    const kms = classifyPutError(error('KMSDisabledException'), 'put records on S', target)
    expect(kms).toMatchObject({ kind: 'fatal', errorCode: 'KMSDisabledException', error: { code: 'KMS_KEY_UNUSABLE' } })
    expect(classifyPutError(error('ResourceNotFoundException'), 'put', target)).toMatchObject({ kind: 'fatal', error: { code: 'STREAM_NOT_FOUND' } })
  })
})

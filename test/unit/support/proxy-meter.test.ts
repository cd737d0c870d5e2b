/**
 * The test proxy meters GetRecords answers by searching the raw body (kinesis-proxy.ts,
 * meterGetRecordsAnswer): it must agree with parsing the body, whatever the records hold.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { meterGetRecordsAnswer } from '../../support/kinesis-proxy'

/** What AWS meters, the slow way: parse, then data bytes plus partition key bytes. */
function reference(body: Buffer): { nextShardIterator: string | null; payloadBytes: number } {
  const page = JSON.parse(body.toString('utf8')) as { NextShardIterator?: string; Records: { Data: string; PartitionKey: string }[] }
  const payloadBytes = page.Records.reduce((sum, r) => sum + Buffer.from(r.Data, 'base64').length + Buffer.byteLength(r.PartitionKey), 0)
  return { nextShardIterator: page.NextShardIterator ?? null, payloadBytes }
}

const record = fc.record({
  SequenceNumber: fc.bigInt({ min: 0n, max: 10n ** 56n }).map(String),
  ApproximateArrivalTimestamp: fc.double({ min: 1e9, max: 2e9, noNaN: true }),
  // Keys with quotes, backslashes, control characters, non-ASCII and text that looks like a field.
  PartitionKey: fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), fc.constant('"Data":"AAAA"'), fc.string({ unit: 'grapheme', minLength: 1 })),
  Data: fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('base64'))
})

describe('meterGetRecordsAnswer', () => {
  it('agrees with parsing the answer, for any records', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 30 }), fc.option(fc.base64String({ minLength: 4, maxLength: 200 })), (records, next) => {
        const body = Buffer.from(JSON.stringify({ MillisBehindLatest: 0, ...(next !== null ? { NextShardIterator: next } : {}), Records: records }))
        expect(meterGetRecordsAnswer(body)).toEqual(reference(body))
      }),
      { numRuns: 500 }
    )
  })

  it('reads a closed shard’s last answer (no next iterator) and an empty page', () => {
    expect(meterGetRecordsAnswer(Buffer.from('{"MillisBehindLatest":0,"Records":[],"ChildShards":[]}'))).toEqual({ nextShardIterator: null, payloadBytes: 0 })
    expect(meterGetRecordsAnswer(Buffer.from('{"NextShardIterator":"AAAB","Records":[]}'))).toEqual({ nextShardIterator: 'AAAB', payloadBytes: 0 })
  })

  it('falls back to parsing an answer written with spaces', () => {
    const body = Buffer.from(JSON.stringify({ NextShardIterator: 'it', Records: [{ SequenceNumber: '1', PartitionKey: 'k', Data: 'AAEC' }] }, null, 1))
    expect(meterGetRecordsAnswer(body)).toEqual({ nextShardIterator: 'it', payloadBytes: 4 })
  })
})

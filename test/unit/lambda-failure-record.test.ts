/**
 * The one parser of Lambda on-failure records (src/shared): the document itself, arrays, JSON
 * Lines, SQS and SNS envelopes; every malformed field named; and, with fast-check, that no input
 * makes it throw and that every problem names a field. Then the check of a batch against the
 * stream it is opened on (another stream, a shard gone, records past retention).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { batchRead, checkBatch, compareWithBatch, inShardOrder, parseFailureRecords, type FailureRecord } from '../../src/shared/lambda-failure-record'
import { failureRecord, snsNotification, sqsReceiveOutput } from '../support/failure-records'

const ARN = 'arn:aws:kinesis:us-east-1:000000000000:stream/OrderStream'
const START = '49601189658422359378836298521827638475320189012309704722'
const END = '49601189658422359378836298522902373528957594348623495186'
const doc = (extra: Partial<Parameters<typeof failureRecord>[0]> = {}): Record<string, unknown> =>
  failureRecord({ streamArn: ARN, shardId: 'shardId-000000000001', startSequenceNumber: START, endSequenceNumber: END, batchSize: 500, ...extra })

/** The document with one field (a dotted path) replaced, or removed when `value` is undefined. */
function withField(path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(doc())
  const keys = path.split('.')
  let at = copy
  for (const k of keys.slice(0, -1)) at = at[k] as Record<string, unknown>
  const last = keys[keys.length - 1] as string
  if (value === undefined) delete at[last]
  else at[last] = value
  return copy
}

describe('parseFailureRecords', () => {
  it('reads the document Lambda writes', () => {
    const { records, problems } = parseFailureRecords(JSON.stringify(doc()))
    expect(problems).toEqual([])
    expect(records).toEqual([
      {
        where: 'the document',
        functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:order-writer',
        functionName: 'order-writer',
        condition: 'RetryAttemptsExhausted',
        invokeCount: 3,
        timestamp: Date.parse('2026-12-07T08:00:06.000Z'),
        shardId: 'shardId-000000000001',
        startSequenceNumber: START,
        endSequenceNumber: END,
        firstArrival: Date.parse('2026-12-07T08:00:00.000Z'),
        lastArrival: Date.parse('2026-12-07T08:00:01.000Z'),
        batchSize: 500,
        streamArn: ARN,
        streamName: 'OrderStream'
      }
    ])
  })

  it('unwraps SNS notifications, SQS messages, both, Lambda SQS events, arrays and JSON Lines', () => {
    const a = doc({ functionName: 'a' })
    const b = doc({ functionName: 'b' })
    const names = (text: string): string[] => parseFailureRecords(text).records.map((r) => r.functionName)
    expect(names(JSON.stringify(snsNotification(a)))).toEqual(['a'])
    expect(names(JSON.stringify(sqsReceiveOutput([a, snsNotification(b)])))).toEqual(['a', 'b'])
    expect(names(JSON.stringify({ Records: [{ messageId: '1', body: JSON.stringify(a) }] }))).toEqual(['a'])
    expect(names(JSON.stringify({ Records: [{ EventSource: 'aws:sns', Sns: { Message: JSON.stringify(b) } }] }))).toEqual(['b'])
    expect(names(JSON.stringify([a, b]))).toEqual(['a', 'b'])
    // An S3 destination's object: the document, with the batch's invocation payload beside it.
    expect(names(JSON.stringify({ ...a, payload: { Records: [{ kinesis: { data: 'eyJ9' } }] } }))).toEqual(['a'])
    const lines = parseFailureRecords(`${JSON.stringify(a)}\n\n${JSON.stringify({ Body: JSON.stringify(b) })}\n{oops\n`)
    expect(lines.records.map((r) => [r.where, r.functionName])).toEqual([
      ['line 1', 'a'],
      ['line 3, Body', 'b']
    ])
    expect(lines.problems).toEqual([{ where: 'line 4', field: '(document)', message: expect.stringMatching(/^Not JSON/) as unknown }])
  })

  it.each([
    ['KinesisBatchInfo', undefined, /no KinesisBatchInfo/],
    ['KinesisBatchInfo.shardId', undefined, /shardId is missing/],
    ['KinesisBatchInfo.startSequenceNumber', '4960x', /not a sequence number/],
    ['KinesisBatchInfo.endSequenceNumber', '1', /comes before startSequenceNumber/],
    ['KinesisBatchInfo.batchSize', 0, /whole number from 1 to 10,000/],
    ['KinesisBatchInfo.batchSize', '500', /whole number/],
    ['KinesisBatchInfo.streamArn', 'arn:aws:sqs:us-east-1:000000000000:queue', /not a Kinesis stream ARN/],
    ['KinesisBatchInfo.approximateArrivalOfFirstRecord', 'yesterday', /not a time/],
    ['requestContext.functionArn', undefined, /functionArn is missing/],
    ['timestamp', 'soon', /not a time/]
  ])('names %s when it is wrong', (field, value, message) => {
    const { records, problems } = parseFailureRecords(JSON.stringify(withField(field, value)))
    expect(records).toEqual([])
    expect(problems).toEqual([{ where: 'the document', field, message: expect.stringMatching(message) as unknown }])
  })

  it('says a DynamoDB Streams record is not a Kinesis one, and what is wrong with empty or non-JSON input', () => {
    const ddb = { requestContext: {}, DDBStreamBatchInfo: { shardId: 'x' } }
    expect(parseFailureRecords(JSON.stringify(ddb)).problems[0]?.message).toMatch(/DynamoDB Streams/)
    expect(parseFailureRecords('   ').problems[0]?.message).toMatch(/Nothing to read/)
    expect(parseFailureRecords('{"requestContext":').problems[0]).toMatchObject({ field: '(document)', message: expect.stringMatching(/^Not JSON/) as unknown })
    expect(parseFailureRecords(JSON.stringify({ Message: 'not json' })).problems[0]).toMatchObject({ field: 'Message' })
  })

  it('never throws, and every problem names a field and says something (any text)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        const { records, problems } = parseFailureRecords(text)
        expect(records.length + problems.length).toBeGreaterThan(0)
        for (const p of problems) {
          expect(p.field).not.toBe('')
          expect(p.message).not.toBe('')
        }
      }),
      { numRuns: 500 }
    )
  })

  it('never throws on any JSON, nor on a failure record with any field replaced, and names that field', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const { problems } = parseFailureRecords(JSON.stringify(value))
        for (const p of problems) expect(p.field).not.toBe('')
      }),
      { numRuns: 300 }
    )
    const fields = [
      'KinesisBatchInfo.shardId',
      'KinesisBatchInfo.startSequenceNumber',
      'KinesisBatchInfo.endSequenceNumber',
      'KinesisBatchInfo.batchSize',
      'KinesisBatchInfo.streamArn',
      'KinesisBatchInfo.approximateArrivalOfFirstRecord',
      'KinesisBatchInfo.approximateArrivalOfLastRecord',
      'requestContext.functionArn',
      'requestContext.condition',
      'requestContext.approximateInvokeCount',
      'timestamp'
    ]
    fc.assert(
      fc.property(fc.constantFrom(...fields), fc.oneof(fc.jsonValue(), fc.constant(undefined)), (field, value) => {
        const { records, problems } = parseFailureRecords(JSON.stringify(withField(field, value)))
        // Either the replacement is still a valid value (or the field is optional), or the problem names it.
        if (records.length === 1) expect(problems).toEqual([])
        else expect(problems.map((p) => p.field)).toEqual([field])
      }),
      { numRuns: 1000 }
    )
  })
})

describe('checkBatch', () => {
  const now = Date.parse('2026-12-07T09:00:00.000Z')
  const stream = { name: 'OrderStream', arn: ARN, retentionHours: 24, shardIds: ['shardId-000000000000', 'shardId-000000000001'] }
  const record = (extra: Parameters<typeof doc>[0] = {}): FailureRecord => {
    const parsed = parseFailureRecords(JSON.stringify(doc(extra))).records[0]
    if (parsed === undefined) throw new Error('fixture does not parse')
    return parsed
  }

  it('opens a batch of this stream within retention', () => {
    expect(checkBatch(record(), stream, now)).toEqual({ ok: true, warning: null })
  })

  it('refuses another stream, naming it and the field', () => {
    const other = checkBatch(record({ streamArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/Payments' }), stream, now)
    expect(other).toMatchObject({ ok: false, problem: { field: 'KinesisBatchInfo.streamArn', message: expect.stringMatching(/for the stream Payments, not OrderStream/) as unknown } })
    const otherAccount = checkBatch(record({ streamArn: 'arn:aws:kinesis:eu-west-1:111111111111:stream/OrderStream' }), stream, now)
    expect(otherAccount).toMatchObject({ ok: false, problem: { message: expect.stringMatching(/another account or region/) as unknown } })
  })

  it('refuses a shard the stream no longer has, and a batch past retention; warns when it is partly trimmed', () => {
    expect(checkBatch(record({ shardId: 'shardId-000000000007' }), stream, now)).toMatchObject({ ok: false, problem: { field: 'KinesisBatchInfo.shardId' } })
    const old = now - 25 * 3_600_000
    expect(checkBatch(record({ firstArrival: old, lastArrival: old + 1000 }), stream, now)).toMatchObject({
      ok: false,
      problem: { field: 'KinesisBatchInfo.approximateArrivalOfLastRecord', message: expect.stringMatching(/retention period \(1 day\).*trimmed/) as unknown }
    })
    const partly = checkBatch(record({ firstArrival: old, lastArrival: now - 3_600_000 }), stream, now)
    expect(partly).toMatchObject({ ok: true, warning: expect.stringMatching(/some have been trimmed/) as unknown })
  })
})

describe('inShardOrder', () => {
  it('orders batches per shard by start sequence number (as numbers, not text)', () => {
    const r = (shardId: string, start: string): FailureRecord =>
      ({ shardId, startSequenceNumber: start, endSequenceNumber: start }) as FailureRecord
    const sorted = inShardOrder([r('shardId-000000000001', '900'), r('shardId-000000000000', '50'), r('shardId-000000000001', '1000'), r('shardId-000000000000', '7')])
    expect(sorted.map((x) => `${x.shardId.slice(-1)}:${x.startSequenceNumber}`)).toEqual(['0:7', '0:50', '1:900', '1:1000'])
  })
})

describe('compareWithBatch', () => {
  const batch = { batchSize: 3, startSequenceNumber: '100', endSequenceNumber: '300' }
  it('says an exact batch is exact, and every kind of difference plainly', () => {
    expect(compareWithBatch(batch, { count: 3, firstSequenceNumber: '100', lastSequenceNumber: '300' }).exact).toBe(true)
    expect(compareWithBatch(batch, { count: 0, firstSequenceNumber: null, lastSequenceNumber: null })).toEqual({
      exact: false,
      message: "None of the batch's 3 records were found: Kinesis has trimmed them (past retention), or they are not on this shard."
    })
    expect(compareWithBatch(batch, { count: 2, firstSequenceNumber: '200', lastSequenceNumber: '300' })).toEqual({
      exact: false,
      message: "The batch's first record (100) was not found: reading began at 200, so the records before it have been trimmed. 2 records found, 3 in the batch (batchSize): 1 record missing."
    })
    expect(compareWithBatch(batch, { count: 5, firstSequenceNumber: '100', lastSequenceNumber: '300' }).message).toMatch(/5 records in the range, 3 in the batch.*FilterCriteria/)
  })

  it('reads a batch At its start sequence number on its shard, stopping after its end', () => {
    expect(batchRead({ shardId: 'shardId-000000000001', startSequenceNumber: '100', endSequenceNumber: '300' })).toEqual({
      position: { type: 'AT_SEQUENCE_NUMBER', sequenceNumber: '100', shardId: 'shardId-000000000001' },
      stop: { endSequenceNumber: '300' }
    })
  })
})

/**
 * The renderer's pure parts of Lambda functions and redrive: the words for a mapping's settings,
 * and what a read found of a batch (a KPL aggregate's user records count once, sequence numbers
 * compared as numbers).
 */
import { describe, expect, it } from 'vitest'
import { batchText, isProblem, mappingsSummary, recordAgeText, retriesText, startingPositionText, stateBadge, yesNo } from '../../../src/renderer/src/features/consumers/lambda-format'
import { batchFound } from '../../../src/renderer/src/features/redrive/batch-found'
import type { EventSourceMapping, LambdaMappingsView } from '../../../src/shared/lambda'

describe('lambda-format', () => {
  it('says the settings in the console’s words, -1 included', () => {
    expect(batchText({ batchSize: 100, batchingWindowSeconds: 5 })).toBe('100 records · window 5 s')
    expect(batchText({ batchSize: 1, batchingWindowSeconds: 0 })).toBe('1 record · no batching window')
    expect(retriesText(-1)).toBe('Until the record expires (-1)')
    expect(retriesText(2)).toBe('2')
    expect(recordAgeText(-1)).toBe('No limit (-1)')
    expect(recordAgeText(3600)).toBe('1 h')
    expect(recordAgeText(null)).toBe('—')
    expect(yesNo(null)).toBe('—')
    expect(startingPositionText({ startingPosition: 'AT_TIMESTAMP', startingTimestamp: 0 }, () => 'T0')).toBe('At timestamp T0')
    expect(startingPositionText({ startingPosition: 'TRIM_HORIZON', startingTimestamp: null }, () => '')).toBe('Trim horizon')
    expect(stateBadge('Enabled')).toContain('badge-active')
    expect(stateBadge('Updating')).toContain('badge-updating')
    expect(isProblem('PROBLEM: Function call failed')).toBe(true)
    expect(isProblem('OK')).toBe(false)
  })

  it('summarises the mappings, enabled ones counted', () => {
    const m = (state: string): EventSourceMapping => ({ state }) as EventSourceMapping
    const view = (mappings: EventSourceMapping[]): LambdaMappingsView => ({ stream: 's', streamArn: 'a', mappings, pages: 1, readAt: 0 })
    expect(mappingsSummary(view([]))).toBe('No Lambda function reads this stream.')
    expect(mappingsSummary(view([m('Enabled'), m('Disabled')]))).toBe('2 event source mappings · 1 enabled · read only')
  })
})

describe('batchFound', () => {
  it('counts Kinesis records once (KPL user records share one), lowest and highest by number', () => {
    const found = batchFound([{ sequenceNumber: '900' }, { sequenceNumber: '1000' }, { sequenceNumber: '1000' }, { sequenceNumber: '95' }])
    expect(found).toEqual({ count: 3, firstSequenceNumber: '95', lastSequenceNumber: '1000' })
    expect(batchFound([])).toEqual({ count: 0, firstSequenceNumber: null, lastSequenceNumber: null })
  })
})

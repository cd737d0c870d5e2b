import { describe, expect, it } from 'vitest'
import { toJsonLines } from '../../src/renderer/src/features/records/record-export'
import { parseReplayFile } from '../../src/shared/replay-file'
import { rec } from './records/fixtures'

describe('parseReplayFile', () => {
  it('reads back exactly what the record browser exports: key, hash key and bytes, in order', () => {
    const binary = Uint8Array.from([0, 1, 2, 0xff, 0xfe])
    const records = [
      rec({ pk: 'store-1', json: { a: 1 } }),
      rec({ pk: 'store-2', text: 'plain text' }),
      { ...rec({ pk: 'store-1', data: binary, text: null, kind: 'binary' }), explicitHashKey: '340282366920938463463374607431768211455' }
    ]
    const parsed = parseReplayFile(toJsonLines('OrderStream', records))
    expect(parsed.problems).toEqual([])
    expect(parsed.records).toEqual([
      { partitionKey: 'store-1', explicitHashKey: null, dataBase64: Buffer.from('{"a":1}').toString('base64') },
      { partitionKey: 'store-2', explicitHashKey: null, dataBase64: Buffer.from('plain text').toString('base64') },
      { partitionKey: 'store-1', explicitHashKey: '340282366920938463463374607431768211455', dataBase64: Buffer.from(binary).toString('base64') }
    ])
  })

  it('names the 1-based line and the reason of every line it refuses, and keeps the good ones', () => {
    const good = JSON.stringify({ partitionKey: 'k', dataBase64: 'aGk=' })
    const lines = [
      good, // 1
      '{"partitionKey": "k", "dataBase64": "aGk=", ', // 2: truncated
      '[1, 2]', // 3
      'null', // 4
      JSON.stringify({ dataBase64: 'aGk=' }), // 5: no key
      JSON.stringify({ partitionKey: '', dataBase64: 'aGk=' }), // 6
      JSON.stringify({ partitionKey: 'x'.repeat(257), dataBase64: 'aGk=' }), // 7
      JSON.stringify({ partitionKey: 'k', dataBase64: 'not base64!' }), // 8
      JSON.stringify({ partitionKey: 'k', explicitHashKey: '340282366920938463463374607431768211456', dataBase64: 'aGk=' }), // 9
      '{"__proto__": {"partitionKey": "k", "dataBase64": "aGk="}}', // 10: nothing of its own
      JSON.stringify({ partitionKey: 'k', dataBase64: 'A'.repeat(13_981_016) }), // 11: over 10 MiB
      '', // 12: blank, skipped
      good // 13
    ]
    const { records, problems } = parseReplayFile(lines.join('\r\n'))
    expect(records).toHaveLength(2)
    expect(problems.map((p) => p.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
    const message = (line: number): string => problems.find((p) => p.line === line)?.message ?? ''
    expect(message(2)).toMatch(/^Line 2: not valid JSON/)
    expect(message(3)).toMatch(/JSON object/)
    expect(message(5)).toMatch(/partitionKey/)
    expect(message(6)).toMatch(/at least 1 character/)
    expect(message(7)).toMatch(/at most 256 characters; this one has 257/)
    expect(message(8)).toMatch(/not valid base64/)
    expect(message(9)).toMatch(/at most 2\^128−1/)
    expect(message(10)).toMatch(/partitionKey/)
    expect(message(11)).toMatch(/at most 10 MiB \(10,485,760 bytes\) of data plus partition key, the most any stream takes; this one is 10,485,763 bytes/)
  })

  it('refuses an explicit hash key with leading zeros, which Kinesis refuses (pattern 0|[1-9]\\d{0,38}), and takes 0', () => {
    const line = (explicitHashKey: string): string => JSON.stringify({ partitionKey: 'k', explicitHashKey, dataBase64: 'aGk=' })
    const { records, problems } = parseReplayFile([line('007'), line('0'), line('7'), line('00')].join('\n'))
    expect(records.map((r) => r.explicitHashKey)).toEqual(['0', '7'])
    expect(problems.map((p) => p.line)).toEqual([1, 4])
    expect(problems[0]?.message).toMatch(/^Line 1: An explicit hash key is written without leading zeros/)
  })

  it('takes a 6 MiB record a large-record stream exported, and refuses it against a smaller limit with that limit', () => {
    const data = Buffer.alloc(6 * 1024 * 1024, 'x')
    const big = { ...rec({ pk: 'k', text: data.toString('utf8') }), size: data.byteLength }
    const file = toJsonLines('Big', [big])
    const parsed = parseReplayFile(file)
    expect(parsed.problems).toEqual([])
    expect(Buffer.from(parsed.records[0]?.dataBase64 ?? '', 'base64').equals(data)).toBe(true)
    const refused = parseReplayFile(file, 1024 * 1024)
    expect(refused.records).toEqual([])
    expect(refused.problems[0]?.message).toMatch(/^Line 1: A record is at most 1 MiB \(1,048,576 bytes\) of data plus partition key; this one is 6,291,457 bytes\.$/)
  })

  it('an empty file is no records and no problems', () => {
    expect(parseReplayFile('')).toEqual({ records: [], problems: [] })
    expect(parseReplayFile('\n\n')).toEqual({ records: [], problems: [] })
  })
})

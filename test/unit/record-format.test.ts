import { describe, it, expect } from 'vitest'
import type { DecodedRecord } from '../../src/shared/domain'
import { base64ToBytes, bytesToHex, prettyJson, recordAsJson, recordDataBase64 } from '../../src/shared/record-format'

const enc = (s: string): Uint8Array => new TextEncoder().encode(s)

describe('base64ToBytes', () => {
  it('decodes every byte value, as Buffer does', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i)
    const b64 = Buffer.from(all).toString('base64')
    expect(Array.from(base64ToBytes(b64))).toEqual(Array.from(all))
    expect(Array.from(base64ToBytes('aGk='))).toEqual([0x68, 0x69])
    expect(base64ToBytes('')).toHaveLength(0)
  })

  it('throws on text that is not base64', () => {
    expect(() => base64ToBytes('not base64!')).toThrow()
  })
})

describe('bytesToHex', () => {
  it('matches hexdump -C (without its final offset line)', () => {
    const bytes = Uint8Array.from([
      ...enc('{"a":1}\n'),
      0, 1, 2, 3, 4, 5, 6, 7,
      ...enc('hello world, this is a test'),
      0xff
    ])
    // Output of: printf '{"a":1}\n\x00...\x07hello world, this is a test\xff' | hexdump -C
    expect(bytesToHex(bytes)).toBe(
      [
        '00000000  7b 22 61 22 3a 31 7d 0a  00 01 02 03 04 05 06 07  |{"a":1}.........|',
        '00000010  68 65 6c 6c 6f 20 77 6f  72 6c 64 2c 20 74 68 69  |hello world, thi|',
        '00000020  73 20 69 73 20 61 20 74  65 73 74 ff              |s is a test.|'
      ].join('\n')
    )
  })

  it('pads a short first half so the ASCII column lines up', () => {
    const line = bytesToHex(enc('hi'))
    expect(line).toBe('00000000  68 69' + ' '.repeat(44) + ' |hi|')
    expect(line.indexOf('|')).toBe(bytesToHex(new Uint8Array(16)).indexOf('|'))
  })

  it('shows DEL and non-ASCII as dots', () => {
    expect(bytesToHex(Uint8Array.from([0x7e, 0x7f, 0x80, 0x20]))).toMatch(/\|~\.\. \|$/)
  })

  it('stops at maxBytes and says how much is left', () => {
    const dump = bytesToHex(new Uint8Array(100), { maxBytes: 32 })
    const lines = dump.split('\n')
    expect(lines).toHaveLength(3)
    expect(lines[1]).toMatch(/^00000010 /)
    expect(lines[2]).toBe('… 68 more bytes')
    expect(bytesToHex(new Uint8Array(17), { maxBytes: 16 }).split('\n')[1]).toBe('… 1 more byte')
  })

  it('gives an empty string for no bytes', () => {
    expect(bytesToHex(new Uint8Array(0))).toBe('')
  })
})

describe('prettyJson', () => {
  it('indents like JSON.stringify(value, null, 2) for ordinary JSON', () => {
    const text =
      '{"order":{"id":"o-1","items":[1,2,{"name":"margherita, \\"large\\" {x}: [y]"}],"empty":{},"none":[]},' +
      '"ok":true,"n":null,"neg":-1.5}'
    expect(prettyJson(text)).toBe(JSON.stringify(JSON.parse(text), null, 2))
    expect(prettyJson('  [ ]  ')).toBe('[]')
    expect(prettyJson(' { "a" : [ 1 , 2 ] } ')).toBe('{\n  "a": [\n    1,\n    2\n  ]\n}')
  })

  it('keeps number literals and duplicate keys exactly as sent', () => {
    expect(prettyJson('{"id":12345678901234567890,"price":1.0,"id":2}')).toBe(
      '{\n  "id": 12345678901234567890,\n  "price": 1.0,\n  "id": 2\n}'
    )
  })

  it('keeps escaped backslashes before a closing quote', () => {
    expect(prettyJson('{"path":"C:\\\\","b":1}')).toBe('{\n  "path": "C:\\\\",\n  "b": 1\n}')
  })

  it('returns null for text that is not JSON, and scalars as they are', () => {
    expect(prettyJson('{"a":')).toBeNull()
    expect(prettyJson('hello')).toBeNull()
    expect(prettyJson('')).toBeNull()
    expect(prettyJson(' 42 ')).toBe('42')
    expect(prettyJson('"a b"')).toBe('"a b"')
  })
})

describe('recordAsJson', () => {
  const base: DecodedRecord = {
    id: 'shardId-000000000000/495/2',
    shardId: 'shardId-000000000000',
    sequenceNumber: '495',
    subSequenceNumber: 2,
    partitionKey: 'store-7',
    explicitHashKey: '42',
    arrivalTime: Date.UTC(2024, 4, 1, 12, 30, 15, 250),
    size: 9,
    dataBase64: 'eyJhIjoxfQ==',
    steps: ['kpl', 'utf8', 'json'],
    kind: 'json',
    text: '{"a":1}',
    decodeError: null
  }

  it('gives the parsed JSON and an ISO arrival time for a JSON record', () => {
    const out = recordAsJson(base)
    expect(out).toEqual({
      shardId: 'shardId-000000000000',
      sequenceNumber: '495',
      subSequenceNumber: 2,
      partitionKey: 'store-7',
      explicitHashKey: '42',
      arrivalTime: '2024-05-01T12:30:15.250Z',
      size: 9,
      dataBase64: 'eyJhIjoxfQ==',
      decoded: { a: 1 },
      decodeSteps: ['kpl', 'utf8', 'json'],
      decodeError: null
    })
    expect(out).not.toHaveProperty('id')
    expect(out.decodeSteps).not.toBe(base.steps)
    // it is what "copy as JSON" serialises
    expect(JSON.parse(JSON.stringify(out))).toEqual(out)
  })

  it('gives the text for a text record and null for binary', () => {
    expect(recordAsJson({ ...base, kind: 'text', text: 'hello', steps: ['utf8'] }).decoded).toBe('hello')
    const bin = recordAsJson({ ...base, kind: 'binary', text: null, steps: ['gzip'], decodeError: 'not valid UTF-8 (byte offset 3)' })
    expect(bin.decoded).toBeNull()
    expect(bin.decodeError).toBe('not valid UTF-8 (byte offset 3)')
  })

  it('gives a null arrival time instead of throwing on an invalid one', () => {
    expect(recordAsJson({ ...base, arrivalTime: Number.NaN }).arrivalTime).toBeNull()
    expect(recordAsJson({ ...base, arrivalTime: 9e15 }).arrivalTime).toBeNull()
  })
})

describe('recordDataBase64', () => {
  it('gives the bytes main sent, or rebuilds them from the text when main left them out', () => {
    expect(recordDataBase64({ dataBase64: 'AAEC', text: null })).toBe('AAEC')
    expect(recordDataBase64({ dataBase64: null, text: 'héllo 🍕' })).toBe(Buffer.from('héllo 🍕').toString('base64'))
    const long = 'x'.repeat(100_000) // past String.fromCharCode's argument limit
    expect(recordDataBase64({ dataBase64: null, text: long })).toBe(Buffer.from(long).toString('base64'))
  })
})

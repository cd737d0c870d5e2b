import { describe, expect, it } from 'vitest'
import { hashKeyOf, openShardFor, routingHashKey, shardRouter } from '../../../src/main/core/kinesis/hash-key'
import { searchedKey } from '../../../src/main/core/reader/search-plan'
import { matchAll } from '../../../src/shared/filter/record-filter'
import { hashKeyProblem, partitionKeyProblem } from '../../../src/shared/producer'
import { shardFixture } from '../../support/shard-fixture'

const half = 2n ** 127n
const range = (start: bigint, end: bigint) => ({ hashKeyStart: String(start), hashKeyEnd: String(end) })
const shards = [
  { ...shardFixture('shardId-000000000000', { open: false }), ...range(0n, half - 1n) },
  { ...shardFixture('shardId-000000000001'), ...range(0n, half - 1n) },
  { ...shardFixture('shardId-000000000002'), ...range(half, 2n ** 128n - 1n) }
]

describe('hash keys', () => {
  it('is the MD5 of the UTF-8 key as a big-endian 128-bit integer', () => {
    // The MD5 test vectors of RFC 1321.
    expect(hashKeyOf('')).toBe(BigInt('0xd41d8cd98f00b204e9800998ecf8427e'))
    expect(hashKeyOf('a')).toBe(BigInt('0x0cc175b9c0f1b6a831c399e269772661'))
    expect(routingHashKey('a', '5')).toBe(5n)
  })

  it('finds the one open shard that owns a hash key, by scan and by binary search alike', () => {
    const route = shardRouter(shards)
    for (const key of [0n, half - 1n, half, 2n ** 128n - 1n, hashKeyOf('weborder')]) {
      const expected = key < half ? 'shardId-000000000001' : 'shardId-000000000002'
      expect(openShardFor(shards, key)?.shardId).toBe(expected)
      expect(route(key)?.shardId).toBe(expected)
    }
    expect(shardRouter([])(1n)).toBeNull()
  })
})

describe('partition keys that are not Unicode text', () => {
  const exact = (partitionKey: string) => ({ ...matchAll, partitionKey, partitionKeyMode: 'exact' as const })

  it('are refused: an unpaired surrogate has no UTF-8 bytes, and servers hash it differently', () => {
    for (const key of ['a\ud800b', '\udfff', 'x\ud83d', '\udc00\ud800']) expect(partitionKeyProblem(key), JSON.stringify(key)).toMatch(/unpaired surrogate/)
    expect(partitionKeyProblem('a\ud800b')).toContain('\\uD800 at character 2')
    for (const key of ['🍕', 'ü-ñ-ключ', 'a\ud83d\udc00b']) expect(partitionKeyProblem(key)).toBeNull()
  })

  it('make a key search read every shard instead of the shards of one guessed hash', () => {
    expect(searchedKey(exact('a\ud800b'))).toBeNull()
    expect(searchedKey(exact('🍕'))).toBe('🍕')
  })
})

describe('explicit hash keys as Kinesis takes them (HashKey pattern 0|([1-9]\\d{0,38}))', () => {
  it('refuses leading zeros, which PutRecord and SplitShard refuse', () => {
    for (const key of ['007', '00', '0170141183460469231731687303715884105728']) expect(hashKeyProblem(key), key).toMatch(/leading zeros/)
    for (const key of ['0', '7', (2n ** 128n - 1n).toString()]) expect(hashKeyProblem(key), key).toBeNull()
    expect(hashKeyProblem((2n ** 128n).toString())).toMatch(/2\^128−1/)
  })
})

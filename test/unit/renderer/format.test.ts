import { describe, expect, test } from 'vitest'
import type { ShardInfo } from '../../../src/shared/domain'
import {
  dateTimeText,
  encryptionText,
  keySpaceText,
  modeText,
  retentionText,
  shardSummary,
  transitional
} from '../../../src/renderer/src/features/streams/format'
import { wholeNumberOf } from '../../../src/renderer/src/features/streams/config-format'
import { shardFixture } from '../../support/shard-fixture'

const shard = (open: boolean): ShardInfo => shardFixture('shardId-000000000000', { open })

describe('stream formatting', () => {
  test('the key-space share as a percentage with one decimal', () => {
    expect(keySpaceText(0.5)).toBe('50.0%')
    expect(keySpaceText(1 / 3)).toBe('33.3%')
    expect(keySpaceText(1)).toBe('100.0%')
    expect(keySpaceText(0.000001)).toBe('0.0%')
  })

  test('the shard summary counts open and closed shards', () => {
    expect(shardSummary([shard(true), shard(true)])).toBe('2 shards · 2 open · 0 closed')
    expect(shardSummary([shard(true), shard(false), shard(false)])).toBe('3 shards · 1 open · 2 closed')
    expect(shardSummary([shard(true)])).toBe('1 shard · 1 open · 0 closed')
  })

  test('capacity mode, retention and encryption in the console’s words', () => {
    expect(modeText('ON_DEMAND')).toBe('On-demand')
    expect(modeText('PROVISIONED')).toBe('Provisioned')
    expect(modeText(null)).toBe('…')
    expect(retentionText(24)).toBe('24 h')
    expect(retentionText(168)).toBe('168 h (7 d)')
    expect(encryptionText({ encryption: 'NONE', keyId: null })).toBe('NONE')
    expect(encryptionText({ encryption: 'KMS', keyId: 'alias/aws/kinesis' })).toBe('KMS · alias/aws/kinesis')
  })

  test('dates as local "YYYY-MM-DD HH:mm:ss"; an unknown date as a dash', () => {
    const local = new Date(2024, 4, 1, 14, 3, 9).getTime()
    expect(dateTimeText(local)).toBe('2024-05-01 14:03:09')
    expect(dateTimeText(0)).toBe('—')
  })

  test('CREATING, DELETING and UPDATING are the states worth polling', () => {
    expect(['CREATING', 'DELETING', 'UPDATING', 'ACTIVE', null].map(transitional)).toEqual([true, true, true, false, false])
  })
})

describe('wholeNumberOf (the Configuration dialogs\' number fields)', () => {
  test('an empty field is no number, so Change… stays disabled instead of sending 0 (0 MiB/s releases warm throughput)', () => {
    expect(wholeNumberOf('')).toBeNaN()
    expect(wholeNumberOf('   ')).toBeNaN()
    expect(wholeNumberOf('1.5')).toBeNaN()
    expect(wholeNumberOf('abc')).toBeNaN()
    expect(wholeNumberOf('0')).toBe(0)
    expect(wholeNumberOf(' 168 ')).toBe(168)
  })
})

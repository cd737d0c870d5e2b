import { describe, expect, test } from 'vitest'
import {
  describeActive,
  emptyConnectionForm,
  toConnectionInput,
  validateConnectionForm
} from '../../../src/renderer/src/features/connections/connection-form'
import { validateCreateStream } from '../../../src/renderer/src/features/streams/create-stream-form'

describe('the connection form', () => {
  test('a valid custom endpoint becomes the input main expects, blanks left out', () => {
    const result = validateConnectionForm({ ...emptyConnectionForm, name: ' Local test ', endpoint: 'http://127.0.0.1:1' })
    expect(result).toEqual({ ok: true, input: { name: 'Local test', kind: 'endpoint', endpoint: 'http://127.0.0.1:1' } })
  })

  test('shows the contract’s messages for a bad URL, a bad region and a missing name', () => {
    const result = validateConnectionForm({ ...emptyConnectionForm, endpoint: 'localhost 4566', region: 'Europe' })
    expect(result).toEqual({
      ok: false,
      errors: {
        name: 'Give the connection a name',
        region: 'A region looks like eu-west-1',
        endpoint: 'An endpoint is an http:// or https:// URL'
      }
    })
  })

  test('a profile connection needs a profile; an endpoint connection an endpoint', () => {
    expect(validateConnectionForm({ ...emptyConnectionForm, name: 'p', kind: 'profile' })).toEqual({
      ok: false,
      errors: { profile: 'A profile connection needs a profile name' }
    })
    expect(validateConnectionForm({ ...emptyConnectionForm, name: 'e', kind: 'endpoint' })).toEqual({
      ok: false,
      errors: { endpoint: 'An endpoint connection needs an endpoint URL' }
    })
    expect(toConnectionInput({ ...emptyConnectionForm, name: 'dev', kind: 'profile', profile: ' dev ', region: 'eu-west-1' })).toEqual({
      name: 'dev',
      kind: 'profile',
      profile: 'dev',
      region: 'eu-west-1'
    })
    const local = { ...emptyConnectionForm, name: 'l', endpoint: 'http://localhost:4566', cloudwatchEndpoint: ' http://localhost:4566 ' }
    expect(toConnectionInput(local)).toEqual({ name: 'l', kind: 'endpoint', endpoint: 'http://localhost:4566', cloudwatchEndpoint: 'http://localhost:4566' })
    expect(validateConnectionForm({ ...local, dynamodbEndpoint: 'ftp://x' })).toEqual({
      ok: false,
      errors: { dynamodbEndpoint: 'An endpoint is an http:// or https:// URL' }
    })
  })

  test('the status line names the connection, its profile, region and endpoint', () => {
    const none = { available: false as const, reason: 'none' }
    const base = {
      connectionId: 'sandbox',
      name: 'Local sandbox',
      kind: 'sandbox' as const,
      region: 'us-east-1',
      services: { cloudwatch: none, dynamodb: none, glue: none }
    }
    expect(describeActive({ ...base, endpoint: 'http://127.0.0.1:4567', profile: null })).toBe(
      'Local sandbox · us-east-1 · http://127.0.0.1:4567'
    )
    expect(describeActive({ ...base, name: 'Profile dev', endpoint: null, profile: 'dev' })).toBe('Profile dev · profile dev · us-east-1')
  })
})

describe('the create stream form', () => {
  test('a provisioned stream needs a whole shard count from 1 to 500', () => {
    expect(validateCreateStream({ name: 'orders', mode: 'PROVISIONED', shardCount: '3', maxRecordSizeKiB: 1024 })).toEqual({
      ok: true,
      input: { name: 'orders', mode: 'PROVISIONED', shardCount: 3 }
    })
    for (const shardCount of ['0', '501', '2.5', '', 'x']) {
      const result = validateCreateStream({ name: 'orders', mode: 'PROVISIONED', shardCount, maxRecordSizeKiB: 1024 })
      expect(result.ok).toBe(false)
    }
  })

  test('an on-demand stream takes no shard count', () => {
    expect(validateCreateStream({ name: 'orders', mode: 'ON_DEMAND', shardCount: '', maxRecordSizeKiB: 1024 })).toEqual({
      ok: true,
      input: { name: 'orders', mode: 'ON_DEMAND' }
    })
  })

  test('a maximum record size other than the 1 MiB default is sent (MaxRecordSizeInKiB); the default is not', () => {
    expect(validateCreateStream({ name: 'big', mode: 'ON_DEMAND', shardCount: '', maxRecordSizeKiB: 10240 })).toEqual({
      ok: true,
      input: { name: 'big', mode: 'ON_DEMAND', maxRecordSizeKiB: 10240 }
    })
    expect(validateCreateStream({ name: 'big', mode: 'PROVISIONED', shardCount: '2', maxRecordSizeKiB: 4096 })).toEqual({
      ok: true,
      input: { name: 'big', mode: 'PROVISIONED', shardCount: 2, maxRecordSizeKiB: 4096 }
    })
  })

  test('names follow the contract’s rules', () => {
    expect(validateCreateStream({ name: 'bad name', mode: 'ON_DEMAND', shardCount: '', maxRecordSizeKiB: 1024 })).toEqual({
      ok: false,
      errors: { name: 'A stream name may use only letters, digits, _ . and -' }
    })
    expect(validateCreateStream({ name: '', mode: 'ON_DEMAND', shardCount: '', maxRecordSizeKiB: 1024 })).toEqual({
      ok: false,
      errors: { name: 'A stream name is required' }
    })
    expect(validateCreateStream({ name: 'x'.repeat(129), mode: 'ON_DEMAND', shardCount: '', maxRecordSizeKiB: 1024 }).ok).toBe(false)
  })
})

import { describe, expect, it } from 'vitest'
import { toAppFailure } from '../../../src/main/core/connections/aws-errors'

const target = { profile: 'dev', region: 'eu-west-1', endpoint: null }
const sdkError = (name: string, message = 'details'): Error => Object.assign(new Error(message), { name })

describe('AWS errors become messages that say what failed, what was tried, and what to do', () => {
  it('access denied names the profile and region', () => {
    const f = toAppFailure(sdkError('AccessDeniedException', 'User is not authorized to perform kinesis:ListStreams'), 'list streams', target)
    expect(f.code).toBe('ACCESS_DENIED')
    expect(f.message).toBe('Could not list streams: access denied for profile "dev", region eu-west-1 (User is not authorized to perform kinesis:ListStreams).')
  })

  it('expired session credentials point at aws sso login for a profile', () => {
    const f = toAppFailure(sdkError('ExpiredTokenException', 'The security token included in the request is expired'), 'list streams', target)
    expect(f.code).toBe('CREDENTIALS_EXPIRED')
    expect(f.hint).toContain('aws sso login --profile dev')
  })

  it('an unreachable endpoint names the endpoint to check', () => {
    const f = toAppFailure(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), { code: 'ECONNREFUSED' }), 'connect', { ...target, endpoint: 'http://127.0.0.1:4566' })
    expect(f.code).toBe('ENDPOINT_UNREACHABLE')
    expect(f.hint).toBe('Check that the server at http://127.0.0.1:4566 is running.')
  })

  it('maps the Kinesis exceptions a user can meet', () => {
    expect(toAppFailure(sdkError('ResourceNotFoundException'), 'describe stream S', target).code).toBe('STREAM_NOT_FOUND')
    expect(toAppFailure(sdkError('ResourceInUseException'), 'delete stream S', target).code).toBe('STREAM_IN_USE')
    expect(toAppFailure(sdkError('LimitExceededException'), 'create stream S', target).code).toBe('LIMIT_EXCEEDED')
    expect(toAppFailure(sdkError('ProvisionedThroughputExceededException'), 'read', target).code).toBe('THROTTLED')
    expect(toAppFailure(sdkError('InvalidArgumentException', 'bad'), 'read', target)).toMatchObject({ code: 'INVALID_INPUT', message: 'Could not read: bad' })
  })

  it('anything else is INTERNAL, keeps the SDK name and says what was tried', () => {
    const f = toAppFailure(sdkError('WeirdException', 'odd'), 'list streams', target)
    expect(f).toMatchObject({ code: 'INTERNAL', message: 'Could not list streams (WeirdException): odd', hint: 'Tried profile "dev", region eu-west-1.' })
  })
})

describe('KMS errors name the key problem', () => {
  it.each([
    ['KMSAccessDeniedException', /not allowed to use that key/, /kms:GenerateDataKey/],
    ['KMSDisabledException', /key is disabled/, /Enable the key/],
    ['KMSNotFoundException', /key was not found/, /restore the key/],
    ['KMSInvalidStateException', /not in a usable state/, /deletion/],
    ['KMSOptInRequired', /not subscribed to AWS KMS/, /Subscribe/],
    ['KMSThrottlingException', /KMS throttled/, /try again/]
  ])('%s', (name, message, hint) => {
    const f = toAppFailure(sdkError(name, 'from KMS'), 'put a record on S', target)
    expect(f.code).toBe('KMS_KEY_UNUSABLE')
    expect(f.message).toMatch(/^Could not put a record on S: the stream is encrypted with a KMS key and /)
    expect(f.message).toMatch(message)
    expect(f.hint).toMatch(hint)
  })
})

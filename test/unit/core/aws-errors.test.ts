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

  it('tells a silent endpoint (accepted, never answered) from one that never accepted, naming it', () => {
    const silent = sdkError('TimeoutError', '@smithy/node-http-handler - [ERROR] a request has exceeded the configured 10000 ms requestTimeout.')
    const f = toAppFailure(silent, 'list streams', target)
    expect(f.code).toBe('ENDPOINT_NOT_RESPONDING')
    expect(f.message).toBe(
      'Could not list streams: kinesis.eu-west-1.amazonaws.com accepted the connection but never answered (no reply within 10 s). Tried profile "dev", region eu-west-1.'
    )
    expect(f.hint).toMatch(/VPN, a firewall, a proxy.*Retry/)
    const idle = sdkError('TimeoutError', '@smithy/node-http-handler - the request socket timed out after 3000 ms of inactivity (configured by client requestHandler).')
    expect(toAppFailure(idle, 'read', { ...target, endpoint: 'http://10.0.0.9:4566' }).message).toContain('http://10.0.0.9:4566 accepted the connection but never answered (no reply within 3 s)')
    const neverAccepted = sdkError('TimeoutError', '@smithy/node-http-handler - the request socket did not establish a connection with the server within the configured timeout of 5000 ms.')
    expect(toAppFailure(neverAccepted, 'connect', target).code).toBe('ENDPOINT_UNREACHABLE')
    expect(toAppFailure(sdkError('AbortError', 'Request aborted'), 'connect to "X"', target)).toMatchObject({
      code: 'CANCELLED',
      message: 'Cancelled: connect to "X" was stopped before kinesis.eu-west-1.amazonaws.com answered.'
    })
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

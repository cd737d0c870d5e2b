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

describe('no credential in an SDK message reaches the failure', () => {
  const token = 'IQoJb3JpZ2luX2VjEXAMPLEsessionTOKENvalue0123456789'
  const keyId = 'ASIAEXAMPLEKEYID1234'

  it('a signature mismatch loses the canonical request (with its session token) and the access key id', () => {
    const message = [
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      '',
      'The Canonical String for this request should have been',
      `'POST\n/\n\ncontent-type:application/x-amz-json-1.1\nhost:kinesis.eu-west-1.amazonaws.com\nx-amz-date:20261207T120000Z\nx-amz-security-token:${token}\nx-amz-target:Kinesis_20131202.ListStreams'`,
      '',
      'The String-to-Sign should have been',
      `'AWS4-HMAC-SHA256\n20261207T120000Z\n20261207/eu-west-1/kinesis/aws4_request\n0123abcd'`
    ].join('\n')
    const f = toAppFailure(sdkError('InvalidSignatureException', message), 'list streams', target)
    expect(f.code).toBe('ACCESS_DENIED')
    expect(f.message).toContain('does not match the signature you provided')
    expect(JSON.stringify(f.toJSON())).not.toContain(token)
  })

  it('keeps what only looks like a key: a stream name, the words "Secret Access Key"', () => {
    const f = toAppFailure(sdkError('ResourceNotFoundException', 'Stream ASIAPACIFICORDERS under account 123456789012 not found.'), 'describe', target)
    expect(f.message).toContain('Stream ASIAPACIFICORDERS under account')
  })

  it.each([
    ['an Authorization header', `Authorization=AWS4-HMAC-SHA256 Credential=${keyId}/20261207/eu-west-1/kinesis/aws4_request, SignedHeaders=host, Signature=${'ab'.repeat(32)}`],
    ['a query string', `https://kinesis.eu-west-1.amazonaws.com/?X-Amz-Credential=${keyId}%2F20261207&X-Amz-Security-Token=${token}`],
    ['a credentials file line', `Unexpected line: aws_session_token = ${token}`],
    ['a JSON body', `{"AccessKeyId":"${keyId}","SessionToken":"${token}"}`]
  ])('%s quoted in any error is masked', (_, message) => {
    for (const name of ['IncompleteSignatureException', 'SomethingElse', 'UnrecognizedClientException']) {
      const shown = JSON.stringify(toAppFailure(sdkError(name, message), 'list streams', target).toJSON())
      expect(shown).not.toContain(token)
      expect(shown).not.toContain(keyId)
    }
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

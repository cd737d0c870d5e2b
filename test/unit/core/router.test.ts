import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createMainLog } from '../../../src/main/core/diagnostics/main-log'
import { createClientSession, createRouter } from '../../../src/main/router'
import { AppFailure } from '../../../src/shared/errors'
import { AppCore } from '../../../src/main/core/app-core'
import type { Handlers } from '../../../src/main/router'
import { TestClient } from '../../support/test-client'

function client(overrides: Partial<Handlers> = {}): TestClient {
  const core = new AppCore({ env: { AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' }, userDataDir: null })
  return new TestClient({ ...core.handlers(), ...overrides })
}

describe('router: every call is checked at the door', () => {
  it('refuses an unknown operation, including names inherited from Object', async () => {
    const c = client()
    for (const name of ['streams.drop', 'constructor', '__proto__', 'toString', 42, null]) {
      const error = await c.fails(name as string, {})
      expect(error.code).toBe('UNKNOWN_OPERATION')
      expect(error.message).toMatch(/Unknown operation/)
    }
  })

  it('refuses wrong types and names the field', async () => {
    const error = await client().fails('streams.describe', { name: 42 })
    expect(error).toMatchObject({ code: 'INVALID_INPUT' })
    expect(error.message).toMatch(/^streams\.describe: name:/)
  })

  it('refuses oversized strings and bad stream names with the rule that was broken', async () => {
    const c = client()
    expect((await c.fails('streams.describe', { name: 'x'.repeat(129) })).message).toMatch(/at most 128 characters/)
    expect((await c.fails('streams.describe', { name: 'bad name!' })).message).toMatch(/letters, digits/)
    expect((await c.fails('connections.select', { id: 'x'.repeat(10_000) })).code).toBe('INVALID_INPUT')
  })

  it('refuses unknown keys, missing input and non-objects', async () => {
    const c = client()
    expect((await c.fails('streams.list', { extra: true })).code).toBe('INVALID_INPUT')
    expect((await c.fails('streams.describe', undefined)).code).toBe('INVALID_INPUT')
    expect((await c.fails('streams.describe', 'OrderStream')).code).toBe('INVALID_INPUT')
  })

  it('checks cross-field rules: a provisioned stream needs a shard count', async () => {
    const error = await client().fails('streams.create', { name: 'S', mode: 'PROVISIONED' })
    expect(error.message).toMatch(/shardCount: A provisioned stream needs a shard count/)
  })

  it('rejects a sequence number that is not digits before anything reaches Kinesis', async () => {
    const error = await client().fails('reader.start', {
      stream: 'S',
      shardIds: null,
      position: { type: 'AT_SEQUENCE_NUMBER', sequenceNumber: '12ab', shardId: 'shardId-000000000000' },
      mode: 'read'
    })
    expect(error.message).toMatch(/sequence number is a string of digits/)
  })

  it('turns an AppFailure into {code, message, hint} and a crash into INTERNAL without a stack trace', async () => {
    const c = client({
      'streams.list': () => Promise.reject(new AppFailure('THROTTLED', 'Slow down', 'Wait')),
      'streams.shards': () => Promise.reject(new TypeError('boom'))
    })
    expect(await c.fails('streams.list', {})).toEqual({ code: 'THROTTLED', message: 'Slow down', hint: 'Wait' })
    const crash = await c.fails('streams.shards', { name: 'S' })
    expect(crash.code).toBe('INTERNAL')
    expect(crash.message).toBe('streams.shards failed: boom')
    expect(JSON.stringify(crash)).not.toMatch(/at .*\.ts:\d+/)
  })

  it('masks a session token an unexpected error quotes, in the answer and in the log', async () => {
    const token = 'IQoJb3JpZ2luX2VjEXAMPLEsessionTOKEN'
    const logged: string[] = []
    const core = new AppCore({ env: { AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' }, userDataDir: null })
    const router = createRouter(
      { ...core.handlers(), 'streams.list': () => Promise.reject(new Error(`unexpected header x-amz-security-token:${token}`)) },
      { log: (m) => logged.push(m) }
    )
    const envelope = await router.dispatch('streams.list', {}, createClientSession('c', () => undefined))
    expect(envelope).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect(JSON.stringify(envelope)).not.toContain(token)
    expect(logged.join('\n')).toContain('streams.list failed unexpectedly')
    expect(logged.join('\n')).not.toContain(token)
  })

  it('keeps working after bad calls', async () => {
    const c = client()
    await c.fails('nope', {})
    await c.fails('streams.describe', { name: null })
    expect(await c.call('connections.active', {})).toBeNull()
    const state = await c.call('connections.list', {})
    expect(state.initialId).toBe('sandbox')
  })

  it('says NOT_CONNECTED when a stream call comes before any connection', async () => {
    const error = await client().fails('streams.list', {})
    expect(error).toMatchObject({ code: 'NOT_CONNECTED', hint: 'Pick a connection first.' })
  })

  it('checks the typed delete confirmation in main too', async () => {
    const error = await client().fails('streams.delete', { name: 'OrderStream', confirmName: 'OrderStrea' })
    expect(error.code).toBe('CONFIRMATION_MISMATCH')
  })

  it("names main's log file in an INTERNAL error's hint, and writes the stack there", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ki-router-log-'))
    try {
      const log = createMainLog({ userDataDir: dir, echo: () => undefined })
      const core = new AppCore({ env: { AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' }, userDataDir: null })
      const router = createRouter(
        { ...core.handlers(), 'streams.list': () => Promise.reject(new TypeError('a bug')) },
        { log: (m) => log.write('error', m), logFile: log.path }
      )
      const envelope = await router.dispatch('streams.list', {}, createClientSession('c', () => undefined))
      expect(envelope).toEqual({
        ok: false,
        error: {
          code: 'INTERNAL',
          message: 'streams.list failed: a bug',
          hint: `This is a bug in Kinesis Inspector; the details are in the log file ${join(dir, 'logs', 'main.log')}.`
        }
      })
      expect(await readFile(join(dir, 'logs', 'main.log'), 'utf8')).toMatch(/ERROR streams\.list failed unexpectedly: TypeError: a bug\n\s+at /)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('answers an operation value no String() can print, instead of throwing', async () => {
    const c = client()
    for (const odd of [{ toString: 1 }, Object.create(null) as object, { toString: () => { throw new Error('no') } }, 10n]) {
      expect((await c.fails(odd as unknown as string, {})).code).toBe('UNKNOWN_OPERATION')
    }
  })
})

/**
 * No call waits forever: against an endpoint that accepts the TCP connection and never answers,
 * connect, list streams, describe and list shards fail with ENDPOINT_NOT_RESPONDING — naming the
 * endpoint, saying it accepted the connection but never answered, offering Retry — and a
 * connect still waiting can be cancelled. The SDK's handler has no such bound unless given one
 * (its requestTimeout only warns): without httpHandler's settings these calls hang for good.
 */
import { watch } from 'node:fs'
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { AppCore } from '../../src/main/core/app-core'
import type { ClientTimeouts } from '../../src/main/core/connections/client-factory'
import { createStreamAndWait, kinesisClient, startKinesalite, type Emulator } from '../support/emulators'
import { startSilentEndpoint, type SilentEndpoint } from '../support/silent-endpoint'
import { TestClient } from '../support/test-client'

const quick: ClientTimeouts = { control: { connectMs: 1_000, requestMs: 400 }, reader: { connectMs: 1_000, requestMs: 400 } }

let emulator: Emulator
let dir: string
const cleanups: (() => Promise<void>)[] = []

beforeAll(async () => {
  emulator = await startKinesalite()
  const kinesis = kinesisClient(emulator.endpoint)
  await createStreamAndWait(kinesis, 'Orders', 1)
  kinesis.destroy()
  dir = await mkdtemp(join(tmpdir(), 'ki-timeouts-'))
})
afterAll(async () => {
  await emulator.close()
  await rm(dir, { recursive: true, force: true })
})
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function silent(forwardTo?: string): Promise<SilentEndpoint> {
  const endpoint = await startSilentEndpoint(forwardTo)
  cleanups.push(() => endpoint.close())
  return endpoint
}

/** Resolves once `file` exists (an event, not a poll on a timer). */
async function fileCreated(file: string): Promise<void> {
  const watcher = watch(dirname(file))
  try {
    for (;;) {
      if ((await stat(file).catch(() => null))?.size) return
      await new Promise((resolveChange) => watcher.once('change', resolveChange))
    }
  } finally {
    watcher.close()
  }
}

function start(timeouts: ClientTimeouts = quick): TestClient {
  const core = new AppCore({
    env: { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') },
    userDataDir: null,
    clientTimeouts: timeouts
  })
  cleanups.push(() => core.dispose())
  return new TestClient(core.handlers())
}

async function addEndpoint(c: TestClient, name: string, endpoint: string): Promise<string> {
  const state = await c.call('connections.save', { name, kind: 'endpoint', endpoint, region: 'us-east-1' })
  return state.connections.find((x) => x.name === name)?.id ?? ''
}

function expectSilentEndpointError(error: { code: string; message: string; hint?: string }, endpoint: string, what: RegExp): void {
  expect(error.code).toBe('ENDPOINT_NOT_RESPONDING')
  expect(error.message).toMatch(what)
  expect(error.message).toContain(`${endpoint} accepted the connection but never answered (no reply within 0.4 s)`)
  expect(error.hint).toMatch(/Retry/)
}

describe('an endpoint that accepts the connection and never answers', () => {
  it('fails a connect with a message that names it, and the previous connection stays active', async () => {
    const hole = await silent()
    const c = start()
    const good = await addEndpoint(c, 'Emulator', emulator.endpoint)
    await c.call('connections.select', { id: good })
    const bad = await addEndpoint(c, 'Half-open VPN', hole.endpoint)

    const error = await c.fails('connections.select', { id: bad })
    expectSilentEndpointError(error, hole.endpoint, /^Could not connect to "Half-open VPN": /)
    expect(hole.accepted).toBeGreaterThan(0)
    expect((await c.call('connections.active', {}))?.connectionId).toBe(good)
    expect((await c.call('streams.list', {})).map((s) => s.name)).toEqual(['Orders'])
  })

  it('fails list streams, describe and list shards once the endpoint goes silent, and works again on Retry when it answers', async () => {
    const flaky = await silent(emulator.endpoint)
    const c = start()
    await c.call('connections.select', { id: await addEndpoint(c, 'Through a proxy', flaky.endpoint) })
    expect((await c.call('streams.list', {})).map((s) => s.name)).toEqual(['Orders'])

    flaky.silence()
    expectSilentEndpointError(await c.fails('streams.list', {}), flaky.endpoint, /^Could not list streams: /)
    expectSilentEndpointError(await c.fails('streams.describe', { name: 'Orders' }), flaky.endpoint, /^Could not describe stream Orders: /)
    expectSilentEndpointError(await c.fails('streams.shards', { name: 'Orders' }), flaky.endpoint, /^Could not list the shards of Orders: /)

    flaky.speak()
    expect((await c.call('streams.describe', { name: 'Orders' })).name).toBe('Orders')
  })

  it('lets a connect that is still waiting be cancelled, leaving the active connection as it was', async () => {
    const hole = await silent()
    // Long timeouts: only the cancel can end this call within the test.
    const c = start({ control: { connectMs: 60_000, requestMs: 120_000 }, reader: quick.reader })
    const good = await addEndpoint(c, 'Emulator', emulator.endpoint)
    await c.call('connections.select', { id: good })
    const bad = await addEndpoint(c, 'Hung proxy', hole.endpoint)

    const arrived = hole.swallowedOne()
    const selecting = c.fails('connections.select', { id: bad })
    await arrived
    expect(await c.call('connections.cancelSelect', {})).toEqual({ cancelled: true })
    const error = await selecting
    expect(error).toMatchObject({ code: 'CANCELLED' })
    expect(error.message).toContain(`before ${hole.endpoint} answered`)
    expect((await c.call('connections.active', {}))?.connectionId).toBe(good)
    expect(await c.call('connections.cancelSelect', {})).toEqual({ cancelled: false })
  })

  it('lets a connect be cancelled while its credential_process hangs', async () => {
    const pidFile = join(dir, 'credential-process.pid')
    await writeFile(
      join(dir, 'config'),
      `[profile hung]\nregion = us-east-1\nendpoint_url = ${emulator.endpoint}\ncredential_process = sh -c 'echo $$ > ${pidFile}; exec sleep 600'\n`
    )
    const c = start()
    cleanups.push(async () => {
      await rm(join(dir, 'config'), { force: true })
      const pid = Number(await readFile(pidFile, 'utf8').catch(() => ''))
      if (pid > 0) process.kill(pid)
      await rm(pidFile, { force: true })
    })
    const started = fileCreated(pidFile)
    const selecting = c.fails('connections.select', { id: 'profile:hung' })
    await started
    expect(await c.call('connections.cancelSelect', {})).toEqual({ cancelled: true })
    expect(await selecting).toMatchObject({ code: 'CANCELLED' })
    expect(await c.call('connections.active', {})).toBeNull()
  })
})

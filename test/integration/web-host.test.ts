/**
 * The web host's guard: loopback only, the page's token and origin required for the socket,
 * static files only from the renderer folder, and the same contract as the Electron host.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { WebSocket } from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppCore } from '../../src/main/core/app-core'
import { MAX_CALL_BYTES, MAX_FRAME_BYTES, startWebHost, type WebHost } from '../../src/main/host/web/web-host'
import { createRouter } from '../../src/main/router'

let dir: string
let host: WebHost
let core: AppCore

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ki-web-host-'))
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>Kinesis Inspector</title>')
  core = new AppCore({ env: { AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' }, userDataDir: null })
  host = await startWebHost({ router: createRouter(core.handlers()), rendererDir: dir, port: 0 })
})
afterAll(async () => {
  await host.close()
  await core.dispose()
  await rm(dir, { recursive: true, force: true })
})

function get(
  path: string,
  headers: Record<string, string> = {}
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, headers }, (res) => {
      let body = ''
      res.on('data', (chunk: Buffer) => (body += chunk.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

/** Resolves with the socket once open, or with the HTTP status the upgrade was refused with. */
function connect(query: string, origin: string, hostHeader?: string): Promise<WebSocket | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api${query}`, { origin, ...(hostHeader !== undefined ? { headers: { Host: hostHeader } } : {}) })
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
    ws.once('error', () => resolve(0))
  })
}

describe('web host', () => {
  it('listens on 127.0.0.1 and prints a URL with a long random token', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?token=[0-9a-f]{48}$`))
  })

  it('serves the renderer with a strict Content-Security-Policy and no referrer', async () => {
    const page = await get('/')
    expect(page.status).toBe(200)
    expect(page.body).toContain('Kinesis Inspector')
    expect(page.headers['content-security-policy']).toBe(
      `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src ws://127.0.0.1:${host.port}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`
    )
    expect(page.headers['referrer-policy']).toBe('no-referrer')
  })

  it('serves nothing outside the renderer folder', async () => {
    for (const path of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd']) {
      const answer = await get(path)
      expect([403, 404]).toContain(answer.status)
      expect(answer.body).not.toContain('root:')
    }
    expect((await get('/missing.js')).status).toBe(404)
  })

  it('refuses a socket without the token, with a wrong token, or from another origin', async () => {
    const origin = `http://127.0.0.1:${host.port}`
    expect(await connect('', origin)).toBe(403)
    expect(await connect(`?token=${'0'.repeat(48)}`, origin)).toBe(403)
    expect(await connect(`?token=${host.token}`, 'http://evil.example')).toBe(403)
    const ws = await connect(`?token=${host.token}`, origin)
    expect(ws).toBeInstanceOf(WebSocket)
    ;(ws as WebSocket).close()
  })

  it('carries the contract: a call gets its envelope, a bad message a protocol error, and the socket lives on', async () => {
    const ws = (await connect(`?token=${host.token}`, `http://127.0.0.1:${host.port}`)) as WebSocket
    const next = (): Promise<Record<string, unknown>> =>
      new Promise((resolve) => ws.once('message', (data: Buffer) => resolve(JSON.parse(data.toString()) as Record<string, unknown>)))
    ws.send('not json')
    expect(await next()).toMatchObject({ type: 'protocol-error' })
    ws.send(JSON.stringify({ type: 'call', id: 1, operation: 'streams.describe', input: { name: 'bad name!' } }))
    expect(await next()).toMatchObject({ type: 'result', id: 1, envelope: { ok: false, error: { code: 'INVALID_INPUT' } } })
    ws.send(JSON.stringify({ type: 'call', id: 2, operation: 'connections.list', input: {} }))
    expect(await next()).toMatchObject({ type: 'result', id: 2, envelope: { ok: true, result: { initialId: 'sandbox' } } })
    ws.close()
  })

  it('answers every malformed message with a protocol error and keeps main and the socket alive', async () => {
    const ws = (await connect(`?token=${host.token}`, `http://127.0.0.1:${host.port}`)) as WebSocket
    const next = (): Promise<Record<string, unknown>> =>
      new Promise((resolve) => ws.once('message', (data: Buffer) => resolve(JSON.parse(data.toString()) as Record<string, unknown>)))
    // `null` used to throw inside the socket's message handler and take the process down.
    for (const bad of ['null', '42', '"call"', '[]', 'true', '{"type":"call","id":"1"}', '{"type":"call","id":1.5}', '{"type":"call"}']) {
      ws.send(bad)
      expect(await next(), bad).toMatchObject({ type: 'protocol-error' })
    }
    ws.send(Buffer.from([1, 2, 3]), { binary: true })
    expect(await next()).toMatchObject({ type: 'protocol-error', message: expect.stringMatching(/binary/) as unknown })
    ws.send(JSON.stringify({ type: 'call', id: 3, operation: '__proto__', input: {} }))
    expect(await next()).toMatchObject({ type: 'result', id: 3, envelope: { ok: false, error: { code: 'UNKNOWN_OPERATION' } } })
    ws.send('{"type":"call","id":4,"operation":"connections.list","input":{"__proto__":{"polluted":true}}}')
    expect(await next()).toMatchObject({ type: 'result', id: 4, envelope: { ok: false, error: { code: 'INVALID_INPUT' } } })
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    ws.send(JSON.stringify({ type: 'call', id: 5, operation: 'connections.list', input: {} }))
    expect(await next()).toMatchObject({ type: 'result', id: 5, envelope: { ok: true } })
    ws.close()
  })

  it('answers only to its own name: a DNS-rebinding page can read no file and open no socket', async () => {
    // A page on evil.example, whose name now resolves to 127.0.0.1, sends its own name as Host.
    for (const name of [`evil.example:${host.port}`, 'evil.example', `127.0.0.1:${host.port + 1}`, `127.0.0.1.evil.example:${host.port}`]) {
      const answer = await get('/', { Host: name })
      expect(answer.status, name).toBe(421)
      expect(answer.body).not.toContain('Kinesis Inspector</title>')
    }
    expect(await connect(`?token=${host.token}`, `http://127.0.0.1:${host.port}`, `evil.example:${host.port}`)).toBe(403)
    // Its own names work: 127.0.0.1 and localhost (loopback by definition), on its port.
    expect((await get('/', { Host: `localhost:${host.port}` })).status).toBe(200)
    const page = await get('/', { Host: `localhost:${host.port}` })
    expect(page.headers['content-security-policy']).toContain(`connect-src ws://localhost:${host.port};`)
    const ws = await connect(`?token=${host.token}`, `http://localhost:${host.port}`, `localhost:${host.port}`)
    expect(ws).toBeInstanceOf(WebSocket)
    ;(ws as WebSocket).close()
  })

  it('answers an oversized call with a protocol error carrying its id, and closes only on a frame past 32 MiB', async () => {
    const ws = (await connect(`?token=${host.token}`, `http://127.0.0.1:${host.port}`)) as WebSocket
    const next = (): Promise<Record<string, unknown>> =>
      new Promise((resolve) => ws.once('message', (data: Buffer) => resolve(JSON.parse(data.toString()) as Record<string, unknown>)))
    ws.send(JSON.stringify({ type: 'call', id: 7, operation: 'templates.import', input: { content: 'x'.repeat(MAX_CALL_BYTES) } }))
    expect(await next()).toMatchObject({ type: 'protocol-error', id: 7, message: expect.stringMatching(/at most 24 MiB/) as unknown })
    // A record at the largest size a stream takes (10 MiB, 13.3 MiB of base64) reaches the router, which answers it.
    const record = { stream: 'S', partitionKey: 'k', explicitHashKey: null, gzip: false, dataBase64: Buffer.alloc(10 * 1024 * 1024 - 1).toString('base64') }
    ws.send(JSON.stringify({ type: 'call', id: 9, operation: 'producer.put', input: record }))
    expect(await next()).toMatchObject({ type: 'result', id: 9, envelope: { ok: false, error: { code: 'NOT_CONNECTED' } } })
    ws.send(JSON.stringify({ type: 'call', id: 8, operation: 'connections.list', input: {} }))
    expect(await next()).toMatchObject({ type: 'result', id: 8, envelope: { ok: true } })
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
    ws.send('x'.repeat(MAX_FRAME_BYTES + 1))
    expect(await closed).toBe(1009)
    // Main goes on: a new socket works.
    const again = (await connect(`?token=${host.token}`, `http://127.0.0.1:${host.port}`)) as WebSocket
    expect(again).toBeInstanceOf(WebSocket)
    again.close()
  })
})

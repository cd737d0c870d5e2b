/**
 * The web host: the same core and router as the Electron host, carried over a WebSocket, with
 * the built renderer served over plain HTTP. Bound to 127.0.0.1 only, and guarded by a random
 * token in the page URL: a socket without the token (or from another origin) is refused, so no
 * other local page can drive main. Used by the e2e tests in Chromium and by `npm run web`.
 *
 * DNS rebinding: a page on evil.example whose name is made to resolve to 127.0.0.1 is same-origin
 * with itself, not with this host, yet its requests reach this port. They carry its own name in
 * the Host header, so every request (static files and the socket upgrade) must name this host
 * exactly: `127.0.0.1:<port>` or `localhost:<port>` (decision: localhost is allowed too, since it
 * is loopback by definition and a user may type it; any other name, or another port, gets 421).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { WebSocketServer, type WebSocket } from 'ws'
import { createClientSession, type Router } from '../../router'

export interface WebHostOptions {
  router: Router
  /** The built renderer (out/renderer). */
  rendererDir: string
  /** 0 picks a free port. */
  port: number
  /** Fixed in tests that need to know it in advance; random otherwise. */
  token?: string
  log?: (message: string) => void
}

export interface WebHost {
  url: string
  port: number
  token: string
  /** Open WebSocket clients, for tests that check nothing leaks. */
  readonly clientCount: number
  close(): Promise<void>
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2'
}

/**
 * Calls are small but for records going out: a stream takes records of up to 10 MiB, which is
 * 13.3 MiB as base64 in JSON (producer.put, replay.append), and a template's body may be the hex
 * of such a record (20 MiB). A message over MAX_CALL_BYTES gets a protocol error and the socket
 * goes on. Frames over MAX_FRAME_BYTES are not even buffered: the WebSocket library closes the
 * socket with 1009 (Message Too Big), the protocol's own answer.
 */
export const MAX_CALL_BYTES = 24 * 1024 * 1024
export const MAX_FRAME_BYTES = 32 * 1024 * 1024

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('hex')
  const log = options.log ?? (() => undefined)
  const rendererDir = resolve(options.rendererDir)
  let origin = ''
  let port = 0

  const server = createServer((req, res) => {
    if (!allowedHost(req.headers.host, port)) {
      res.writeHead(421, { 'Content-Type': 'text/plain' }).end('This server answers only to 127.0.0.1 and localhost.')
      return
    }
    serveStatic(rendererDir, req, res, origin).catch(() => {
      if (!res.headersSent) res.writeHead(500)
      res.end()
    })
  })
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES })

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', (error) => log(`web host upgrade socket error: ${error.message}`))
    const url = safeUrl(req.url, origin)
    if (
      !allowedHost(req.headers.host, port) ||
      url === null ||
      url.pathname !== '/api' ||
      !sameToken(url.searchParams.get('token'), token) ||
      !allowedOrigin(req.headers.origin, port)
    ) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n')
      return
    }
    sockets.handleUpgrade(req, socket, head, (ws) => sockets.emit('connection', ws))
  })

  let nextClient = 1
  sockets.on('connection', (ws: WebSocket) => {
    const client = createClientSession(`web-${nextClient++}`, (event, payload) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'event', event, payload }))
    })
    const answer = (message: object): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message))
    }
    ws.on('message', (data, isBinary) => {
      const call = parseCallMessage(data, isBinary)
      if ('problem' in call) {
        // The id, when the message had a usable one, lets the client settle that call.
        answer({ type: 'protocol-error', message: call.problem, ...(call.id !== undefined ? { id: call.id } : {}) })
        return
      }
      options.router
        .dispatch(call.operation, call.input, client)
        .then((envelope) => answer({ type: 'result', id: call.id, envelope }))
        .catch((error: unknown) => {
          // The router answers everything itself; this is only an answer that could not be sent.
          log(`web host could not answer call ${call.id}: ${error instanceof Error ? (error.stack ?? error.message) : 'unknown error'}`)
          answer({ type: 'result', id: call.id, envelope: { ok: false, error: { code: 'INTERNAL', message: 'The answer to this call could not be sent.' } } })
        })
    })
    ws.on('close', () => client.dispose())
    ws.on('error', (error) => log(`web host socket error: ${error.message}`))
  })

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject)
    server.listen(options.port, '127.0.0.1', () => resolveListen())
  })
  port = (server.address() as AddressInfo).port
  origin = `http://127.0.0.1:${port}`

  return {
    url: `${origin}/?token=${token}`,
    port,
    token,
    get clientCount() {
      return sockets.clients.size
    },
    close: () =>
      new Promise<void>((resolveClose) => {
        for (const ws of sockets.clients) ws.terminate()
        sockets.close()
        server.closeAllConnections()
        server.close(() => resolveClose())
      })
  }
}

export type CallMessage = { id: number; operation: unknown; input: unknown } | { problem: string; id?: number }

/**
 * Reads one socket message as a call. Anything else — binary, too big, not JSON, JSON that is
 * not an object (`null`, a number, an array), an id that is not a safe integer — is a protocol
 * problem the socket answers, never an exception: whatever a page sends, main goes on.
 */
export function parseCallMessage(data: unknown, isBinary: boolean): CallMessage {
  if (isBinary || !Buffer.isBuffer(data)) return { problem: 'Messages are JSON text, not binary frames.' }
  if (data.length > MAX_CALL_BYTES) {
    const id = leadingId(data)
    return {
      problem: `A call is at most ${MAX_CALL_BYTES / 1024 / 1024} MiB of JSON; this message is ${(data.length / 1024 / 1024).toFixed(1)} MiB.`,
      ...(id !== undefined ? { id } : {})
    }
  }
  let message: unknown
  try {
    message = JSON.parse(data.toString('utf8'))
  } catch {
    return { problem: 'Messages are JSON text.' }
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return { problem: 'Expected an object {type: "call", id, operation, input}.' }
  }
  const { type, id, operation, input } = message as Record<string, unknown>
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) {
    return { problem: 'Expected {type: "call", id, operation, input} with a whole-number id.' }
  }
  if (type !== 'call') return { problem: 'Expected {type: "call", id, operation, input}.', id }
  return { id, operation, input }
}

/** The id of an oversized call, read from its start the way the client writes it (never parsed whole). */
function leadingId(data: Buffer): number | undefined {
  const match = /^\{"type":"call","id":(\d{1,15}),/.exec(data.subarray(0, 64).toString('latin1'))
  return match?.[1] !== undefined ? Number(match[1]) : undefined
}

/** The Host header must name this server: a DNS-rebinding page sends its own name here. */
export function allowedHost(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`
}

function allowedOrigin(origin: string | undefined, port: number): boolean {
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`
}

function safeUrl(url: string | undefined, base: string): URL | null {
  try {
    return new URL(url ?? '/', base)
  } catch {
    return null
  }
}

function sameToken(given: string | null, expected: string): boolean {
  if (given === null || given.length !== expected.length) return false
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected))
}

async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse, origin: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end()
    return
  }
  const url = safeUrl(req.url, origin)
  let pathname: string
  try {
    pathname = decodeURIComponent(url?.pathname ?? '')
  } catch {
    pathname = '' // malformed %-escapes
  }
  if (url === null || pathname === '') {
    res.writeHead(400).end()
    return
  }
  const file = normalize(join(root, pathname === '/' ? 'index.html' : pathname))
  if (!file.startsWith(root + sep)) {
    res.writeHead(403).end()
    return
  }
  const info = await stat(file).catch(() => null)
  if (info === null || !info.isFile()) {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found')
    return
  }
  // The host was checked: the page's socket goes back to the name the page was loaded from.
  const wsOrigin = `ws://${req.headers.host ?? origin.replace(/^http:\/\//, '')}`
  res.writeHead(200, {
    'Content-Type': contentTypes[extname(file)] ?? 'application/octet-stream',
    'Content-Length': info.size,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Content-Security-Policy': `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src ${wsOrigin}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`
  })
  if (req.method === 'HEAD') {
    res.end()
    return
  }
  createReadStream(file).pipe(res)
}

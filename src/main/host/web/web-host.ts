/**
 * The web host: the same core and router as the Electron host, carried over a WebSocket, with
 * the built renderer served over plain HTTP. Bound to 127.0.0.1 only, and guarded by a random
 * token in the page URL: a socket without the token (or from another origin) is refused, so no
 * other local page can drive main. Used by the e2e tests in Chromium and by `npm run web`.
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

/** Bigger messages are refused: calls are small, and batches only flow the other way. */
const MAX_MESSAGE_BYTES = 1024 * 1024

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('hex')
  const log = options.log ?? (() => undefined)
  const rendererDir = resolve(options.rendererDir)
  let origin = ''

  const server = createServer((req, res) => {
    serveStatic(rendererDir, req, res, origin).catch(() => {
      if (!res.headersSent) res.writeHead(500)
      res.end()
    })
  })
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', origin)
    if (url.pathname !== '/api' || !sameToken(url.searchParams.get('token'), token) || req.headers.origin !== origin) {
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
    ws.on('message', (data, isBinary) => {
      const call = parseCallMessage(data, isBinary)
      if ('problem' in call) {
        ws.send(JSON.stringify({ type: 'protocol-error', message: call.problem }))
        return
      }
      options.router
        .dispatch(call.operation, call.input, client)
        .then((envelope) => {
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'result', id: call.id, envelope }))
        })
        .catch((error: unknown) => log(`web host could not answer call ${call.id}: ${String(error)}`))
    })
    ws.on('close', () => client.dispose())
    ws.on('error', (error) => log(`web host socket error: ${error.message}`))
  })

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject)
    server.listen(options.port, '127.0.0.1', () => resolveListen())
  })
  const { port } = server.address() as AddressInfo
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

export type CallMessage = { id: number; operation: unknown; input: unknown } | { problem: string }

/**
 * Reads one socket message as a call. Anything else — binary, not JSON, JSON that is not an
 * object (`null`, a number, an array), an id that is not a safe integer — is a protocol problem
 * the socket answers, never an exception: whatever a page sends, main goes on.
 */
export function parseCallMessage(data: unknown, isBinary: boolean): CallMessage {
  if (isBinary || !Buffer.isBuffer(data)) return { problem: 'Messages are JSON text, not binary frames.' }
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
  if (type !== 'call' || typeof id !== 'number' || !Number.isSafeInteger(id)) {
    return { problem: 'Expected {type: "call", id, operation, input} with a whole-number id.' }
  }
  return { id, operation, input }
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
  const pathname = decodeURIComponent(new URL(req.url ?? '/', origin).pathname)
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
  const wsOrigin = origin.replace(/^http/, 'ws')
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

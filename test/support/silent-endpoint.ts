/**
 * An endpoint that accepts TCP connections and never answers: what a half-open VPN, a firewall
 * that drops replies or a hung proxy look like to a client. With `forwardTo`, it passes traffic
 * through to a real emulator until `silence()` is called; from then on it still accepts (and
 * keeps) every connection and swallows every byte — on new connections and on kept-alive ones.
 */
import { createConnection, createServer, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'

export interface SilentEndpoint {
  endpoint: string
  /** Connections accepted so far. */
  readonly accepted: number
  /** Bytes received and never answered while silent. */
  readonly swallowed: number
  /** Resolves once a request has arrived and been left unanswered. */
  swallowedOne(): Promise<void>
  silence(): void
  /** Forward again (only with forwardTo). */
  speak(): void
  close(): Promise<void>
}

export async function startSilentEndpoint(forwardTo?: string): Promise<SilentEndpoint> {
  const target = forwardTo !== undefined ? new URL(forwardTo) : null
  let silent = target === null
  let accepted = 0
  let swallowed = 0
  const sockets = new Set<Socket>()
  const onSwallow: (() => void)[] = []
  const server = createServer((client) => {
    accepted++
    sockets.add(client)
    client.on('close', () => sockets.delete(client))
    client.on('error', () => undefined)
    let upstream: Socket | null = null
    if (target !== null) {
      upstream = createConnection({ host: target.hostname, port: Number(target.port) })
      sockets.add(upstream)
      upstream.on('close', () => sockets.delete(upstream as Socket))
      upstream.on('error', () => client.destroy())
      upstream.on('data', (chunk: Buffer) => {
        if (!silent) client.write(chunk)
      })
    }
    client.on('data', (chunk: Buffer) => {
      if (silent || upstream === null) {
        swallowed += chunk.length
        for (const wake of onSwallow.splice(0)) wake()
      } else upstream.write(chunk)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    get accepted() {
      return accepted
    },
    get swallowed() {
      return swallowed
    },
    swallowedOne: () => new Promise<void>((resolve) => onSwallow.push(resolve)),
    silence() {
      silent = true
    },
    speak() {
      if (target !== null) silent = false
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}

import net, { type AddressInfo } from 'node:net'

/**
 * A TCP port that was free a moment ago on 127.0.0.1 (listen on 0, read, close). Only for
 * programs that cannot listen on 0 themselves and report their port, like kinesis-local;
 * another process may take the port in between, so callers should retry on failure.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
  })
}

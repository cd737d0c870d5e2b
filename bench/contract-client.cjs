// A client of the contract in its own process, as the renderer is: connects to the web host's
// WebSocket, selects a connection, runs one read session and prints what it received as JSON.
// Plain JavaScript so that it runs with node alone. Usage: node contract-client.cjs <port> <token> <request-json>
const { WebSocket } = require('ws')
const [port, token, requestJson] = process.argv.slice(2)
const request = JSON.parse(requestJson)
const ws = new WebSocket(`ws://127.0.0.1:${port}/api?token=${token}`, { origin: `http://127.0.0.1:${port}` })
let nextId = 1
const pending = new Map()
let received = 0
let dataBytes = 0
let start = 0
let firstBatchAt = 0
const call = (operation, input) =>
  new Promise((resolve) => {
    const id = nextId++
    pending.set(id, resolve)
    ws.send(JSON.stringify({ type: 'call', id, operation, input }))
  })
ws.on('message', (raw) => {
  const message = JSON.parse(raw.toString('utf8'))
  if (message.type === 'result') return pending.get(message.id)?.(message.envelope)
  if (message.event === 'reader.batch') {
    if (firstBatchAt === 0) firstBatchAt = performance.now()
    for (const record of message.payload.records) {
      received += 1
      dataBytes += record.size
    }
    // Flow control, as the app's api client does: main sends more as batches are acknowledged.
    void call('reader.ack', { delivery: message.payload.delivery })
  } else if (message.event === 'reader.ended') {
    const seconds = (performance.now() - start) / 1000
    console.log(JSON.stringify({ received, dataBytes, seconds, firstBatchMs: firstBatchAt - start, ended: message.payload }))
    ws.close()
  }
})
ws.once('open', async () => {
  const selected = await call('connections.select', { id: 'default' })
  if (!selected.ok) throw new Error(JSON.stringify(selected.error))
  start = performance.now()
  const started = await call('reader.start', request)
  if (!started.ok) throw new Error(JSON.stringify(started.error))
})

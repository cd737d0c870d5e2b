// A client of the contract in its own process, as the renderer is: connects to the web host's
// WebSocket, selects a connection, starts one bulk send and prints its final report as JSON.
// Plain JavaScript so that it runs with node alone. Usage: node producer-client.cjs <port> <token> <startBulk-json>
const { WebSocket } = require('ws')
const [port, token, requestJson] = process.argv.slice(2)
const request = JSON.parse(requestJson)
const ws = new WebSocket(`ws://127.0.0.1:${port}/api?token=${token}`, { origin: `http://127.0.0.1:${port}` })
let nextId = 1
const pending = new Map()
let start = 0
let progressEvents = 0
let lastProgress = null
const call = (operation, input) =>
  new Promise((resolve) => {
    const id = nextId++
    pending.set(id, resolve)
    ws.send(JSON.stringify({ type: 'call', id, operation, input }))
  })
ws.on('message', (raw) => {
  const message = JSON.parse(raw.toString('utf8'))
  if (message.type === 'result') return pending.get(message.id)?.(message.envelope)
  if (message.event === 'producer.progress') {
    progressEvents += 1
    lastProgress = message.payload
  } else if (message.event === 'producer.ended') {
    const seconds = (performance.now() - start) / 1000
    console.log(JSON.stringify({ seconds, progressEvents, lastProgress, report: message.payload }))
    ws.close()
  }
})
ws.once('open', async () => {
  const selected = await call('connections.select', { id: 'default' })
  if (!selected.ok) throw new Error(JSON.stringify(selected.error))
  start = performance.now()
  const started = await call('producer.startBulk', request)
  if (!started.ok) throw new Error(JSON.stringify(started.error))
})

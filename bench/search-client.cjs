// A client of the contract in its own process, as the renderer is, for the search benchmarks:
// connects to the web host's WebSocket, selects a connection, runs one reader.start (with its
// `search`) and prints, as JSON, the matches it received (shard, sequence number, partition key,
// text), what reader.start said about the shards, the last search progress, the number of progress events, and reader.ended's payload.
// Plain JavaScript so that it runs with node alone. Usage: node search-client.cjs <port> <token> <request-json>
const { WebSocket } = require('ws')
const [port, token, requestJson] = process.argv.slice(2)
const request = JSON.parse(requestJson)
const ws = new WebSocket(`ws://127.0.0.1:${port}/api?token=${token}`, { origin: `http://127.0.0.1:${port}`, maxPayload: 64 * 1024 * 1024 })
/** Matches kept whole for the bench to check; past this only counted. */
const KEEP = 10_000
let nextId = 1
const pending = new Map()
const matches = []
let received = 0
let progressEvents = 0
let lastSearch = null
let start = 0
let firstBatchAt = 0
let started = null
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
    for (const r of message.payload.records) {
      received += 1
      if (matches.length < KEEP) matches.push({ shardId: r.shardId, sequenceNumber: r.sequenceNumber, partitionKey: r.partitionKey, text: r.text })
    }
    // Flow control, as the app's api client does: main sends more as batches are acknowledged.
    void call('reader.ack', { delivery: message.payload.delivery })
  } else if (message.event === 'reader.progress') {
    progressEvents += 1
    lastSearch = message.payload.search
  } else if (message.event === 'reader.ended') {
    const seconds = (performance.now() - start) / 1000
    const firstMatchMs = firstBatchAt === 0 ? null : firstBatchAt - start
    console.log(JSON.stringify({ started, received, matches, seconds, firstMatchMs, progressEvents, lastSearch, ended: message.payload }))
    ws.close()
  }
})
ws.once('open', async () => {
  const selected = await call('connections.select', { id: 'default' })
  if (!selected.ok) throw new Error(JSON.stringify(selected.error))
  start = performance.now()
  const envelope = await call('reader.start', request)
  if (!envelope.ok) throw new Error(JSON.stringify(envelope.error))
  // What main said about the shards before the first call (a key search's selection).
  const { shards, skipped, searchNote, budget } = envelope.result
  started = { shards: shards.map((s) => s.shardId), skipped: skipped.map((s) => s.shardId), searchNote, budget }
})

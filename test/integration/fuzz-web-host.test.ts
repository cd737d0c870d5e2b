/**
 * Property test: at least 10,000 random and malformed messages through the web host's real
 * WebSocket, against a throwaway kinesalite. Every message gets exactly one answer (its result,
 * or a protocol error), none is INTERNAL, the socket stays open, and nothing in main throws
 * where no one catches it.
 */
import fc from 'fast-check'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { WebSocket } from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppCore } from '../../src/main/core/app-core'
import { startWebHost, type WebHost } from '../../src/main/host/web/web-host'
import { createRouter } from '../../src/main/router'
import { watchForCrashes } from '../support/crash-watch'
import { createStreamAndWait, kinesisClient, startKinesalite, type Emulator } from '../support/emulators'
import { FUZZ_STREAM, socketMessageArb, type SocketMessage } from '../support/fuzz-messages'

const RUNS = 10_000

let emulator: Emulator
let dir: string
let core: AppCore
let host: WebHost
const logged: string[] = []

beforeAll(async () => {
  emulator = await startKinesalite()
  const kinesis = kinesisClient(emulator.endpoint)
  await createStreamAndWait(kinesis, FUZZ_STREAM, 2)
  kinesis.destroy()
  dir = await mkdtemp(join(tmpdir(), 'ki-fuzz-web-'))
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>Kinesis Inspector</title>')
  core = new AppCore({
    env: {
      AWS_CONFIG_FILE: join(dir, 'aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'aws-credentials'),
      AWS_ENDPOINT_URL_KINESIS: emulator.endpoint,
      AWS_REGION: 'us-east-1',
      KINESIS_INSPECTOR_CONNECTION: 'default'
    },
    userDataDir: dir,
    // A call the emulator leaves hanging is still answered (ENDPOINT_NOT_RESPONDING) well within the wait below.
    clientTimeouts: { control: { connectMs: 2_000, requestMs: 3_000 }, reader: { connectMs: 2_000, requestMs: 3_000 } }
  })
  await core.connections.select('default')
  host = await startWebHost({
    router: createRouter(core.handlers(), { log: (m) => logged.push(m) }),
    rendererDir: dir,
    port: 0,
    log: (m) => logged.push(m)
  })
})
afterAll(async () => {
  await host.close()
  await core.dispose()
  await emulator.close()
  await rm(dir, { recursive: true, force: true })
})

type Answer = { type: string; id?: number; envelope?: { ok: boolean; error?: { code: string; message: string } } }

describe('the web host under random and malformed messages', () => {
  it(`answers ${RUNS.toLocaleString('en')} of them, none INTERNAL, and neither the socket nor main goes down`, async () => {
    const watch = watchForCrashes()
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api?token=${host.token}`, { origin: `http://127.0.0.1:${host.port}` })
    await new Promise((resolve, reject) => {
      ws.once('open', resolve)
      ws.once('error', reject)
    })
    let closed: number | null = null
    ws.on('close', (code) => (closed = code))
    // Answers in arrival order; events (a fuzzed read session's batches) are not answers.
    const answers: Answer[] = []
    let wake: (() => void) | null = null
    ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as Answer
      if (message.type === 'event') return
      answers.push(message)
      wake?.()
    })
    const nextAnswer = (what: string): Promise<Answer> => {
      const ready = answers.shift()
      if (ready !== undefined) return Promise.resolve(ready)
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no answer to ${what.slice(0, 200)}`)), 20_000)
        wake = () => {
          const answer = answers.shift()
          if (answer === undefined) return
          clearTimeout(timer)
          wake = null
          resolve(answer)
        }
      })
    }
    const counts = { messages: 0, results: 0, protocolErrors: 0, ok: 0 }
    const codes = new Map<string, number>()
    const history: string[] = []

    await fc.assert(
      fc.asyncProperty(socketMessageArb(), async (message: SocketMessage) => {
        counts.messages++
        history.push(message.kind === 'binary' ? 'binary' : message.text.slice(0, 300))
        if (message.kind === 'binary') ws.send(message.bytes, { binary: true })
        else ws.send(message.text)
        const answer = await nextAnswer(message.kind === 'binary' ? 'a binary frame' : message.text)
        if (message.kind === 'call') expect(answer.id, `${JSON.stringify(answer).slice(0, 300)} after ${history.slice(-4).join('\n')}`).toBe(message.id)
        if (answer.type === 'protocol-error') counts.protocolErrors++
        else {
          expect(answer.type).toBe('result')
          counts.results++
          const envelope = answer.envelope
          if (envelope?.ok === true) counts.ok++
          const code = envelope?.error?.code ?? 'ok'
          codes.set(code, (codes.get(code) ?? 0) + 1)
          expect(code, `${message.kind === 'binary' ? '' : message.text.slice(0, 300)} → ${envelope?.error?.message ?? ''}`).not.toBe('INTERNAL')
        }
        expect(closed).toBeNull()
      }),
      { numRuns: RUNS, ...(process.env.FUZZ_SEED !== undefined ? { seed: Number(process.env.FUZZ_SEED) } : {}) }
    )

    // Still a working socket after all of it.
    ws.send(JSON.stringify({ type: 'call', id: 1, operation: 'streams.describe', input: { name: FUZZ_STREAM } }))
    expect(await nextAnswer('the last describe')).toMatchObject({ type: 'result', id: 1, envelope: { ok: true } })
    ws.close()
    watch.stop()
    console.log(`web host fuzz: ${JSON.stringify(counts)}; answers by code: ${JSON.stringify(Object.fromEntries(codes))}`)
    expect(watch.crashes).toEqual([])
    expect(counts.messages).toBeGreaterThanOrEqual(RUNS)
    expect(logged.filter((line) => /failed unexpectedly|could not answer/.test(line))).toEqual([])
  })
})

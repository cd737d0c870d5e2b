/**
 * Property test: at least 10,000 random and malformed calls through the Electron host's entry
 * point — the ipcMain handlers registerIpcHost installs — with electron faked (the binary cannot
 * run here) and a real AppCore against a throwaway kinesalite. Inputs are what a structured
 * clone can carry (Map, Set, Date, BigInt, typed arrays, null-prototype objects), and senders
 * are trusted or not, odd, or throwing. Every call resolves to an envelope, none INTERNAL, and
 * nothing in main throws where no one catches it.
 */
import fc from 'fast-check'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

const fake = vi.hoisted(() => {
  const handlers = new Map<string, (event: unknown, input: unknown) => unknown>()
  return {
    handlers,
    electron: {
      ipcMain: {
        handle: (channel: string, fn: (event: unknown, input: unknown) => unknown) => handlers.set(channel, fn),
        removeHandler: (channel: string) => handlers.delete(channel)
      },
      BrowserWindow: class {},
      shell: { openExternal: () => Promise.resolve() }
    }
  }
})
vi.mock('electron', () => fake.electron)

import { AppCore } from '../../src/main/core/app-core'
import { registerIpcHost } from '../../src/main/host/electron/ipc-host'
import { rendererUrl } from '../../src/main/host/electron/secure-window'
import { createRouter } from '../../src/main/router'
import { operationNames } from '../../src/shared/contract'
import { watchForCrashes } from '../support/crash-watch'
import { createStreamAndWait, kinesisClient, startKinesalite, type Emulator } from '../support/emulators'
import { FUZZ_STREAM, anyValue, callArb } from '../support/fuzz-messages'

const RUNS = 10_000

let emulator: Emulator
let dir: string
let core: AppCore
let unregister: () => void
const logged: string[] = []

/** A webContents as the IPC host uses it: an id, send, and the lifecycle events. */
function contents(id: number): Record<string, unknown> {
  return { id, isDestroyed: () => false, send: () => undefined, once: () => undefined, on: () => undefined }
}

/** Who calls: the app's page (most of the time), or a sender the host must refuse. */
const senderArb = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 3 }).map((id) => ({ sender: contents(id), senderFrame: { url: rendererUrl(), parent: null } })), weight: 8 },
  {
    arbitrary: fc.constantFrom<unknown>(
      { sender: contents(9), senderFrame: null },
      { sender: contents(9), senderFrame: { url: 'not a url', parent: null } },
      { sender: contents(9), senderFrame: { url: 'https://evil.example/', parent: null } },
      { sender: contents(9), senderFrame: { url: rendererUrl(), parent: {} } },
      {
        sender: contents(9),
        get senderFrame(): never {
          throw new Error('Render frame was disposed before WebFrameMain could be accessed')
        }
      }
    ),
    weight: 2
  }
)

beforeAll(async () => {
  emulator = await startKinesalite()
  const kinesis = kinesisClient(emulator.endpoint)
  await createStreamAndWait(kinesis, FUZZ_STREAM, 2)
  kinesis.destroy()
  dir = await mkdtemp(join(tmpdir(), 'ki-fuzz-ipc-'))
  core = new AppCore({
    env: {
      AWS_CONFIG_FILE: join(dir, 'aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'aws-credentials'),
      AWS_ENDPOINT_URL_KINESIS: emulator.endpoint,
      AWS_REGION: 'us-east-1',
      KINESIS_INSPECTOR_CONNECTION: 'default'
    },
    userDataDir: dir,
    clientTimeouts: { control: { connectMs: 2_000, requestMs: 3_000 }, reader: { connectMs: 2_000, requestMs: 3_000 } }
  })
  await core.connections.select('default')
  unregister = registerIpcHost(createRouter(core.handlers(), { log: (m) => logged.push(m) }))
})
afterAll(async () => {
  unregister()
  await core.dispose()
  await emulator.close()
  await rm(dir, { recursive: true, force: true })
})

describe('the Electron IPC host under random and malformed calls', () => {
  it(`answers ${RUNS.toLocaleString('en')} of them with an envelope, none INTERNAL, and main stays up`, async () => {
    const watch = watchForCrashes()
    const channels = fc.constantFrom(...operationNames)
    // A real call's operation is its channel; the fuzzed operation names only the input's origin.
    const callOnChannel = fc.oneof(
      callArb(true).filter((c): c is { operation: (typeof operationNames)[number]; input: unknown } =>
        typeof c.operation === 'string' && fake.handlers.has(c.operation)
      ),
      fc.record({ operation: channels, input: anyValue(true) })
    )
    const codes = new Map<string, number>()
    let calls = 0
    await fc.assert(
      fc.asyncProperty(senderArb, callOnChannel, async (event, call) => {
        calls++
        const handler = fake.handlers.get(call.operation)
        expect(handler).toBeDefined()
        const envelope = (await handler?.(event, call.input)) as { ok: boolean; error?: { code: string; message: string } }
        expect(typeof envelope.ok).toBe('boolean')
        const code = envelope.error?.code ?? 'ok'
        codes.set(code, (codes.get(code) ?? 0) + 1)
        expect(code, `${call.operation} → ${envelope.error?.message ?? ''}`).not.toBe('INTERNAL')
      }),
      { numRuns: RUNS, ...(process.env.FUZZ_SEED !== undefined ? { seed: Number(process.env.FUZZ_SEED) } : {}) }
    )
    watch.stop()
    console.log(`IPC host fuzz: ${calls} calls; answers by code: ${JSON.stringify(Object.fromEntries(codes))}`)
    expect(watch.crashes).toEqual([])
    expect(calls).toBeGreaterThanOrEqual(RUNS)
    expect(logged).toEqual([])
  })
})

import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { installCrashGuards } from '../../../src/main/core/crash-guard'
import { createMainLog } from '../../../src/main/core/diagnostics/main-log'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ki-log-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe("main's log file", () => {
  it('writes timestamped lines to logs/main.log under the user-data folder', async () => {
    const log = createMainLog({ userDataDir: dir, echo: () => undefined })
    log.write('error', 'streams.list failed unexpectedly: boom')
    expect(log.path).toBe(join(dir, 'logs', 'main.log'))
    expect(await readFile(join(dir, 'logs', 'main.log'), 'utf8')).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z ERROR streams\.list failed unexpectedly: boom\n$/)
  })

  it('rotates: never more than maxBytes per file and `keep` older files', async () => {
    const log = createMainLog({ userDataDir: dir, maxBytes: 1000, keep: 2, echo: () => undefined })
    for (let i = 0; i < 200; i++) log.write('info', `line ${i} ${'x'.repeat(40)}`)
    const files = (await readdir(join(dir, 'logs'))).sort()
    expect(files).toEqual(['main.log', 'main.log.1', 'main.log.2'])
    for (const file of files) expect((await stat(join(dir, 'logs', file))).size).toBeLessThanOrEqual(1000)
    expect(await readFile(join(dir, 'logs', 'main.log'), 'utf8')).toContain('line 199 ')
  })

  it('cuts a runaway message and never throws, even when it cannot write', async () => {
    const lines: string[] = []
    // The user-data "folder" is a file: the log folder cannot be made.
    await writeFile(join(dir, 'not-a-folder'), '')
    const log = createMainLog({ userDataDir: join(dir, 'not-a-folder'), echo: (line) => lines.push(line) })
    expect(() => log.write('error', 'y'.repeat(100_000))).not.toThrow()
    expect(lines[0]?.length).toBeLessThan(17_000)
    expect(lines[0]).toContain('… (cut)')
  })
})

describe('crash guards', () => {
  it('log an unhandled rejection and an uncaught exception, and keep the process alive', async () => {
    const log = createMainLog({ userDataDir: dir, echo: () => undefined })
    const exits: number[] = []
    const remove = installCrashGuards(log, { exit: (code) => exits.push(code) })
    try {
      process.emit('unhandledRejection', new Error('nobody awaited me'), Promise.resolve())
      process.emit('uncaughtException', new TypeError('a callback threw'))
    } finally {
      remove()
    }
    const text = await readFile(log.path ?? '', 'utf8')
    expect(text).toMatch(/ERROR Unhandled promise rejection \(the app goes on\): Error: nobody awaited me/)
    expect(text).toMatch(/ERROR Uncaught exception \(the app goes on\): TypeError: a callback threw/)
    expect(exits).toEqual([])
  })

  it('mask a credential the failure quotes (an unhandled SDK rejection)', async () => {
    const log = createMainLog({ userDataDir: dir, echo: () => undefined })
    const remove = installCrashGuards(log, { exit: () => undefined })
    try {
      process.emit('unhandledRejection', new Error('signed with Credential=ASIAEXAMPLEKEYID1234/20261207'), Promise.resolve())
      process.emit('unhandledRejection', { SessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE' }, Promise.resolve())
    } finally {
      remove()
    }
    const text = await readFile(log.path ?? '', 'utf8')
    expect(text).toContain('Unhandled promise rejection')
    expect(text).not.toMatch(/ASIAEXAMPLEKEYID1234|IQoJb3JpZ2luX2VjEXAMPLE/)
  })

  it('stop main when uncaught exceptions come in a burst, after logging', async () => {
    const log = createMainLog({ userDataDir: dir, echo: () => undefined })
    const exits: number[] = []
    const remove = installCrashGuards(log, { exit: (code) => exits.push(code), burstLimit: 3, burstWindowMs: 60_000 })
    try {
      for (let i = 0; i < 3; i++) process.emit('uncaughtException', new Error(`loop ${i}`))
    } finally {
      remove()
    }
    expect(exits).toEqual([1])
    expect(await readFile(log.path ?? '', 'utf8')).toContain('3 within 60 s: main is stopping')
  })
})

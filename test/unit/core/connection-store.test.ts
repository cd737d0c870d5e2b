import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ConnectionManager } from '../../../src/main/core/connections/connection-manager'
import { fileConnectionStore } from '../../../src/main/core/connections/connection-store'
import { readJsonFile } from '../../../src/main/core/json-file'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ki-store-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const good = { id: 'saved:1', name: 'Local', kind: 'endpoint', endpoint: 'http://127.0.0.1:4566', region: 'us-east-1' }

describe('connections.json is untrusted input', () => {
  it('loads the valid entries and sets the others aside, saying so in the log', async () => {
    const bad = [
      null,
      42,
      { id: 'saved:2', name: 'No endpoint', kind: 'endpoint' },
      { id: 'saved:3', name: 'Keys', kind: 'profile', profile: 'x', secretAccessKey: 'AKIA…' },
      { id: 'saved:4', name: 'File', kind: 'endpoint', endpoint: 'file:///etc/passwd' },
      { name: 'No id', kind: 'profile', profile: 'x' },
      { ...good }, // a duplicate id
      JSON.parse('{"id":"saved:5","name":"P","kind":"profile","profile":"x","__proto__":{"polluted":true}}') as unknown
    ]
    await writeFile(join(dir, 'connections.json'), JSON.stringify({ version: 1, connections: [good, ...bad] }))
    const logged: string[] = []
    const store = fileConnectionStore(dir, (m) => logged.push(m))
    expect(await store.load()).toEqual([good])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    const aside = (await readdir(dir)).filter((f) => f.startsWith('connections.rejected-'))
    expect(aside).toHaveLength(1)
    expect((JSON.parse(await readFile(join(dir, aside[0] ?? ''), 'utf8')) as { rejected: unknown[] }).rejected).toHaveLength(bad.length)
    expect(logged[0]).toMatch(/8 saved connection\(s\) in connections.json were not valid and were set aside/)
    // The file now holds only the good ones: the next load is clean.
    expect(await fileConnectionStore(dir, (m) => logged.push(m)).load()).toEqual([good])
    expect(logged).toHaveLength(1)
  })

  it('keeps a file that is not JSON, or not the expected shape, aside whole and starts empty', async () => {
    for (const content of ['{ not json', 'null', '[1,2]', '{"connections": "nope"}']) {
      await writeFile(join(dir, 'connections.json'), content)
      expect(await fileConnectionStore(dir).load(), content).toEqual([])
    }
    expect((await readdir(dir)).filter((f) => f.startsWith('connections.json.corrupt-')).length).toBeGreaterThanOrEqual(1)
  })
})

describe('a connections.json that exists but cannot be read', () => {
  it('is an error naming the file, never taken for none (the next save would overwrite it)', async () => {
    // A directory where the file should be: EISDIR, as EACCES would be for a user other than root.
    await mkdir(join(dir, 'connections.json'))
    const failure = await fileConnectionStore(dir).load().then(() => null, (error: unknown) => error)
    expect(failure).toMatchObject({ code: 'FILE_READ_FAILED' })
    expect((failure as Error).message).toContain(join(dir, 'connections.json'))
    expect(await readJsonFile(join(dir, 'absent.json'))).toEqual({ kind: 'missing' })
  })

  it('leaves the built-in connections listed and refuses a save with the reason', async () => {
    await mkdir(join(dir, 'connections.json'))
    const manager = new ConnectionManager({ env: {}, store: fileConnectionStore(dir), sandboxDataDir: null })
    const state = await manager.list()
    expect(state.connections.map((c) => c.id)).toContain('sandbox')
    await expect(manager.save({ name: 'Local', kind: 'endpoint', endpoint: 'http://127.0.0.1:4566', region: 'us-east-1' })).rejects.toMatchObject({ code: 'FILE_READ_FAILED' })
  })
})

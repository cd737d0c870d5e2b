import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { templateStore } from '../../../src/main/core/producer/template-store'
import { PIZZA_ORDER_TEMPLATE, type RecordTemplate } from '../../../src/shared/producer'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'templates-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const text: RecordTemplate = { encoding: 'text', body: 'hello {{counter}}', gzip: false, partitionKey: { type: 'random' }, explicitHashKey: null }

describe('the template store', () => {
  it('starts with the built-in pizza order; saves, renames and removes user templates in templates.json', async () => {
    const store = templateStore(dir)
    expect(await store.list()).toEqual([PIZZA_ORDER_TEMPLATE])
    const saved = await store.save({ name: 'Hello', template: text })
    expect(saved.map((t) => t.name)).toEqual([PIZZA_ORDER_TEMPLATE.name, 'Hello'])
    const id = saved[1]?.id ?? ''
    await store.save({ id, name: 'Hello again', template: text })
    // A fresh store reads the file back.
    expect((await templateStore(dir).list()).map((t) => t.name)).toEqual([PIZZA_ORDER_TEMPLATE.name, 'Hello again'])
    const file = JSON.parse(await readFile(join(dir, 'templates.json'), 'utf8')) as { version: number; templates: unknown[] }
    expect(file.version).toBe(1)
    expect(file.templates).toHaveLength(1)
    expect(await store.remove(id)).toEqual([PIZZA_ORDER_TEMPLATE])
  })

  it('the built-in template can be neither removed nor overwritten', async () => {
    const store = templateStore(dir)
    await expect(store.remove(PIZZA_ORDER_TEMPLATE.id)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/built in/) as string })
    await expect(store.save({ id: PIZZA_ORDER_TEMPLATE.id, name: 'Mine', template: text })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await expect(store.remove('template:nope')).rejects.toMatchObject({ code: 'INVALID_INPUT' })
  })

  it('a corrupt file is set aside, never a crash', async () => {
    await writeFile(join(dir, 'templates.json'), '{ "templates": [ {"id": ')
    const store = templateStore(dir)
    expect(await store.list()).toEqual([PIZZA_ORDER_TEMPLATE])
    expect((await readdir(dir)).some((f) => f.startsWith('templates.json.corrupt-'))).toBe(true)
  })

  it('entries that do not pass the schema are dropped, and a copy of the file is kept', async () => {
    const good = { id: 'template:1', name: 'Good', template: text }
    const bad = [
      { id: 'template:2', name: 'No body', template: { ...text, body: undefined } },
      { id: 'template:3', name: 'Bad hash key', template: { ...text, explicitHashKey: '999999999999999999999999999999999999999' } },
      { id: PIZZA_ORDER_TEMPLATE.id, name: 'Fake built-in', template: text },
      'not an object'
    ]
    await writeFile(join(dir, 'templates.json'), JSON.stringify({ version: 1, templates: [good, ...bad] }))
    const store = templateStore(dir)
    expect((await store.list()).map((t) => t.name)).toEqual([PIZZA_ORDER_TEMPLATE.name, 'Good'])
    await store.list()
    expect((await readdir(dir)).filter((f) => f.startsWith('templates.json.invalid-'))).toHaveLength(1)
  })

  it('import checks every entry and says why the others were refused', async () => {
    const store = templateStore(null)
    const content = JSON.stringify({
      templates: [
        { name: 'Imported', template: text },
        PIZZA_ORDER_TEMPLATE,
        { name: '', template: text },
        { name: 'Bad key', template: { ...text, partitionKey: { type: 'fixed', value: '' } } },
        { name: 'Extra field', template: { ...text, evil: true } },
        42
      ]
    })
    const result = await store.import(content)
    expect(result.imported).toBe(1)
    expect(result.templates.map((t) => t.name)).toEqual([PIZZA_ORDER_TEMPLATE.name, 'Imported'])
    expect(result.refused.map((r) => r.index)).toEqual([1, 2, 3, 4, 5])
    expect(result.refused[0]?.reason).toMatch(/built-in/)
    expect(result.refused[1]?.reason).toMatch(/name: Give the template a name/)
    expect(result.refused[2]?.reason).toMatch(/template.partitionKey.value: Enter a partition key/)
    expect(result.refused[3]?.reason).toMatch(/evil/)
    await expect(store.import('not json')).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/not JSON/) as string })
    await expect(store.import('{"nothing": 1}')).rejects.toMatchObject({ code: 'INVALID_INPUT', message: 'The file holds no list of templates.' })
  })
})

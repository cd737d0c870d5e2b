/**
 * Saved record templates, in templates.json under the user-data folder (like connections.json:
 * atomic writes; a corrupt file is set aside, never a crash). The file can be edited by hand and
 * imports come from anywhere, so every entry is checked with the contract's schema on the way in.
 * The seed's pizza order is always first and can be neither removed nor overwritten.
 */
import { randomUUID } from 'node:crypto'
import { copyFile } from 'node:fs/promises'
import { join } from 'node:path'
import { oneAtATime, readJsonFile, writeJsonFile } from '../json-file'
import { z } from 'zod'
import { recordTemplateSchema, templateName } from '../../../shared/contract'
import { AppFailure } from '../../../shared/errors'
import { PIZZA_ORDER_TEMPLATE, type RecordTemplate, type SavedTemplate } from '../../../shared/producer'

const savedEntry = z.object({ id: z.string().min(1).max(200), name: templateName, template: recordTemplateSchema })
const importedEntry = z.object({ name: templateName, template: recordTemplateSchema })
const MAX_IMPORT = 1000

export interface ImportResult {
  templates: SavedTemplate[]
  imported: number
  refused: { index: number; name: string | null; reason: string }[]
}

export interface TemplateStore {
  list(): Promise<SavedTemplate[]>
  save(input: { id?: string | undefined; name: string; template: RecordTemplate }): Promise<SavedTemplate[]>
  remove(id: string): Promise<SavedTemplate[]>
  import(content: string): Promise<ImportResult>
}

interface Backing {
  load(): Promise<unknown>
  write(templates: SavedTemplate[]): Promise<void>
  /** Keeps a copy of a file whose entries could not all be read, before it is rewritten. */
  setAside(why: 'corrupt' | 'invalid'): Promise<void>
}

function fileBacking(userDataDir: string): Backing {
  const file = join(userDataDir, 'templates.json')
  return {
    async load() {
      const read = await readJsonFile(file)
      return read.kind === 'ok' ? read.value : []
    },
    write: (templates) => writeJsonFile(file, { version: 1, templates }),
    async setAside(why) {
      await copyFile(file, `${file}.${why}-${Date.now()}`).catch(() => undefined)
    }
  }
}

function memoryBacking(): Backing {
  let saved: SavedTemplate[] = []
  return {
    load: () => Promise.resolve(structuredClone(saved)),
    write: (templates) => {
      saved = structuredClone(templates)
      return Promise.resolve()
    },
    setAside: () => Promise.resolve()
  }
}

/** The entries of a file or an import: an array, or `{ templates: [...] }` (what export writes). */
function entriesOf(value: unknown): unknown[] | null {
  if (Array.isArray(value)) return value as unknown[]
  if (typeof value === 'object' && value !== null && Object.hasOwn(value, 'templates')) {
    const templates = (value as { templates: unknown }).templates
    return Array.isArray(templates) ? templates : null
  }
  return null
}

function reasonOf(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}`)
    .join('; ')
}

export function templateStore(userDataDir: string | null): TemplateStore {
  const backing = userDataDir !== null ? fileBacking(userDataDir) : memoryBacking()
  const serial = oneAtATime()

  let setAside = false
  async function loadUser(): Promise<SavedTemplate[]> {
    const found = entriesOf(await backing.load())
    const entries = found ?? [null]
    const valid: SavedTemplate[] = []
    for (const entry of entries) {
      const parsed = savedEntry.safeParse(entry)
      if (parsed.success && parsed.data.id !== PIZZA_ORDER_TEMPLATE.id) valid.push({ ...parsed.data, builtin: false })
    }
    // Entries that do not parse are dropped at the next write: keep a copy of the file once.
    if (valid.length < entries.length && !setAside) {
      setAside = true
      await backing.setAside('invalid')
    }
    return valid
  }

  const all = (user: SavedTemplate[]): SavedTemplate[] => [PIZZA_ORDER_TEMPLATE, ...user]

  return {
    list: () => serial(async () => all(await loadUser())),
    save: (input) =>
      serial(async () => {
        if (input.id === PIZZA_ORDER_TEMPLATE.id) {
          throw new AppFailure('INVALID_INPUT', `"${PIZZA_ORDER_TEMPLATE.name}" is built in and cannot be overwritten.`, 'Save your changes as a new template.')
        }
        const user = await loadUser()
        const entry: SavedTemplate = { id: input.id ?? `template:${randomUUID()}`, name: input.name, template: input.template, builtin: false }
        const index = user.findIndex((t) => t.id === input.id)
        if (input.id !== undefined && index === -1) {
          throw new AppFailure('INVALID_INPUT', `No saved template has the id ${input.id}.`, 'It may have been removed; save it as a new template.')
        }
        if (index === -1) user.push(entry)
        else user[index] = entry
        await backing.write(user)
        return all(user)
      }),
    remove: (id) =>
      serial(async () => {
        if (id === PIZZA_ORDER_TEMPLATE.id) {
          throw new AppFailure('INVALID_INPUT', `"${PIZZA_ORDER_TEMPLATE.name}" is built in and cannot be removed.`)
        }
        const user = await loadUser()
        const kept = user.filter((t) => t.id !== id)
        if (kept.length === user.length) throw new AppFailure('INVALID_INPUT', `No saved template has the id ${id}.`, 'Refresh the template list.')
        await backing.write(kept)
        return all(kept)
      }),
    import: (content) =>
      serial(async () => {
        let value: unknown
        try {
          value = JSON.parse(content)
        } catch (error) {
          throw new AppFailure('INVALID_INPUT', `The file is not JSON (${error instanceof Error ? error.message : String(error)}).`, 'Pick a file that exporting the template list wrote.')
        }
        const entries = entriesOf(value)
        if (entries === null) {
          throw new AppFailure('INVALID_INPUT', 'The file holds no list of templates.', 'Pick a file that exporting the template list wrote: { "templates": [ … ] }.')
        }
        if (entries.length > MAX_IMPORT) throw new AppFailure('INVALID_INPUT', `The file holds ${entries.length} templates; at most ${MAX_IMPORT} can be imported at once.`)
        const user = await loadUser()
        const refused: ImportResult['refused'] = []
        let imported = 0
        entries.forEach((entry, index) => {
          const name = typeof entry === 'object' && entry !== null && Object.hasOwn(entry, 'name') ? (entry as { name: unknown }).name : null
          const shownName = typeof name === 'string' ? name.slice(0, 100) : null
          if (typeof entry === 'object' && entry !== null && Object.hasOwn(entry, 'builtin') && (entry as { builtin: unknown }).builtin === true) {
            refused.push({ index, name: shownName, reason: 'A built-in template: it is already here.' })
            return
          }
          const parsed = importedEntry.safeParse(typeof entry === 'object' && entry !== null ? { name, template: (entry as { template?: unknown }).template } : entry)
          if (!parsed.success) {
            refused.push({ index, name: shownName, reason: reasonOf(parsed.error) })
            return
          }
          user.push({ id: `template:${randomUUID()}`, name: parsed.data.name, template: parsed.data.template, builtin: false })
          imported += 1
        })
        if (imported > 0) await backing.write(user)
        return { templates: all(user), imported, refused }
      })
  }
}

/**
 * The connections a user adds, saved as JSON under the app's user-data folder. Only names,
 * profiles, regions and endpoints are written: the input schema has no place for credentials.
 *
 * The file is input like any other: it may be hand-edited, half-written by another tool, or
 * planted. Every entry is checked with the contract's own schema; a bad entry is set aside in
 * `connections.rejected-<time>.json` (and the log says so) while the good ones load, and a file
 * that is not JSON at all is kept aside whole. Loading never throws.
 */
import { rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { oneAtATime, readJsonFile, writeJsonFile } from '../json-file'
import { connectionInputSchema } from '../../../shared/contract'
import type { ConnectionConfig } from '../../../shared/domain'

export interface ConnectionStore {
  load(): Promise<ConnectionConfig[]>
  save(connections: ConnectionConfig[]): Promise<void>
}

/** One saved entry: what the add dialog may send, with the id main gave it. */
export function parseSavedConnection(entry: unknown): ConnectionConfig | null {
  const parsed = connectionInputSchema.safeParse(entry)
  if (!parsed.success || parsed.data.id === undefined) return null
  const { id, ...rest } = parsed.data
  return { ...rest, id }
}

export function fileConnectionStore(userDataDir: string, log: (message: string) => void = () => undefined): ConnectionStore {
  const file = join(userDataDir, 'connections.json')
  const save = (connections: ConnectionConfig[]): Promise<void> => writeJsonFile(file, { version: 1, connections })
  const unserialised: ConnectionStore = {
    async load() {
      const read = await readJsonFile(file)
      if (read.kind === 'missing') return []
      if (read.kind === 'corrupt') {
        // A corrupt file must not stop the app; it is kept aside for the user instead of overwritten.
        log(`connections.json is not JSON; it was moved to ${read.aside} and the app starts without saved connections.`)
        return []
      }
      const parsed = read.value
      const entries =
        typeof parsed === 'object' && parsed !== null && Array.isArray((parsed as { connections?: unknown }).connections)
          ? ((parsed as { connections: unknown[] }).connections)
          : null
      if (entries === null) {
        const aside = `${file}.corrupt-${Date.now()}`
        await rename(file, aside).catch(() => undefined)
        log(`connections.json has no "connections" list; it was moved to ${aside}.`)
        return []
      }
      const good: ConnectionConfig[] = []
      const bad: unknown[] = []
      const ids = new Set<string>()
      for (const entry of entries) {
        const connection = parseSavedConnection(entry)
        if (connection === null || ids.has(connection.id)) bad.push(entry)
        else {
          ids.add(connection.id)
          good.push(connection)
        }
      }
      if (bad.length > 0) {
        const aside = join(userDataDir, `connections.rejected-${Date.now()}.json`)
        try {
          await writeFile(aside, JSON.stringify({ rejected: bad }, null, 2), 'utf8')
          await save(good)
          log(`${bad.length} saved connection(s) in connections.json were not valid and were set aside in ${aside}.`)
        } catch (error) {
          log(`Invalid saved connections could not be set aside: ${error instanceof Error ? error.message : 'unknown error'}`)
        }
      }
      return good
    },
    save
  }
  // load rewrites the file too (when it sets bad entries aside): no two writes share its .tmp file.
  const serial = oneAtATime()
  return {
    load: () => serial(() => unserialised.load()),
    save: (connections) => serial(() => unserialised.save(connections))
  }
}

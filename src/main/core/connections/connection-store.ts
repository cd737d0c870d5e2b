/**
 * The connections a user adds, saved as JSON under the app's user-data folder. Only names,
 * profiles, regions and endpoints are written: the input schema has no place for credentials.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { ConnectionConfig } from '../../../shared/domain'

export interface ConnectionStore {
  load(): Promise<ConnectionConfig[]>
  save(connections: ConnectionConfig[]): Promise<void>
}

export function fileConnectionStore(userDataDir: string): ConnectionStore {
  const file = join(userDataDir, 'connections.json')
  return {
    async load() {
      let text: string
      try {
        text = await readFile(file, 'utf8')
      } catch {
        return []
      }
      try {
        const parsed = JSON.parse(text) as { connections?: ConnectionConfig[] }
        return Array.isArray(parsed.connections) ? parsed.connections : []
      } catch {
        // A corrupt file must not stop the app; keep it aside for the user instead of overwriting.
        await rename(file, `${file}.corrupt-${Date.now()}`).catch(() => undefined)
        return []
      }
    },
    async save(connections) {
      await mkdir(dirname(file), { recursive: true })
      const tmp = `${file}.tmp`
      await writeFile(tmp, JSON.stringify({ version: 1, connections }, null, 2), 'utf8')
      await rename(tmp, file) // atomic: a crash mid-write never leaves half a file
    }
  }
}

/**
 * The JSON files main keeps in the user-data folder (connections.json, templates.json,
 * schemas.json): read without ever failing on what is in them (a file that is not JSON is moved
 * aside), written atomically. A file that exists but cannot be read is an error, never "none".
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { AppFailure } from '../../shared/errors'

export type JsonFileRead =
  | { kind: 'missing' }
  /** Not JSON: moved aside to `aside` (kept for the user, never overwritten). */
  | { kind: 'corrupt'; aside: string }
  | { kind: 'ok'; value: unknown }

export async function readJsonFile(file: string): Promise<JsonFileRead> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' }
    // Taken for missing, the file would be overwritten by the next save, with everything in it.
    throw new AppFailure(
      'FILE_READ_FAILED',
      `Could not read ${file}: ${(error as Error).message}.`,
      'Check that the app may read the file (its permissions, or that it is a file), then try again; nothing was changed.'
    )
  }
  try {
    return { kind: 'ok', value: JSON.parse(text) as unknown }
  } catch {
    const aside = `${file}.corrupt-${Date.now()}`
    await rename(file, aside).catch(() => undefined)
    return { kind: 'corrupt', aside }
  }
}

/** The text writeJsonFile writes for `value`. */
export function jsonFileText(value: unknown): string {
  return JSON.stringify(value, null, 2)
}

/** Writes beside the file, then renames: a crash mid-write never leaves half a file. */
export async function writeJsonFile(file: string, value: unknown): Promise<void> {
  await mkdir(dirname(file), { recursive: true })
  const tmp = `${file}.tmp`
  await writeFile(tmp, jsonFileText(value), 'utf8')
  await rename(tmp, file)
}

/**
 * Runs a file's read-modify-write changes one at a time: two racing would each write the file
 * without the other's change (and share its .tmp file).
 */
export function oneAtATime(): <T>(change: () => Promise<T>) => Promise<T> {
  let queue: Promise<unknown> = Promise.resolve()
  return (change) => {
    const run = queue.then(change, change)
    queue = run.catch(() => undefined)
    return run
  }
}

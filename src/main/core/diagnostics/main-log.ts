/**
 * Main's log file: `logs/main.log` under the user-data folder, rotated so that it never takes
 * more than a few MB (main.log plus two older files of 1 MiB each). Writes are synchronous and
 * never throw: the log is what the crash guards use when something has already gone wrong, and
 * a full disk or a read-only folder must not add a second failure.
 */
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs'
import { join } from 'node:path'

export type LogLevel = 'info' | 'warn' | 'error'

export interface MainLog {
  /** The file, or null when the log is kept in memory only (tests with no user-data folder). */
  readonly path: string | null
  write(level: LogLevel, message: string): void
}

export interface MainLogOptions {
  /** The user-data folder; the log goes to `<dir>/logs/main.log`. */
  userDataDir: string | null
  /** Rotate when the file would grow past this (default 1 MiB). */
  maxBytes?: number
  /** Older files kept beside it: main.log.1 … main.log.N (default 2). */
  keep?: number
  /** Also written to (default stderr): the terminal of `npm run web`, Electron's console. */
  echo?: (line: string) => void
}

export const DEFAULT_LOG_BYTES = 1024 * 1024
/** A single message longer than this is cut: one runaway error must not rotate the history away. */
const MAX_MESSAGE_CHARS = 16 * 1024

export function logFilePath(userDataDir: string): string {
  return join(userDataDir, 'logs', 'main.log')
}

export function createMainLog(options: MainLogOptions): MainLog {
  const maxBytes = options.maxBytes ?? DEFAULT_LOG_BYTES
  const keep = options.keep ?? 2
  const echo = options.echo ?? ((line: string) => process.stderr.write(line))
  const path = options.userDataDir !== null ? logFilePath(options.userDataDir) : null
  let size: number | null = null

  const currentSize = (file: string): number => {
    if (size === null) {
      try {
        size = statSync(file).size
      } catch {
        size = 0
      }
    }
    return size
  }

  const rotate = (file: string): void => {
    for (let i = keep; i >= 1; i--) {
      const from = i === 1 ? file : `${file}.${i - 1}`
      try {
        renameSync(from, `${file}.${i}`)
      } catch {
        // a missing older file is normal
      }
    }
    size = 0
  }

  return {
    path,
    write(level, message) {
      const text = message.length > MAX_MESSAGE_CHARS ? `${message.slice(0, MAX_MESSAGE_CHARS)}… (cut)` : message
      const line = `${new Date().toISOString()} ${level.toUpperCase()} ${text}\n`
      try {
        echo(line)
      } catch {
        // a closed stderr (a detached app) is no reason to stop
      }
      if (path === null) return
      try {
        const bytes = Buffer.byteLength(line)
        if (currentSize(path) > 0 && currentSize(path) + bytes > maxBytes) rotate(path)
        if (size === 0) mkdirSync(join(path, '..'), { recursive: true })
        appendFileSync(path, line, 'utf8')
        size = currentSize(path) + bytes
      } catch {
        size = null // re-read next time: the folder may come back
      }
    }
  }
}

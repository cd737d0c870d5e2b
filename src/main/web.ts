/**
 * `npm run web`: Kinesis Inspector in a browser tab, served from 127.0.0.1. Runs the same core as
 * the desktop app (connections, sandbox, read sessions) without Electron.
 *   node out/main/web.js [--port N] [--user-data DIR]
 */
import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { AppCore } from './core/app-core'
import { installCrashGuards } from './core/crash-guard'
import { createMainLog } from './core/diagnostics/main-log'
import { startWebHost } from './host/web/web-host'
import { createRouter } from './router'

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}

async function main(): Promise<void> {
  const port = Number(argument('--port') ?? process.env.PORT ?? 0)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a port number (0 picks a free one), not ${String(argument('--port') ?? process.env.PORT)}`)
  }
  const userDataDir =
    argument('--user-data') ?? join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'kinesis-inspector-web')
  const log = createMainLog({ userDataDir })
  installCrashGuards(log)
  const core = new AppCore({ env: process.env, userDataDir, log, appVersion: appVersion() })
  const router = createRouter(core.handlers(), { log: (message) => log.write('error', message), logFile: log.path })
  const host = await startWebHost({ router, rendererDir: resolve(__dirname, '../renderer'), port, log: (message) => log.write('warn', message) })
  console.log(`Kinesis Inspector is running at ${host.url}`)
  console.log(`User data: ${userDataDir}; log: ${log.path ?? 'stderr'}. Press Ctrl+C to stop.`)
  const shutdown = (): void => {
    void Promise.all([host.close(), core.dispose()]).finally(() => process.exit(0))
  }
  process.once('SIGINT', shutdown)
  process.once('SIGTERM', shutdown)
}

/** package.json sits two folders up from out/main/web.js. */
function appVersion(): string {
  try {
    return (JSON.parse(readFileSync(resolve(__dirname, '../../package.json'), 'utf8')) as { version: string }).version
  } catch {
    return 'unknown'
  }
}

main().catch((error: unknown) => {
  console.error(`Kinesis Inspector could not start: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})

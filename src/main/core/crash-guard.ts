/**
 * The last line of defence, installed by both hosts' entry points (src/main/index.ts and
 * src/main/web.ts): an unhandled rejection or an uncaught exception is written to main's log
 * and the app goes on. Every entry point already answers bad input with an error, so reaching
 * these handlers is itself a bug — logged with its stack so that it can be fixed.
 *
 * When is going on safe? A rejection nobody handled leaves no half-done synchronous work behind,
 * so it is always logged and survived. An uncaught exception is survived too (main holds no
 * state that one failed callback can corrupt for the others: sessions and clients are per
 * call), unless they come in a burst — then main is in a loop of failures, and it exits after
 * logging rather than spin.
 */
import { withoutSecrets } from './connections/aws-errors'
import type { MainLog } from './diagnostics/main-log'

export interface CrashGuardOptions {
  /** Called when uncaught exceptions come in a burst (default process.exit). */
  exit?: (code: number) => void
  /** This many uncaught exceptions within `burstWindowMs` is a burst (default 20 in 10 s). */
  burstLimit?: number
  burstWindowMs?: number
}

/** The failure for the log, with any credential it quotes (an SDK error's message) masked. */
export function describeFailure(error: unknown): string {
  if (error instanceof Error) return withoutSecrets(error.stack ?? `${error.name}: ${error.message}`)
  try {
    return withoutSecrets(`non-error value thrown: ${JSON.stringify(error) ?? String(error)}`)
  } catch {
    return 'non-error value thrown (not printable)'
  }
}

/** Installs the handlers; returns a function that removes them (tests). */
export function installCrashGuards(log: MainLog, options: CrashGuardOptions = {}): () => void {
  const exit = options.exit ?? ((code: number) => process.exit(code))
  const burstLimit = options.burstLimit ?? 20
  const burstWindowMs = options.burstWindowMs ?? 10_000
  let recent: number[] = []

  const onRejection = (reason: unknown): void => {
    log.write('error', `Unhandled promise rejection (the app goes on): ${describeFailure(reason)}`)
  }
  const onException = (error: Error): void => {
    const now = Date.now()
    recent = [...recent.filter((t) => now - t < burstWindowMs), now]
    if (recent.length >= burstLimit) {
      log.write('error', `Uncaught exception, ${recent.length} within ${burstWindowMs / 1000} s: main is stopping. ${describeFailure(error)}`)
      exit(1)
      return
    }
    log.write('error', `Uncaught exception (the app goes on): ${describeFailure(error)}`)
  }
  process.on('unhandledRejection', onRejection)
  process.on('uncaughtException', onException)
  return () => {
    process.removeListener('unhandledRejection', onRejection)
    process.removeListener('uncaughtException', onException)
  }
}

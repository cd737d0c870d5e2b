/**
 * Records every unhandled rejection and uncaught exception in this process while a test runs,
 * so that a property test can assert there were none (vitest would report them too, but only
 * after the test has passed).
 */
export interface CrashWatch {
  readonly crashes: string[]
  stop(): void
}

export function watchForCrashes(): CrashWatch {
  const crashes: string[] = []
  const onRejection = (reason: unknown): void => {
    crashes.push(`unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`)
  }
  const onException = (error: Error): void => {
    crashes.push(`uncaught exception: ${error.stack ?? error.message}`)
  }
  process.on('unhandledRejection', onRejection)
  process.on('uncaughtException', onException)
  return {
    crashes,
    stop() {
      process.removeListener('unhandledRejection', onRejection)
      process.removeListener('uncaughtException', onException)
    }
  }
}

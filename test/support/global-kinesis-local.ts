/**
 * Vitest global setup: one kinesis-local per suite, on free ports, so two runs can share a
 * machine. Tests read its endpoint with `inject('kinesisLocalEndpoint')`.
 */
import type { TestProject } from 'vitest/node'
import { startKinesisLocal } from './emulators'

declare module 'vitest' {
  export interface ProvidedContext {
    kinesisLocalEndpoint: string
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const kinesisLocal = await startKinesisLocal()
  project.provide('kinesisLocalEndpoint', kinesisLocal.endpoint)
  return () => kinesisLocal.close()
}

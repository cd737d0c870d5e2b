import { defineConfig } from 'vitest/config'

/** `npm run bench`: the speed and memory measurements, kept out of `npm test` (never timed tests). */
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.test.ts'],
    testTimeout: 900_000,
    hookTimeout: 900_000,
    fileParallelism: false,
    globalSetup: ['bench/global-build.ts']
  }
})

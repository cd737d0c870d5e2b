import { defineConfig } from 'vitest/config'

// The SDK warns once per process that its 2027 releases need Node 22: true, but noise in tests
// (this covers the global setups, which run in this process; `env` below covers the workers).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

/**
 * Three suites, one run: unit (pure core), integration (the core against kinesis-local and
 * kinesalite, through the AWS-like proxy where faults are injected), e2e (the web host in
 * Debian's Chromium). `npm test` runs all three.
 */
export default defineConfig({
  test: {
    // CI also writes a JSON summary, from which .ci/run prints its "N passed, N failed" line.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    outputFile: { json: 'test-results/vitest-results.json' },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' }
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/global-kinesis-local.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000
        }
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/global-kinesis-local.ts', 'test/support/global-build.ts'],
          testTimeout: 90_000,
          hookTimeout: 90_000,
          // One browser at a time: two cores, and screenshots should not fight for them.
          fileParallelism: false
        }
      }
    ]
  }
})

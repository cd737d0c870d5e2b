/** Builds the renderer (for the web host) and bundles the proxy so it can run in its own process. */
import { build } from 'vite'
import { resolve } from 'node:path'
import buildRenderer from '../test/support/global-build'

export default async function setup(): Promise<void> {
  buildRenderer()
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      ssr: resolve('bench/proxy-process.ts'),
      outDir: resolve('out/bench'),
      emptyOutDir: true,
      rollupOptions: { output: { format: 'cjs', entryFileNames: 'proxy-process.cjs' } }
    }
  })
}

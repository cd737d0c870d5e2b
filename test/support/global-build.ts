/** Builds the renderer once before the e2e suite: the web host serves out/renderer. */
import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'

export default function setup(): void {
  const bin = resolve('node_modules/.bin/electron-vite')
  const result = spawnSync(bin, ['build'], { stdio: 'inherit', env: process.env })
  if (result.status !== 0) throw new Error(`electron-vite build failed (exit ${String(result.status)})`)
}

import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

export default defineConfig({
  main: {
    build: {
      // Two hosts of one core: the Electron app (index) and the web host (web, `npm run web`).
      rollupOptions: {
        input: { index: resolve('src/main/index.ts'), web: resolve('src/main/web.ts') }
      }
    }
  },
  preload: {
    build: {
      // A sandboxed preload cannot require npm packages: bundle them (zod, via the contract).
      externalizeDeps: false,
      rollupOptions: { input: { index: resolve('src/preload/index.ts') } }
    }
  },
  renderer: {
    root: resolve('src/renderer'),
    build: { rollupOptions: { input: resolve('src/renderer/index.html') } },
    plugins: [react()]
  }
})

/**
 * The app as a user meets it in the e2e suite: a fresh AppCore (with a fresh temporary
 * user-data folder) behind the web host, serving the built renderer, opened in Chromium.
 */
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { AppCore, type AppCoreOptions } from '../../src/main/core/app-core'
import { startWebHost, type WebHost } from '../../src/main/host/web/web-host'
import { createRouter } from '../../src/main/router'
import type { Env } from '../../src/main/core/connections/aws-environment'

/** The version the app reports (electron's app.getVersion() and web.ts read package.json too). */
const appVersion = (JSON.parse(readFileSync(resolve('package.json'), 'utf8')) as { version: string }).version

export interface AppUnderTest {
  core: AppCore
  host: WebHost
  userDataDir: string
  close(): Promise<void>
}

/**
 * `env` replaces process.env for the core: tests say exactly which AWS settings exist.
 * AWS_CONFIG_FILE/AWS_SHARED_CREDENTIALS_FILE point into the temporary folder unless given, so
 * the developer's own ~/.aws never leaks into a test.
 */
export async function startApp(env: Env = {}, options: Partial<AppCoreOptions> = {}): Promise<AppUnderTest> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'kinesis-inspector-test-'))
  const isolated: Env = {
    AWS_CONFIG_FILE: join(userDataDir, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(userDataDir, 'aws-credentials'),
    ...env
  }
  const core = new AppCore({ env: isolated, userDataDir, appVersion, ...options })
  // Wired as web.ts wires it: unexpected failures go to main's log, and their hint names it.
  const router = createRouter(core.handlers(), { log: (message) => core.log.write('error', message), logFile: core.log.path })
  const host = await startWebHost({ router, rendererDir: resolve('out/renderer'), port: 0, log: (message) => core.log.write('warn', message) })
  return {
    core,
    host,
    userDataDir,
    async close() {
      await host.close()
      await core.dispose()
      await rm(userDataDir, { recursive: true, force: true })
    }
  }
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync'
    ]
  })
}

/** Opens the app and collects console errors, which a test can assert are absent. */
export async function openApp(browser: Browser, app: AppUnderTest): Promise<{ page: Page; consoleErrors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true })
  const consoleErrors: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text())
  })
  page.on('pageerror', (error) => consoleErrors.push(error.message))
  await page.goto(app.host.url)
  return { page, consoleErrors }
}

/** Screenshots go to test-results/screenshots (git-ignored). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: resolve('test-results/screenshots', `${name}.png`), fullPage: false })
}

/**
 * One browser for a test file and a fresh app for each test: registers the hooks and returns
 * `start(env)`, which opens the app in a new page. Apps started by a test close after it.
 */
export function browserSuite(): {
  start(env?: Env, options?: Partial<AppCoreOptions>): Promise<{ app: AppUnderTest; page: Page; consoleErrors: string[] }>
  closeApps(): Promise<void>
} {
  let browser: Browser | null = null
  const apps: AppUnderTest[] = []
  const closeApps = async (): Promise<void> => {
    await Promise.all(apps.splice(0).map((app) => app.close()))
  }
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })
  afterEach(closeApps)
  return {
    closeApps,
    async start(env = {}, options = {}) {
      if (browser === null) throw new Error('browserSuite().start is for use inside tests')
      const app = await startApp(env, options)
      apps.push(app)
      return { app, ...(await openApp(browser, app)) }
    }
  }
}

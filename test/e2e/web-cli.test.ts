/**
 * `npm run web` as a user runs it: the built web host (out/main/web.js) in its own process,
 * printing its address; Chromium opens that address. On the sandbox when nothing about AWS is
 * configured, on the endpoint of AWS_ENDPOINT_URL_KINESIS when that is set.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest'
import { createStreamAndWait, kinesisClient } from '../support/emulators'
import { uniqueName } from '../support/stream-fixtures'
import { launchBrowser, screenshot } from '../support/app-under-test'

let browser: Browser
const running: { child: ChildProcess; dir: string }[] = []

beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(() => browser.close())
afterEach(async () => {
  for (const { child, dir } of running.splice(0)) {
    const exited = new Promise((r) => child.once('exit', r))
    child.kill('SIGTERM')
    await exited
    await rm(dir, { recursive: true, force: true })
  }
})

/** Starts `node out/main/web.js` with only the given AWS settings; resolves with the printed URL. */
async function startWebCli(env: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ki-web-cli-'))
  const child = spawn(process.execPath, [resolve('out/main/web.js'), '--port', '0', '--user-data', dir], {
    env: { PATH: process.env.PATH ?? '', HOME: dir, AWS_CONFIG_FILE: join(dir, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'), ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  running.push({ child, dir })
  return new Promise((resolveUrl, reject) => {
    let out = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const url = /running at (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(out)?.[1]
      if (url !== undefined) resolveUrl(url)
    })
    child.once('exit', (code) => reject(new Error(`web host exited with ${String(code)}: ${out}`)))
  })
}

describe('npm run web', () => {
  it('opens on the sandbox with its streams listed when nothing about AWS is configured', async () => {
    const url = await startWebCli({})
    const page = await browser.newPage()
    await page.goto(url)
    await page.locator('header [role="status"]').filter({ hasText: /^Connected to Local sandbox/ }).waitFor()
    await page.getByRole('option', { name: 'OrderStream' }).waitFor()
    await screenshot(page, 'web-cli-sandbox')
    await page.close()
  })

  it('shows the streams of the endpoint named in AWS_ENDPOINT_URL_KINESIS', async () => {
    const endpoint = inject('kinesisLocalEndpoint')
    const name = uniqueName('web-cli')
    const client = kinesisClient(endpoint)
    await createStreamAndWait(client, name, 1)
    client.destroy()
    const url = await startWebCli({ AWS_ENDPOINT_URL_KINESIS: endpoint, AWS_REGION: 'us-east-1' })
    const page = await browser.newPage()
    await page.goto(url)
    await page.locator('header [role="status"]').filter({ hasText: `Connected to AWS CLI default · us-east-1 · ${endpoint}` }).waitFor()
    // The list is virtual and kinesis-local holds every e2e file's streams: search, as a user would.
    await page.getByRole('listbox', { name: 'Streams' }).getByRole('option').first().waitFor()
    await page.getByLabel('Search streams').fill(name)
    await page.getByRole('option', { name }).waitFor()
    await page.getByLabel('Search streams').fill('OrderStream')
    await page.locator('.panel-count').filter({ hasText: /^0 of / }).waitFor()
    expect(await page.getByRole('option', { name: 'OrderStream' }).count()).toBe(0)
    await page.close()
  })
})

/**
 * Issue 2 end to end: a user opens the app, sees the streams of a connection, opens one and
 * sees its shards, creates and deletes streams. Real Chromium, the web host, real emulators
 * (the embedded kinesalite sandbox and kinesis-local), and the AWS CLI as an outside client.
 */
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { promisify } from 'node:util'
import kinesalite from 'kinesalite'
import type { Page } from 'playwright-core'
import { describe, expect, inject, test } from 'vitest'
import { CreateStreamCommand } from '@aws-sdk/client-kinesis'
import { kinesisClient, createStreamAndWait, startKinesalite } from '../support/emulators'
import { maxCallsInWindow, startKinesisProxy } from '../support/kinesis-proxy'
import { browserSuite, screenshot } from '../support/app-under-test'
import type { Env } from '../../src/main/core/connections/aws-environment'

const run = promisify(execFile)
const cliEnv = { ...process.env, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' }
const unique = (prefix: string): string => `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`

const suite = browserSuite()
const start = async (env: Env = {}): Promise<{ page: Page; consoleErrors: string[] }> => suite.start(env)

const status = (page: Page) => page.getByRole('status').filter({ hasText: /Connected to|Connecting|Not connected/ })
const streamList = (page: Page) => page.getByRole('listbox', { name: 'Streams' })
const shardTable = (page: Page) => page.getByRole('table', { name: 'Shards' })

async function openStream(page: Page, name: string): Promise<void> {
  await streamList(page).getByRole('option', { name, exact: true }).click()
  await expect.poll(() => page.getByRole('heading', { level: 2, name, exact: true }).count()).toBe(1)
}

async function expectShardRows(page: Page, count: number): Promise<void> {
  await shardTable(page).locator('tbody tr').nth(count - 1).waitFor()
  expect(await shardTable(page).locator('tbody tr').count()).toBe(count)
}

describe('streams', () => {
  test('with no AWS config the app opens on the sandbox, lists OrderStream and shows its two shards', async () => {
    const { page, consoleErrors } = await start({})
    await status(page).filter({ hasText: /Connected to Local sandbox · us-east-1 · http:\/\/127\.0\.0\.1:\d+/ }).waitFor()
    expect(await page.getByLabel('Connection').inputValue()).toBe('sandbox')
    await streamList(page).getByRole('option', { name: 'OrderStream', exact: true }).waitFor()
    await page.getByText('1 stream', { exact: true }).waitFor()

    await openStream(page, 'OrderStream')
    await expectShardRows(page, 2)
    await page.getByTestId('shard-summary').filter({ hasText: '2 shards · 2 open · 0 closed' }).waitFor()
    const rows = shardTable(page).locator('tbody tr')
    for (let i = 0; i < 2; i++) {
      await expect.poll(() => rows.nth(i).locator('td').nth(1).innerText()).toBe('Open')
      expect(await rows.nth(i).locator('td').nth(5).innerText()).toContain('50.0%')
    }
    // The summary is filled in from DescribeStreamSummary.
    await page.getByText('arn:aws:kinesis:us-east-1:', { exact: false }).first().waitFor()
    await screenshot(page, 'sandbox-streams')

    // The Records tab mounts the record browser once, and keeps it (hidden) behind the Shards tab.
    const recordsPanel = page.locator('#stream-panel-records')
    expect(await recordsPanel.innerHTML()).toBe('')
    await page.getByRole('tab', { name: 'Records' }).click()
    expect(await page.getByRole('tab', { name: 'Records' }).getAttribute('aria-selected')).toBe('true')
    await expect.poll(async () => (await recordsPanel.innerHTML()).length).toBeGreaterThan(0)
    await screenshot(page, 'sandbox-records-tab')
    await page.getByRole('tab', { name: 'Shards' }).click()
    expect(await recordsPanel.isHidden()).toBe(true)
    expect((await recordsPanel.innerHTML()).length).toBeGreaterThan(0)
    await shardTable(page).waitFor()

    // A smaller window still shows the list, the summary and the shards.
    await page.setViewportSize({ width: 1000, height: 700 })
    await screenshot(page, 'sandbox-streams-1000x700')

    // The stream list folds away to give the open stream the width, and stays folded on reload.
    await page.getByRole('button', { name: 'Hide stream list' }).click()
    expect(await streamList(page).count()).toBe(0)
    await shardTable(page).waitFor()
    await page.reload()
    await page.getByRole('button', { name: 'Show stream list' }).click()
    await streamList(page).getByRole('option', { name: 'OrderStream', exact: true }).waitFor()
    expect(consoleErrors).toEqual([])
  })

  test('a stream the AWS CLI creates on kinesis-local shows up with its three shards', async () => {
    const endpoint = inject('kinesisLocalEndpoint')
    const name = unique('cli-orders')
    await run(
      'aws',
      ['kinesis', 'create-stream', '--stream-name', name, '--shard-count', '3', '--endpoint-url', endpoint, '--region', 'us-east-1'],
      { env: cliEnv }
    )
    const { page, consoleErrors } = await start({ AWS_ENDPOINT_URL_KINESIS: endpoint, AWS_REGION: 'us-east-1' })
    await status(page).filter({ hasText: `Connected to AWS CLI default · us-east-1 · ${endpoint}` }).waitFor()
    expect(await page.getByLabel('Connection').inputValue()).toBe('default')

    await page.getByRole('button', { name: 'Refresh streams' }).click()
    await page.getByLabel('Search streams').fill(name)
    await openStream(page, name)
    await expectShardRows(page, 3)
    await page.getByTestId('shard-summary').filter({ hasText: '3 shards · 3 open · 0 closed' }).waitFor()
    await screenshot(page, 'cli-created-stream')

    // The CLI splits the first shard: after a refresh it shows as Closed, with its two children.
    await run(
      'aws',
      [
        'kinesis', 'split-shard', '--stream-name', name, '--shard-to-split', 'shardId-000000000000',
        '--new-starting-hash-key', '56713727820156410577229101238628035242', '--endpoint-url', endpoint, '--region', 'us-east-1'
      ],
      { env: cliEnv }
    )
    await expect
      .poll(async () => {
        await page.getByRole('button', { name: 'Refresh shards' }).click()
        return page.getByTestId('shard-summary').innerText()
      }, { timeout: 15_000, interval: 200 })
      .toBe('5 shards · 4 open · 1 closed')
    const parentRow = shardTable(page).locator('tbody tr', { hasText: 'Closed' })
    expect(await parentRow.locator('td').first().innerText()).toBe('shardId-000000000000')
    const children = shardTable(page).locator('tbody tr').filter({ has: page.locator('td:nth-child(3)', { hasText: 'shardId-000000000000' }) })
    expect(await children.count()).toBe(2)
    expect(await children.locator('td:nth-child(6)').allInnerTexts()).toEqual(['16.7%', '16.7%'])
    // The summary and the list row follow: the stream now has 4 open shards.
    await page.locator('.fact', { hasText: 'Open shards' }).filter({ hasText: '4' }).waitFor()
    await streamList(page).getByRole('option', { name, exact: true }).locator('span.num').first().filter({ hasText: /^4$/ }).waitFor()
    await screenshot(page, 'cli-resharded-stream')
    expect(consoleErrors).toEqual([])
  })

  test('creates a provisioned stream through the UI, sees it ACTIVE with 3 shards, then deletes it', async () => {
    const { page, consoleErrors } = await start({})
    await streamList(page).getByRole('option', { name: 'OrderStream', exact: true }).waitFor()
    const name = unique('ui-stream')

    await page.getByRole('button', { name: 'Create stream' }).click()
    const dialog = page.getByRole('dialog', { name: 'Create stream' })
    await dialog.getByLabel('Stream name').fill('not valid!')
    await dialog.getByRole('button', { name: 'Create stream' }).click()
    await dialog.getByText('A stream name may use only letters, digits, _ . and -').waitFor()
    await dialog.getByLabel('Stream name').fill(name)
    await dialog.getByLabel('Capacity mode').selectOption('PROVISIONED')
    await dialog.getByLabel('Shard count').fill('3')
    await screenshot(page, 'create-stream-dialog')
    await dialog.getByRole('button', { name: 'Create stream' }).click()
    await dialog.waitFor({ state: 'detached' })

    // The new stream opens by itself; its status turns ACTIVE.
    await page.getByRole('heading', { level: 2, name, exact: true }).waitFor()
    const view = page.getByRole('region', { name: `Stream ${name}` })
    await view.locator('.stream-title .badge-active').waitFor()
    await expectShardRows(page, 3)
    await streamList(page).getByRole('option', { name, exact: true }).waitFor()
    await page.getByText('2 streams', { exact: true }).waitFor()

    await view.getByRole('button', { name: 'Delete stream' }).click()
    const confirm = page.getByRole('dialog', { name: 'Delete stream' })
    const deleteButton = confirm.getByRole('button', { name: 'Delete', exact: true })
    await confirm.getByLabel(`Type ${name} to confirm`).fill(`${name}x`)
    expect(await deleteButton.isDisabled()).toBe(true)
    await confirm.getByLabel(`Type ${name} to confirm`).fill(name)
    expect(await deleteButton.isEnabled()).toBe(true)
    await screenshot(page, 'delete-stream-dialog')
    await deleteButton.click()
    await confirm.waitFor({ state: 'detached' })

    // Back to the list; after a refresh the stream is gone.
    await view.waitFor({ state: 'detached' })
    await page.getByRole('button', { name: 'Refresh streams' }).click()
    await page.getByText('1 stream', { exact: true }).waitFor()
    expect(await streamList(page).getByRole('option', { name, exact: true }).count()).toBe(0)
    expect(consoleErrors).toEqual([])
  })

  test('the search narrows the list as you type and the count says how many match', async () => {
    const endpoint = inject('kinesisLocalEndpoint')
    const prefix = unique('search')
    const client = kinesisClient(endpoint)
    try {
      for (const suffix of ['alpha', 'beta', 'gamma']) await createStreamAndWait(client, `${prefix}-${suffix}`, 1)
    } finally {
      client.destroy()
    }
    const { page, consoleErrors } = await start({ AWS_ENDPOINT_URL_KINESIS: endpoint, AWS_REGION: 'us-east-1' })
    await streamList(page).getByRole('option', { name: `${prefix}-alpha`, exact: true }).waitFor()
    const count = page.locator('.panel-count')
    const total = Number(/^([\d,]+) streams$/.exec(await count.innerText())?.[1]?.replace(/,/g, ''))
    expect(total).toBeGreaterThanOrEqual(3)

    await page.getByLabel('Search streams').fill(prefix.toUpperCase())
    await count.filter({ hasText: `3 of ${total} streams` }).waitFor()
    await page.getByLabel('Search streams').fill(`${prefix}-BET`)
    await count.filter({ hasText: `1 of ${total} streams` }).waitFor()
    expect(await streamList(page).getByRole('option').count()).toBe(1)
    await streamList(page).getByRole('option', { name: `${prefix}-beta`, exact: true }).waitFor()

    // Keyboard: focus the list, ArrowDown highlights the one match, Enter opens it.
    await page.getByRole('listbox', { name: 'Streams' }).focus()
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { level: 2, name: `${prefix}-beta`, exact: true }).waitFor()
    await screenshot(page, 'stream-search')

    await page.getByLabel('Search streams').fill('')
    await count.filter({ hasText: new RegExp(`^${total} streams$`) }).waitFor()
    expect(consoleErrors).toEqual([])
  })

  test('a thousand streams: only the rows on screen exist and are described, at most 4 at a time', async () => {
    const kinesalite = await startKinesalite()
    const latencyMs = 60
    const proxy = await startKinesisProxy({ target: kinesalite.endpoint, latencyMs })
    const closeEmulators = async (): Promise<void> => {
      await proxy.close()
      await kinesalite.close()
    }
    try {
      const client = kinesisClient(kinesalite.endpoint)
      const names = Array.from({ length: 1000 }, (_, i) => `bulk-${String(i).padStart(4, '0')}`)
      try {
        for (let i = 0; i < names.length; i += 50) {
          await Promise.all(names.slice(i, i + 50).map((name) => client.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }))))
        }
      } finally {
        client.destroy()
      }
      const describes: number[] = []
      proxy.onRequest((event) => {
        if (event.operation === 'DescribeStreamSummary') describes.push(event.at)
      })

      const { page, consoleErrors } = await start({ AWS_ENDPOINT_URL_KINESIS: proxy.endpoint, AWS_REGION: 'us-east-1' })
      await page.locator('.panel-count').filter({ hasText: '1,000 streams' }).waitFor()
      const list = streamList(page)
      // kinesalite lists names only: the rows on screen get their details from describe.
      await list.getByRole('option', { name: 'bulk-0000', exact: true }).filter({ hasText: 'ACTIVE' }).waitFor()
      expect(await list.getByRole('option').count()).toBeLessThan(60)

      await list.focus()
      await page.keyboard.press('End')
      const last = list.getByRole('option', { name: 'bulk-0999', exact: true })
      await last.filter({ hasText: 'ACTIVE' }).waitFor()
      expect(await last.getAttribute('aria-selected')).toBe('true')
      expect(await list.getByRole('option').count()).toBeLessThan(60)
      await page.keyboard.press('ArrowUp')
      await page.keyboard.press('Enter')
      await page.getByRole('heading', { level: 2, name: 'bulk-0998', exact: true }).waitFor()
      await screenshot(page, 'thousand-streams')

      // Every request takes at least the proxy's latency, so more than 4 arrivals within that
      // time would mean more than 4 in flight. Only rows that were on screen were described.
      expect(maxCallsInWindow(describes, latencyMs - 1)).toBeLessThanOrEqual(4)
      expect(describes.length).toBeLessThan(150)
      expect(consoleErrors).toEqual([])
    } finally {
      await suite.closeApps()
      await closeEmulators()
    }
  })

  test('a stream shows CREATING until describe says ACTIVE, and DELETING while it goes', async () => {
    // kinesalite with slow state changes, so the app has to poll describe to see them end.
    const server = kinesalite({ createStreamMs: 1500, deleteStreamMs: 1500 })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      const { page, consoleErrors } = await start({ AWS_ENDPOINT_URL_KINESIS: endpoint, AWS_REGION: 'us-east-1' })
      await page.getByText('No streams on this connection yet').waitFor()
      await page.getByRole('button', { name: 'create one' }).click()
      const dialog = page.getByRole('dialog', { name: 'Create stream' })
      await dialog.getByLabel('Stream name').fill('slow-stream')
      await dialog.getByLabel('Shard count').fill('2')
      await dialog.getByRole('button', { name: 'Create stream' }).click()

      const view = page.getByRole('region', { name: 'Stream slow-stream' })
      await view.locator('.stream-title .badge-creating').waitFor()
      await streamList(page).getByRole('option', { name: 'slow-stream' }).filter({ hasText: 'CREATING' }).waitFor()
      await screenshot(page, 'stream-creating')
      await view.locator('.stream-title .badge-active').waitFor({ timeout: 10_000 })
      await expectShardRows(page, 2)
      await streamList(page).getByRole('option', { name: 'slow-stream' }).filter({ hasText: 'ACTIVE' }).waitFor()

      await view.getByRole('button', { name: 'Delete stream' }).click()
      const confirm = page.getByRole('dialog', { name: 'Delete stream' })
      await confirm.getByLabel('Type slow-stream to confirm').fill('slow-stream')
      await confirm.getByRole('button', { name: 'Delete', exact: true }).click()
      await view.waitFor({ state: 'detached' })
      await streamList(page).getByRole('option', { name: 'slow-stream' }).filter({ hasText: 'DELETING' }).waitFor()
      // Once kinesalite is done, a refresh no longer lists it.
      await expect
        .poll(async () => {
          await page.getByRole('button', { name: 'Refresh streams' }).click()
          return page.getByText('No streams on this connection yet').count()
        }, { timeout: 10_000, interval: 250 })
        .toBe(1)
      expect(consoleErrors).toEqual([])
    } finally {
      await suite.closeApps()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })
})

/**
 * Connections end to end: add, select, fail, recover, survive a reload, remove — and the add
 * dialog's validation, which must stop bad input before main is asked anything.
 */
import type { Page } from 'playwright-core'
import { describe, expect, inject, test } from 'vitest'
import { browserSuite, screenshot, type AppUnderTest } from '../support/app-under-test'

const suite = browserSuite()

async function start(): Promise<{ app: AppUnderTest; page: Page; consoleErrors: string[] }> {
  const { app, page, consoleErrors } = await suite.start()
  await statusLine(page, /^Connected to Local sandbox/)
  return { app, page, consoleErrors }
}

/** Waits until the header's status line matches. */
async function statusLine(page: Page, text: RegExp | string): Promise<void> {
  await page.locator('header [role="status"]').filter({ hasText: text }).waitFor()
}

async function addConnection(page: Page, fields: { name: string; endpoint: string; region?: string }): Promise<void> {
  await page.getByRole('button', { name: 'Add connection' }).click()
  const dialog = page.getByRole('dialog', { name: 'Add connection' })
  await dialog.getByLabel('Name').fill(fields.name)
  await dialog.getByLabel('Type').selectOption('endpoint')
  if (fields.region !== undefined) await dialog.getByLabel('Region').fill(fields.region)
  await dialog.getByLabel('Endpoint URL').fill(fields.endpoint)
  await dialog.getByRole('button', { name: 'Save and connect' }).click()
  await dialog.waitFor({ state: 'detached' })
}

const streamList = (page: Page) => page.getByRole('listbox', { name: 'Streams' })

const savedConnections = async (app: AppUnderTest) =>
  (await app.core.connections.list()).connections.filter((c) => !c.builtin)

describe('connections', () => {
  test('a connection to an endpoint nobody answers on fails with a clear message and leaves the sandbox usable', async () => {
    const { page, consoleErrors } = await start()
    await streamList(page).getByRole('option', { name: 'OrderStream', exact: true }).waitFor()

    await addConnection(page, { name: 'Local test', endpoint: 'http://127.0.0.1:1' })
    const banner = page.locator('.connection-errors [role="alert"]')
    await banner.waitFor()
    const text = await banner.innerText()
    expect(text).toContain('Could not connect to "Local test"')
    expect(text).toContain('endpoint http://127.0.0.1:1 did not answer')
    expect(text).toContain('Check that the server at http://127.0.0.1:1 is running.')
    await screenshot(page, 'connection-failed')

    // Still connected to the sandbox, and the picker says so.
    await statusLine(page, /^Connected to Local sandbox · us-east-1 · http:\/\/127\.0\.0\.1:\d+$/)
    expect(await page.getByLabel('Connection').inputValue()).toBe('sandbox')
    await streamList(page).getByRole('option', { name: 'OrderStream', exact: true }).click()
    await page.getByRole('table', { name: 'Shards' }).locator('tbody tr').nth(1).waitFor()

    // A retry fails the same way; dismissing clears the banner.
    await page.getByRole('button', { name: 'Retry' }).click()
    await banner.filter({ hasText: 'did not answer' }).waitFor()
    await page.getByRole('button', { name: 'Dismiss error' }).click()
    await banner.waitFor({ state: 'detached' })

    // Switching to the broken one and back again.
    const brokenId = (await page.getByLabel('Connection').locator('option', { hasText: 'Local test' }).getAttribute('value')) ?? ''
    await page.getByLabel('Connection').selectOption(brokenId)
    await banner.filter({ hasText: 'did not answer' }).waitFor()
    await page.getByRole('button', { name: 'Refresh streams' }).click()
    await streamList(page).getByRole('option', { name: 'OrderStream', exact: true }).waitFor()
    expect(consoleErrors).toEqual([])
  })

  test('a saved connection survives a page reload and can be removed', async () => {
    const endpoint = inject('kinesisLocalEndpoint')
    const { app, page, consoleErrors } = await start()
    await addConnection(page, { name: 'Kinesis local', endpoint, region: 'us-east-1' })
    await statusLine(page, `Connected to Kinesis local · us-east-1 · ${endpoint}`)
    const [saved] = await savedConnections(app)
    expect(saved).toMatchObject({ name: 'Kinesis local', kind: 'endpoint', endpoint, region: 'us-east-1' })

    await page.reload()
    await statusLine(page, `Connected to Kinesis local · us-east-1 · ${endpoint}`)
    expect(await page.getByLabel('Connection').inputValue()).toBe(saved?.id)
    expect(await page.getByLabel('Connection').locator('option').allInnerTexts()).toContain(`Kinesis local — ${endpoint} · us-east-1`)

    await page.getByRole('button', { name: 'Remove connection' }).click()
    const confirm = page.getByRole('dialog', { name: 'Remove connection' })
    await confirm.getByText('Kinesis local', { exact: true }).waitFor()
    await screenshot(page, 'remove-connection')
    await confirm.getByRole('button', { name: 'Remove', exact: true }).click()
    await confirm.waitFor({ state: 'detached' })

    // Removing the active connection goes back to the one the app opens with.
    await statusLine(page, /^Connected to Local sandbox/)
    expect(await savedConnections(app)).toEqual([])
    await page.reload()
    await statusLine(page, /^Connected to Local sandbox/)
    expect(await page.getByLabel('Connection').locator('option', { hasText: 'Kinesis local' }).count()).toBe(0)
    expect(consoleErrors).toEqual([])
  })

  test('the add dialog shows validation errors for a bad URL and a bad region without calling main', async () => {
    const { app, page, consoleErrors } = await start()
    await page.getByRole('button', { name: 'Add connection' }).click()
    const dialog = page.getByRole('dialog', { name: 'Add connection' })
    await dialog.waitFor()
    // Focus starts in the first field, and the dialog explains where credentials come from.
    expect(await dialog.getByLabel('Name').and(page.locator(':focus')).count()).toBe(1)
    await dialog.getByText('never asks for or stores credentials').waitFor()
    expect(await dialog.locator('input[type="password"]').count()).toBe(0)

    await dialog.getByLabel('Name').fill('Broken')
    await dialog.getByLabel('Region').fill('Europe')
    await dialog.getByLabel('Endpoint URL').focus() // leaving the region field shows its message
    await dialog.getByText('A region looks like eu-west-1').waitFor()
    await dialog.getByLabel('Endpoint URL').fill('localhost 4566')
    await dialog.getByRole('button', { name: 'Save and connect' }).click()
    await dialog.getByText('An endpoint is an http:// or https:// URL').waitFor()
    expect(await dialog.getByLabel('Endpoint URL').getAttribute('aria-invalid')).toBe('true')
    await screenshot(page, 'add-connection-invalid')
    expect(await savedConnections(app)).toEqual([])

    // A profile connection without a profile is refused the same way.
    await dialog.getByLabel('Type').selectOption('profile')
    await dialog.getByText('A region looks like eu-west-1').waitFor()
    await dialog.getByLabel('Region').fill('eu-west-1')
    await dialog.getByLabel('Endpoint URL').fill('')
    await dialog.getByText('A profile connection needs a profile name').waitFor()

    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
    expect(await savedConnections(app)).toEqual([])
    expect(consoleErrors).toEqual([])
  })
})

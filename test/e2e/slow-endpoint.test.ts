/**
 * An endpoint that accepts the connection and never answers, as a user meets it: after a
 * second the app says what it is waiting for and offers Cancel (connecting, and the stream
 * list); when the call times out, the error names the endpoint and offers Retry.
 */
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, inject, test } from 'vitest'
import { browserSuite, screenshot } from '../support/app-under-test'
import { startSilentEndpoint, type SilentEndpoint } from '../support/silent-endpoint'

const suite = browserSuite()
const endpoints: SilentEndpoint[] = []
afterEach(async () => {
  await Promise.all(endpoints.splice(0).map((e) => e.close()))
})

async function silent(forwardTo?: string): Promise<SilentEndpoint> {
  const endpoint = await startSilentEndpoint(forwardTo)
  endpoints.push(endpoint)
  return endpoint
}

async function addConnection(page: Page, name: string, endpoint: string): Promise<void> {
  await page.getByRole('button', { name: 'Add connection' }).click()
  const dialog = page.getByRole('dialog', { name: 'Add connection' })
  await dialog.getByLabel('Name').fill(name)
  await dialog.getByLabel('Type').selectOption('endpoint')
  await dialog.getByLabel('Region').fill('us-east-1')
  await dialog.getByLabel('Endpoint URL').fill(endpoint)
  await dialog.getByRole('button', { name: 'Save and connect' }).click()
  await dialog.waitFor({ state: 'detached' })
}

const status = (page: Page, text: RegExp | string) => page.locator('header [role="status"]').filter({ hasText: text })
const streamList = (page: Page) => page.getByRole('listbox', { name: 'Streams' })
const long = { control: { connectMs: 60_000, requestMs: 120_000 }, reader: { connectMs: 60_000, requestMs: 120_000 } }

describe('a slow endpoint', () => {
  test('connecting and listing streams say what they wait for, and Cancel gets the user out', async () => {
    const hole = await silent()
    const flaky = await silent(inject('kinesisLocalEndpoint'))
    const { page, consoleErrors } = await suite.start({}, { clientTimeouts: long })
    await status(page, /^Connected to Local sandbox/).waitFor()

    // Connecting to an endpoint that never answers: "Waiting for …" with Cancel, in the header.
    await addConnection(page, 'Hung proxy', hole.endpoint)
    await status(page, 'Connecting to Hung proxy…').waitFor()
    await status(page, `Waiting for ${hole.endpoint}…`).waitFor()
    await screenshot(page, 'slow-connect-waiting')
    await page.locator('header').getByRole('button', { name: 'Cancel' }).click()
    await status(page, /^Connected to Local sandbox/).waitFor()
    expect(await page.locator('.connection-errors').count()).toBe(0)
    expect(await page.getByLabel('Connection').inputValue()).toBe('sandbox')

    // A connection that answered, then went silent: the stream list waits, and can be cancelled.
    await addConnection(page, 'Flaky VPN', flaky.endpoint)
    await status(page, /^Connected to Flaky VPN/).waitFor()
    await streamList(page).or(page.getByText('No streams on this connection yet')).first().waitFor()
    flaky.silence()
    await page.getByRole('button', { name: 'Refresh streams' }).click()
    const panel = page.getByRole('region', { name: 'Streams' })
    await panel.getByRole('status').filter({ hasText: `Waiting for ${flaky.endpoint}…` }).waitFor()
    await screenshot(page, 'slow-stream-list-waiting')
    await panel.getByRole('button', { name: 'Cancel' }).click()
    await panel.getByRole('alert').filter({ hasText: `Listing streams was cancelled before ${flaky.endpoint} answered.` }).waitFor()

    flaky.speak()
    await panel.getByRole('button', { name: 'Retry' }).click()
    await panel.getByRole('alert').waitFor({ state: 'detached' })
    expect(consoleErrors).toEqual([])
  })

  test('a connect that times out says the endpoint accepted the connection but never answered, and offers Retry', async () => {
    const hole = await silent()
    const quick = { control: { connectMs: 1_000, requestMs: 500 }, reader: { connectMs: 1_000, requestMs: 500 } }
    const { page, consoleErrors } = await suite.start({}, { clientTimeouts: quick })
    await status(page, /^Connected to Local sandbox/).waitFor()
    await addConnection(page, 'Half-open VPN', hole.endpoint)
    const banner = page.locator('.connection-errors [role="alert"]')
    await banner.waitFor()
    const text = await banner.innerText()
    expect(text).toContain(`Could not connect to "Half-open VPN": ${hole.endpoint} accepted the connection but never answered (no reply within 0.5 s).`)
    expect(text).toContain('Check it, then Retry.')
    await screenshot(page, 'slow-connect-timed-out')
    await status(page, /^Connected to Local sandbox/).waitFor()

    const before = hole.accepted
    await page.locator('.connection-errors').getByRole('button', { name: 'Retry' }).click()
    await banner.filter({ hasText: 'accepted the connection but never answered' }).waitFor()
    expect(hole.accepted).toBeGreaterThan(before)
    expect(consoleErrors).toEqual([])
  })
})

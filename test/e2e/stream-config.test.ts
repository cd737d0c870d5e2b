/**
 * The stream's Configuration tab and the connection's account settings, end to end in Chromium.
 * On the sandbox (kinesalite): retention up then down and tags added then removed, each change
 * shown in the tab without a reload; what kinesalite lacks (encryption, enhanced monitoring,
 * capacity mode, warm throughput, record size and distribution) said by operation beside each
 * setting; the Details dialog saying DescribeAccountSettings is not there. (A server that lacks an
 * operation the app tries is named in the dialog: test/integration/stream-config.test.ts.)
 * Through the test proxy in front of kinesis-local: the capacity mode switch with its limits and
 * the typed name, the view following the stream while DescribeStreamSummary says UPDATING until it
 * is ACTIVE again, and the account settings read, then refused with the permission named.
 */
import { DescribeStreamSummaryCommand, type KinesisClient } from '@aws-sdk/client-kinesis'
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { browserSuite, screenshot } from '../support/app-under-test'
import { seriousAxeViolations } from '../support/axe'
import { createStreamAndWait, kinesisClient } from '../support/emulators'
import { startKinesisProxy, type KinesisProxy } from '../support/kinesis-proxy'
import { uniqueName } from '../support/stream-fixtures'

const suite = browserSuite()

async function openStream(page: Page, name: string): Promise<Locator> {
  await page.getByLabel('Search streams').fill(name)
  await page.getByRole('listbox', { name: 'Streams' }).getByRole('option', { name, exact: true }).click()
  await page.getByRole('heading', { level: 2, name, exact: true }).waitFor()
  await page.getByRole('region', { name: `Stream ${name}` }).getByRole('tab', { name: 'Configuration' }).click()
  const tab = page.getByRole('tabpanel', { name: 'Configuration' })
  await tab.getByTestId('config-tags').filter({ hasNotText: '…' }).waitFor()
  return tab
}

/** Opens a setting's dialog from its Change… button. */
async function change(page: Page, tab: Locator, setting: string, title: string): Promise<Locator> {
  await tab.getByRole('button', { name: `Change ${setting}` }).click()
  const dialog = page.getByRole('dialog', { name: title })
  await dialog.waitFor()
  return dialog
}

describe('Configuration tab on the sandbox (kinesalite)', () => {
  test('retention up and down and tags added and removed, each shown at once; what kinesalite lacks is named beside each setting', async () => {
    const { page, consoleErrors } = await suite.start()
    await page.locator('header [role="status"]').filter({ hasText: /^Connected to Local sandbox/ }).waitFor()
    const tab = await openStream(page, 'OrderStream')
    const retention = tab.getByTestId('config-retention')
    expect(await retention.innerText()).toBe('24 h')
    expect(await tab.getByTestId('config-tags').innerText()).toBe('None')
    expect(await seriousAxeViolations(page, '#stream-panel-configuration')).toEqual([])
    await screenshot(page, 'stream-config-sandbox')

    // Retention up: what it costs, no name to type on the sandbox, and the tab follows.
    let dialog = await change(page, tab, 'retention', 'Retention of OrderStream')
    await dialog.getByLabel('Retention (hours)').fill('48')
    expect(await dialog.getByTestId('config-consequence').innerText()).toContain('Retention past 24 hours is billed')
    expect(await dialog.getByLabel('Type OrderStream to confirm').count()).toBe(0)
    expect(await seriousAxeViolations(page, 'dialog[open]')).toEqual([])
    await screenshot(page, 'stream-config-retention-up')
    await dialog.getByRole('button', { name: 'Set retention to 48 h' }).click()
    await dialog.waitFor({ state: 'detached' })
    await retention.filter({ hasText: /^48 h \(2 d\)$/ }).waitFor()
    await tab.locator('.config-status .badge').filter({ hasText: /^ACTIVE$/ }).waitFor()

    // Retention down: the records that become unreadable, on a danger button.
    dialog = await change(page, tab, 'retention', 'Retention of OrderStream')
    await dialog.getByLabel('Retention (hours)').fill('24')
    expect(await dialog.getByTestId('config-consequence').innerText()).toContain('older than 24 hours become unreadable at once')
    const down = dialog.getByRole('button', { name: 'Set retention to 24 h' })
    expect(await down.getAttribute('class')).toContain('danger-button')
    await down.click()
    await dialog.waitFor({ state: 'detached' })
    await retention.filter({ hasText: /^24 h$/ }).waitFor()

    // Tags: add two (one at a time), then remove one.
    for (const [key, value] of [['team', 'orders'], ['env', 'test']] as const) {
      dialog = await change(page, tab, 'tags', 'Tags of OrderStream')
      await dialog.getByLabel('Tag key').fill(key)
      await dialog.getByLabel('Tag value').fill(value)
      expect(await dialog.getByTestId('config-consequence').innerText()).toContain('Sets 1 tag')
      await dialog.getByRole('button', { name: 'Save tags' }).click()
      await dialog.waitFor({ state: 'detached' })
    }
    const tags = tab.getByRole('list', { name: 'Tags' })
    await tab.getByTestId('config-tags').filter({ hasText: /^2 tags$/ }).waitFor()
    expect(await tags.getByRole('listitem').allInnerTexts()).toEqual(['env = test', 'team = orders'])
    dialog = await change(page, tab, 'tags', 'Tags of OrderStream')
    await dialog.getByLabel('Remove team').check()
    expect(await dialog.getByTestId('config-consequence').innerText()).toContain('Removes 1 tag for good')
    expect(await seriousAxeViolations(page, 'dialog[open]')).toEqual([])
    await screenshot(page, 'stream-config-tags-remove')
    await dialog.getByRole('button', { name: 'Save tags' }).click()
    await dialog.waitFor({ state: 'detached' })
    await tab.getByTestId('config-tags').filter({ hasText: /^1 tag$/ }).waitFor()
    expect(await tags.getByRole('listitem').allInnerTexts()).toEqual(['env = test'])

    // What kinesalite lacks is said beside each setting, in place of a Change… that could only fail.
    const lacking = await tab.getByTestId('config-lacking').allInnerTexts()
    expect(lacking).toEqual(
      ['StartStreamEncryption', 'EnableEnhancedMonitoring', 'UpdateStreamMode', 'UpdateStreamWarmThroughput', 'UpdateMaxRecordSize', 'UpdateStreamRecordDistributionStrategy'].map(
        (operation) => `Not on the sandbox: kinesalite lacks ${operation}`
      )
    )
    for (const setting of ['encryption', 'enhanced monitoring', 'capacity mode', 'max record size']) {
      expect(await tab.getByRole('button', { name: `Change ${setting}` }).count()).toBe(0)
    }
    expect(await seriousAxeViolations(page, '#stream-panel-configuration')).toEqual([])
    await screenshot(page, 'stream-config-sandbox-after')

    // The connection's details: kinesalite has no DescribeAccountSettings either.
    await page.getByRole('button', { name: 'Details' }).click()
    const details = page.getByRole('dialog', { name: /^Connection / })
    await details.getByTestId('account-settings-unsupported').filter({ hasText: 'DescribeAccountSettings' }).waitFor()
    expect(await seriousAxeViolations(page, 'dialog[open]')).toEqual([])
    await screenshot(page, 'stream-config-sandbox-account-settings')
    expect(consoleErrors).toEqual([])
  })
})

describe('Configuration tab through the proxy (kinesis-local)', () => {
  let direct: KinesisClient
  let proxy: KinesisProxy
  const stream = uniqueName('config-orders')

  beforeAll(async () => {
    direct = kinesisClient(inject('kinesisLocalEndpoint'))
    await createStreamAndWait(direct, stream, 2)
    proxy = await startKinesisProxy({ target: inject('kinesisLocalEndpoint'), latencyMs: 5 })
  })
  afterAll(async () => {
    await proxy.close()
    direct.destroy()
  })

  test('the capacity mode switch states its limits, needs the name, and the view follows UPDATING until ACTIVE; account settings read, then refused by name', async () => {
    const { page, consoleErrors } = await suite.start({ AWS_ENDPOINT_URL_KINESIS: proxy.endpoint, AWS_REGION: 'us-east-1' })
    const tab = await openStream(page, stream)
    const dialog = await change(page, tab, 'capacity mode', `Capacity mode of ${stream}`)
    expect(await dialog.getByTestId('mode-switch-limits').innerText()).toContain('a switch past 2 within 24 hours is refused (LimitExceededException), and switches made elsewhere count too')
    expect(await dialog.getByTestId('config-consequence').innerText()).toContain('2 switches between on-demand and provisioned per stream within 24 hours')
    const switchButton = dialog.getByRole('button', { name: 'Switch to on-demand' })
    expect(await switchButton.isDisabled()).toBe(true)
    await dialog.getByLabel(`Type ${stream} to confirm`).fill(stream)
    expect(await seriousAxeViolations(page, 'dialog[open]')).toEqual([])
    await screenshot(page, 'stream-config-mode-switch')

    // AWS keeps the stream UPDATING for a while; the proxy says so for the next three summaries.
    proxy.reportStatus(stream, 'UPDATING', 3)
    await switchButton.click()
    await dialog.waitFor({ state: 'detached' })
    const status = tab.locator('.config-status')
    await status.filter({ hasText: 'UPDATING' }).filter({ hasText: 'applying a change; reads and writes go on' }).waitFor()
    // Kinesis takes no change while UPDATING: Change… waits (the summaries are 1 s apart, the check takes milliseconds).
    expect(await tab.getByRole('button', { name: 'Change retention' }).isDisabled()).toBe(true)
    await screenshot(page, 'stream-config-updating')
    await status.locator('.badge').filter({ hasText: /^ACTIVE$/ }).waitFor({ timeout: 15_000 })
    expect(await tab.getByRole('button', { name: 'Change retention' }).isDisabled()).toBe(false)
    await tab.getByTestId('config-capacity-mode').filter({ hasText: /^On-demand$/ }).waitFor()
    const { StreamDescriptionSummary: s } = await direct.send(new DescribeStreamSummaryCommand({ StreamName: stream }))
    expect(s?.StreamModeDetails?.StreamMode).toBe('ON_DEMAND')

    // Account settings: kinesis-local answers without a commitment …
    await page.getByRole('button', { name: 'Details' }).click()
    let details = page.getByRole('dialog', { name: /^Connection / })
    await details.getByTestId('account-settings').filter({ hasText: 'None reported' }).waitFor()
    expect(await seriousAxeViolations(page, 'dialog[open]')).toEqual([])
    await screenshot(page, 'stream-config-account-settings')
    await details.getByRole('button', { name: 'Close dialog' }).click()
    await details.waitFor({ state: 'detached' })

    // … and a caller without the permission is told which one, with nothing else changed.
    proxy.injectError('DescribeAccountSettings', 'AccessDeniedException', 'User: arn:aws:iam::000000000000:user/qa is not authorized to perform: kinesis:DescribeAccountSettings')
    await page.getByRole('button', { name: 'Details' }).click()
    details = page.getByRole('dialog', { name: /^Connection / })
    await details.getByRole('alert').filter({ hasText: 'kinesis:DescribeAccountSettings' }).waitFor()
    expect(await seriousAxeViolations(page, 'dialog[open]')).toEqual([])
    await screenshot(page, 'stream-config-account-settings-denied')
    expect(await page.locator('header [role="status"]').innerText()).toMatch(/^Connected to /)
    expect(consoleErrors).toEqual([])
  })
})

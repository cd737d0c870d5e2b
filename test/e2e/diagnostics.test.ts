/**
 * Diagnostics as a user meets them in the web host: the About box shows and copies the versions
 * and the connection's kind and region — and not the endpoint, the connection's name, the page
 * token, the credentials or the home folder; and main's log file is where it says.
 */
import { homedir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, inject, test } from 'vitest'
import { browserSuite, screenshot } from '../support/app-under-test'

const suite = browserSuite()

describe('diagnostics', () => {
  test('About → Copy diagnostics copies versions, the connection kind and region, and nothing secret', async () => {
    const endpoint = inject('kinesisLocalEndpoint')
    const { app, page, consoleErrors } = await suite.start({ AWS_ENDPOINT_URL_KINESIS: endpoint, AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEKEY123456', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMIexamplesecret' })
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
    await page.locator('header [role="status"]').filter({ hasText: `Connected to AWS CLI default · eu-west-1 · ${endpoint}` }).waitFor()

    await page.getByRole('button', { name: 'About' }).click()
    const about = page.getByRole('dialog', { name: 'About Kinesis Inspector' })
    const shown = await about.getByTestId('diagnostics').innerText()
    await about.getByRole('button', { name: 'Copy diagnostics' }).click()
    await about.getByRole('button', { name: 'Copied' }).waitFor()
    const copied = await page.evaluate(() => navigator.clipboard.readText())
    await screenshot(page, 'about-diagnostics')
    expect(copied).toBe(shown)

    expect(copied).toMatch(/^Kinesis Inspector \d+\.\d+\.\d+\n/)
    expect(copied).toContain('Electron: none (web host)')
    expect(copied).toContain(`Node: ${process.versions.node}`)
    expect(copied).toMatch(/AWS SDK for JavaScript \(client-kinesis\): \d+\.\d+\.\d+/)
    expect(copied).toContain('Connection: default, region eu-west-1, custom endpoint')
    expect(copied).toContain(`Log file: ${join(app.userDataDir, 'logs', 'main.log')}`)
    for (const secret of [endpoint, new URL(endpoint).port, app.host.token, 'AKIAEXAMPLEKEY123456', 'wJalrXUtnFEMIexamplesecret', 'AWS CLI default']) {
      expect(copied).not.toContain(secret)
    }
    if (!app.userDataDir.startsWith(homedir())) expect(copied).not.toContain(homedir() + '/')
    expect(consoleErrors).toEqual([])
  })
})

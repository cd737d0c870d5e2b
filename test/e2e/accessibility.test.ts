/**
 * Accessible to everyone: axe-core on every view and dialog (0 serious or critical violations),
 * and the main jobs done from the keyboard alone — choose a stream, start a read, move through
 * the rows, open a record, copy its sequence number, export.
 */
import { readFile } from 'node:fs/promises'
import type { Locator, Page } from 'playwright-core'
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
    await page.getByRole('dialog', { name: 'Add connection' }).waitFor({ state: 'detached' })

    await page.getByRole('button', { name: 'About' }).click()
    await page.getByRole('dialog', { name: 'About Kinesis Inspector' }).getByTestId('diagnostics').waitFor()
    await check('about')
    await page.keyboard.press('Escape')

    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((view) => [view, []])))
    expect(consoleErrors).toEqual([])
  })

  test('the main jobs work from the keyboard alone: choose a stream, read, move through rows, open one, copy its sequence number, export', async () => {
    const { page, consoleErrors } = await openSandbox()
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
    const focused = (target: Locator): Promise<boolean> => target.evaluate((el) => el === document.activeElement)
    /** Presses Tab (no mouse, no focus() call) until `target` has the focus. */
    const tabTo = async (target: Locator, limit = 60): Promise<void> => {
      for (let i = 0; i < limit; i++) {
        if (await focused(target)) return
        await page.keyboard.press('Tab')
      }
      throw new Error(`Tab never reached ${target.toString()}`)
    }

    // Choose a stream: the list is a listbox; arrows move, Enter opens.
    const list = page.getByRole('listbox', { name: 'Streams' })
    await tabTo(list)
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { level: 2, name: 'OrderStream', exact: true }).waitFor()

    // The Records tab, and Read.
    await tabTo(page.getByRole('tab', { name: 'Shards' }))
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('Enter')
    const read = records(page).getByRole('button', { name: 'Read', exact: true })
    await tabTo(read)
    await page.keyboard.press('Enter')
    await records(page).getByTestId('records-status').filter({ hasText: 'Read every shard to its tip — 12 records' }).waitFor()

    // Move through the rows and open one.
    await tabTo(grid(page))
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    const selected = grid(page).locator('[role="row"][aria-selected="true"]')
    await selected.waitFor()
    const sequence = (await selected.getAttribute('data-sequence')) ?? ''
    expect(sequence).toMatch(/^\d+$/)
    await page.keyboard.press('Enter')
    await detail(page).waitFor()
    expect(await detail(page).getByTestId('detail-sequence-number').innerText()).toBe(sequence)

    // Copy its sequence number.
    const copy = detail(page).getByRole('button', { name: 'Copy sequence number' })
    await tabTo(copy)
    await page.keyboard.press('Enter')
    await detail(page).getByRole('button', { name: 'Copied' }).waitFor()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(sequence)
    await screenshot(page, 'a11y-keyboard-copied')

    // Close the detail with Escape (focus goes back to the rows), then export.
    await page.keyboard.press('Escape')
    await detail(page).waitFor({ state: 'detached' })
    const exportButton = records(page).getByRole('button', { name: 'Export…' })
    await tabTo(exportButton)
    await page.keyboard.press('Enter')
    const panel = records(page).getByRole('region', { name: 'Export records' })
    const jsonLines = panel.getByRole('button', { name: 'Export JSON Lines' })
    await tabTo(jsonLines)
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')])
    const lines = (await readFile(await download.path(), 'utf8')).trimEnd().split('\n')
    expect(lines).toHaveLength(12)
    expect(lines.some((line) => (JSON.parse(line) as { sequenceNumber: string }).sequenceNumber === sequence)).toBe(true)
    await screenshot(page, 'a11y-keyboard-exported')
    expect(consoleErrors).toEqual([])
  })
})

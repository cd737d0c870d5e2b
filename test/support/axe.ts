/**
 * Accessibility checks in Chromium: axe-core injected into the page, run on the whole page or a
 * part of it. Serious and critical violations fail the test, with what and where in the message.
 */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: { target: string[]; failureSummary?: string }[]
}

let axeSource: string | null = null

/** The serious and critical violations on the page (or inside `selector`), as readable lines. */
export async function seriousAxeViolations(page: Page, selector?: string): Promise<string[]> {
  axeSource ??= await readFile(createRequire(__filename).resolve('axe-core/axe.min.js'), 'utf8')
  // Evaluated through the DevTools protocol, not added as a <script>: the app's CSP (rightly)
  // refuses inline scripts, and a test must not loosen it.
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(axeSource)
  // This runs in the page (no DOM types on this side of the test): axe.run(options) checks the
  // whole document, axe.run(selector, options) a part of it.
  const violations = (await page.evaluate(async (context) => {
    type Axe = { run(...args: unknown[]): Promise<{ violations: unknown[] }> }
    const axe = (globalThis as unknown as { axe: Axe }).axe
    const options = { resultTypes: ['violations'] }
    const result = context === null ? await axe.run(options) : await axe.run(context, options)
    return result.violations
  }, selector ?? null)) as AxeViolation[]
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact ?? ''} ${v.id}: ${v.help} — at ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(', ')}`)
}

/**
 * Runs Electronegativity on src/ with the project's own Electron version (it cannot look the
 * version up offline, and its CLI exits 0 whatever it finds), reads its SARIF output, and fails
 * on any finding not listed with a reason in security/electronegativity-reviewed.json — and on
 * any listed entry that no longer matches a finding, so that the list stays true.
 *   node scripts/check-electronegativity.cjs
 */
const { spawnSync } = require('node:child_process')
const { mkdtempSync, readFileSync, rmSync } = require('node:fs')
const { tmpdir } = require('node:os')
const { join, resolve } = require('node:path')

const root = resolve(__dirname, '..')
const electronVersion = require(join(root, 'node_modules/electron/package.json')).version
const reviewed = JSON.parse(readFileSync(join(root, 'security/electronegativity-reviewed.json'), 'utf8')).reviewed
const dir = mkdtempSync(join(tmpdir(), 'electronegativity-'))
const output = join(dir, 'findings.sarif')

try {
  const bin = join(root, 'node_modules/.bin/electronegativity')
  const run = spawnSync(bin, ['-i', join(root, 'src'), '-e', electronVersion, '-r', '-o', output], { encoding: 'utf8' })
  let sarif
  try {
    sarif = JSON.parse(readFileSync(output, 'utf8'))
  } catch {
    console.error(`Electronegativity wrote no results (exit ${String(run.status)}):\n${run.stdout}\n${run.stderr}`)
    process.exit(1)
  }
  const findings = sarif.runs.flatMap((r) => r.results).map((result) => {
    const location = result.locations?.[0]?.physicalLocation
    return {
      check: result.ruleId,
      file: (location?.artifactLocation?.uri ?? '').replace(/\\/g, '/'),
      line: location?.region?.startLine ?? 0,
      message: result.message?.text ?? ''
    }
  })
  const isReviewed = (f) => reviewed.some((r) => r.check === f.check && r.file === f.file)
  const unreviewed = findings.filter((f) => !isReviewed(f))
  const stale = reviewed.filter((r) => !findings.some((f) => f.check === r.check && f.file === r.file))
  for (const f of findings.filter(isReviewed)) console.log(`reviewed  ${f.check} src/${f.file}:${f.line}`)
  for (const f of unreviewed) console.error(`NEW       ${f.check} src/${f.file}:${f.line} — ${f.message}`)
  for (const r of stale) console.error(`STALE     ${r.check} src/${r.file} is listed as reviewed but no longer found: remove it`)
  if (unreviewed.length > 0 || stale.length > 0) {
    console.error(
      `Electronegativity (Electron ${electronVersion}): ${unreviewed.length} unreviewed finding(s), ${stale.length} stale entr(y/ies). ` +
        'Fix the code, or review the finding and list it with its reason in security/electronegativity-reviewed.json.'
    )
    process.exit(1)
  }
  console.log(`Electronegativity (Electron ${electronVersion}): ${findings.length} finding(s), all reviewed.`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}

/**
 * The merge step's job summary: one table, one row per package, one column per compiler, each cell ✅
 * or the reason; then how it was checked, and which compiler's wheels go to PyPI.
 */
import { describeEarlier, type EarlierChannel } from './earlier-channel.js'
import type { MergePlan } from './merge-plan.js'
import type { MergeCheck } from './merge-verify.js'

interface MergeSummaryOptions {
  plan: MergePlan
  /** Conda package names with their version: the rows. */
  packages: Array<{ name: string; version: string }>
  /** The merged checks; absent when `verify` was false. */
  checks?: MergeCheck[]
  /** Where the release was written, as the step's outputs name it. */
  outputDir: string
  /** What the channel keeps of earlier releases (input channel-url). */
  earlier?: EarlierChannel
}

/** A table cell's text: one line, no `|`. */
const cellText = (text: string): string => text.replace(/\s+/g, ' ').replace(/\|/g, '\\|')

function verdictOf(options: MergeSummaryOptions, name: string, mojo: string): string {
  if (options.checks === undefined) return 'not checked here (verify: false)'
  const check = options.checks.find((c) => c.name === name && c.mojo === mojo)
  if (check === undefined) return 'not checked'
  return check.ok ? '✅' : cellText(check.reason ?? 'failed')
}

/** Whether every package installed and imported with every compiler. */
export function mergeVerified(checks: MergeCheck[] | undefined): boolean {
  return checks !== undefined && checks.every((c) => c.ok)
}

export function renderMergeSummary(options: MergeSummaryOptions): string {
  const { plan, packages, checks } = options
  const ok = mergeVerified(checks)
  const title =
    checks === undefined
      ? `Merged release ${plan.version}: ${plan.cells.length} cells, not verified (verify: false)`
      : ok
        ? `✅ Merged release ${plan.version}: every package installs from the channel and imports with every compiler`
        : `❌ Merged release ${plan.version}: some packages do not install or import`
  const table = [
    `| Package | ${plan.compilers.map((m) => `Mojo ${m}`).join(' | ')} |`,
    `| --- | ${plan.compilers.map(() => '---').join(' | ')} |`,
    ...packages.map(
      (p) =>
        `| ${p.name} ${p.version} | ${plan.compilers.map((m) => verdictOf(options, p.name, m)).join(' | ')} |`
    )
  ].join('\n')
  const cells = plan.compilers
    .map(
      (m) =>
        `Mojo ${m} on ${plan.cells
          .filter((c) => c.mojo === m)
          .map((c) => c.platform)
          .join(', ')}`
    )
    .join('; ')
  return (
    [
      `## ${title}`,
      table,
      `Each ✅: for that compiler, the channel has exactly one build of the package (and of each package it needs) ` +
        `that depends on exactly that \`mojo-compiler\`, as a solver picks it; those builds, laid into a fresh ` +
        'prefix with every file checked against its `paths.json`, import with that compiler, installed by the ' +
        "action's own installer, in a clean environment.",
      `Cells: ${cells}. Wheels for PyPI: Mojo ${plan.wheelsMojo}. Written to \`${options.outputDir}\` ` +
        '(`channel/`, `wheels/`, `mojo-<version>/` and its `.tar.gz`, `SHA256SUMS`, `manifest.json`, `INSTALL.md`).',
      describeEarlier(options.earlier)
    ].join('\n\n') + '\n'
  )
}

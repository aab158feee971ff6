/**
 * The job summary, on every outcome once the compiler was chosen: the compiler and why, what failed,
 * the release checklist, what became of each package, and once built, what was built, whether it
 * installed cleanly and how to install it. Pure.
 */
import { countOf, type PackageResult } from '../compile/report.js'
import type { ChangelogSection } from '../project/changelog.js'
import type { Artifact, Toolchain } from '../types.js'
import { CHECKLIST_ITEMS, type Finding, type FindingState } from './checklist.js'

/** The compiler asked for (`describeRequest`) and why; the installed one, once it is. */
export interface CompilerReport {
  request: string
  origin: string
  toolchain?: Pick<Toolchain, 'version' | 'source'>
}

/** What output-dir holds once the build completed. */
export interface BuiltReport {
  artifacts: Artifact[]
  /** One shell line that installs an artifact (from the same plan INSTALL.md renders). */
  installCommand: (artifact: Artifact) => string
  installGuide: string
  /** Uploaded artifact names with their links. */
  uploads: Array<{ name: string; url: string }>
}

export interface SummaryInput {
  version: string
  compiler: CompilerReport
  /** Shown until the build completed; then the artifact table says it per file. */
  packages: PackageResult[]
  /** The step's error. */
  failure?: string
  /** The release checklist's findings so far; undefined when the checks did not run (a setup step). */
  checklist?: Finding[]
  /** The changelog's section for the release, quoted under the checklist. */
  changelog?: ChangelogSection
  built?: BuiltReport
}

/** Errors shown per failed package: enough to see the cause; the log group has every one. */
export const SUMMARY_ERRORS = 10

const sourceText: Record<Toolchain['source'], string> = {
  'tool-cache': 'from the tool cache',
  cache: 'restored from the Actions cache',
  download: 'downloaded (not cached yet)'
}

const kindOrder = { package: 0, wheel: 1, conda: 2, source: 3, bundle: 4, archive: 5, script: 6 }

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  const units = ['KiB', 'MiB', 'GiB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value.toFixed(1)} ${units[unit]}`
}

/** Untrusted text (reasons, compiler output, names) as inert HTML: no tag, no entity of its own. */
function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** One table cell: inert, on one line, with no `|` that would end the cell. */
function escapeCell(text: string): string {
  return html(text).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')
}

/** A block of untrusted lines: `<pre>`, since output holding ``` would end a fence. */
function preBlock(text: string): string {
  return `<pre>${html(text)}</pre>`
}

/** `Mojo 1.2.0, from pixi.toml [dependencies] mojo = "==1.2.0"`, with the request when it was not that version. */
export function describeCompiler(compiler: CompilerReport): string {
  const installed = compiler.toolchain?.version ?? compiler.request
  const version = installed === compiler.request ? installed : `${installed} (${compiler.request})`
  return `Mojo ${version}, from ${compiler.origin}`
}

function compilerLine(compiler: CompilerReport): string {
  const source = compiler.toolchain ? `toolchain ${sourceText[compiler.toolchain.source]}` : 'not installed'
  return `${html(describeCompiler(compiler))}; ${source}.`
}

function packageState(p: PackageResult): string {
  switch (p.state) {
    case 'built':
      return '✅ built'
    case 'failed':
      return `❌ failed: ${p.errors.length > 0 ? countOf(p.errors.length, 'error') : escapeCell(p.exit)}`
    default:
      return `not built: ${escapeCell(p.reason)}`
  }
}

function packageTable(packages: PackageResult[]): string[] {
  return [
    '| Package | Folder | Result |',
    '| --- | --- | --- |',
    ...packages.map(
      (p) => `| ${escapeCell(p.name)} | <code>${escapeCell(p.relDir || '.')}</code> | ${packageState(p)} |`
    ),
    ''
  ]
}

/** The first errors of each failed package, and where the rest are. */
function firstErrors(packages: PackageResult[]): string[] {
  return packages.flatMap((p) => {
    if (p.state !== 'failed' || p.errors.length === 0) return []
    const which =
      p.errors.length > SUMMARY_ERRORS
        ? `The first ${SUMMARY_ERRORS} of ${countOf(p.errors.length, 'error')}`
        : countOf(p.errors.length, 'error')
    return [
      `**${html(p.name)}**: ${which} (every diagnostic is in the log group <code>${html(p.logGroup)}</code>):`,
      '',
      preBlock(p.errors.slice(0, SUMMARY_ERRORS).join('\n')),
      ''
    ]
  })
}

function result(artifact: Artifact): string {
  const v = artifact.verification
  if (!v) return 'not verified'
  if (!v.ok) return `❌ ${escapeCell(v.reason ?? 'failed')}`
  return artifact.kind === 'archive' ? '✅ extracts intact' : '✅ installs and imports'
}

function row(artifact: Artifact, install: string): string {
  const sha = `<details><summary><code>${artifact.sha256.slice(0, 12)}</code></summary><code>${artifact.sha256}</code></details>`
  return `| <code>${escapeCell(artifact.file)}</code> | ${artifact.kind} | ${escapeCell(artifact.version)} | ${formatSize(artifact.size)} | ${sha} | ${
    artifact.mojo ?? ''
  } | ${result(artifact)} | <code>${escapeCell(install)}</code> |`
}

/** Failures first, then packages, bundle, archives, each by name. */
export function orderForSummary(artifacts: Artifact[]): Artifact[] {
  const failed = (a: Artifact): number => (a.verification && !a.verification.ok ? 0 : 1)
  return [...artifacts].sort(
    (a, b) => failed(a) - failed(b) || kindOrder[a.kind] - kindOrder[b.kind] || a.file.localeCompare(b.file)
  )
}

/** Untrusted text with its `code spans` kept: inert HTML, each span a <code> element. */
function withCode(text: string): string {
  return text
    .split('`')
    .map((part, i) => (i % 2 === 1 ? `<code>${html(part)}</code>` : html(part)))
    .join('')
}

const stateMark: Record<FindingState, string> = {
  pass: '[x] ✅',
  warn: '[ ] ⚠️',
  fail: '[ ] ❌',
  skip: '[ ] ➖'
}
const severity: FindingState[] = ['skip', 'pass', 'warn', 'fail']

/**
 * The guide's checklist as a task list: each item once, checked when it passed, with what was found;
 * an item no stage reported on is 'not checked'.
 */
function renderChecklist(findings: Finding[]): string[] {
  const lines = ['### Release checklist', '']
  for (const item of CHECKLIST_ITEMS) {
    const found = findings.filter((f) => f.item === item)
    const state = found.reduce<FindingState>(
      (worst, f) => (severity.indexOf(f.state) > severity.indexOf(worst) ? f.state : worst),
      'skip'
    )
    const details = found.length > 0 ? found.map((f) => withCode(f.detail)) : ['not checked']
    if (details.length === 1) lines.push(`- ${stateMark[state]} **${item}**: ${details[0]}`)
    else lines.push(`- ${stateMark[state]} **${item}**:`, ...details.map((d) => `  - ${d}`))
  }
  return [...lines, '']
}

/** The changelog's section for the release, quoted as the changelog writes it. */
function changelogQuote(section: ChangelogSection): string[] {
  const quoted = section.body.split('\n').map((line) => `> ${line}`.trimEnd())
  return [`#### ${html(section.file)}: ${html(section.heading.replace(/^##\s*/, ''))}`, '', ...quoted, '']
}

export function renderSummary(input: SummaryInput): string {
  const lines = [`## Mojo packages ${html(input.version)}`.trimEnd(), '', compilerLine(input.compiler), '']
  if (input.failure !== undefined) lines.push('### ❌ Failed', '', preBlock(input.failure), '')
  if (input.checklist) lines.push(...renderChecklist(input.checklist))
  if (input.changelog) lines.push(...changelogQuote(input.changelog))
  if (input.built) lines.push(...builtSections(input.built))
  else if (input.packages.length > 0)
    lines.push(...packageTable(input.packages), ...firstErrors(input.packages))
  return lines.join('\n')
}

function builtSections(built: BuiltReport): string[] {
  const artifacts = orderForSummary(built.artifacts)
  const lines = [
    '| Artifact | Kind | Version | Size | SHA-256 | Mojo | Verification | Install |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...artifacts.map((a) => row(a, built.installCommand(a))),
    ''
  ]
  if (built.uploads.length > 0) {
    lines.push(
      `Uploaded: ${built.uploads.map((u) => `<a href="${html(encodeURI(u.url))}">${html(u.name)}</a>`).join(', ')}`,
      ''
    )
  }
  lines.push('<details><summary>INSTALL.md</summary>', '', built.installGuide.trim(), '', '</details>', '')
  for (const a of artifacts.filter((x) => x.kind !== 'package' && x.contents?.length)) {
    lines.push(
      `<details><summary>Contents of <code>${html(a.file)}</code></summary>`,
      '',
      preBlock((a.contents ?? []).join('\n')),
      '',
      '</details>',
      ''
    )
  }
  for (const a of artifacts.filter((x) => x.verification && !x.verification.ok && x.verification.output)) {
    lines.push(
      `<details><summary>Output of the failed check of <code>${html(a.file)}</code></summary>`,
      '',
      preBlock((a.verification?.output ?? '').trim()),
      '',
      '</details>',
      ''
    )
  }
  return lines
}

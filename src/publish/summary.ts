/**
 * The job summary, on every outcome once the compiler was chosen. It answers at a glance: a first line
 * with the verdict, the compiler and why, then one row per package with a column per format; the
 * release checklist; and folded below, the files with their hashes, INSTALL.md and any failed check's
 * output. Pure.
 */
import { countOf } from '../compile/compile-report.js'
import type { ChangelogSection } from '../types.js'
import { BIDI } from '../log.js'
import type { Artifact, ArtifactKind, PackageResult, Toolchain } from '../types.js'
import { CHECKLIST_ITEMS, type Finding, type FindingState } from '../checklist/items.js'

/** The compiler asked for (`describeRequest`) and why; the installed one, once it is. */
interface CompilerReport {
  request: string
  origin: string
  toolchain?: Pick<Toolchain, 'version' | 'source'>
}

/** What output-dir holds once the build completed. */
export interface BuiltReport {
  artifacts: Artifact[]
  installGuide: string
  /** Uploaded artifact names with their links. */
  uploads: Array<{ name: string; url: string }>
}

export interface SummaryInput {
  version: string
  compiler: CompilerReport
  /** Shown until the build completed; then the package table says it per format. */
  packages: PackageResult[]
  /** The step's error. */
  failure?: string
  /** The release checklist's findings so far; undefined when the checks did not run (a setup step). */
  checklist?: Finding[]
  /** The changelog's section for the release, quoted under the checklist. */
  changelog?: ChangelogSection
  /** The Mojo dependencies fetched from the pixi files: what each is and where it came from. */
  fetched?: Array<{ import: string; from: string }>
  built?: BuiltReport
}

/** Errors shown per failed package: enough to see the cause; the log group has every one. */
const SUMMARY_ERRORS = 10

const sourceText: Record<Toolchain['source'], string> = {
  'tool-cache': 'from the tool cache',
  cache: 'restored from the Actions cache',
  download: 'downloaded (not cached yet)'
}

const kindOrder: Record<ArtifactKind, number> = {
  package: 0,
  wheel: 1,
  conda: 2,
  source: 3,
  bundle: 4,
  archive: 5,
  script: 6
}

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

/** A bidirectional control (it makes `invoice\u202egpj.exe` look like a picture), shown as its code. */
const shownBidi = (c: string): string => `[U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}]`

/** Untrusted text (reasons, compiler output, names) as inert HTML: no tag, no entity, no reordering. */
function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(BIDI, shownBidi)
}

/** Untrusted markdown: rendered as markdown, but with no HTML of its own and no reordering. */
function markdown(text: string): string {
  return text
    .split('`')
    .map((part, i) => (i % 2 === 1 ? part.replace(BIDI, shownBidi) : html(part)))
    .join('`')
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

const failedCheck = (a: Artifact): boolean => a.verification !== undefined && !a.verification.ok

/** The first line, plain text: what shipped, and whether it installs; the failure's own text follows it. */
export function verdict(input: SummaryInput): string {
  const title = `Mojo packages ${input.version}`.trimEnd()
  if (input.failure !== undefined || input.built === undefined) return `❌ ${title}: ${whatFailed(input)}`
  const artifacts = input.built.artifacts
  const packages = artifacts.filter((a) => a.kind === 'package' || a.kind === 'source')
  const names = new Set(packages.map((a) => a.import ?? a.name))
  const what = names.size > 0 ? countOf(names.size, 'package') : countOf(artifacts.length, 'file')
  const formats = [...new Set(artifacts.filter(isPerPackage).sort(byKind).map(formatOf))]
  const bundles = artifacts.filter((a) => a.kind === 'bundle').length
  const archives = artifacts.filter((a) => a.kind === 'archive').length
  const extras = [
    ...(bundles > 0 ? [countOf(bundles, 'bundle')] : []),
    ...(archives > 0 ? [countOf(archives, 'archive')] : [])
  ]
  const shipped = [formats.length > 0 ? `${what} as ${formats.join(', ')}` : what, ...extras].join(', ')
  const checked = artifacts.some((a) => a.verification !== undefined)
  const how = checked ? 'each installs and imports in a clean environment' : 'not verified (verify is false)'
  return `✅ ${title}: ${shipped} shipped; ${how}`
}

/** The failure in a few words: how many files failed their check, or packages their compile. */
function whatFailed(input: SummaryInput): string {
  const artifacts = input.built?.artifacts ?? []
  const unverified = artifacts.filter(failedCheck).length
  if (unverified > 0) return `${unverified} of ${countOf(artifacts.length, 'file')} failed verification`
  const uncompiled = input.packages.filter((p) => p.state === 'failed').length
  if (uncompiled > 0) return `${countOf(uncompiled, 'package')} did not compile`
  return 'failed'
}

/** The column a file belongs to: its format (`mojoc`, `mojopkg`, `wheel`, `conda`, `source`, ...). */
function formatOf(artifact: Artifact): string {
  if (artifact.kind === 'package') return artifact.file.endsWith('.mojopkg') ? 'mojopkg' : 'mojoc'
  return artifact.kind
}

function resultCell(artifact: Artifact): string {
  const v = artifact.verification
  if (!v) return '✅ built'
  if (!v.ok) return `❌ ${escapeCell(v.reason ?? 'failed')}`
  return '✅'
}

/** The per-distribution forms (precompiled, wheel, conda, source); the bundle and archives are files of their own. */
const PER_PACKAGE: ArtifactKind[] = ['package', 'wheel', 'conda', 'source']
const isPerPackage = (a: Artifact): boolean => PER_PACKAGE.includes(a.kind)

/**
 * One row per package (and the bundle's installable forms), one column per format shipped: each cell
 * ✅ or the reason. Rows are keyed by distribution, so a wheel sits beside the package it holds.
 */
function packageTable(artifacts: Artifact[]): string[] {
  const forms = artifacts.filter(isPerPackage)
  if (forms.length === 0) return []
  const columns = [...new Set([...forms].sort(byKind).map(formatOf))]
  const rows = new Map<string, Artifact[]>()
  for (const a of forms) {
    const key = a.distribution ?? a.name
    rows.set(key, [...(rows.get(key) ?? []), a])
  }
  const label = (group: Artifact[]): string => {
    const own = group.find((a) => a.import !== undefined)
    const name = own?.import ?? group[0].distribution ?? group[0].name
    const dist = group[0].distribution
    return `<code>${escapeCell(name)}</code>${dist && dist !== name ? ` (${escapeCell(dist)})` : ''}`
  }
  const cell = (group: Artifact[], column: string): string => {
    const found = group.find((a) => formatOf(a) === column)
    return found ? resultCell(found) : '—'
  }
  const ordered = [...rows.values()].sort(
    (a, b) => Number(!a.some(failedCheck)) - Number(!b.some(failedCheck)) || label(a).localeCompare(label(b))
  )
  return [
    `| Package | ${columns.join(' | ')} |`,
    `| --- |${' --- |'.repeat(columns.length)}`,
    ...ordered.map((group) => `| ${label(group)} | ${columns.map((c) => cell(group, c)).join(' | ')} |`),
    ''
  ]
}

/** The bundle, archives and install_verify.sh: one row each. */
function otherFiles(artifacts: Artifact[]): string[] {
  const others = artifacts.filter((a) => !isPerPackage(a)).sort(byKind)
  if (others.length === 0) return []
  return [
    '| File | Kind | Result |',
    '| --- | --- | --- |',
    ...others.map((a) => `| <code>${escapeCell(a.file)}</code> | ${formatOf(a)} | ${resultCell(a)} |`),
    ''
  ]
}

function byKind(a: Artifact, b: Artifact): number {
  return kindOrder[a.kind] - kindOrder[b.kind] || a.file.localeCompare(b.file)
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

/** Before the build completed: each package's compile result. */
function compileTable(packages: PackageResult[]): string[] {
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

/** The step's error as a list: one item a line (its own `- ` items nested), code spans kept, inert. */
function failureList(failure: string): string[] {
  return failure
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (line.startsWith('- ') ? `  - ${withCode(line.slice(2))}` : `- ${withCode(line)}`))
}

/** Failures first, then packages, bundle, archives, each by name. */
function orderForSummary(artifacts: Artifact[]): Artifact[] {
  const failed = (a: Artifact): number => (failedCheck(a) ? 0 : 1)
  return [...artifacts].sort((a, b) => failed(a) - failed(b) || byKind(a, b))
}

/** Untrusted text with its `code spans` kept: inert HTML, each span a <code> element. */
function withCode(text: string): string {
  return text
    .split('`')
    .map((part, i) => (i % 2 === 1 ? `<code>${html(part)}</code>` : html(part)))
    .join('')
}

const stateMark: Record<FindingState, string> = { pass: '✅', warn: '⚠️', fail: '❌', skip: '➖' }
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
  const quoted = section.body.split('\n').map((line) => `> ${markdown(line)}`.trimEnd())
  return [`#### ${html(section.file)}: ${html(section.heading.replace(/^##\s*/, ''))}`, '', ...quoted, '']
}

function folded(summary: string, body: string[]): string[] {
  return [`<details><summary>${summary}</summary>`, '', ...body, '', '</details>', '']
}

/** Every file with its size and full SHA-256, folded (INSTALL.md says how to install each). */
function fileTable(artifacts: Artifact[]): string[] {
  return folded(`${countOf(artifacts.length, 'file')}, with SHA-256`, [
    '| File | Size | SHA-256 |',
    '| --- | --- | --- |',
    ...artifacts.map(
      (a) => `| <code>${escapeCell(a.file)}</code> | ${formatSize(a.size)} | <code>${a.sha256}</code> |`
    )
  ])
}

/** INSTALL.md inside the summary, its headings below the summary's own. */
const demoted = (guide: string): string => guide.trim().replace(/^(#{1,3}) /gm, '$1### ')

function builtSections(built: BuiltReport): string[] {
  const artifacts = orderForSummary(built.artifacts)
  const lines = [...packageTable(artifacts), ...otherFiles(artifacts)]
  if (built.uploads.length > 0) {
    lines.push(
      `Uploaded: ${built.uploads.map((u) => `<a href="${html(encodeURI(u.url))}">${html(u.name)}</a>`).join(', ')}`,
      ''
    )
  }
  return lines
}

function foldedSections(built: BuiltReport): string[] {
  const artifacts = orderForSummary(built.artifacts)
  const lines = [...fileTable(artifacts), ...folded('INSTALL.md', [demoted(built.installGuide)])]
  for (const a of artifacts.filter((x) => x.kind !== 'package' && x.contents?.length)) {
    const label = a.kind === 'archive' ? 'Contents of' : 'Packages in'
    lines.push(...folded(`${label} <code>${html(a.file)}</code>`, [preBlock((a.contents ?? []).join('\n'))]))
  }
  // One block per distinct output: the same failure seen by several files is shown once.
  const outputs = new Map<string, string[]>()
  for (const a of artifacts.filter((x) => failedCheck(x) && x.verification?.output)) {
    const output = (a.verification?.output ?? '').trim()
    outputs.set(output, [...(outputs.get(output) ?? []), a.file])
  }
  for (const [output, files] of outputs) {
    const named = files.map((f) => `<code>${html(f)}</code>`).join(', ')
    lines.push(...folded(`Output of the failed check of ${named}`, [preBlock(output)]))
  }
  return lines
}

/** The summary of a run stopped by its checks, before the compiler was chosen: the error, and where to look. */
export function renderRefusal(failure: string): string {
  const lines = [
    '## ❌ Mojo packages: stopped before anything was downloaded',
    '',
    ...failureList(failure),
    ''
  ]
  return [...lines, 'Fix the input or file the error names; nothing was built.', ''].join('\n')
}

function fetchedLine(fetched: Array<{ import: string; from: string }>): string {
  return `Mojo dependencies fetched and built against: ${fetched.map((f) => `\`${f.import}\` (${markdown(f.from)})`).join(', ')}`
}

export function renderSummary(input: SummaryInput): string {
  const lines = [`## ${html(verdict(input))}`, '', compilerLine(input.compiler), '']
  if (input.fetched?.length) lines.push(fetchedLine(input.fetched), '')
  if (input.failure !== undefined) lines.push(...failureList(input.failure), '')
  if (input.built) lines.push(...builtSections(input.built))
  else if (input.packages.length > 0)
    lines.push(...compileTable(input.packages), ...firstErrors(input.packages))
  if (input.checklist) lines.push(...renderChecklist(input.checklist))
  if (input.changelog) lines.push(...changelogQuote(input.changelog))
  if (input.built) lines.push(...foldedSections(input.built))
  return lines.join('\n')
}

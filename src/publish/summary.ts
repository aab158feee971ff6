/** The job summary: what was built, whether it installed cleanly, and how to install it. Pure. */
import type { Artifact, Toolchain } from '../types.js'

export interface SummaryInput {
  toolchain: Pick<Toolchain, 'version' | 'source'>
  version: string
  artifacts: Artifact[]
  /** One shell line that installs an artifact (from the same plan INSTALL.md renders). */
  installCommand: (artifact: Artifact) => string
  installGuide: string
  /** Uploaded artifact names with their links. */
  uploads: Array<{ name: string; url: string }>
}

const sourceText: Record<Toolchain['source'], string> = {
  'tool-cache': 'from the tool cache',
  cache: 'restored from the Actions cache',
  download: 'downloaded (not cached yet)'
}

const kindOrder = { package: 0, bundle: 1, archive: 2 }

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

export function renderSummary(input: SummaryInput): string {
  const artifacts = orderForSummary(input.artifacts)
  const failures = artifacts.filter((a) => a.verification && !a.verification.ok)
  const lines = [
    `## Mojo packages ${input.version}`,
    '',
    `Mojo ${input.toolchain.version}, toolchain ${sourceText[input.toolchain.source]}.`,
    ''
  ]
  if (failures.length > 0) {
    lines.push(`**${failures.length} of ${artifacts.length} artifacts failed verification:**`, '')
    for (const a of failures)
      lines.push(`- <code>${html(a.file)}</code>: ${escapeCell(a.verification?.reason ?? 'failed')}`)
    lines.push('')
  }
  lines.push(
    '| Artifact | Kind | Version | Size | SHA-256 | Mojo | Verification | Install |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...artifacts.map((a) => row(a, input.installCommand(a))),
    ''
  )
  if (input.uploads.length > 0) {
    lines.push(
      `Uploaded: ${input.uploads.map((u) => `<a href="${html(encodeURI(u.url))}">${html(u.name)}</a>`).join(', ')}`,
      ''
    )
  }
  lines.push('<details><summary>INSTALL.md</summary>', '', input.installGuide.trim(), '', '</details>', '')
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
  for (const a of failures.filter((x) => x.verification?.output)) {
    lines.push(
      `<details><summary>Output of the failed check of <code>${html(a.file)}</code></summary>`,
      '',
      preBlock((a.verification?.output ?? '').trim()),
      '',
      '</details>',
      ''
    )
  }
  return lines.join('\n')
}

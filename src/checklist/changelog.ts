/**
 * The changelog check: on a tag build, the changelog must have a section for the released version,
 * under a Keep a Changelog heading (`## [0.3.1] - 2026-10-01` or `## 0.3.1`). The section is quoted
 * in the job summary and in INSTALL.md.
 */
import fs from 'node:fs/promises'
import { InputError } from '../errors.js'
import type { ChangelogSection } from '../types.js'
import type { Finding } from './items.js'
import { sameVersion } from '../package-version.js'
import { workspaceEntry } from '../workspace-files.js'

const DEFAULT_CHANGELOG = 'CHANGELOG.md'

/** The version a `## [0.3.1] - date` or `## v0.3.1` heading names, or undefined for other lines. */
function headingVersion(line: string): string | undefined {
  return /^##[ \t]+\[?v?(\d[^\]\s]*)\]?(?:[ \t].*)?$/.exec(line)?.[1]
}

/**
 * The section for `version` in changelog text: from its `## ` heading to the next one, without the
 * link definitions (`[0.3.1]: https://...`) Keep a Changelog puts at the end.
 */
export function changelogSection(text: string, version: string): Omit<ChangelogSection, 'file'> | undefined {
  const lines = text.split(/\r?\n/)
  const start = lines.findIndex((line) => {
    const named = headingVersion(line)
    return named !== undefined && (named === version || sameVersion(named, version))
  })
  if (start < 0) return undefined
  const next = lines.findIndex((line, i) => i > start && /^##[ \t]/.test(line))
  const body = lines
    .slice(start + 1, next < 0 ? undefined : next)
    .filter((line) => !/^\[[^\]]+\]:[ \t]*\S/.test(line))
    .join('\n')
    .trim()
  return { heading: lines[start].trim(), body }
}

const ITEM = 'CHANGELOG.md updated with changes' as const

/**
 * Reads the changelog (`named` by the input, else CHANGELOG.md when there is one) and checks it has a
 * section for the tag's version. Throws when the named file is missing: the input is wrong.
 */
export async function checkChangelog(
  workspace: string,
  named: string,
  tag: string | undefined
): Promise<{ finding: Finding; section?: ChangelogSection }> {
  const file = named || DEFAULT_CHANGELOG
  const entry = workspaceEntry(workspace, file, 'changelog')
  if (named !== '' && entry?.kind !== 'file') {
    throw new InputError(
      'changelog',
      `'${named}' ${entry ? 'is a folder' : 'does not exist'}: name the changelog file, relative to the working directory.`
    )
  }
  const text = entry?.kind === 'file' ? await fs.readFile(entry.real, 'utf8') : undefined
  if (text === undefined) {
    return { finding: { item: ITEM, state: 'skip', detail: `no ${DEFAULT_CHANGELOG} in the workspace` } }
  }
  if (tag === undefined) {
    return { finding: { item: ITEM, state: 'skip', file, detail: `${file} is checked on tag builds` } }
  }
  const found = changelogSection(text, tag)
  if (found === undefined) {
    return {
      finding: {
        item: ITEM,
        state: 'fail',
        file,
        detail:
          `${file} has no section for ${tag}: add one under the heading \`## [${tag}] - YYYY-MM-DD\` ` +
          `(or \`## ${tag}\`) saying what changed.`
      }
    }
  }
  const section = { file, ...found }
  if (section.body === '') {
    return {
      finding: {
        item: ITEM,
        state: 'fail',
        file,
        detail: `${file}: the section ${found.heading} is empty: say what changed.`
      },
      section
    }
  }
  return {
    finding: { item: ITEM, state: 'pass', file, detail: `${file} has the section ${found.heading}` },
    section
  }
}

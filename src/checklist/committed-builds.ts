/**
 * Nothing built is committed: files under output-dir and built files anywhere in the workspace
 * (`*.mojoc`, `*.mojopkg`, `*.whl`, `*.conda`) must not be tracked by git. Each run replaces them, and
 * a release that ships a stale committed file is wrong. A warning, and a failure on tag builds.
 */
import type { Finding } from './items.js'
import { git, zList } from '../project/git.js'

const BUILT_EXTENSIONS = ['mojoc', 'mojopkg', 'whl', 'conda']
const ITEM = 'No artifacts committed to git' as const
/** Tracked files named one finding (and annotation) each; the rest share one. */
const NAMED = 5

/** Workspace-relative files git tracks under `outputDir` or with a built file's extension. */
export async function trackedBuiltFiles(workspace: string, outputDir: string): Promise<string[] | undefined> {
  const specs = [`:(literal)${outputDir}`, ...BUILT_EXTENSIONS.map((ext) => `:(glob)**/*.${ext}`)]
  const result = await git(workspace, ['ls-files', '-z', '--', ...specs])
  return result.code === 0 ? zList(result.stdout) : undefined
}

/** The `.gitignore` line that keeps `file` out: output-dir as a whole, else its extension. */
function ignoreLine(file: string, outputDir: string): string {
  return file.startsWith(`${outputDir}/`) ? `/${outputDir}/` : `*${file.slice(file.lastIndexOf('.'))}`
}

/** One finding per tracked file (the first few), each with the line to add and the command to untrack it. */
export function committedBuildFindings(tracked: string[], outputDir: string, tagBuild: boolean): Finding[] {
  if (tracked.length === 0) {
    const kinds = [...BUILT_EXTENSIONS.map((e) => `*.${e}`), `${outputDir}/`].join(', ')
    return [{ item: ITEM, state: 'pass', detail: `git tracks no built file (${kinds})` }]
  }
  const state = tagBuild ? 'fail' : 'warn'
  const findings: Finding[] = tracked.slice(0, NAMED).map((file) => ({
    item: ITEM,
    state,
    file,
    detail:
      `${file} is a built file tracked by git: add \`${ignoreLine(file, outputDir)}\` to .gitignore and ` +
      `untrack it with \`git rm --cached ${file}\``
  }))
  const rest = tracked.slice(NAMED)
  if (rest.length > 0) {
    const lines = [...new Set(rest.map((f) => ignoreLine(f, outputDir)))].map((l) => `\`${l}\``)
    findings.push({
      item: ITEM,
      state,
      detail:
        `${rest.length} more built files are tracked by git (${rest.slice(0, 3).join(', ')}, ...): ` +
        `add ${lines.join(', ')} to .gitignore and untrack them with \`git rm --cached\``
    })
  }
  return findings
}

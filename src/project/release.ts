/** The release a run makes: its one version, and the symbols each package must export. */
import { InputError } from '../errors.js'
import type { Inputs } from '../inputs/inputs.js'
import { importName } from '../names.js'
import type { Project } from './types.js'

/** The one version archives, the bundle and the default artifact name carry. */
export function releaseVersion(project: Project): string {
  if (project.version) return project.version
  const versions = [...new Set(project.packages.map((p) => p.version))]
  if (versions.length === 1) return versions[0]
  throw new InputError(
    'version',
    versions.length === 0
      ? 'archives need a version and the workspace has none: set `version`, or a version in pixi.toml.'
      : `the packages have different versions (${versions.join(', ')}) and pixi.toml has none: set \`version\` for the release.`
  )
}

/** Symbols each package must export: its mojo.toml `[verify] imports` plus the `verify-imports` input. */
export function exportedSymbols(project: Project, inputs: Inputs): Map<string, string[]> {
  const own = project.packages
    .filter((p) => p.verifyImports.length > 0)
    .map((p) => [p.import, p.verifyImports] as const)
  return mergeSymbols([...own, ...inputs.verifyImports])
}

/** Symbol lists by package (distribution or import name) merged by import name, each symbol once. */
export function mergeSymbols(lists: Iterable<readonly [string, string[]]>): Map<string, string[]> {
  const symbols = new Map<string, string[]>()
  for (const [key, list] of lists) {
    const name = importName(key)
    symbols.set(name, [...new Set([...(symbols.get(name) ?? []), ...list])])
  }
  return symbols
}

/** The release a run makes: its one version, and the symbols each package must export. */
import { InputError } from '../errors.js'
import type { Inputs } from '../inputs/inputs.js'
import { packageNamed } from './plan.js'
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
  // checkInputs made sure every key names a package.
  const given = [...inputs.verifyImports].map(
    ([key, list]) => [packageNamed(project.packages, key)!.import, list] as const
  )
  return mergeSymbols([...own, ...given])
}

/** Symbol lists by import name merged, each symbol once. */
export function mergeSymbols(lists: Iterable<readonly [string, string[]]>): Map<string, string[]> {
  const symbols = new Map<string, string[]>()
  for (const [name, list] of lists) symbols.set(name, [...new Set([...(symbols.get(name) ?? []), ...list])])
  return symbols
}

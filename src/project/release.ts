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
  const symbols = new Map<string, string[]>()
  const add = (key: string, list: string[]): void => {
    const name = importName(key)
    symbols.set(name, [...new Set([...(symbols.get(name) ?? []), ...list])])
  }
  for (const pkg of project.packages) if (pkg.verifyImports.length > 0) add(pkg.import, pkg.verifyImports)
  for (const [key, list] of inputs.verifyImports) add(key, list)
  return symbols
}

/** Reads this action's per-package `mojo.toml` (the package guide's format; not a Modular format). */
import semver from 'semver'
import { ProjectFileError } from '../errors.js'
import { isIdentifier } from '../names.js'
import { checkPackageName, optionalString, readToml, stringList, table } from './toml.js'

/** A package's own `mojo.toml`. */
export interface MojoToml {
  name: string
  /** Normalised SemVer; absent when the package takes the workspace's or the `version` input's. */
  version?: string
  description?: string
  authors?: string[]
  license?: string
  /** Workspace package (distribution or import name) -> SemVer range, as written. */
  requires: Record<string, string>
  /** Symbols the verify stage imports. */
  verifyImports: string[]
}

/** A SemVer version, normalised (`v1.2.3` -> `1.2.3`); throws naming the field. */
export function semverOf(value: string, where: string, file: string): string {
  const parsed = semver.parse(value)
  if (!parsed) {
    throw new ProjectFileError(file, `${where} '${value}' is not a SemVer version: write it like "0.1.0".`)
  }
  return parsed.version
}

export function parseMojoToml(text: string, file: string): MojoToml {
  const doc = readToml(text, file)
  const project = table(doc, 'project', file)
  const name = project && optionalString(project, 'name', '[project]', file)
  if (!project || name === undefined) {
    throw new ProjectFileError(file, `needs a package name: add [project] with name = "<package>".`)
  }
  const version = optionalString(project, 'version', '[project]', file)
  const requires: Record<string, string> = {}
  for (const [dep, range] of Object.entries(table(doc, 'dependencies', file) ?? {})) {
    if (typeof range !== 'string' || semver.validRange(range) === null) {
      throw new ProjectFileError(
        file,
        `[dependencies] ${dep} must be a SemVer range string, e.g. ${dep} = "^0.1.0", got ${JSON.stringify(range)}.`
      )
    }
    requires[dep] = range
  }
  const verifyImports = stringList(table(doc, 'verify', file) ?? {}, 'imports', '[verify]', file) ?? []
  const bad = verifyImports.find((s) => !isIdentifier(s))
  if (bad !== undefined)
    throw new ProjectFileError(file, `[verify] imports: '${bad}' is not a Mojo identifier.`)
  return {
    name: checkPackageName(name, '[project] name', file),
    version: version === undefined ? undefined : semverOf(version, '[project] version', file),
    description: optionalString(project, 'description', '[project]', file),
    authors: stringList(project, 'authors', '[project]', file),
    license: optionalString(project, 'license', '[project]', file),
    requires,
    verifyImports
  }
}

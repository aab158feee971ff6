/** Reads this action's per-package `mojo.toml` (the package guide's format; not a Modular format). */
import { ProjectFileError } from '../errors.js'
import { isIdentifier } from '../names.js'
import { isVersionRange, normalisePackageVersion } from '../package-version.js'
import { checkPackageName, optionalLicense, optionalString, readToml, stringList, table } from './toml.js'

/** A package's own `mojo.toml`. */
interface MojoToml {
  name: string
  /** Normalised SemVer or PEP 440; absent when the package takes the workspace's or the `version` input's. */
  version?: string
  description?: string
  authors?: string[]
  license?: string
  /** `license-file`: the license text's file, relative to the package folder. */
  licenseFile?: string
  /** Workspace package (distribution or import name) -> SemVer range or PEP 440 specifier, as written. */
  requires: Record<string, string>
  /** Symbols the verify stage imports. */
  verifyImports: string[]
}

/** A package version (SemVer or PEP 440), normalised; throws naming the field. */
export function versionOf(value: string, where: string, file: string): string {
  const version = normalisePackageVersion(value)
  if (version === undefined) {
    throw new ProjectFileError(
      file,
      `${where} '${value}' is neither a SemVer nor a PEP 440 version: write it like "0.1.0" or "0.26.1.2".`
    )
  }
  return version
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
    if (typeof range !== 'string' || !isVersionRange(range)) {
      throw new ProjectFileError(
        file,
        `[dependencies] ${dep} must be a SemVer range or PEP 440 specifier string, e.g. ${dep} = "^0.1.0", got ${JSON.stringify(range)}.`
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
    version: version === undefined ? undefined : versionOf(version, '[project] version', file),
    description: optionalString(project, 'description', '[project]', file, { multiLine: true }),
    authors: stringList(project, 'authors', '[project]', file),
    license: optionalLicense(project, 'license', '[project]', file),
    licenseFile: optionalString(project, 'license-file', '[project]', file),
    requires,
    verifyImports
  }
}

/**
 * A workspace-level `mojo.toml`: `[package]` (name, version, license, description) for the library,
 * and a `[packages]` table naming package folders (`odyssey = "src/odyssey"`), often beside folders
 * of programs that use the library (`examples`, `tests`, `benchmarks`).
 */
import { ProjectFileError } from '../errors.js'
import { checkPackageName, optionalLicense, optionalString, readToml, table } from './toml.js'

export interface RootMojoToml {
  /** `licenseFile`: `license-file`, relative to the workspace. */
  package?: { name: string; version?: string; license?: string; licenseFile?: string; description?: string }
  /** Name -> workspace-relative folder, as the `[packages]` table writes them. */
  packages: Record<string, string>
}

/** The workspace `mojo.toml`, or undefined when the file describes a single package (`[project]`). */
export function parseRootMojoToml(text: string, file: string): RootMojoToml | undefined {
  const doc = readToml(text, file)
  const pkg = table(doc, 'package', file)
  const listed = table(doc, 'packages', file)
  if (!pkg && !listed) return undefined
  const packages: Record<string, string> = {}
  for (const [name, dir] of Object.entries(listed ?? {})) {
    const folder = typeof dir === 'string' ? dir : (dir as { path?: unknown } | undefined)?.path
    if (typeof folder !== 'string' || folder.trim() === '') {
      throw new ProjectFileError(file, `[packages] ${name} must name a folder, e.g. ${name} = "src/${name}".`)
    }
    packages[name] = folder.trim().replace(/^\.\//, '').replace(/\/$/, '')
  }
  const name = pkg && optionalString(pkg, 'name', '[package]', file)
  if (pkg && name === undefined) throw new ProjectFileError(file, `[package] needs name = "<package>".`)
  return {
    package:
      pkg && name !== undefined
        ? {
            name: checkPackageName(name, '[package] name', file),
            version: optionalString(pkg, 'version', '[package]', file),
            license: optionalLicense(pkg, 'license', '[package]', file),
            licenseFile: optionalString(pkg, 'license-file', '[package]', file),
            description: optionalString(pkg, 'description', '[package]', file, { multiLine: true })
          }
        : undefined,
    packages
  }
}

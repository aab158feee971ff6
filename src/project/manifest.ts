/**
 * Pure readers of the two manifest formats: this action's per-package `mojo.toml` and the
 * workspace's `pixi.toml`. Each takes the file's text and its workspace-relative name for errors.
 */
import semver from 'semver'
import { parse, TomlError } from 'smol-toml'
import { isIdentifier, isPackageName } from '../names.js'
import { ManifestError } from '../errors.js'

/** A package's own `mojo.toml`. */
export interface MojoManifest {
  name: string
  /** Normalised SemVer; absent when the package takes the workspace's or the `version` input's. */
  version?: string
  description?: string
  authors?: string[]
  license?: string
  /** Workspace package (manifest or import name) -> SemVer range, as written. */
  requires: Record<string, string>
  /** Symbols the verify stage imports. */
  verifyImports: string[]
}

/** What `pixi.toml` (or the older `mojoproject.toml`, same shape) says about the workspace. */
export interface PixiManifest {
  workspace: { name?: string; version?: string; license?: string }
  /** The `[package]` table a pixi-build library declares. */
  package?: { name: string; version?: string; license?: string }
}

type Table = Record<string, unknown>

const isTable = (value: unknown): value is Table =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)

function parseToml(text: string, file: string): Table {
  try {
    return parse(text)
  } catch (error) {
    const detail = error instanceof TomlError ? `line ${error.line}, column ${error.column}` : 'unknown place'
    throw new ManifestError(file, `is not valid TOML (${detail}): ${(error as Error).message.split('\n')[0]}`)
  }
}

function table(parent: Table, key: string, file: string): Table | undefined {
  const value = parent[key]
  if (value === undefined) return undefined
  if (!isTable(value)) throw new ManifestError(file, `[${key}] must be a table.`)
  return value
}

function optionalString(t: Table, key: string, where: string, file: string): string | undefined {
  const value = t[key]
  if (value === undefined) return undefined
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ManifestError(file, `${where}.${key} must be a non-empty string.`)
  }
  return value.trim()
}

function stringList(t: Table, key: string, where: string, file: string): string[] | undefined {
  const value = t[key]
  if (value === undefined) return undefined
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v.trim() === '')) {
    throw new ManifestError(file, `${where}.${key} must be a list of strings, e.g. ${key} = ["a", "b"].`)
  }
  return value.map((v: string) => v.trim())
}

/** A SemVer version, normalised (`v1.2.3` -> `1.2.3`); throws naming the field. */
export function semverOf(value: string, where: string, file: string): string {
  const parsed = semver.parse(value)
  if (!parsed) {
    throw new ManifestError(file, `${where} '${value}' is not a SemVer version: write it like "0.1.0".`)
  }
  return parsed.version
}

/** A package name as pixi, conda and this action accept it; its import name must be an identifier. */
function checkName(name: string, where: string, file: string): string {
  if (!isPackageName(name)) {
    throw new ManifestError(
      file,
      `${where} '${name}' is not a usable package name: start with a letter or '_', then letters, digits, '_', '-' or '.'.`
    )
  }
  return name
}

export function parseMojoManifest(text: string, file: string): MojoManifest {
  const doc = parseToml(text, file)
  const project = table(doc, 'project', file)
  const name = project && optionalString(project, 'name', '[project]', file)
  if (!project || name === undefined) {
    throw new ManifestError(file, `needs a package name: add [project] with name = "<package>".`)
  }
  const version = optionalString(project, 'version', '[project]', file)
  const requires: Record<string, string> = {}
  for (const [dep, range] of Object.entries(table(doc, 'dependencies', file) ?? {})) {
    if (typeof range !== 'string' || semver.validRange(range) === null) {
      throw new ManifestError(
        file,
        `[dependencies] ${dep} must be a SemVer range string, e.g. ${dep} = "^0.1.0", got ${JSON.stringify(range)}.`
      )
    }
    requires[dep] = range
  }
  const verifyImports = stringList(table(doc, 'verify', file) ?? {}, 'imports', '[verify]', file) ?? []
  const bad = verifyImports.find((s) => !isIdentifier(s))
  if (bad !== undefined) throw new ManifestError(file, `[verify] imports: '${bad}' is not a Mojo identifier.`)
  return {
    name: checkName(name, '[project] name', file),
    version: version === undefined ? undefined : semverOf(version, '[project] version', file),
    description: optionalString(project, 'description', '[project]', file),
    authors: stringList(project, 'authors', '[project]', file),
    license: optionalString(project, 'license', '[project]', file),
    requires,
    verifyImports
  }
}

/**
 * A `[package]` field may say `{ workspace = true }` (pixi's way of inheriting from `[workspace]`).
 * Versions stay as written here: they are only checked when a package actually takes one.
 */
function packageField(pkg: Table, key: string, inherited: string | undefined, file: string) {
  const value = pkg[key]
  if (isTable(value) && value.workspace === true) return inherited
  return optionalString(pkg, key, '[package]', file)
}

export function parsePixiManifest(text: string, file: string): PixiManifest {
  const doc = parseToml(text, file)
  // `[workspace]` since pixi 0.40; `[project]` before, and in mojoproject.toml.
  const ws = table(doc, 'workspace', file) ?? table(doc, 'project', file) ?? {}
  const where = doc.workspace !== undefined ? '[workspace]' : '[project]'
  const workspace = {
    name: optionalString(ws, 'name', where, file),
    version: optionalString(ws, 'version', where, file),
    license: optionalString(ws, 'license', where, file)
  }
  const pkg = table(doc, 'package', file)
  if (!pkg) return { workspace }
  const name = packageField(pkg, 'name', workspace.name, file)
  if (name === undefined) throw new ManifestError(file, `[package] needs name = "<package>".`)
  return {
    workspace,
    package: {
      name: checkName(name, '[package] name', file),
      version: packageField(pkg, 'version', workspace.version, file),
      license: packageField(pkg, 'license', workspace.license, file)
    }
  }
}

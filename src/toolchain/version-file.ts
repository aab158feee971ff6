/**
 * Reads the Mojo version a project pins: pixi.toml and mojoproject.toml (`[dependencies]`, then
 * `[package.*-dependencies]`), pyproject.toml (`[project].dependencies`, then `[tool.pixi.dependencies]`).
 */
import fs from 'node:fs'
import path from 'node:path'
import { parse as parseToml } from 'smol-toml'
import { InputError, ManifestError } from '../errors.js'
import { parseVersionRequest, type VersionRequest } from './version.js'

export const VERSION_FILES = ['pixi.toml', 'mojoproject.toml', 'pyproject.toml'] as const

/** The dependency names that pin the compiler (`mojo` pulls in `mojo-compiler` of the same version). */
const MOJO_NAMES = ['mojo', 'mojo-compiler']

type Table = Record<string, unknown>

function table(value: unknown): Table | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Table) : undefined
}

/** A pixi dependency value: `"==1.2.0"` or `{ version = "==1.2.0", channel = "..." }`. */
function pixiSpec(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  const version = table(value)?.version
  return typeof version === 'string' ? version : undefined
}

function fromPixiTables(tables: Array<Table | undefined>): string | undefined {
  for (const deps of tables) {
    for (const name of MOJO_NAMES) {
      const spec = deps && pixiSpec(deps[name])
      if (spec !== undefined) return spec
    }
  }
  return undefined
}

/** `[dependencies]`, then the `[package]` tables pixi-build uses: host, build, run dependencies. */
function pixiTables(doc: Table): Array<Table | undefined> {
  const pkg = table(doc.package)
  return [
    table(doc.dependencies),
    ...['host-dependencies', 'build-dependencies', 'run-dependencies', 'dependencies'].map((key) =>
      table(pkg?.[key])
    )
  ]
}

/** The specifier of a PEP 508 entry naming mojo or mojo-compiler (`mojo[extras]==1.2.0 ; marker`). */
function fromPep508(entries: unknown): string | undefined {
  if (!Array.isArray(entries)) return undefined
  for (const entry of entries) {
    if (typeof entry !== 'string') continue
    const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*\(?([^;)]*)\)?/.exec(entry)
    if (m && MOJO_NAMES.includes(m[1].toLowerCase().replace(/[-_.]+/g, '-'))) return m[2].trim()
  }
  return undefined
}

/** The raw version spec a manifest gives for Mojo, or undefined when it names none. */
export function findMojoSpec(file: string, text: string): string | undefined {
  let doc: Table
  try {
    doc = parseToml(text) as Table
  } catch (error) {
    throw new ManifestError(
      file,
      `is not valid TOML: ${error instanceof Error ? error.message.split('\n')[0] : error}`
    )
  }
  if (path.basename(file) === 'pyproject.toml') {
    const tool = table(table(doc.tool)?.pixi)
    return fromPep508(table(doc.project)?.dependencies) ?? fromPixiTables(tool ? pixiTables(tool) : [])
  }
  return fromPixiTables(pixiTables(doc))
}

function requestFrom(file: string, spec: string): VersionRequest {
  const request = parseVersionRequest(spec)
  if (!request) {
    throw new ManifestError(
      file,
      `the Mojo version '${spec}' is neither a PEP 440 version nor a specifier; write e.g. "==1.2.0" or ">=1.0,<2", or set mojo-version.`
    )
  }
  return request
}

/**
 * The version request from `mojo-version-file` (relative to the workspace), or from the first of
 * pixi.toml, mojoproject.toml, pyproject.toml that names Mojo; undefined when none does.
 */
export function readVersionFile(
  workspace: string,
  versionFile: string
): { file: string; request: VersionRequest } | undefined {
  if (versionFile) {
    const file = path.resolve(workspace, versionFile)
    const stat = fs.statSync(file, { throwIfNoEntry: false })
    if (!stat?.isFile()) {
      throw new InputError(
        'mojo-version-file',
        `'${versionFile}' ${stat ? 'is not a file' : `does not exist in ${workspace}`}: name a pixi.toml, ` +
          'mojoproject.toml or pyproject.toml, or remove the input.'
      )
    }
    const spec = findMojoSpec(versionFile, fs.readFileSync(file, 'utf8'))
    if (spec === undefined) {
      throw new ManifestError(
        versionFile,
        `names no 'mojo' or 'mojo-compiler' dependency; add one, or set mojo-version.`
      )
    }
    return { file: versionFile, request: requestFrom(versionFile, spec) }
  }
  for (const name of VERSION_FILES) {
    const file = path.join(workspace, name)
    if (!fs.existsSync(file)) continue
    const spec = findMojoSpec(name, fs.readFileSync(file, 'utf8'))
    if (spec !== undefined) return { file: name, request: requestFrom(name, spec) }
  }
  return undefined
}

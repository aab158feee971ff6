/**
 * Reads `pixi.toml` (and the older `mojoproject.toml`, same shape; and `[tool.pixi]` in pyproject.toml):
 * the workspace, the `[package]` a pixi-build library declares, and the dependency that pins Mojo.
 */
import { ProjectFileError } from '../errors.js'
import {
  checkPackageName,
  isTable,
  optionalLicense,
  optionalString,
  readToml,
  table,
  type Table
} from './toml.js'

/** The dependency through which a project gets the compiler, as written. */
export interface CompilerDependency {
  /** `mojo-compiler`, `mojo`, or a release that bundles Mojo: `modular`, `max`. */
  name: string
  /** The version spec as written (`==1.2.0`, `>=1.0.0b2,<2`, `1.2.*`). */
  spec: string
  /** Where it was found, for messages: `[dependencies]`, `[package.host-dependencies]`. */
  table: string
}

export interface PixiToml {
  /** `licenseFile`: pixi's `license-file`, relative to the workspace. */
  workspace: { name?: string; version?: string; license?: string; licenseFile?: string }
  /** The `[package]` table a pixi-build library declares. */
  package?: {
    name: string
    version?: string
    license?: string
    licenseFile?: string
    /** pixi-build-mojo's `[package.build.config(uration).pkg]`: the Mojo package it builds. */
    pkg?: { name?: string; path?: string }
  }
  compiler?: CompilerDependency
  /** Every other conda dependency, by name, with the table that declares it (for messages). */
  dependencies: Array<{ name: string; table: string }>
}

/** Names that pin the compiler, in order of precedence (`mojo` pulls in `mojo-compiler` of its version). */
export const COMPILER_NAMES = ['mojo-compiler', 'mojo', 'modular', 'max'] as const

/** A pixi dependency value: `"==1.2.0"` or `{ version = "==1.2.0", channel = "..." }`. */
function pixiSpec(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  const version = isTable(value) ? value.version : undefined
  return typeof version === 'string' ? version : undefined
}

/**
 * The compiler dependency of a pixi document (or `[tool.pixi]`): `[dependencies]`, then the tables
 * pixi-build uses (host, build, run dependencies). `prefix` names the document's place in messages.
 */
/** The dependency tables of a pixi document: `[dependencies]`, then pixi-build's host, build, run. */
export function dependencyTables(doc: Table): Array<[string, unknown]> {
  const pkg = isTable(doc.package) ? doc.package : undefined
  return [
    ['dependencies', doc.dependencies],
    ...['host-dependencies', 'build-dependencies', 'run-dependencies', 'dependencies'].map(
      (key): [string, unknown] => [`package.${key}`, pkg?.[key]]
    )
  ]
}

export function compilerDependency(doc: Table, prefix = ''): CompilerDependency | undefined {
  const tables = dependencyTables(doc)
  for (const name of COMPILER_NAMES) {
    for (const [where, deps] of tables) {
      const spec = isTable(deps) ? pixiSpec(deps[name]) : undefined
      if (spec !== undefined) return { name, spec, table: `[${prefix}${where}]` }
    }
  }
  return undefined
}

/**
 * A `[package]` field may say `{ workspace = true }` (pixi's way of inheriting from `[workspace]`).
 * Versions stay as written here: they are only checked when a package actually takes one.
 */
function packageField(
  pkg: Table,
  key: string,
  inherited: string | undefined,
  file: string,
  read = optionalString
) {
  const value = pkg[key]
  if (isTable(value) && value.workspace === true) return inherited
  return read(pkg, key, '[package]', file)
}

/** pixi-build-mojo's `pkg` table, under `[package.build.configuration]` (or `config`). */
function buildPkg(pkg: Table, file: string): { name?: string; path?: string } | undefined {
  const build = isTable(pkg.build) ? pkg.build : undefined
  const config = build && (isTable(build.configuration) ? build.configuration : build.config)
  const own = isTable(config) && isTable(config.pkg) ? config.pkg : undefined
  if (!own) return undefined
  const where = '[package.build.configuration.pkg]'
  return { name: optionalString(own, 'name', where, file), path: optionalString(own, 'path', where, file) }
}

export function parsePixiToml(text: string, file: string): PixiToml {
  const doc = readToml(text, file)
  // `[workspace]` since pixi 0.40; `[project]` before, and in mojoproject.toml.
  const ws = table(doc, 'workspace', file) ?? table(doc, 'project', file) ?? {}
  const where = doc.workspace !== undefined ? '[workspace]' : '[project]'
  const workspace = {
    name: optionalString(ws, 'name', where, file),
    version: optionalString(ws, 'version', where, file),
    license: optionalLicense(ws, 'license', where, file),
    licenseFile: optionalString(ws, 'license-file', where, file)
  }
  const compiler = compilerDependency(doc)
  const dependencies = dependencyTables(doc).flatMap(([where, deps]) =>
    isTable(deps)
      ? Object.keys(deps)
          .filter((name) => !(COMPILER_NAMES as readonly string[]).includes(name))
          .map((name) => ({ name, table: `[${where}]` }))
      : []
  )
  const pkg = table(doc, 'package', file)
  if (!pkg) return { workspace, compiler, dependencies }
  const name = packageField(pkg, 'name', workspace.name, file)
  if (name === undefined) throw new ProjectFileError(file, `[package] needs name = "<package>".`)
  return {
    workspace,
    package: {
      name: checkPackageName(name, '[package] name', file),
      version: packageField(pkg, 'version', workspace.version, file),
      license: packageField(pkg, 'license', workspace.license, file, optionalLicense),
      licenseFile: packageField(pkg, 'license-file', workspace.licenseFile, file),
      pkg: buildPkg(pkg, file)
    },
    compiler,
    dependencies
  }
}

/** The target selectors that apply to a conda subdir: `linux-64`, `linux`, `unix`. */
function targetSelectors(platform: string): string[] {
  const os = platform.split('-')[0]
  return [platform, os, ...(os === 'linux' || os === 'osx' ? ['unix'] : [])]
}

/**
 * Every compiler dependency (`mojo-compiler`, `mojo`, `modular`, `max`) an environment of a pixi
 * document declares for a platform: its features' `[dependencies]` and `[target.<selector>.dependencies]`,
 * the default feature's unless `no-default-feature`. Undefined when the document does not define the
 * environment (only `default` exists without `[environments]`).
 */
export function environmentCompilerDependencies(
  doc: Table,
  environment: string,
  platform: string,
  prefix = ''
): CompilerDependency[] | undefined {
  const envs = isTable(doc.environments) ? doc.environments : {}
  const env = envs[environment]
  let features: string[]
  let withDefault = true
  if (Array.isArray(env)) {
    features = env.filter((f): f is string => typeof f === 'string')
  } else if (isTable(env)) {
    features = Array.isArray(env.features)
      ? env.features.filter((f): f is string => typeof f === 'string')
      : []
    withDefault = env['no-default-feature'] !== true
  } else if (environment === 'default') {
    features = []
  } else {
    return undefined
  }
  const featureTables = isTable(doc.feature) ? doc.feature : {}
  const sources: Array<[string, Table]> = [
    ...(withDefault ? [['', doc] as [string, Table]] : []),
    ...features.flatMap((f): Array<[string, Table]> =>
      isTable(featureTables[f]) ? [[`feature.${f}.`, featureTables[f]]] : []
    )
  ]
  const found: CompilerDependency[] = []
  for (const [where, source] of sources) {
    const targets = isTable(source.target) ? source.target : {}
    const tables: Array<[string, unknown]> = [
      [`${where}dependencies`, source.dependencies],
      ...targetSelectors(platform).map((t): [string, unknown] => [
        `${where}target.${t}.dependencies`,
        isTable(targets[t]) ? targets[t].dependencies : undefined
      ])
    ]
    for (const [table, deps] of tables) {
      for (const name of COMPILER_NAMES) {
        const spec = isTable(deps) ? pixiSpec(deps[name]) : undefined
        if (spec !== undefined) found.push({ name, spec, table: `[${prefix}${table}]` })
      }
    }
  }
  return found
}

/**
 * Packages a workspace package imports that are neither the standard library nor built here (a conda
 * dependency, a vendored library). They come from the `external-packages` input (precompiled
 * `.mojoc`/`.mojopkg` files, folders of them, or source package folders) and from the project's own
 * pixi environment (`.pixi/envs/<env>/lib/mojo`), and are checked before anything downloads.
 */
import fs from 'node:fs'
import path from 'node:path'
import { InputError, WorkspaceFileError } from '../errors.js'
import type { Inputs } from '../inputs/inputs.js'
import { untrusted } from '../log.js'
import { isIdentifier } from '../names.js'
import { INIT_FILES } from './discover.js'
import type { Project } from './package-spec.js'
import { workspaceEntry } from '../workspace-files.js'

const PRECOMPILED = ['.mojoc', '.mojopkg']

export interface ExternalPackage {
  /** The name code imports it by. */
  import: string
  /** A precompiled file, or a source package folder. */
  kind: 'precompiled' | 'source'
  /** Absolute path of the file or folder. */
  path: string
  /** Where it was found, for the log, manifest.json and INSTALL.md: the input line, or the pixi env. */
  from: string
  /** What a user installs to have it (a fetched dependency's `pixi add`, or its git source). */
  install?: string
}

const isFile = (p: string) => fs.statSync(p, { throwIfNoEntry: false })?.isFile() ?? false
const isDir = (p: string) => fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false
const isSourcePackage = (dir: string) => INIT_FILES.some((init) => isFile(path.join(dir, init)))

/** The packages one file or folder offers: a precompiled file, a source package, or a folder of them. */
function packagesAt(full: string, from: string): ExternalPackage[] {
  const ext = PRECOMPILED.find((e) => full.endsWith(e))
  if (ext && isFile(full))
    return [{ import: path.basename(full, ext), kind: 'precompiled', path: full, from }]
  if (!isDir(full)) return []
  if (isSourcePackage(full)) return [{ import: path.basename(full), kind: 'source', path: full, from }]
  return fs
    .readdirSync(full)
    .sort()
    .flatMap((name) => {
      const child = path.join(full, name)
      const isPackage = PRECOMPILED.some((e) => name.endsWith(e))
        ? isFile(child)
        : isDir(child) && isSourcePackage(child)
      return isPackage ? packagesAt(child, from) : []
    })
}

/**
 * A relative line names something of the repository and is read like any project file, so a link out
 * of it is refused; only a path the user writes absolute may lie outside (it is compiled and verified
 * against, never copied into an artifact).
 */
function checkLine(workspace: string, line: string): void {
  if (path.isAbsolute(line)) return
  try {
    workspaceEntry(workspace, line, 'external package')
  } catch (error) {
    if (!(error instanceof WorkspaceFileError)) throw error
    throw new InputError(
      'external-packages',
      `'${untrusted(line)}' leads out of the repository (${error.message}): write its absolute path to build against a package outside it.`
    )
  }
}

/** The precompiled packages of the project's pixi environment, when it has been installed. */
function pixiEnvLib(workspace: string, environment: string): string {
  return path.join(workspace, '.pixi', 'envs', environment || 'default', 'lib', 'mojo')
}

/**
 * Every external package, checked: each input line names something usable, each name is an
 * identifier that no workspace package has. The pixi environment's are added when it exists
 * (the compile stage leaves out those the toolchain itself ships, such as `std`).
 */
export function collectExternals(
  inputs: Pick<Inputs, 'workspace' | 'externalPackages' | 'pixiEnvironment'>,
  project: Project
): ExternalPackage[] {
  const found: ExternalPackage[] = []
  for (const line of inputs.externalPackages) {
    checkLine(inputs.workspace, line)
    const full = path.resolve(inputs.workspace, line)
    const offered = packagesAt(full, `external-packages: ${line}`)
    if (offered.length === 0) {
      throw new InputError(
        'external-packages',
        `'${untrusted(line)}' ${fs.existsSync(full) ? 'holds no package' : 'does not exist'}: name a .mojoc or .mojopkg ` +
          'file, a folder of them, or a source package folder (holding __init__.mojo).'
      )
    }
    found.push(...offered)
  }
  const env = pixiEnvLib(inputs.workspace, inputs.pixiEnvironment)
  if (isDir(env)) found.push(...packagesAt(env, path.relative(inputs.workspace, env)))

  const workspaceImports = new Set(project.packages.map((p) => p.import))
  const seen = new Set<string>()
  const externals: ExternalPackage[] = []
  for (const pkg of found) {
    if (!isIdentifier(pkg.import)) {
      throw new InputError(
        'external-packages',
        `'${untrusted(pkg.path)}' cannot be imported: '${untrusted(pkg.import)}' is not a Mojo identifier.`
      )
    }
    if (workspaceImports.has(pkg.import) || seen.has(pkg.import)) continue // the workspace's own, or the first given wins
    seen.add(pkg.import)
    externals.push(pkg)
  }
  return externals
}

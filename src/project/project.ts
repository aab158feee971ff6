/**
 * Loads the workspace's packages: finds their folders, reads `mojo.toml` and `pixi.toml`, applies
 * the `version` input, resolves dependencies between packages and checks the release tag.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import semver from 'semver'
import { InputError, ProjectFileError } from '../errors.js'
import type { Inputs } from '../inputs/inputs.js'
import { importName } from '../names.js'
import { isPackageDir, packageFolders, selectPackageFolders } from './discover.js'
import { parseMojoToml, semverOf } from './mojo-toml.js'
import { parsePixiToml, type PixiToml } from './pixi-toml.js'
import { resolveDependencies } from './plan.js'
import { checkTag } from './tag.js'
import type { PackageSpec, Project } from './types.js'

export type ProjectInputs = Pick<Inputs, 'workspace' | 'packages' | 'outputDir' | 'version' | 'checkTag'>

/** The workspace files pixi has used, newest first. */
const PIXI_FILES = ['pixi.toml', 'mojoproject.toml']

async function readIfExists(file: string): Promise<string | undefined> {
  return fs.readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined
    throw error
  })
}

async function readPixi(workspace: string): Promise<{ file: string; pixi: PixiToml } | undefined> {
  for (const file of PIXI_FILES) {
    const text = await readIfExists(path.join(workspace, file))
    if (text !== undefined) return { file, pixi: parsePixiToml(text, file) }
  }
  return undefined
}

/** pixi-build-mojo's rule: the `[package]` sources are `<name>/` or `src/`, holding `__init__.mojo`. */
async function pixiPackageDir(workspace: string, name: string): Promise<string | undefined> {
  for (const rel of new Set([name, importName(name), 'src'])) {
    if (await isPackageDir(path.join(workspace, rel))) return rel
  }
  return undefined
}

interface Context {
  workspace: string
  /** Normalised `version` input, or undefined. */
  version?: string
  pixiFile?: string
  pixi?: PixiToml
  /** Folder of pixi.toml's `[package]`, relative. */
  pixiPackageDir?: string
}

/** Where a package's version comes from when neither the input nor its mojo.toml gives one. */
function fallbackVersion(ctx: Context, relDir: string): string | undefined {
  if (!ctx.pixi || !ctx.pixiFile) return undefined
  const own = relDir === ctx.pixiPackageDir ? ctx.pixi.package?.version : undefined
  if (own !== undefined) return semverOf(own, '[package] version', ctx.pixiFile)
  const shared = ctx.pixi.workspace.version
  return shared === undefined ? undefined : semverOf(shared, 'workspace version', ctx.pixiFile)
}

async function loadPackage(ctx: Context, relDir: string): Promise<Omit<PackageSpec, 'dependencies'>> {
  const dir = path.join(ctx.workspace, relDir)
  const mojoToml = path.posix.join(relDir, 'mojo.toml')
  const text = await readIfExists(path.join(dir, 'mojo.toml'))
  const isPixiPackage = relDir === ctx.pixiPackageDir
  const license = (isPixiPackage ? ctx.pixi?.package?.license : undefined) ?? ctx.pixi?.workspace.license
  if (text === undefined) {
    const name = isPixiPackage ? ctx.pixi!.package!.name : path.basename(dir)
    const version = ctx.version ?? fallbackVersion(ctx, relDir)
    if (version === undefined) {
      throw new ProjectFileError(
        mojoToml,
        `is missing, and no version is given for the package in ${relDir}: add ${mojoToml} with ` +
          `[project] name and version, add a version to pixi.toml, or set the 'version' input.`
      )
    }
    return { dir, relDir, name, import: importName(name), version, license, requires: {}, verifyImports: [] }
  }
  const own = parseMojoToml(text, mojoToml)
  const version = ctx.version ?? own.version ?? fallbackVersion(ctx, relDir)
  if (version === undefined) {
    throw new ProjectFileError(
      mojoToml,
      `has no [project] version and pixi.toml gives none: add version = "0.1.0" to [project], or set the 'version' input.`
    )
  }
  return {
    dir,
    relDir,
    mojoToml,
    name: own.name,
    import: importName(own.name),
    version,
    description: own.description,
    license: own.license ?? license,
    authors: own.authors,
    requires: own.requires,
    verifyImports: own.verifyImports
  }
}

function checkUniqueImports(packages: Omit<PackageSpec, 'dependencies'>[]): void {
  const seen = new Map<string, Omit<PackageSpec, 'dependencies'>>()
  for (const pkg of packages) {
    const other = seen.get(pkg.import)
    if (other) {
      throw new ProjectFileError(
        `${other.mojoToml ?? other.relDir}, ${pkg.mojoToml ?? pkg.relDir}`,
        `the packages in ${other.relDir} ('${other.name}') and ${pkg.relDir} ('${pkg.name}') would both be ` +
          `imported as '${pkg.import}': rename one of them.`
      )
    }
    seen.set(pkg.import, pkg)
  }
}

export async function loadProject(
  inputs: ProjectInputs,
  env: NodeJS.ProcessEnv = process.env
): Promise<Project> {
  const { workspace } = inputs
  let version: string | undefined
  if (inputs.version !== '') {
    version = semver.parse(inputs.version)?.version
    if (version === undefined) {
      throw new InputError('version', `'${inputs.version}' is not a SemVer version: write it like 0.1.0.`)
    }
  }
  const found = await readPixi(workspace)
  const ctx: Context = { workspace, version, pixiFile: found?.file, pixi: found?.pixi }
  if (found?.pixi.package) ctx.pixiPackageDir = await pixiPackageDir(workspace, found.pixi.package.name)

  const skip = [inputs.outputDir]
  let folders: string[]
  if (inputs.packages.length > 0) {
    folders = await selectPackageFolders(workspace, inputs.packages, skip)
  } else {
    // Discovery: folders with a mojo.toml, plus the package pixi.toml's [package] describes.
    const candidates = await packageFolders(workspace, skip)
    const withManifest = await Promise.all(
      candidates.map((rel) =>
        fs.stat(path.join(workspace, rel, 'mojo.toml')).then(
          () => true,
          () => false
        )
      )
    )
    folders = candidates.filter((rel, i) => withManifest[i] || rel === ctx.pixiPackageDir)
  }

  const drafts = []
  for (const relDir of folders) drafts.push(await loadPackage(ctx, relDir))
  checkUniqueImports(drafts)
  const dependencies = resolveDependencies(drafts, version === undefined)
  const packages = drafts.map((d) => ({ ...d, dependencies: dependencies.get(d.import)! }))
  if (inputs.checkTag) checkTag(packages, env.GITHUB_REF)

  const pixi = found?.pixi
  return {
    name: pixi?.workspace.name ?? pixi?.package?.name ?? path.basename(workspace),
    version: version ?? pixi?.workspace.version,
    license: pixi?.workspace.license ?? pixi?.package?.license,
    packages
  }
}

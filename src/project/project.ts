/**
 * Loads the workspace's packages: finds their folders in the layouts real projects use, reads their
 * mojo.toml, the workspace's pixi.toml (or mojoproject.toml) and a workspace mojo.toml, applies the
 * `version` input, resolves dependencies between packages and checks the release tag.
 *
 * Names: code imports a package by its folder's name, so that is its import name; in pixi's `src/`
 * layout (and for a package at the workspace root) it is the declared name as an identifier. The name
 * mojo.toml or pixi.toml gives is the distribution name, for wheels and conda packages.
 */
import * as core from '@actions/core'
import path from 'node:path'
import { InputError, ProjectFileError } from '../errors.js'
import type { Inputs } from '../inputs/inputs.js'
import { untrusted } from '../log.js'
import { importName, isIdentifier, isPackageName } from '../names.js'
import {
  isPackageDir,
  libraryFolders,
  mojoSources,
  moduleFile,
  packageFolders,
  selectPackageFolders
} from './discover.js'
import { packageImports } from './imports.js'
import { findLicenseFile, type DeclaredLicenseFile } from './license-file.js'
import { parseMojoToml, versionOf } from './mojo-toml.js'
import { normalisePackageVersion } from '../package-version.js'
import { parsePixiToml, type PixiToml } from './pixi-toml.js'
import { resolveDependencies } from './plan.js'
import { parseRootMojoToml, type RootMojoToml } from './root-mojo-toml.js'
import { checkTag } from './tag-check.js'
import type { PackageSpec, Project } from './package-spec.js'
import { readWorkspaceFile } from '../workspace-files.js'
import { packagedFolder, recipeFolder } from './recipe.js'
import { optionalString, readToml, table } from './toml.js'
import { readmeFile } from './readme.js'

export type ProjectInputs = Pick<Inputs, 'workspace' | 'packages' | 'outputDir' | 'version' | 'checkTag'>

/** The workspace files pixi has used, newest first. */
export const PIXI_FILES = ['pixi.toml', 'mojoproject.toml']
const MOJO_TOML = 'mojo.toml'
const PYPROJECT = 'pyproject.toml'

/** Folders of programs that use a library: a `[packages]` table lists them, but they are not shipped. */
const PROGRAM_FOLDERS = new Set([
  'examples',
  'example',
  'tests',
  'test',
  'benchmarks',
  'benchmark',
  'bench',
  'scripts',
  'tools',
  'docs'
])

/** What the workspace files say about a package folder that has no mojo.toml of its own. */
interface Declared {
  name: string
  version?: string
  license?: string
  /** `license-file` as written, relative to `file`'s folder. */
  licenseFile?: string
  description?: string
  /** The file that declares it, for messages. */
  file: string
  /** The rule that took the folder, for the log: `the folder named after pixi.toml's package my-lib`. */
  rule: string
  /** The import name the build tool gives it (pixi-build-mojo's `pkg.name`), when not the folder's. */
  import?: string
}

/** The name and version a project file gives the whole project, and how to name it in the log. */
type ProjectName = Omit<Declared, 'rule' | 'import'> & { label: string }

interface Workspace {
  root: string
  /** The normalised `version` input. */
  version?: string
  pixi?: { file: string; toml: PixiToml }
  rootToml?: { file: string; toml: RootMojoToml }
  /** Absolute; the workspace root's license file. */
  licenseFile?: string
  /** Package folders the workspace files declare (relative) and what they say. */
  declared: Map<string, Declared>
  /** `[packages]` folders left out by default, for the log. */
  leftOut: string[]
  /** The project's own name (pixi, pyproject.toml, mojo.toml), first found; its only library takes it. */
  project?: ProjectName
}

type Draft = Omit<PackageSpec, 'dependencies'>

/**
 * The first of the folders where projects keep a package named `name`: `<name>/`, `src/<name>/` (as
 * written or as an identifier), then `src/` itself (pixi-build-mojo's rule) unless `orSrc` is false.
 */
async function folderOf(root: string, name: string, orSrc = true): Promise<string | undefined> {
  const names = [...new Set([name, importName(name), importName(name).toLowerCase()])]
  for (const rel of [...names, ...names.map((n) => `src/${n}`), ...(orSrc ? ['src'] : [])]) {
    if (isPackageDir(root, rel)) return rel
  }
  return undefined
}

/** The names the project files give the project, in order: pixi, pyproject.toml, a workspace mojo.toml. */
async function projectNames(ws: Workspace): Promise<ProjectName[]> {
  const names: ProjectName[] = []
  if (ws.pixi) {
    const { file, toml } = ws.pixi
    if (toml.package) {
      const own = toml.package
      names.push({
        name: own.name,
        version: own.version,
        licenseFile: own.licenseFile,
        license: own.license ?? toml.workspace.license,
        file,
        label: `${file}'s package ${own.name}`
      })
    }
    const { name } = toml.workspace
    const table = file === 'pixi.toml' ? 'workspace' : 'project'
    if (name !== undefined) names.push({ ...toml.workspace, name, file, label: `${file}'s ${table} ${name}` })
  }
  const text = await readWorkspaceFile(ws.root, PYPROJECT, 'manifest')
  const project = text === undefined ? undefined : table(readToml(text, PYPROJECT), 'project', PYPROJECT)
  const name = project && optionalString(project, 'name', '[project]', PYPROJECT)
  if (project && name !== undefined && isPackageName(name)) {
    const version =
      project.version === undefined ? undefined : optionalString(project, 'version', '[project]', PYPROJECT)
    names.push({ name, version, file: PYPROJECT, label: `${PYPROJECT}'s project ${name}` })
  }
  const lib = ws.rootToml?.toml.package
  if (lib && Object.keys(ws.rootToml!.toml.packages).length === 0) {
    names.push({ ...lib, file: MOJO_TOML, label: `${MOJO_TOML}'s package ${lib.name}` })
  }
  return names
}

/** `path` as a workspace-relative package folder, when it is one inside the workspace. */
function ownFolder(root: string, given: string): string | undefined {
  const rel = path.posix.normalize(given.replace(/\\/g, '/')).replace(/\/$/, '')
  const dir = rel === '.' ? '' : rel
  if (dir.startsWith('../') || dir === '..' || path.posix.isAbsolute(dir)) return undefined
  return isPackageDir(root, dir) ? dir : undefined
}

/**
 * The one library folder the build tools would package, first found: the folder a recipe's build script
 * packages, pixi-build-mojo's `pkg` (its `path`, else `<name>/` or `src/<name>/`), the folder a pixi task
 * packages, then a folder named after the project (`<name>/`, `src/<name>/`, `src/`). A build command's
 * `-o name.mojopkg` gives the import name.
 */
async function declareOwnFolder(ws: Workspace, names: ProjectName[]): Promise<void> {
  const { root } = ws
  const first = names[0]
  // A recipe or pkg table names the folder; the project gives the distribution name and version.
  const project: Omit<Declared, 'rule'> = first
    ? {
        name: first.name,
        version: first.version,
        license: first.license,
        licenseFile: first.licenseFile,
        description: first.description,
        file: first.file
      }
    : { name: path.basename(root), file: '.' }
  const recipe = await recipeFolder(root)
  if (recipe) {
    const rule = `the folder ${recipe.file}'s build script packages`
    ws.declared.set(recipe.dir, { ...project, rule, import: recipe.import })
    return
  }
  const pkg = ws.pixi?.toml.package?.pkg
  if (pkg && (pkg.name !== undefined || pkg.path !== undefined)) {
    const where = `${ws.pixi!.file} [package.build.configuration.pkg]`
    const dir = pkg.path !== undefined ? ownFolder(root, pkg.path) : await folderOf(root, pkg.name!, false)
    if (dir !== undefined) {
      const rule = pkg.path !== undefined ? `${where} path ${pkg.path}` : `${where} name ${pkg.name}`
      const imported = pkg.name === undefined ? undefined : importName(pkg.name)
      ws.declared.set(dir, { ...project, rule, import: imported })
      return
    }
  }
  // A pixi task that runs `mojo package src -o sdl.mojopkg` is how the project builds its library.
  const manifest = ws.pixi && (await readWorkspaceFile(root, ws.pixi.file, 'manifest'))
  const task = manifest ? packagedFolder(root, manifest) : undefined
  if (task) {
    const rule = `the folder a ${ws.pixi!.file} task packages`
    ws.declared.set(task.dir, { ...project, rule, import: task.import })
    return
  }
  for (const named of names) {
    const dir = await folderOf(root, named.name)
    if (dir === undefined) continue
    const { label, ...declared } = named
    ws.declared.set(dir, { ...declared, rule: `the folder named after ${label}` })
    return
  }
}

async function readWorkspace(root: string, version: string | undefined): Promise<Workspace> {
  const ws: Workspace = { root, version, declared: new Map(), leftOut: [] }
  for (const file of PIXI_FILES) {
    const text = await readWorkspaceFile(root, file, 'manifest')
    if (text !== undefined) {
      ws.pixi = { file, toml: parsePixiToml(text, file) }
      break
    }
  }
  const rootText = await readWorkspaceFile(root, MOJO_TOML, 'manifest')
  const rootToml = rootText === undefined ? undefined : parseRootMojoToml(rootText, MOJO_TOML)
  if (rootToml) ws.rootToml = { file: MOJO_TOML, toml: rootToml }

  const names = await projectNames(ws)
  ws.project = names[0]
  await declareOwnFolder(ws, names)
  if (rootToml) {
    const lib = rootToml.package
    const listed = Object.entries(rootToml.packages)
    for (const [name, dir] of listed) {
      if (!isPackageDir(root, dir)) continue
      if (PROGRAM_FOLDERS.has(name) || PROGRAM_FOLDERS.has(path.posix.basename(dir))) {
        ws.leftOut.push(dir)
        continue
      }
      const isLib = lib !== undefined && [name, path.posix.basename(dir)].includes(importName(lib.name))
      const rule = `${MOJO_TOML} [packages] ${name}`
      ws.declared.set(
        dir,
        isLib
          ? { ...lib, file: MOJO_TOML, rule }
          : { name, version: lib?.version, license: lib?.license, file: MOJO_TOML, rule }
      )
    }
  }
  const pixiFile = ws.pixi?.toml.workspace.licenseFile
  const libFile = rootToml?.package?.licenseFile
  const declared: DeclaredLicenseFile | undefined =
    pixiFile !== undefined
      ? { value: pixiFile, manifest: ws.pixi!.file }
      : libFile !== undefined
        ? { value: libFile, manifest: MOJO_TOML }
        : undefined
  ws.licenseFile = await findLicenseFile(root, root, declared)
  return ws
}

/** The version every package takes when neither it nor the input gives one. */
function workspaceVersion(ws: Workspace): { version: string; where: string; file: string } | undefined {
  const pixi = ws.pixi?.toml.workspace.version
  if (pixi !== undefined) return { version: pixi, where: 'workspace version', file: ws.pixi!.file }
  const lib = ws.rootToml?.toml.package?.version
  if (lib !== undefined) return { version: lib, where: '[package] version', file: MOJO_TOML }
  return undefined
}

function versionFrom(ws: Workspace, declared: Declared | undefined): string | undefined {
  if (declared?.version !== undefined) return versionOf(declared.version, 'the version', declared.file)
  const shared = workspaceVersion(ws)
  return shared && versionOf(shared.version, shared.where, shared.file)
}

/** The name code imports the package in `relDir` by; it must be a Mojo identifier. */
function importOf(ws: Workspace, relDir: string, declaredName: string | undefined, given?: string): string {
  const folder = relDir === '' ? path.basename(ws.root) : path.posix.basename(relDir)
  const name =
    given ?? ((relDir === '' || folder === 'src') && declaredName ? importName(declaredName) : folder)
  if (!isIdentifier(name)) {
    throw new ProjectFileError(
      untrusted(relDir || '.'),
      `code imports a package by its folder's name, and '${untrusted(name)}' is not a Mojo identifier: rename the folder (e.g. ${untrusted(importName(name))}).`
    )
  }
  return name
}

async function loadPackage(ws: Workspace, relDir: string): Promise<Draft> {
  const dir = path.join(ws.root, relDir)
  const mojoToml = path.posix.join(relDir, MOJO_TOML)
  const text =
    relDir === '' && ws.rootToml ? undefined : await readWorkspaceFile(ws.root, mojoToml, 'manifest')
  const declared = ws.declared.get(relDir)
  const license = declared?.license ?? ws.pixi?.toml.workspace.license
  const ownLicenseFile = (own?: DeclaredLicenseFile) =>
    findLicenseFile(
      ws.root,
      dir,
      own ??
        (declared?.licenseFile === undefined
          ? undefined
          : { value: declared.licenseFile, manifest: declared.file })
    )
  if (text === undefined) {
    const name = declared?.name ?? (relDir === '' ? path.basename(ws.root) : path.posix.basename(relDir))
    const version = ws.version ?? versionFrom(ws, declared)
    if (version === undefined) {
      throw new ProjectFileError(
        mojoToml,
        `is missing, and no version is given for the package in ${relDir || '.'}: add ${mojoToml} with ` +
          `[project] name and version, add a version to pixi.toml, or set the 'version' input.`
      )
    }
    const imported = importOf(ws, relDir, declared?.name, declared?.import)
    return {
      dir,
      relDir,
      name,
      import: imported,
      version,
      license,
      licenseFile: await ownLicenseFile(),
      description: declared?.description,
      requires: {},
      verifyImports: []
    }
  }
  const own = parseMojoToml(text, mojoToml)
  const version = ws.version ?? own.version ?? versionFrom(ws, declared)
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
    import: importOf(ws, relDir, own.name),
    version,
    description: own.description,
    license: own.license ?? license,
    licenseFile: await ownLicenseFile(
      own.licenseFile === undefined ? undefined : { value: own.licenseFile, manifest: mojoToml }
    ),
    authors: own.authors,
    requires: own.requires,
    verifyImports: own.verifyImports
  }
}

/**
 * A package with no mojo.toml has no `[dependencies]`: take the workspace packages its sources
 * import, so it builds against them, and say so.
 */
async function inferDependencies(root: string, drafts: Draft[]): Promise<void> {
  const imports = new Set(drafts.map((d) => d.import))
  for (const draft of drafts.filter((d) => d.mojoToml === undefined)) {
    const used = [...(await packageImports(root, draft.relDir))]
      .filter((n) => n !== draft.import && imports.has(n))
      .sort()
    if (used.length === 0) continue
    for (const name of used) draft.requires[name] = '*'
    core.info(
      untrusted(
        `${draft.relDir || '.'} has no mojo.toml: it depends on the workspace packages it imports: ${used.join(', ')}.`
      )
    )
  }
}

function checkUniqueImports(packages: Draft[]): void {
  const seen = new Map<string, Draft>()
  for (const pkg of packages) {
    const other = seen.get(pkg.import)
    if (other) {
      throw new ProjectFileError(
        `${other.mojoToml ?? other.relDir}, ${pkg.mojoToml ?? pkg.relDir}`,
        `the packages in ${other.relDir} ('${other.name}') and ${pkg.relDir} ('${pkg.name}') would both be ` +
          `imported as '${pkg.import}': rename one of the folders.`
      )
    }
    seen.set(pkg.import, pkg)
  }
}

/**
 * Adds the library folders the found packages import, by folder name and transitively: `tls/` that imports
 * `crypto` does not build without `crypto/` built beside it. A name pixi.toml declares as a dependency is
 * another project's package (a vendored copy of it is not ours to ship).
 */
async function withImported(
  ws: Workspace,
  skip: string[],
  folders: Map<string, string>
): Promise<Map<string, string>> {
  const { root } = ws
  const declared = new Set((ws.pixi?.toml.dependencies ?? []).map((d) => importName(d.name)))
  const byName = new Map(
    (await libraryFolders(root, skip))
      .map((rel) => [path.posix.basename(rel), rel] as const)
      .filter(([name]) => !declared.has(name))
  )
  const queue = [...folders.keys()]
  for (let rel = queue.shift(); rel !== undefined; rel = queue.shift()) {
    for (const name of await packageImports(root, rel)) {
      const dep = byName.get(name)
      if (dep === undefined || folders.has(dep)) continue
      folders.set(dep, `imported by ${rel || '.'}`)
      queue.push(dep)
    }
  }
  return folders
}

/**
 * Discovery, folder -> the rule that took it: folders with a mojo.toml, the ones the workspace files
 * declare, else the only library folder of a project with a name and a version. A library left unbuilt
 * is an error; only a workspace with no library at all builds nothing (a setup step).
 */
async function discover(ws: Workspace, skip: string[]): Promise<Map<string, string>> {
  const candidates = await packageFolders(ws.root, skip)
  const withToml = await Promise.all(
    candidates.map((rel) =>
      readWorkspaceFile(ws.root, path.join(rel, MOJO_TOML), 'manifest').then((t) => t !== undefined)
    )
  )
  const folders = new Map<string, string>()
  candidates.forEach((rel, i) => {
    if (withToml[i] && !(rel === '' && ws.rootToml)) folders.set(rel, 'its mojo.toml')
    else if (ws.declared.has(rel)) folders.set(rel, ws.declared.get(rel)!.rule)
  })
  if (ws.leftOut.length > 0) {
    core.info(
      untrusted(
        `${MOJO_TOML} [packages] also lists ${ws.leftOut.join(', ')}: folders of programs that use the library, ` +
          `left out; list them in the 'packages' input to build them too.`
      )
    )
  }
  if (folders.size > 0) return withImported(ws, skip, folders)
  const project = ws.project
  const version = ws.version ?? project?.version ?? workspaceVersion(ws)?.version
  if (candidates.length === 0) {
    // A project with a name and a version whose library is one module: `mojo package` builds folders.
    const name = project && version !== undefined ? importName(project.name) : undefined
    const single = name === undefined ? undefined : moduleFile(ws.root, name)
    if (single) {
      throw new ProjectFileError(
        untrusted(single),
        `the library of ${untrusted(project!.label)} is this one module, and Mojo packages are folders, so ` +
          `this build would ship nothing. Move it to ${untrusted(name!)}/__init__.mojo (users still write ` +
          `'from ${untrusted(name!)} import ...'), or set 'packages: none' to install the toolchain only.`
      )
    }
    return folders
  }
  const libraries = await libraryFolders(ws.root, skip)
  if (libraries.length === 1 && project && version !== undefined) {
    const { label, ...declared } = project
    const rule = `the only library folder of ${label}`
    ws.declared.set(libraries[0], { ...declared, rule })
    return new Map([[libraries[0], rule]])
  }
  if (libraries.length > 0) {
    const shown = libraries.slice(0, 10).join(', ') + (libraries.length > 10 ? ', ...' : '')
    const why =
      libraries.length > 1
        ? `several library folders and no rule to choose: none has a mojo.toml, and no recipe, pixi-build-mojo pkg, pixi task or project name names one`
        : `a library folder with no mojo.toml, in a project that gives no name and version`
    throw new ProjectFileError(
      untrusted(shown),
      `${why}, so this build would ship nothing. List the ones to build in the 'packages' input ` +
        // Without a version anywhere, the packages input alone would stop at the next step: say both.
        `(e.g. packages: ${untrusted(libraries[0])}${version === undefined ? ' with version: 0.1.0' : ''}), ` +
        `or add a mojo.toml with [project] name and version to each; ` +
        `'packages: none' installs the toolchain only.`
    )
  }
  const shown = candidates.slice(0, 10).join(', ') + (candidates.length > 10 ? ', ...' : '')
  core.warning(
    untrusted(
      `Found folders with __init__.mojo (${shown}), but none is a package to build: they are tests, examples, ` +
        `benchmarks, docs, scripts or fixtures. List the ones to build in the 'packages' input, or add a ` +
        `mojo.toml with [project] name and version to each.`
    )
  )
  return folders
}

/** The `packages` value that builds nothing: the action installs the toolchain only. */
const SETUP_ONLY = 'none'

export async function loadProject(
  inputs: ProjectInputs,
  env: NodeJS.ProcessEnv = process.env
): Promise<Project> {
  let version: string | undefined
  if (inputs.version !== '') {
    version = normalisePackageVersion(inputs.version)
    if (version === undefined) {
      throw new InputError(
        'version',
        `'${untrusted(inputs.version)}' is neither a SemVer nor a PEP 440 version: write it like 0.1.0 or 0.26.1.2.`
      )
    }
  }
  const ws = await readWorkspace(inputs.workspace, version)
  const skip = [inputs.outputDir]
  // `packages: none`: a setup step on purpose, in a repository whose __init__.mojo folders are no library.
  const setupOnly = inputs.packages.length === 1 && inputs.packages[0] === SETUP_ONLY
  const folders = setupOnly
    ? new Map<string, string>()
    : inputs.packages.length > 0
      ? new Map(
          (await selectPackageFolders(inputs.workspace, inputs.packages, skip)).map((rel) => [
            rel,
            "the 'packages' input"
          ])
        )
      : await discover(ws, skip)

  const drafts: Draft[] = []
  for (const relDir of [...folders.keys()].sort()) drafts.push(await loadPackage(ws, relDir))
  checkUniqueImports(drafts)
  for (const draft of drafts) {
    core.info(untrusted(`${draft.import} (${draft.relDir || '.'}): ${folders.get(draft.relDir)!}`))
  }
  // Every package's sources and README are resolved now: a link out of the repository fails before any download.
  for (const draft of drafts) {
    await mojoSources(draft.dir, ws.root)
    readmeFile(ws.root, draft.relDir)
  }
  await inferDependencies(ws.root, drafts)
  const dependencies = resolveDependencies(drafts, version === undefined)
  const packages = drafts.map((d) => ({ ...d, dependencies: dependencies.get(d.import)! }))
  if (inputs.checkTag) checkTag(packages, env.GITHUB_REF)

  const pixi = ws.pixi?.toml
  const lib = ws.rootToml?.toml.package
  return {
    name: pixi?.workspace.name ?? ws.project?.name ?? lib?.name ?? path.basename(inputs.workspace),
    version: version ?? pixi?.workspace.version ?? lib?.version,
    license: pixi?.workspace.license ?? pixi?.package?.license ?? lib?.license,
    licenseFile: ws.licenseFile,
    manifest: ws.pixi?.file ?? ws.rootToml?.file,
    declaredDependencies: Object.fromEntries(
      (pixi?.dependencies ?? []).map((d) => [importName(d.name), `${ws.pixi!.file} ${d.table} ${d.name}`])
    ),
    packages
  }
}

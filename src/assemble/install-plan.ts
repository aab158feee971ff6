/**
 * How a user installs each artifact, as data. INSTALL.md is rendered from these plans and the verify
 * stage runs the same plans (with its own library folder), so the guide is exactly what was proven.
 *
 * Facts behind it: a precompiled package only loads in the compiler version that built it; the
 * compiler finds a package by its file name, which must be the import name (`data.mojoc`), so the
 * versioned download is copied under that name; a package built against another needs that one's
 * file installed beside it; `mojo run -I DIR` adds the folder to the import path.
 */
import path from 'node:path'
import { installedFileName } from '../compile/naming.js'
import { BuildError } from '../errors.js'
import type { Artifact, PackageFormat } from '../types.js'
import { wheelVersion } from '../package-version.js'

/** Where INSTALL.md tells users to put packages (also install.sh's default without MOJO_LIBS). */
export const DEFAULT_LIB_DIR = '~/.local/lib/mojo'

/** Run once in the download folder, before any install. */
export const CHECKSUM_COMMAND = ['sha256sum', '-c', 'SHA256SUMS', '--ignore-missing']

/** How installed packages are used: an example program and the `mojo run` that runs it. */
export interface Usage {
  /** The folder to pass as `mojo run -I`. */
  importPath: string
  /** Import names that work after the install, in the order the program imports them (line 1 on). */
  imports: string[]
  /** The example program, saved as `file` in the working folder. */
  program: { file: string; text: string }
  /** The `mojo` to run: a venv's own for a wheel; absent for the one on PATH. */
  mojo?: string
  /** The arguments of `mojo`: `run -I LIB app.mojo`. */
  mojoArgs: string[]
}

/** A copy the install makes: download-relative source -> path in the library folder. */
interface Copy {
  from: string
  to: string
}

/**
 * Commands are argv (no shell), run in the download folder in this order: `extract` (bundle and
 * archives), then `install`. With the default libDir they hold `~/...` for INSTALL.md; a caller that
 * runs them passes an absolute libDir.
 */
interface PackagePlan {
  kind: 'package'
  /** The artifact's file, as downloaded. */
  file: string
  /** The exact compiler the installed packages need. */
  mojo?: string
  /** `mkdir -p LIB`, then one `cp` per entry of `copy`. */
  install: string[][]
  /** The package's own file and those it needs, dependencies first. */
  copy: Copy[]
  usage: Usage
}

/** A source archive: extracted into the library folder with those of the packages it needs. */
interface SourcePlan {
  kind: 'source'
  file: string
  /** `mkdir -p LIB`, then `tar -xzf ARCHIVE -C LIB` for each of `downloads`. */
  install: string[][]
  /** The source archives to download, dependencies first (the package's own last). */
  downloads: string[]
  usage: Usage
}

/**
 * A wheel: pip installs it into a venv with what it requires, the exact `mojo-compiler` included, and
 * the venv's own `mojo` imports it with no `-I`.
 */
interface WheelPlan {
  kind: 'wheel'
  file: string
  mojo?: string
  /** `python3 -m venv VENV`, then `VENV/bin/pip install --find-links . NAME==VERSION`. */
  install: string[][]
  /** The wheels to download: those of the packages it requires, then its own. */
  downloads: string[]
  usage: Usage
}

/**
 * A conda package: added to the user's pixi environment (beside the `mojo-compiler` it pins exactly),
 * where `mojo` finds `lib/mojo/<import>` with no `-I`. Nothing here runs pixi: INSTALL.md names the
 * `pixi add` lines, and verification lays the packages into a prefix as a conda client does.
 */
interface CondaPlan {
  kind: 'conda'
  file: string
  mojo?: string
  /** No commands: see above. */
  install: string[][]
  /** The conda packages to add, those it depends on first (its own last). */
  downloads: string[]
  usage: Usage
}

interface BundlePlan {
  kind: 'bundle'
  file: string
  mojo?: string
  extract: string[]
  /** The folder `extract` makes. */
  extractsTo: string
  /** `install.sh LIB`, which makes the copies in `copy`. */
  install: string[][]
  copy: Copy[]
  usage: Usage
}

interface ArchivePlan {
  kind: 'archive'
  file: string
  extract: string[]
  extractsTo: string
  install: string[][]
}

/** How install_verify.sh is run after each way of installing the packages this release offers. */
export interface ScriptRun {
  /** `dir`: a folder given to `-I` (precompiled files or sources); `wheel`: a venv; `conda`: an environment. */
  route: 'dir' | 'wheel' | 'conda'
  /** `sh install_verify.sh ROUTE [FOLDER]`, run in the download folder. */
  argv: string[]
  /** The line INSTALL.md shows: the argv, in the venv or the pixi environment where the route needs one. */
  line: string
}

/** install_verify.sh: nothing to install; it checks the packages where another plan installed them. */
interface ScriptPlan {
  kind: 'script'
  file: string
  install: string[][]
  runs: ScriptRun[]
}

export type InstallPlan =
  PackagePlan | SourcePlan | WheelPlan | CondaPlan | BundlePlan | ArchivePlan | ScriptPlan

/** Every command of a plan, in order: what INSTALL.md shows and verification runs. */
export function planCommands(plan: InstallPlan): string[][] {
  return plan.kind === 'bundle' || plan.kind === 'archive' ? [plan.extract, ...plan.install] : plan.install
}

/** The files a user downloads for a plan: its own, and those of the packages it needs. */
export function planDownloads(plan: InstallPlan): string[] {
  if (plan.kind === 'package') return [...new Set([plan.file, ...plan.copy.map((c) => c.from)])]
  if (plan.kind === 'source' || plan.kind === 'wheel' || plan.kind === 'conda') return plan.downloads
  return [plan.file]
}

export interface PlanOptions {
  /** The library folder; DEFAULT_LIB_DIR in INSTALL.md, a fresh folder in verification. */
  libDir?: string
  /** Names to import from a package (by import name) in the example; else a plain `import`. */
  symbols?: ReadonlyMap<string, string[]>
  /** The venv a wheel installs into; `.venv` in INSTALL.md, a fresh folder in verification. */
  venv?: string
  /** More `pip install` options: verification installs offline, from the compiler wheels it has. */
  pipOptions?: string[]
  /** The conda environment's `lib/mojo`; a fresh prefix's in verification. */
  condaLib?: string
}

const EXAMPLE_FILE = 'app.mojo'

export function packageFormat(file: string): PackageFormat {
  return file.endsWith('.mojopkg') ? 'mojopkg' : 'mojoc'
}

function importOf(pkg: Artifact): string {
  return pkg.import ?? pkg.name
}

/** The file a package is installed as: `data-0.1.0.mojoc` -> `data.mojoc`. */
export function installedName(pkg: Artifact): string {
  return installedFileName(importOf(pkg), packageFormat(pkg.file))
}

/** The built package (or its source archive, for `kind: 'source'`) that code imports as `name`. */
function findPackage(
  artifacts: Artifact[],
  name: string,
  neededBy: string,
  kind: Artifact['kind'] = 'package'
): Artifact {
  const found = artifacts.find((a) => a.kind === kind && importOf(a) === name)
  if (found === undefined) {
    throw new BuildError(`'${neededBy}' needs the package '${name}', which is not among the built packages.`)
  }
  return found
}

/** The package (or source archive) and everything it needs, of the same kind, dependencies first (each once). */
export function withDependencies(pkg: Artifact, artifacts: Artifact[]): Artifact[] {
  const ordered: Artifact[] = []
  const visit = (current: Artifact, trail: string[]): void => {
    if (ordered.includes(current) || trail.includes(importOf(current))) return
    for (const dep of current.dependencies ?? []) {
      visit(findPackage(artifacts, dep, importOf(current), pkg.kind), [...trail, importOf(current)])
    }
    ordered.push(current)
  }
  visit(pkg, [])
  return ordered
}

export function exampleProgram(
  imports: string[],
  symbols: ReadonlyMap<string, string[]> = new Map()
): string {
  const lines = imports.map((name) => {
    const wanted = symbols.get(name) ?? []
    return wanted.length > 0 ? `from ${name} import ${wanted.join(', ')}` : `import ${name}`
  })
  return `${lines.join('\n')}\n\n\ndef main():\n    print("imported ${imports.join(', ')}")\n`
}

/** How packages installed in `libDir` are imported and run. */
export function usageOf(libDir: string, imports: string[], symbols?: ReadonlyMap<string, string[]>): Usage {
  return {
    importPath: libDir,
    imports,
    program: { file: EXAMPLE_FILE, text: exampleProgram(imports, symbols) },
    mojoArgs: ['run', '-I', libDir, EXAMPLE_FILE]
  }
}

/** install_verify.sh after each install route the artifacts offer: a folder, a venv, a conda environment. */
function scriptRuns(file: string, artifacts: Artifact[], libDir: string, venv: string): ScriptRun[] {
  const has = (...kinds: Artifact['kind'][]) => artifacts.some((a) => kinds.includes(a.kind))
  const runs: ScriptRun[] = []
  const run = (route: ScriptRun['route'], args: string[], within = (line: string) => line) => {
    const argv = ['sh', file, route, ...args]
    runs.push({ route, argv, line: within(shellLine(argv)) })
  }
  if (has('package', 'source')) run('dir', [libDir])
  if (has('wheel')) run('wheel', [], (line) => `. ${path.posix.join(venv, 'bin', 'activate')} && ${line}`)
  if (has('conda')) run('conda', [], (line) => `pixi run ${line}`)
  return runs
}

/** What a wheel or conda package installs: its own package, or every package for a bundle. */
function importsOf(artifact: Artifact): string[] {
  return artifact.import ? [artifact.import] : (artifact.contents ?? [])
}

/** A wheel's or conda package's files and those of the packages it installs with, its own last. */
function downloadsOf(artifact: Artifact, artifacts: Artifact[]): string[] {
  const installs = artifact.import
    ? [artifact]
    : importsOf(artifact).map((name) => findPackage(artifacts, name, artifact.name, artifact.kind))
  return [
    ...new Set([...installs.flatMap((a) => withDependencies(a, artifacts).map((d) => d.file)), artifact.file])
  ]
}

/** What pip is asked for to install a wheel: `name==version`. */
export function pipRequirement(wheel: Artifact): string {
  return `${wheel.name}==${wheelVersion(wheel.version) ?? wheel.version}`
}

export function installPlan(
  artifact: Artifact,
  artifacts: Artifact[],
  options: PlanOptions = {}
): InstallPlan {
  const libDir = options.libDir ?? DEFAULT_LIB_DIR
  const root = `${artifact.name}-${artifact.version}`
  const file = artifact.file
  switch (artifact.kind) {
    case 'package': {
      const copy = withDependencies(artifact, artifacts).map((pkg) => ({
        from: pkg.file,
        to: path.posix.join(libDir, installedName(pkg))
      }))
      return {
        kind: 'package',
        file,
        mojo: artifact.mojo,
        install: [['mkdir', '-p', libDir], ...copy.map((c) => ['cp', c.from, c.to])],
        copy,
        usage: usageOf(libDir, [importOf(artifact)], options.symbols)
      }
    }
    case 'source': {
      const downloads = withDependencies(artifact, artifacts).map((a) => a.file)
      return {
        kind: 'source',
        file,
        install: [['mkdir', '-p', libDir], ...downloads.map((d) => ['tar', '-xzf', d, '-C', libDir])],
        downloads,
        usage: usageOf(libDir, [importOf(artifact)], options.symbols)
      }
    }
    case 'conda':
      return {
        kind: 'conda',
        file,
        mojo: artifact.mojo,
        install: [],
        downloads: downloadsOf(artifact, artifacts),
        usage: {
          ...usageOf(options.condaLib ?? '$CONDA_PREFIX/lib/mojo', importsOf(artifact), options.symbols),
          mojoArgs: ['run', EXAMPLE_FILE]
        }
      }
    case 'wheel': {
      const venv = options.venv ?? '.venv'
      const wanted = pipRequirement(artifact)
      const downloads = downloadsOf(artifact, artifacts)
      const pip = path.posix.join(venv, 'bin', 'pip')
      return {
        kind: 'wheel',
        file,
        mojo: artifact.mojo,
        install: [
          ['python3', '-m', 'venv', venv],
          [pip, 'install', ...(options.pipOptions ?? []), '--find-links', '.', wanted]
        ],
        downloads,
        usage: {
          ...usageOf(venv, importsOf(artifact), options.symbols),
          mojo: path.posix.join(venv, 'bin', 'mojo'),
          mojoArgs: ['run', EXAMPLE_FILE]
        }
      }
    }
    case 'bundle': {
      const names = (artifact.contents ?? []).map((name) =>
        installedName(findPackage(artifacts, name, artifact.name))
      )
      return {
        kind: 'bundle',
        file,
        mojo: artifact.mojo,
        extract: ['tar', '-xzf', file],
        extractsTo: root,
        install: [[`./${root}/install.sh`, libDir]],
        copy: names.map((name) => ({ from: `${root}/lib/${name}`, to: path.posix.join(libDir, name) })),
        usage: usageOf(libDir, artifact.contents ?? [], options.symbols)
      }
    }
    case 'archive':
      return {
        kind: 'archive',
        file,
        extract: file.endsWith('.zip') ? ['unzip', '-q', file] : ['tar', '-xzf', file],
        extractsTo: root,
        install: []
      }
    case 'script':
      return {
        kind: 'script',
        file,
        install: [],
        runs: scriptRuns(file, artifacts, libDir, options.venv ?? '.venv')
      }
  }
}

/**
 * The lines a user runs to install, as INSTALL.md and the summary show them: the plan's commands, or for
 * a conda package the `pixi add` of each file (pixi takes a `.conda` by absolute path).
 */
export function installLines(plan: InstallPlan): string[] {
  if (plan.kind === 'conda') return plan.downloads.map((file) => `pixi add "$PWD/${file}"`)
  return planCommands(plan).map(shellLine)
}

/** One argv as a shell line a user can paste: plain words stay bare (a leading `~/` still expands). */
export function shellLine(argv: string[]): string {
  return argv
    .map((word) =>
      /^[\w@%+=:,./~-]+$/.test(word) && !/.~/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`
    )
    .join(' ')
}

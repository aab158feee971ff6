/**
 * Conda for the integration tests: the real compiler as a conda package, local channel folders, and a real
 * conda client (py-rattler, driven by conda_client.py) that indexes, solves and installs from them offline.
 */
import { execFile, execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { writeCondaPackage, type CondaFile } from '../../src/assemble/conda-package.js'
import { fileDigest } from '../../src/digest.js'
import { repoRoot } from './run-action.js'
import { tempDir } from './temp.js'
import { ensureWheels } from './wheels.js'

/** The conda platform of this machine, where the compiler package goes: the tests run on Linux. */
export const PLATFORM_SUBDIR = process.arch === 'arm64' ? 'linux-aarch64' : 'linux-64'

/**
 * The real `mojo-compiler` of `version` as a conda package, built from its PyPI wheels (cached by
 * ensureWheels): Modular's conda channel, where the real one is, is out of the tests' reach. Laid out as
 * the real package (`mojo-compiler-<version>-release.conda` for the platform): the wheels' `modular/`
 * trees at the prefix root, so `bin/mojo`, `bin/lld`, `lib/*.so` and the standard library in
 * `lib/mojo/`, where packages that depend on the compiler put theirs. The real package also carries
 * `share/max/modular.cfg`, whose `[mojo-max] import_path = <prefix>/lib/mojo` and `package_root =
 * <prefix>` the driver reads from $MODULAR_HOME (set by activation): the same settings as the variables
 * `driverEnv(prefix)` gives, which the tests use instead. Written at zstd level 1: 270 MB at conda's
 * level 19 takes minutes.
 */
export async function compilerConda(version: string, outDir: string): Promise<string> {
  const files: CondaFile[] = []
  for (const wheel of ensureWheels(version)) {
    const tree = `${wheel.project.replace(/-/g, '_')}-${version}.data/platlib/modular`
    const dir = tempDir('wheel')
    execFileSync('unzip', ['-q', wheel.path, `${tree}/*`, '-d', dir])
    const root = path.join(dir, tree)
    for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue
      const file = path.join(entry.parentPath, entry.name)
      const rel = path.relative(root, file).split(path.sep).join('/')
      const mode = rel.startsWith('bin/') || rel.endsWith('.so') ? 0o755 : 0o644
      files.push({ type: 'file', path: rel, mode, source: { file }, ...(await fileDigest(file)) })
    }
  }
  const index = {
    name: 'mojo-compiler',
    version,
    build: 'release',
    build_number: 0,
    depends: [],
    subdir: PLATFORM_SUBDIR,
    timestamp: 0
  }
  return writeCondaPackage({ index, about: { summary: 'The Mojo compiler' }, files }, outDir, 0, 1)
}

/** A fresh channel folder holding `packages` (`.conda` files), each in the subdir its name is under. */
export function condaChannel(packages: { noarch?: string[]; platform?: string[] }): string {
  const channel = tempDir('channel')
  for (const [subdir, files] of [
    ['noarch', packages.noarch ?? []],
    [PLATFORM_SUBDIR, packages.platform ?? []]
  ] as const) {
    fs.mkdirSync(path.join(channel, subdir))
    for (const file of files) fs.linkSync(file, path.join(channel, subdir, path.basename(file)))
  }
  return channel
}

export interface Ran {
  code: number
  stdout: string
  stderr: string
}

/** Runs a tool with exactly `env`, never throwing: the test reads the exit code and the output. */
export function exec(file: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(file, args, { env, cwd, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
      resolve({ code, stdout, stderr })
    })
  })
}

const CLIENT = path.join(repoRoot, '__tests__', 'support', 'conda_client.py')

/** Solves `specs` from `channel` and installs them into the new `prefix`, rattler's caches kept apart. */
export function condaInstall(channel: string, prefix: string, specs: string[]): Promise<Ran> {
  return exec(
    'python3',
    [CLIENT, 'install', channel, prefix, tempDir('rattler-cache'), ...specs],
    process.env
  )
}

/** Solves `specs` from channel folders already indexed (their repodata.json as they are) into `prefix`. */
export function condaInstallFrom(channels: string[], prefix: string, specs: string[]): Promise<Ran> {
  return exec(
    'python3',
    [CLIENT, 'install-from', channels.join(','), prefix, tempDir('rattler-cache'), ...specs],
    process.env
  )
}

/** Indexes a channel folder as a channel server has it. */
export async function condaIndex(channel: string): Promise<void> {
  const indexed = await exec('python3', [CLIENT, 'index', channel], process.env)
  if (indexed.code !== 0) throw new Error(`conda_client.py index failed: ${indexed.stderr}`)
}

/** `versions` in the order conda puts them. */
export async function condaSorted(versions: string[]): Promise<string[]> {
  const sorted = await exec('python3', [CLIENT, 'sort', ...versions], process.env)
  if (sorted.code !== 0) throw new Error(`conda_client.py sort failed: ${sorted.stderr}`)
  return sorted.stdout.trim().split('\n')
}

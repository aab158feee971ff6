/**
 * Real Mojo compiler wheels for tests, fetched once with the ordinary client
 * (`pip download`) into a cache folder outside the repository and reused between runs.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/** The two real versions the tests run: a 1.x (`mojo precompile`) and a 0.26.x (`mojo package`). */
export const MOJO_VERSIONS = ['1.2.0', '0.26.2.0'] as const

/**
 * Every mojo-compiler release on PyPI, betas included, nightlies (`.dev`) not, oldest first: the action must
 * work with each (`pip index versions --pre mojo-compiler`; add new releases here).
 */
export const MOJO_RELEASES = [
  '0.25.6.0',
  '0.25.6.1',
  '0.25.7.0',
  '0.26.1.0',
  '0.26.2.0',
  '1.0.0b1',
  '1.0.0b2',
  '1.0.0',
  '1.1.0',
  '1.2.0'
] as const

export const cacheRoot =
  process.env.MOJO_ACTION_TEST_CACHE ?? path.join(os.homedir(), '.cache', 'mojo-package-action')
export const wheelDir = path.join(cacheRoot, 'wheels')

export interface Wheel {
  project: 'mojo-compiler' | 'mojo-compiler-mojo-libs'
  version: string
  file: string
  path: string
}

function findWheel(project: string, version: string): string | undefined {
  const prefix = `${project.replace(/-/g, '_')}-${version}-`
  return fs.existsSync(wheelDir)
    ? fs.readdirSync(wheelDir).find((f) => f.startsWith(prefix) && f.endsWith('.whl'))
    : undefined
}

function download(project: Wheel['project'], version: string): Wheel {
  let file = findWheel(project, version)
  if (!file) {
    execFileSync(
      'python3',
      [
        '-m',
        'pip',
        'download',
        '--no-deps',
        '--only-binary=:all:',
        '--dest',
        wheelDir,
        `${project}==${version}`
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] }
    )
    file = findWheel(project, version)
    if (!file) throw new Error(`pip download put no ${project} ${version} wheel in ${wheelDir}`)
  }
  return { project, version, file, path: path.join(wheelDir, file) }
}

const LIBS = 'mojo-compiler-mojo-libs'

// Whether the compiler wheel's METADATA has `Requires-Dist: mojo-compiler-mojo-libs`, as the installer reads it.
const REQUIRES_LIBS = [
  'import re, sys, zipfile',
  'wheel = zipfile.ZipFile(sys.argv[1])',
  "[name] = [n for n in wheel.namelist() if re.fullmatch(r'[^/]+\\.dist-info/METADATA', n)]",
  "print(bool(re.search(r'^Requires-Dist: *mojo-compiler-mojo-libs\\b', wheel.read(name).decode(), re.M | re.I)))"
].join('\n')

/**
 * Download (once) and list the wheels of one compiler version: mojo-compiler, then mojo-compiler-mojo-libs
 * when the compiler requires it. From 0.26.2.0 the standard library is in that second wheel; older
 * compilers carry it themselves and PyPI has no mojo-compiler-mojo-libs of their version.
 */
export function ensureWheels(version: string): Wheel[] {
  fs.mkdirSync(wheelDir, { recursive: true })
  const compiler = download('mojo-compiler', version)
  const hasLibs =
    findWheel(LIBS, version) !== undefined ||
    execFileSync('python3', ['-c', REQUIRES_LIBS, compiler.path], { encoding: 'utf8' }).trim() === 'True'
  return hasLibs ? [compiler, download(LIBS, version)] : [compiler]
}

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

export const cacheRoot =
  process.env.MOJO_ACTION_TEST_CACHE ?? path.join(os.homedir(), '.cache', 'mojo-package-action')
export const wheelDir = path.join(cacheRoot, 'wheels')

export interface Wheel {
  project: 'mojo-compiler' | 'mojo-compiler-mojo-libs'
  version: string
  file: string
  path: string
}

const projects = ['mojo-compiler', 'mojo-compiler-mojo-libs'] as const

function findWheel(project: string, version: string): string | undefined {
  const prefix = `${project.replace(/-/g, '_')}-${version}-`
  return fs.existsSync(wheelDir)
    ? fs.readdirSync(wheelDir).find((f) => f.startsWith(prefix) && f.endsWith('.whl'))
    : undefined
}

/** Download (once) and list the wheels of one compiler version. */
export function ensureWheels(version: string): Wheel[] {
  fs.mkdirSync(wheelDir, { recursive: true })
  return projects.map((project) => {
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
  })
}

/**
 * uv, the fastest installer users know, as a contender: pinned, installed from PyPI with pip once into a
 * folder outside the repository (beside the wheel cache) and reused, so `.ci/run` needs nothing more.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { cacheRoot } from '../__tests__/support/wheels.js'
import { measure, type Usage } from './measure.js'
import { run, withTemp } from './tools.js'

/** Pinned: uv's speed is what is measured, and it changes between versions. */
export const UV_VERSION = '0.13.8'

/** The `uv` binary of UV_VERSION, installed with `pip install --target` when absent. */
export function ensureUv(python: string): string {
  const target = path.join(cacheRoot, `uv-${UV_VERSION}`)
  const uv = path.join(target, 'bin', 'uv')
  if (!fs.existsSync(uv)) {
    const partial = `${target}.partial-${process.pid}`
    execFileSync(
      python,
      [
        '-m',
        'pip',
        'install',
        '--quiet',
        '--disable-pip-version-check',
        '--target',
        partial,
        `uv==${UV_VERSION}`
      ],
      { stdio: 'inherit', env: { ...process.env, PIP_CONFIG_FILE: '/dev/null' } }
    )
    fs.renameSync(partial, target) // whole or not at all
  }
  const version = execFileSync(uv, ['--version'], { encoding: 'utf8' })
  if (!version.startsWith(`uv ${UV_VERSION} `)) throw new Error(`${uv} is not uv ${UV_VERSION}: ${version}`)
  return uv
}

/** uv reads no configuration of this machine's and never downloads a Python. */
const uvEnv = (): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  UV_NO_CONFIG: '1',
  UV_PYTHON_DOWNLOADS: 'never',
  UV_NO_PROGRESS: '1'
})

/**
 * `uv venv X && uv pip install --python X ...` into a fresh venv, the same packages and index as the pip
 * contender; with `--no-cache` (`cacheDir` undefined) or the cache in `cacheDir`.
 */
export async function uvInstall(
  uv: string,
  python: string,
  index: string,
  version: string,
  cacheDir: string | undefined
): Promise<Usage> {
  return withTemp(['uv-venv'], async (parent) => {
    const venv = path.join(parent, 'venv')
    const cache = cacheDir ? ['--cache-dir', cacheDir] : ['--no-cache']
    const packages = [`mojo-compiler==${version}`, `mojo-compiler-mojo-libs==${version}`]
    const env = uvEnv()
    const { usage } = await measure(async () => {
      await run(uv, ['venv', '--quiet', ...cache, '--python', python, venv], { env })
      await run(
        uv,
        [
          'pip',
          'install',
          '--quiet',
          '--no-deps',
          ...cache,
          '--python',
          venv,
          '--index-url',
          index,
          ...packages
        ],
        { env }
      )
    })
    const lib = path.join(venv, 'lib')
    const mojo = path.join(lib, fs.readdirSync(lib)[0], 'site-packages', 'modular', 'bin', 'mojo')
    if (!fs.existsSync(mojo)) throw new Error(`uv installed no ${mojo}`)
    return usage
  })
}

/**
 * uv, the fastest installer users know, as a contender when this machine has it: the pinned version kept
 * beside the wheel cache (`pip install --target`), else a `uv` on PATH. The bench installs nothing: without
 * uv its rows say "not measured".
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { cacheRoot } from '../__tests__/support/wheels.js'
import { measure, type Usage } from './measure.js'
import { run, withTemp } from './tools.js'

/** Pinned where the bench keeps its own: uv's speed is what is measured, and it changes between versions. */
export const UV_VERSION = '0.13.8'
export const UV_TARGET = path.join(cacheRoot, `uv-${UV_VERSION}`)

export interface Uv {
  bin: string
  version: string
}

/** The pinned uv when kept, else `uv` on PATH; undefined when neither runs. */
export function findUv(): Uv | undefined {
  for (const bin of [path.join(UV_TARGET, 'bin', 'uv'), 'uv']) {
    if (bin !== 'uv' && !fs.existsSync(bin)) continue
    try {
      const version = execFileSync(bin, ['--version'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore']
      })
      return { bin, version: version.trim() }
    } catch {
      // not on PATH
    }
  }
  return undefined
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

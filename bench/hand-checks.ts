/**
 * Each format's verification done by hand, as a user checks a download: install it into something fresh
 * and import it with `mojo run`. The action's verify stage for the same format is what they are held
 * against. Each hand check runs the compiler the toolchain installed, as the action's verification does.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { compilerConda, PLATFORM_SUBDIR } from '../__tests__/support/conda.js'
import { repoRoot } from '../__tests__/support/run-action.js'
import { removeTempDirs } from '../__tests__/support/temp.js'
import { cacheRoot } from '../__tests__/support/wheels.js'
import { measure, type Usage } from './measure.js'
import { run, tempDir, withTemp } from './tools.js'

export const FORMATS = ['mojoc', 'wheel', 'conda', 'source'] as const
export type Format = (typeof FORMATS)[number]

/** The fixture package every verification case checks, and what its check imports. */
export const CHECKED = {
  dir: 'shared/data',
  import: 'data',
  version: '0.1.0',
  symbols: 'Dataset, make_dataset'
}

const APP = `from ${CHECKED.import} import ${CHECKED.symbols}\n\n\ndef main():\n    print("ok")\n`

/** pip with no configuration from this machine (no extra indexes, no find-links) and no version check. */
export const pipEnv: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  PIP_CONFIG_FILE: '/dev/null',
  PIP_DISABLE_PIP_VERSION_CHECK: '1'
}

export interface HandContext {
  python: string
  /** The environment a later `run:` step sees (the toolchain's `mojo` on PATH, its variables). */
  stepEnv: NodeJS.ProcessEnv
  /** The compiler wheels the toolchain was installed from (the wheel check installs them offline). */
  compilerWheels: string
  /** Modular's channel as far as the conda check needs it: the compiler as a conda package. */
  compilerConda?: string
}

/** The one built file of `format` in `dist`. */
function builtFile(dist: string, format: Format): string {
  const pattern = {
    mojoc: /^data-0\.1\.0\.mojoc$/,
    wheel: /^data-0\.1\.0-py3-none-any\.whl$/,
    conda: /^data-0\.1\.0-.*\.conda$/,
    source: /^data-0\.1\.0-src\.tar\.gz$/
  }[format]
  const found = fs.readdirSync(dist).filter((f) => pattern.test(f))
  if (found.length !== 1)
    throw new Error(`expected one ${format} of data in ${dist}, found: ${found.join(', ') || 'none'}`)
  return path.join(dist, found[0])
}

const CONDA_CLIENT = path.join(repoRoot, '__tests__', 'support', 'conda_client.py')

/**
 * The real compiler of `version` as a conda package (built from its wheels, as the conda tests do),
 * kept beside the wheel cache: built once, 270 MB.
 */
export async function ensureCompilerConda(version: string): Promise<string> {
  const dir = path.join(cacheRoot, 'conda', version)
  const existing = fs.existsSync(dir) ? fs.readdirSync(dir).find((f) => f.endsWith('.conda')) : undefined
  if (existing) return path.join(dir, existing)
  const partial = `${dir}.partial-${process.pid}`
  fs.mkdirSync(partial, { recursive: true })
  try {
    const file = await compilerConda(version, partial)
    fs.renameSync(partial, dir)
    return path.join(dir, path.basename(file))
  } finally {
    removeTempDirs()
    fs.rmSync(partial, { recursive: true, force: true })
  }
}

/** A local channel holding `pkg` (noarch) and the compiler (this platform), indexed as a server has it. */
function indexedChannel(pkg: string, compiler: string): string {
  const channel = tempDir('channel')
  fs.mkdirSync(path.join(channel, 'noarch'))
  fs.mkdirSync(path.join(channel, PLATFORM_SUBDIR))
  fs.copyFileSync(pkg, path.join(channel, 'noarch', path.basename(pkg)))
  fs.linkSync(compiler, path.join(channel, PLATFORM_SUBDIR, path.basename(compiler)))
  execFileSync('python3', [CONDA_CLIENT, 'index', channel])
  return channel
}

/** The toolchain's standard library folder(s), from the step's import path. */
function stdlib(env: NodeJS.ProcessEnv): string {
  const value = env.MODULAR_MOJO_MAX_IMPORT_PATH
  if (!value) throw new Error('the step environment has no MODULAR_MOJO_MAX_IMPORT_PATH')
  return value
}

/**
 * The check by hand of `format`, for the package the action built into `dist`: a fresh folder and HOME,
 * the install a user does, then `mojo run` of a program importing the package.
 */
export async function checkByHand(format: Format, dist: string, ctx: HandContext): Promise<Usage> {
  const file = builtFile(dist, format)
  const channel = format === 'conda' ? indexedChannel(file, ctx.compilerConda!) : undefined
  try {
    return await withTemp(['hand', 'home'], async (work, home) => {
      fs.writeFileSync(path.join(work, 'app.mojo'), APP)
      const lib = path.join(work, 'lib')
      const env = { ...ctx.stepEnv, HOME: home }
      const { usage } = await measure(async () => {
        if (format === 'mojoc') {
          fs.mkdirSync(lib)
          fs.copyFileSync(file, path.join(lib, `${CHECKED.import}.mojoc`))
          await run('mojo', ['run', '-I', lib, 'app.mojo'], { cwd: work, env })
        } else if (format === 'source') {
          fs.mkdirSync(lib)
          await run('tar', ['-xzf', file, '-C', lib], { env })
          await run('mojo', ['run', '-I', lib, 'app.mojo'], { cwd: work, env })
        } else if (format === 'wheel') {
          const venv = path.join(work, '.venv')
          await run(ctx.python, ['-m', 'venv', venv], { env: pipEnv })
          const links = ['--find-links', path.dirname(file), '--find-links', ctx.compilerWheels]
          await run(
            path.join(venv, 'bin', 'pip'),
            ['install', '--no-index', ...links, `${CHECKED.import}==${CHECKED.version}`],
            { env: pipEnv }
          )
          await run(path.join(venv, 'bin', 'mojo'), ['run', 'app.mojo'], {
            cwd: work,
            env: { PATH: process.env.PATH, HOME: home }
          })
        } else {
          const prefix = path.join(work, 'prefix')
          await run(
            'python3',
            [CONDA_CLIENT, 'add', channel!, prefix, path.join(home, 'rattler'), CHECKED.import],
            {
              env: { ...process.env, HOME: home }
            }
          )
          // As an activated environment has it: the prefix's lib/mojo on the compiler's import path.
          const importPath = `${stdlib(env)},${path.join(prefix, 'lib', 'mojo')}`
          await run('mojo', ['run', 'app.mojo'], {
            cwd: work,
            env: { ...env, MODULAR_MOJO_MAX_IMPORT_PATH: importPath }
          })
        }
      })
      return usage
    })
  } finally {
    if (channel) fs.rmSync(channel, { recursive: true, force: true })
  }
}

/**
 * The runs the bench compares: the action's bundle, run as a runner runs it, against what users do without
 * it (pip into a venv; `mojo precompile` per package). Each checks that it did the work before it counts.
 */
import { execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { laterStepEnv, repoRoot, runAction, type RunnerDirs } from '../__tests__/support/run-action.js'
import { measure, type Usage } from './measure.js'

const fixture = path.join(repoRoot, '__tests__', 'fixtures', 'workspace')

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `mojo-bench-${prefix}-`))
}

/** Runs `work` with fresh temp folders and removes them afterwards (a toolchain is 260 MB). */
async function withTemp<T>(prefixes: string[], work: (...dirs: string[]) => Promise<T>): Promise<T> {
  const dirs = prefixes.map(tempDir)
  try {
    return await work(...dirs)
  } finally {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** Runs a command to completion; throws with the end of its output when it fails. */
async function run(command: string, args: string[], options: { cwd?: string; env: NodeJS.ProcessEnv }) {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  child.stdout.on('data', (chunk) => (log = (log + chunk).slice(-4000)))
  child.stderr.on('data', (chunk) => (log = (log + chunk).slice(-4000)))
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)))
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${code}:\n${log}`)
}

export interface ActionResult {
  usage: Usage
  /** The environment a later `run:` step would see. */
  env: NodeJS.ProcessEnv
}

/** The action as a setup step: an empty workspace, `cache: false`, with the tool cache in `dirs`. */
export async function actionInstall(
  index: string,
  version: string,
  dirs: RunnerDirs,
  expectCacheHit: boolean
): Promise<ActionResult> {
  return withTemp(['ws'], async (workspace) => {
    const { result, usage } = await measure(() =>
      runAction({
        workspace,
        dirs,
        post: false,
        inputs: { 'mojo-version': version, 'index-url': index, cache: 'false' }
      })
    )
    const { main } = result
    if (main.code !== 0 || main.outputs['cache-hit'] !== String(expectCacheHit)) {
      throw new Error(
        `the action did not install ${version} (exit ${main.code}, cache-hit ${main.outputs['cache-hit']}):\n` +
          `${main.stdout.slice(-4000)}${main.stderr}`
      )
    }
    return { usage, env: laterStepEnv(main) }
  })
}

/** The action building the fixture's three packages (no verify, no upload), with a warm tool cache. */
export async function actionBuild(index: string, dirs: RunnerDirs): Promise<Usage> {
  return withTemp(['ws', 'home'], async (workspace, home) => {
    fs.cpSync(fixture, workspace, { recursive: true })
    const { result, usage } = await measure(() =>
      runAction({
        workspace,
        dirs,
        post: false,
        inputs: { 'index-url': index, verify: 'false', upload: 'false' },
        env: { HOME: home } // a cold compile cache, as the loop gets
      })
    )
    const { main } = result
    if (main.code !== 0 || (JSON.parse(main.outputs.packages ?? '[]') as string[]).length !== 3) {
      throw new Error(`the action did not build the fixture:\n${main.stdout.slice(-4000)}${main.stderr}`)
    }
    return usage
  })
}

/** The least any alternative must do: one `mojo precompile` per package, dependencies first. */
export async function precompileLoop(stepEnv: NodeJS.ProcessEnv): Promise<Usage> {
  return withTemp(['ws', 'home'], async (workspace, home) => {
    fs.cpSync(fixture, workspace, { recursive: true })
    const options = { cwd: workspace, env: { ...stepEnv, HOME: home } }
    const out = path.join(workspace, 'out')
    fs.mkdirSync(out)
    const { usage } = await measure(async () => {
      await run('mojo', ['precompile', 'shared/data', '-o', path.join(out, 'data.mojoc')], options)
      await run(
        'mojo',
        ['precompile', 'shared/odyssey_utils', '-o', path.join(out, 'odyssey_utils.mojoc')],
        options
      )
      await run(
        'mojo',
        ['precompile', 'shared/training', '-o', path.join(out, 'training.mojoc'), '-I', out],
        options
      )
    })
    if (!fs.existsSync(path.join(out, 'training.mojoc')))
      throw new Error('the precompile loop built no training.mojoc')
    return usage
  })
}

/** The interpreter behind `python3` (not a pyenv shim script), so the shim's start-up is not counted. */
export function realPython(): string {
  return execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim()
}

export function pipVersion(python: string): string {
  return execFileSync(python, ['-m', 'pip', '--version'], { encoding: 'utf8' }).split(' ')[1]
}

/** pip with no configuration from this machine (no extra indexes, no find-links) and no version check. */
const pipEnv: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  PIP_CONFIG_FILE: os.devNull,
  PIP_DISABLE_PIP_VERSION_CHECK: '1'
}

export interface PipResult {
  /** `python3 -m venv X`. */
  venv: Usage
  /** `X/bin/pip install ...`. */
  pip: Usage
}

/**
 * `python3 -m venv X && X/bin/pip install --no-deps ...` into a fresh venv, with pip's cache off
 * (`cacheDir` undefined) or in `cacheDir`.
 */
export async function pipInstall(
  python: string,
  index: string,
  version: string,
  cacheDir: string | undefined
): Promise<PipResult> {
  return withTemp(['venv'], async (parent) => {
    const venv = path.join(parent, 'venv')
    const created = await measure(() => run(python, ['-m', 'venv', venv], { env: pipEnv }))
    const cache = cacheDir ? ['--cache-dir', cacheDir] : ['--no-cache-dir']
    const packages = [`mojo-compiler==${version}`, `mojo-compiler-mojo-libs==${version}`]
    const pip = path.join(venv, 'bin', 'pip')
    // pip caches downloads only from https or a trusted host: PyPI is https, the local index is plain http.
    const host = ['--trusted-host', new URL(index).hostname]
    const installed = await measure(() =>
      run(pip, ['install', '--no-deps', ...cache, ...host, '--index-url', index, ...packages], {
        env: pipEnv
      })
    )
    const lib = path.join(venv, 'lib')
    const mojo = path.join(lib, fs.readdirSync(lib)[0], 'site-packages', 'modular', 'bin', 'mojo')
    if (!fs.existsSync(mojo)) throw new Error(`pip installed no ${mojo}`)
    return { venv: created.usage, pip: installed.usage }
  })
}

/**
 * The action verifying one package's wheel (`shared/data` of the fixture, `formats: wheel`): the time of
 * its verify stage as it logs it, and the run's memory. Returns the wheel it built, for the hand check.
 */
export async function actionWheelVerify(
  index: string,
  dirs: RunnerDirs
): Promise<{ usage: Usage; wheel: string; cleanup: () => void }> {
  const workspace = tempDir('ws')
  fs.cpSync(fixture, workspace, { recursive: true })
  const { result, usage } = await measure(() =>
    runAction({
      workspace,
      dirs,
      post: false,
      inputs: { 'index-url': index, packages: 'shared/data', formats: 'wheel', upload: 'false' }
    })
  )
  const { main } = result
  const stage = /^Verify in a clean environment: ([\d.]+) s$/m.exec(main.stdout)
  if (main.code !== 0 || main.outputs.verified !== 'true' || !stage) {
    throw new Error(`the action did not verify the wheel:\n${main.stdout.slice(-4000)}${main.stderr}`)
  }
  return {
    usage: { ...usage, wallMs: Number(stage[1]) * 1000 },
    wheel: path.join(workspace, 'dist', 'data-0.1.0-py3-none-any.whl'),
    cleanup: () => fs.rmSync(workspace, { recursive: true, force: true })
  }
}

/** The same check by hand: a fresh venv, `pip install` of the wheel offline, `mojo run` of an import. */
export async function wheelByHand(python: string, wheel: string, compilerWheels: string): Promise<Usage> {
  return withTemp(['venv', 'work'], async (parent, work) => {
    const venv = path.join(parent, 'venv')
    fs.writeFileSync(
      path.join(work, 'app.mojo'),
      'from data import Dataset\n\n\ndef main():\n    print("ok")\n'
    )
    const { usage } = await measure(async () => {
      await run(python, ['-m', 'venv', venv], { env: pipEnv })
      const links = ['--find-links', path.dirname(wheel), '--find-links', compilerWheels]
      await run(path.join(venv, 'bin', 'pip'), ['install', '--no-index', ...links, 'data==0.1.0'], {
        env: pipEnv
      })
      await run(path.join(venv, 'bin', 'mojo'), ['run', 'app.mojo'], {
        cwd: work,
        env: { PATH: process.env.PATH }
      })
    })
    return usage
  })
}

/**
 * The runs the bench compares: the action's bundle, run as a runner runs it, against what users do without
 * it (pip or uv into a venv; `mojo precompile` per package; a bare `node`). Each checks that it did the work
 * before it counts.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {
  laterStepEnv,
  repoRoot,
  runAction,
  type RunnerDirs,
  type StepResult
} from '../__tests__/support/run-action.js'
import { CHECKED, pipEnv, type Format } from './hand-checks.js'
import { measure, sequence, type Usage } from './measure.js'
import { phasesOf, verifySeconds, type Phase } from './phases.js'
import { run, tempDir, withTemp } from './tools.js'
import type { Workspace } from './workspaces.js'

const dist = path.join(repoRoot, 'dist')
export const bundle = path.join(dist, 'index.js')

export interface ActionResult {
  usage: Usage
  /** The environment a later `run:` step would see. */
  env: NodeJS.ProcessEnv
  /** The main step's time per phase (download, tree proof, probe...), when its log has the line. */
  phases: Phase[] | undefined
}

const failed = (what: string, step: StepResult): Error =>
  new Error(`${what} (exit ${step.code}):\n${step.stdout.slice(-4000)}${step.stderr}`)

/**
 * The action as a setup step: an empty workspace, `cache: false`, with the tool cache in `dirs`; with
 * `post`, its post step too (a runner runs both, so both count).
 */
export async function actionInstall(
  index: string,
  version: string,
  dirs: RunnerDirs,
  expectCacheHit: boolean,
  post = false
): Promise<ActionResult> {
  return withTemp(['ws'], async (workspace) => {
    const { result, usage } = await measure(() =>
      runAction({
        workspace,
        dirs,
        post,
        inputs: { 'mojo-version': version, 'index-url': index, cache: 'false' }
      })
    )
    const { main } = result
    if (main.code !== 0 || main.outputs['cache-hit'] !== String(expectCacheHit)) {
      throw failed(`the action did not install ${version} (cache-hit ${main.outputs['cache-hit']})`, main)
    }
    if (result.post && result.post.code !== 0) throw failed('the post step failed', result.post)
    return { usage, env: laterStepEnv(main), phases: phasesOf(main.stdout) }
  })
}

/**
 * The main bundle started as a runner starts it, loading its module graph and reading its inputs, then
 * stopping at the first check: an input it refuses (`cache: bench-exit`). Node's start plus the bundle's
 * load and nothing of the action's work: what a warm setup step is held against.
 */
export async function bundleLoad(index: string, version: string, dirs: RunnerDirs): Promise<Usage> {
  return withTemp(['ws'], async (workspace) => {
    const { result, usage } = await measure(() =>
      runAction({
        workspace,
        dirs,
        post: false,
        inputs: { 'mojo-version': version, 'index-url': index, cache: 'bench-exit' }
      })
    )
    const { main } = result
    const refused = main.annotations.some((a) => a.level === 'error' && a.message.includes('bench-exit'))
    if (main.code !== 1 || !refused || main.outputs['mojo-version'] !== undefined) {
      throw failed('the bundle did not load and stop at its inputs', main)
    }
    return usage
  })
}

/** `node -e 0`: the least any JavaScript action costs. */
export async function nodeStart(): Promise<Usage> {
  const { usage } = await measure(() =>
    run(process.execPath, ['-e', '0'], { env: { PATH: process.env.PATH } })
  )
  return usage
}

/** The JavaScript a runner checks out with the action: every `.js` file of dist/ (entries and chunks). */
export function bundleSize(): { files: number; kiB: number } {
  const files = fs.readdirSync(dist).filter((f) => f.endsWith('.js'))
  const bytes = files.reduce((sum, f) => sum + fs.statSync(path.join(dist, f)).size, 0)
  return { files: files.length, kiB: bytes / 1024 }
}

export interface BuildRun {
  usage: Usage
  /** The main step's log, which ends with its time per phase. */
  stdout: string
}

/**
 * The action building `ws` with `formats` (the action's default when undefined; no upload; no verify unless
 * asked), with a warm tool cache and a cold compile cache (`MODULAR_CACHE_DIR` empty, as the loop gets).
 */
export async function actionBuild(
  index: string,
  dirs: RunnerDirs,
  ws: Workspace,
  formats: string | undefined,
  verify = false
): Promise<BuildRun> {
  return withTemp(['ws', 'home', 'mojo-cache'], async (workspace, home, mojoCache) => {
    fs.cpSync(ws.root, workspace, { recursive: true })
    const { result, usage } = await measure(() =>
      runAction({
        workspace,
        dirs,
        post: false,
        inputs: {
          'index-url': index,
          ...(formats === undefined ? {} : { formats }),
          verify: String(verify),
          upload: 'false'
        },
        env: { HOME: home, MODULAR_CACHE_DIR: mojoCache }
      })
    )
    const { main } = result
    const built = JSON.parse(main.outputs.packages ?? '[]') as string[]
    if (
      main.code !== 0 ||
      built.length !== ws.packages.length ||
      (verify && main.outputs.verified !== 'true')
    ) {
      throw failed(`the action did not build the ${ws.label} (formats: ${formats ?? 'default'})`, main)
    }
    return { usage, stdout: main.stdout }
  })
}

/**
 * The least any alternative must do: one `mojo precompile` per package, dependencies first, each
 * measured on its own (nothing else runs meanwhile, so each is also that package's compile alone).
 */
export async function precompileLoop(
  stepEnv: NodeJS.ProcessEnv,
  ws: Workspace,
  mojoCache?: string
): Promise<Map<string, Usage>> {
  return withTemp(['ws', 'home', 'mojo-cache'], async (workspace, home, emptyCache) => {
    fs.cpSync(ws.root, workspace, { recursive: true })
    const env = { ...stepEnv, HOME: home, MODULAR_CACHE_DIR: mojoCache ?? emptyCache }
    return compileEach(ws, workspace, env)
  })
}

/** `mojo precompile` of each package of `ws` (copied at `workspace`) into `workspace/out`, one at a time. */
export async function compileEach(
  ws: Workspace,
  workspace: string,
  env: NodeJS.ProcessEnv
): Promise<Map<string, Usage>> {
  const out = path.join(workspace, 'out')
  fs.mkdirSync(out, { recursive: true })
  const each = new Map<string, Usage>()
  for (const pkg of ws.packages) {
    const target = path.join(out, `${pkg.name}.mojoc`)
    const args = ['precompile', pkg.dir, '-o', target, ...(pkg.deps.length > 0 ? ['-I', out] : [])]
    const { usage } = await measure(() => run('mojo', args, { cwd: workspace, env }))
    if (!fs.existsSync(target)) throw new Error(`mojo precompile built no ${target}`)
    each.set(pkg.name, usage)
  }
  return each
}

/** The whole loop as one run: times add up, peaks do not. */
export function loopUsage(each: Map<string, Usage>): Usage {
  return [...each.values()].reduce(sequence)
}

/** The interpreter behind `python3` (not a pyenv shim script), so the shim's start-up is not counted. */
export function realPython(): string {
  return execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim()
}

export function pipVersion(python: string): string {
  return execFileSync(python, ['-m', 'pip', '--version'], { encoding: 'utf8' }).split(' ')[1]
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

export interface VerifyRun {
  /** The verify stage's time as the action logs it, and the whole run's memory. */
  usage: Usage
  /** The output folder holding what was verified, for the same check by hand. */
  dist: string
  cleanup: () => void
}

/** The action building and verifying the fixture's `shared/data` in one format alone (no upload). */
export async function actionVerify(index: string, dirs: RunnerDirs, format: Format): Promise<VerifyRun> {
  const workspace = tempDir('ws')
  const cleanup = (): void => fs.rmSync(workspace, { recursive: true, force: true })
  try {
    fs.cpSync(path.join(repoRoot, '__tests__', 'fixtures', 'workspace'), workspace, { recursive: true })
    const { result, usage } = await measure(() =>
      runAction({
        workspace,
        dirs,
        post: false,
        inputs: { 'index-url': index, packages: CHECKED.dir, formats: format, upload: 'false' }
      })
    )
    const { main } = result
    const seconds = verifySeconds(main.stdout)
    if (main.code !== 0 || main.outputs.verified !== 'true' || seconds === undefined) {
      throw failed(`the action did not verify the ${format} of ${CHECKED.dir}`, main)
    }
    return { usage: { ...usage, wallMs: seconds * 1000 }, dist: path.join(workspace, 'dist'), cleanup }
  } catch (error) {
    cleanup()
    throw error
  }
}

/**
 * Runs the bundled action (`dist/`, the files action.yml names) as a process, the way a runner does: inputs as
 * `INPUT_*` variables, and the `GITHUB_*` command files and `RUNNER_*` folders in a temp folder.
 * `runAction` runs the main step and, unless told not to, the post step with the state it saved.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import YAML from 'yaml'

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
/** The files the runner starts for each step: `runs.main` and `runs.post` of action.yml. */
const { runs } = YAML.parse(fs.readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as {
  runs: Record<'main' | 'post', string>
}
/** The merge action's `runs.main` (merge/action.yml), resolved from its own folder. */
const mergeMain = path.join(
  repoRoot,
  'merge',
  (
    YAML.parse(fs.readFileSync(path.join(repoRoot, 'merge', 'action.yml'), 'utf8')) as {
      runs: { main: string }
    }
  ).runs.main
)

export interface RunnerDirs {
  /** Holds the command files; removed by `cleanup()`. */
  home: string
  temp: string
  toolCache: string
}

export interface StepResult {
  code: number
  /** Wall time of the step's process, start to exit. */
  durationMs: number
  stdout: string
  stderr: string
  outputs: Record<string, string>
  /** Variables the step exported with `core.exportVariable`. */
  env: Record<string, string>
  /** Folders the step added with `core.addPath`, newest first. */
  path: string[]
  state: Record<string, string>
  summary: string
  /** `::error file=...,line=...::msg` and friends, parsed from stdout. */
  annotations: Annotation[]
}

export interface Annotation {
  level: 'error' | 'warning' | 'notice'
  message: string
  properties: Record<string, string>
}

export interface RunOptions {
  inputs?: Record<string, string>
  /** Extra environment for the step (e.g. ACTIONS_RUNTIME_TOKEN, GITHUB_REF). */
  env?: Record<string, string | undefined>
  /** The workspace (GITHUB_WORKSPACE, and the step's working directory). */
  workspace: string
  dirs?: RunnerDirs
  /** Also run the post step (default true). */
  post?: boolean
}

export interface ActionRun {
  main: StepResult
  post?: StepResult
  dirs: RunnerDirs
}

export function runnerDirs(): RunnerDirs {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mojo-action-runner-'))
  const dirs = { home, temp: path.join(home, 'temp'), toolCache: path.join(home, 'tool-cache') }
  fs.mkdirSync(dirs.temp)
  fs.mkdirSync(dirs.toolCache)
  return dirs
}

/** Parses the heredoc format `@actions/core` writes to GITHUB_OUTPUT, GITHUB_ENV and GITHUB_STATE. */
export function parseCommandFile(text: string): Record<string, string> {
  const values: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=]+)<<(.+)$/.exec(lines[i])
    if (heredoc) {
      const [, name, delimiter] = heredoc
      const body: string[] = []
      while (++i < lines.length && lines[i] !== delimiter) body.push(lines[i])
      values[name] = body.join('\n')
    } else if (lines[i].includes('=')) {
      const at = lines[i].indexOf('=')
      values[lines[i].slice(0, at)] = lines[i].slice(at + 1)
    }
  }
  return values
}

function unescapeCommand(value: string): string {
  return value
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%25/g, '%')
}

export function parseAnnotations(stdout: string): Annotation[] {
  const annotations: Annotation[] = []
  for (const match of stdout.matchAll(/^::(error|warning|notice)( [^:]*)?::(.*)$/gm)) {
    const properties: Record<string, string> = {}
    for (const pair of (match[2] ?? '').trim().split(',').filter(Boolean)) {
      const at = pair.indexOf('=')
      properties[pair.slice(0, at)] = unescapeCommand(pair.slice(at + 1))
    }
    annotations.push({
      level: match[1] as Annotation['level'],
      message: unescapeCommand(match[3]),
      properties
    })
  }
  return annotations
}

function read(file: string): string {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : ''
}

async function runStep(
  options: RunOptions,
  dirs: RunnerDirs,
  step: 'main' | 'post' | 'merge',
  state: Record<string, string>
): Promise<StepResult> {
  const files = Object.fromEntries(
    ['OUTPUT', 'ENV', 'PATH', 'STATE', 'STEP_SUMMARY'].map((name) => [
      name,
      path.join(dirs.home, `${step}-${name.toLowerCase()}`)
    ])
  )
  for (const file of Object.values(files)) fs.writeFileSync(file, '')
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_OUTPUT: files.OUTPUT,
    GITHUB_ENV: files.ENV,
    GITHUB_PATH: files.PATH,
    GITHUB_STATE: files.STATE,
    GITHUB_STEP_SUMMARY: files.STEP_SUMMARY,
    GITHUB_REPOSITORY: 'octo/ml-odyssey',
    GITHUB_RUN_ID: '1001',
    GITHUB_SERVER_URL: 'https://github.com',
    RUNNER_TEMP: dirs.temp,
    RUNNER_TOOL_CACHE: dirs.toolCache,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: os.arch() === 'arm64' ? 'ARM64' : 'X64',
    ...Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v])),
    ...Object.fromEntries(
      Object.entries(options.inputs ?? {}).map(([k, v]) => [`INPUT_${k.replace(/ /g, '_').toUpperCase()}`, v])
    ),
    ...options.env
  }
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key]
  const started = Date.now()
  const script = step === 'merge' ? mergeMain : path.join(repoRoot, runs[step])
  const child = spawn(process.execPath, [script], {
    cwd: options.workspace,
    env,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => (stdout += chunk))
  child.stderr.on('data', (chunk) => (stderr += chunk))
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)))
  return {
    code,
    durationMs: Date.now() - started,
    stdout,
    stderr,
    outputs: parseCommandFile(read(files.OUTPUT)),
    env: parseCommandFile(read(files.ENV)),
    path: read(files.PATH).split('\n').filter(Boolean).reverse(),
    state: parseCommandFile(read(files.STATE)),
    summary: read(files.STEP_SUMMARY),
    annotations: parseAnnotations(stdout)
  }
}

export async function runAction(options: RunOptions): Promise<ActionRun> {
  const dirs = options.dirs ?? runnerDirs()
  const main = await runStep(options, dirs, 'main', {})
  if (options.post === false) return { main, dirs }
  const post = await runStep(options, dirs, 'post', main.state)
  return { main, post, dirs }
}

/** Runs the merge action (merge/action.yml) as its one step. */
export async function runMergeAction(options: RunOptions): Promise<StepResult> {
  return runStep(options, options.dirs ?? runnerDirs(), 'merge', {})
}

/** The environment a later `run:` step sees: the runner's, plus what the action exported. */
export function laterStepEnv(result: StepResult, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...base, ...result.env, PATH: [...result.path, base.PATH].join(path.delimiter) }
}

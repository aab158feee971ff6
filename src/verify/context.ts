/**
 * What every verification of one run shares, and the steps they take: fresh clean folders, the install
 * commands of the artifact's install plan (the same plan INSTALL.md is rendered from), and its example
 * program run with the toolchain.
 */
import fs from 'node:fs'
import path from 'node:path'
import {
  installPlan,
  planCommands,
  planDownloads,
  type InstallPlan,
  type Usage
} from '../assemble/install-plan.js'
import { placeExternals } from '../compile/place-externals.js'
import type { ExternalPackage } from '../project/external-packages.js'
import { ownEnv } from '../child-env.js'
import type { Artifact, Toolchain, Verification } from '../types.js'
import { cleanEnv, makeCleanDirs, type CleanDirs } from './clean-env.js'
import { explainFailure, type FailureContext } from './diagnose.js'
import { describeExit, runProcess, type RunResult } from '../process.js'

export interface VerifyContext {
  outputDir: string
  toolchain: Toolchain
  workspace: string
  /** Every artifact of the run (install plans look up dependencies and bundle contents here). */
  artifacts: Artifact[]
  /** Built packages by import name. */
  packages: Map<string, Artifact>
  /** Import name -> symbols each check imports from it. */
  symbols: Map<string, string[]>
  /** Packages the built ones import that are not shipped: a user has them installed already. */
  externals: ExternalPackage[]
  /** The folder of `cc` on the runner's PATH, added to the clean PATH. */
  cc?: string
  /** Lookups for explaining failures (built, sourceModule, isSourceFile). */
  explain: Omit<FailureContext, 'subject' | 'installed' | 'packageAt'>
}

/** A verification's result plus the lines of its log group. */
export interface Outcome {
  verification: Verification
  log: string[]
}

const MAX_KEPT_OUTPUT = 32_000
/** A verification step (an install command, a `mojo run`, a verify command) that runs longer is hung. */
const VERIFY_TIMEOUT_MS = 10 * 60_000

/** The tail of a long output: the compiler's errors come last. */
function keepOutput(output: string | undefined): string | undefined {
  const trimmed = output?.trim() ?? ''
  if (trimmed === '') return undefined
  return trimmed.length > MAX_KEPT_OUTPUT ? `...\n${trimmed.slice(-MAX_KEPT_OUTPUT)}` : trimmed
}

export function fail(reason: string, log: string[], output?: string): Outcome {
  log.push(`FAILED: ${reason}`)
  return { verification: { ok: false, reason, output: keepOutput(output) }, log }
}

export function pass(log: string[], output?: string): Outcome {
  log.push('ok')
  return { verification: { ok: true, output: keepOutput(output) }, log }
}

/**
 * The environment a wheel is installed and used in: pip reads no configuration of this machine's, and
 * the venv's `mojo` finds its own compiler and site-packages (the toolchain's variables would win).
 */
export function venvEnv(env: Record<string, string>): Record<string, string> {
  const kept = Object.entries(env).filter(([name]) => !name.startsWith('MODULAR_MOJO_MAX_'))
  return { ...Object.fromEntries(kept), PIP_CONFIG_FILE: '/dev/null', PIP_DISABLE_PIP_VERSION_CHECK: '1' }
}

/** Runs `fn` with fresh clean folders and their clean environment; removes the folders afterwards. */
export async function inClean<T>(
  ctx: VerifyContext,
  log: string[],
  fn: (dirs: CleanDirs, env: Record<string, string>) => Promise<T>
): Promise<T> {
  const dirs = makeCleanDirs(ctx.workspace)
  try {
    // Installed the way a user has them: in a folder on the environment's import path, not with -I.
    const installed =
      ctx.externals.length > 0 ? [await placeExternals(ctx.externals, path.join(dirs.root, 'installed'))] : []
    const env = cleanEnv(ctx.toolchain, dirs, { cc: ctx.cc, importPath: installed })
    log.push(`clean folder ${dirs.root}: PATH=${env.PATH} HOME=${dirs.home} TMPDIR=${dirs.tmp}`)
    return await fn(dirs, env)
  } finally {
    fs.rmSync(dirs.root, { recursive: true, force: true })
  }
}

/** Runs one argv in `cwd`, logging it and its output; `env` (a clean one, extended) is checked by `ownEnv`. */
export async function logged(
  argv: string[],
  cwd: string,
  env: Record<string, string>,
  log: string[]
): Promise<RunResult> {
  log.push(`$ ${argv.join(' ')}`)
  const result = await runProcess(argv, { cwd, env: ownEnv(env), timeoutMs: VERIFY_TIMEOUT_MS })
  if (result.output.trim() !== '') log.push(result.output.trimEnd())
  return result
}

/** The venv a wheel's verification installs into. */
export const venvDir = (dirs: CleanDirs): string => path.join(dirs.work, '.venv')

/** Offline: pip installs the built wheels, and the compiler from the wheels the toolchain came from. */
export const offlinePip = (ctx: VerifyContext): string[] => [
  '--no-index',
  '--find-links',
  ctx.toolchain.wheels
]

/** The install plan of `artifact` with the clean `lib/` as library folder; a missing dependency is a failure. */
export function planFor(ctx: VerifyContext, artifact: Artifact, dirs: CleanDirs): InstallPlan | string {
  try {
    return installPlan(artifact, ctx.artifacts, {
      libDir: path.join(dirs.work, 'lib'),
      symbols: ctx.symbols,
      venv: venvDir(dirs),
      pipOptions: offlinePip(ctx)
    })
  } catch (error) {
    return (error as Error).message
  }
}

/** Copies the files a user downloads for `plans` (each once) from the output folder into `download/`. */
export function download(ctx: VerifyContext, plans: InstallPlan[], dirs: CleanDirs, log: string[]): void {
  const files = [...new Set(plans.flatMap(planDownloads))]
  for (const file of files) fs.copyFileSync(path.join(ctx.outputDir, file), path.join(dirs.download, file))
  log.push(`downloaded ${files.join(', ')}`)
}

/** Runs the plan's install commands in `download/` (argv, clean env); returns a failure reason, if any. */
export async function runCommands(
  commands: string[][],
  dirs: CleanDirs,
  env: Record<string, string>,
  log: string[]
): Promise<string | undefined> {
  for (const argv of commands) {
    const result = await logged(argv, dirs.download, env, log)
    if (result.code !== 0) {
      return `install step '${argv.join(' ')}' failed with ${describeExit(result)}: ${result.output.trim()}`
    }
  }
  return undefined
}

/** Downloads and installs a plan; returns a failure reason, if any. */
export async function install(
  ctx: VerifyContext,
  plan: InstallPlan,
  dirs: CleanDirs,
  env: Record<string, string>,
  log: string[]
): Promise<string | undefined> {
  download(ctx, [plan], dirs, log)
  return runCommands(planCommands(plan), dirs, env, log)
}

/** Installs every built package into `work/lib` by its own plan, as after installing them all. */
export async function installAll(
  ctx: VerifyContext,
  dirs: CleanDirs,
  env: Record<string, string>,
  log: string[]
): Promise<string | undefined> {
  for (const artifact of ctx.packages.values()) {
    const plan = planFor(ctx, artifact, dirs)
    if (typeof plan === 'string') return plan
    const failed = await install(ctx, plan, dirs, env, log)
    if (failed !== undefined) return failed
  }
  return undefined
}

/**
 * Why the license files `artifact` says it carries are not under `root` (where it was installed or
 * extracted), or undefined when they all are.
 */
export function missingLicenses(artifact: Artifact, root: string): string | undefined {
  const missing = (artifact.licenses ?? []).filter((rel) => !fs.existsSync(path.join(root, rel)))
  if (missing.length === 0) return undefined
  return `its license file ${missing.map((m) => `'${m}'`).join(', ')} is missing from ${artifact.file} once installed`
}

/** Import names of the packages in a lib folder (`data.mojoc` -> `data`). */
function installedNames(lib: string): Set<string> {
  if (!fs.existsSync(lib)) return new Set()
  return new Set(fs.readdirSync(lib).map((f) => f.replace(/\.(mojoc|mojopkg)$/, '')))
}

/** Writes the usage's example program into `work/` and runs it as the usage says, with this toolchain. */
export async function runExample(
  ctx: VerifyContext,
  usage: Usage,
  dirs: CleanDirs,
  env: Record<string, string>,
  subject: string,
  log: string[]
): Promise<Outcome> {
  const { program, mojoArgs, imports } = usage
  const file = path.join(dirs.work, program.file)
  fs.writeFileSync(file, program.text)
  log.push(`${program.file}:`, program.text.trimEnd())
  const argv = [usage.mojo ?? ctx.toolchain.mojo, ...mojoArgs]
  const result = await logged(argv, dirs.work, env, log)
  if (result.code === 0) return pass(log, result.output)
  const reason = explainFailure(result.output, describeExit(result), {
    ...ctx.explain,
    subject,
    installed: installedNames(path.join(dirs.work, 'lib')),
    // The example imports one package per line, in plan order, from line 1.
    packageAt: (printed, line) => (path.resolve(dirs.work, printed) === file ? imports[line - 1] : undefined)
  })
  return fail(reason, log, result.output)
}

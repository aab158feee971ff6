/**
 * Package artifacts, one format at a time: every package the release ships in a format goes into one
 * clean environment (one `-I` folder, one venv, one conda prefix) and one `mojo run` imports them all,
 * with the symbols listed for each; the verify-scripts run in that environment too. Only when that run
 * fails is each package checked alone, installed with just the packages it declares (transitively), to
 * name the culprit.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Artifact } from '../types.js'
import { readWorkspaceFileSync } from '../workspace-files.js'
import {
  exampleProgram,
  pipRequirement,
  planCommands,
  planDownloads,
  type InstallPlan,
  type Usage
} from '../assemble/install-plan.js'
import type { CleanDirs } from './clean-env.js'
import { cachedPackage, installConda } from './conda-install.js'
import { placeExternals } from '../compile/place-externals.js'
import {
  download,
  fail,
  inClean,
  logged,
  missingLicenses,
  offlinePip,
  pass,
  planFor,
  runCommands,
  runExample,
  venvDir,
  venvEnv,
  type Outcome,
  type VerifyContext
} from './context.js'
import { explainFailure } from './diagnose.js'
import { describeExit } from '../process.js'
import type { Verification } from '../types.js'

/** The venv's site-packages, where pip installs a wheel's files and keeps its dist-info. */
function venvSitePackages(dirs: CleanDirs): string {
  const lib = path.join(venvDir(dirs), 'lib')
  const python = fs.readdirSync(lib).find((name) => name.startsWith('python'))!
  return path.join(lib, python, 'site-packages')
}

/** The conda prefix verification lays packages into, and the package cache their info/ goes to. */
export const condaPrefix = (dirs: CleanDirs): string => path.join(dirs.work, 'prefix')
const condaCache = (dirs: CleanDirs): string => path.join(dirs.work, 'pkgs')

/** As an activated environment has it: the prefix's `lib/mojo` on the compiler's import path. */
function condaEnv(env: Record<string, string>, dirs: CleanDirs): Record<string, string> {
  const lib = path.join(condaPrefix(dirs), 'lib', 'mojo')
  return {
    ...env,
    MODULAR_MOJO_MAX_IMPORT_PATH: [env.MODULAR_MOJO_MAX_IMPORT_PATH, lib].filter(Boolean).join(',')
  }
}

type PackagePlan = Extract<InstallPlan, { kind: 'package' | 'source' | 'wheel' | 'conda' }>

/** Lays every conda package the plans download into one fresh prefix; returns a failure reason, if any. */
async function layConda(plans: PackagePlan[], dirs: CleanDirs, log: string[]): Promise<string | undefined> {
  for (const file of new Set(plans.flatMap(planDownloads))) {
    const problems = await installConda(path.join(dirs.download, file), condaPrefix(dirs), condaCache(dirs))
    if (problems.length > 0) return problems.join('; ')
    log.push(`laid ${file} into ${condaPrefix(dirs)}, every file as info/paths.json lists it`)
  }
  return undefined
}

/** Whether the runner's `python3 -m pip` can install into another environment: `--python` is pip 22.3+. */
let runnerPip: Promise<boolean> | undefined
function runnerPipDrives(env: Record<string, string>, cwd: string): Promise<boolean> {
  runnerPip ??= logged(['python3', '-m', 'pip', '--version'], cwd, env, []).then((result) => {
    const [major, minor] = (/^pip (\d+)\.(\d+)/.exec(result.output)?.slice(1) ?? []).map(Number)
    return result.code === 0 && (major > 22 || (major === 22 && minor >= 3))
  })
  return runnerPip
}

/**
 * INSTALL.md's route (a venv, pip installing the wheels and the exact compiler they require), made
 * cheap: a venv without pip of its own (installing pip into it costs seconds), the runner's pip driving
 * it (`--python`), and one pip run for every wheel, so the compiler is unpacked once. Where the runner's
 * pip is older than 22.3 (Ubuntu 22.04 ships 22.0) the venv gets its own pip, as INSTALL.md says.
 */
async function wheelCommands(
  ctx: VerifyContext,
  wheels: Artifact[],
  dirs: CleanDirs,
  env: Record<string, string>
): Promise<string[][]> {
  const venv = venvDir(dirs)
  const options = [...offlinePip(ctx), '--find-links', '.', ...wheels.map(pipRequirement)]
  if (!(await runnerPipDrives(env, dirs.download)))
    return [
      ['python3', '-m', 'venv', venv],
      [path.join(venv, 'bin', 'pip'), 'install', ...options]
    ]
  return [
    ['python3', '-m', 'venv', '--without-pip', venv],
    ['python3', '-m', 'pip', '--python', path.join(venv, 'bin', 'python'), 'install', ...options]
  ]
}

/** Each plan's commands, a command the plans share once (`mkdir -p lib`, a dependency's `cp`). */
function folderCommands(plans: PackagePlan[]): string[][] {
  const seen = new Set<string>()
  return plans.flatMap(planCommands).filter((argv) => {
    const key = argv.join('\0')
    return !seen.has(key) && seen.add(key) !== undefined
  })
}

interface Installed {
  /** The environment its programs run in: the venv's for wheels, the prefix's for conda packages. */
  env: Record<string, string>
  /** The program importing every installed package, with its listed symbols, and how it is run. */
  usage: Usage
  /** Where an installed artifact's license files lie: site-packages, the conda package cache, or lib. */
  licenseRoot: (artifact: Artifact) => string
}

/**
 * Installs package artifacts of one kind (precompiled files, sources, wheels or conda packages) into the
 * clean folders, each with what it needs; returns their environment, or why it failed.
 */
export async function installPackages(
  ctx: VerifyContext,
  artifacts: Artifact[],
  dirs: CleanDirs,
  clean: Record<string, string>,
  log: string[]
): Promise<Installed | string> {
  const plans: PackagePlan[] = []
  for (const artifact of artifacts) {
    const plan = planFor(ctx, artifact, dirs)
    if (typeof plan === 'string') return plan
    if (plan.kind === 'bundle' || plan.kind === 'archive' || plan.kind === 'script')
      return `${artifact.file} is not a package`
    plans.push(plan)
  }
  const kind = plans[0].kind
  const env = kind === 'wheel' ? venvEnv(clean) : kind === 'conda' ? condaEnv(clean, dirs) : clean
  download(ctx, plans, dirs, log)
  const failed =
    kind === 'conda'
      ? await layConda(plans, dirs, log)
      : await runCommands(
          kind === 'wheel' ? await wheelCommands(ctx, artifacts, dirs, env) : folderCommands(plans),
          dirs,
          env,
          log
        )
  if (failed !== undefined) return failed
  if (kind === 'wheel' && ctx.externals.length > 0)
    await placeExternals(ctx.externals, path.join(venvSitePackages(dirs), 'modular', 'lib', 'mojo'))
  const imports = [...new Set(plans.flatMap((plan) => plan.usage.imports))]
  const { usage } = plans[0]
  return {
    env,
    usage: { ...usage, imports, program: { ...usage.program, text: exampleProgram(imports, ctx.symbols) } },
    licenseRoot: (artifact) =>
      kind === 'wheel'
        ? venvSitePackages(dirs)
        : kind === 'conda'
          ? cachedPackage(condaCache(dirs), artifact.file)
          : path.join(dirs.work, 'lib')
  }
}

const importName = (artifact: Artifact): string => artifact.import ?? artifact.name

/** Installs `artifacts` and runs the program importing them all; `subject` names them in a failure. */
async function checkInstalled(
  ctx: VerifyContext,
  artifacts: Artifact[],
  subject: string,
  dirs: CleanDirs,
  clean: Record<string, string>,
  log: string[]
): Promise<{ outcome: Outcome; installed?: Installed }> {
  const installed = await installPackages(ctx, artifacts, dirs, clean, log)
  if (typeof installed === 'string') return { outcome: fail(`${subject}: ${installed}`, log) }
  const missing = artifacts
    .map((a) => missingLicenses(a, installed.licenseRoot(a)))
    .filter((m) => m !== undefined)
  if (missing.length > 0) return { outcome: fail(`${subject}: ${missing.join('; ')}`, log), installed }
  return { outcome: await runExample(ctx, installed.usage, dirs, installed.env, subject, log), installed }
}

/** Runs one verify-script (workspace-relative) where the packages were installed, with their `mojo`. */
async function runScript(
  script: string,
  ctx: VerifyContext,
  installed: Installed,
  dirs: CleanDirs
): Promise<Outcome> {
  const subject = `verify-script ${script}`
  const file = path.basename(script)
  fs.writeFileSync(
    path.join(dirs.work, file),
    readWorkspaceFileSync(ctx.workspace, script, 'verify-script') ?? ''
  )
  const log = [`in the clean folder ${dirs.root}, beside the installed packages: copied ${script} as ${file}`]
  // The example's own `mojo run` (its `-I`, its venv's `mojo`) with the script in the program's place.
  const { usage } = installed
  const argv = [usage.mojo ?? ctx.toolchain.mojo, ...usage.mojoArgs.slice(0, -1), file]
  const result = await logged(argv, dirs.work, installed.env, log)
  if (result.code === 0) return pass(log, result.output)
  const reason = explainFailure(result.output, describeExit(result), {
    ...ctx.explain,
    subject,
    installed: new Set(ctx.packages.keys())
  })
  return fail(reason, log, result.output)
}

/** How a format's checks are run and shown (verify.ts): the compile-cache retry and the log groups. */
export interface Checks {
  /** Runs a check, once more after emptying a restored compile cache if it fails. */
  checked: (title: string, check: () => Promise<Outcome>) => Promise<Outcome>
  /** Prints a finished check's log group; a failure is annotated at `file` unless `annotate` is false. */
  report: (title: string, outcome: Outcome, file?: string, annotate?: boolean) => void
}

/** Checks one package artifact alone, installed with only what it declares. */
async function verifyAlone(artifact: Artifact, ctx: VerifyContext): Promise<Outcome> {
  const log: string[] = []
  return inClean(ctx, log, async (dirs, clean) => {
    const { outcome } = await checkInstalled(ctx, [artifact], importName(artifact), dirs, clean, log)
    return outcome
  })
}

interface FormatResult {
  /** Each artifact's verification, in the order given. */
  packages: Verification[]
  /** Each verify-script's outcome, in the order given. */
  scripts: Verification[]
}

/**
 * Verifies every package artifact of one format together (see the top of this file); `scripts` run in
 * their environment. Each check prints its log group through `checks`.
 */
export async function verifyFormat(
  group: Artifact[],
  scripts: string[],
  ctx: VerifyContext,
  checks: Checks
): Promise<FormatResult> {
  const results = new Map<Artifact, Verification>()
  // A precompiled package loads only in the compiler that built it: no environment can show otherwise.
  const fresh = group.filter((artifact) => {
    if (artifact.mojo === undefined || artifact.mojo === ctx.toolchain.version) return true
    const reason = `${importName(artifact)}: built with Mojo ${artifact.mojo} but verified with Mojo ${ctx.toolchain.version}; a precompiled package loads only in the compiler version that built it`
    const outcome = fail(reason, [])
    checks.report(`verify ${artifact.file}`, outcome, artifact.mojoToml)
    results.set(artifact, outcome.verification)
    return false
  })
  if (fresh.length === 0) {
    const scriptResults = scripts.map(
      (script) =>
        fail(`verify-script ${script}: no package of this release loads in this compiler`, []).verification
    )
    return { packages: group.map((a) => results.get(a)!), scripts: scriptResults }
  }

  const title = `verify ${fresh.map((a) => a.file).join(', ')}`
  const log: string[] = []
  const { together, scriptOutcomes } = await inClean(ctx, log, async (dirs, clean) => {
    const subject = fresh.map(importName).join(', ')
    let installed: Installed | undefined
    const together = await checks.checked(title, async () => {
      const checked = await checkInstalled(ctx, fresh, subject, dirs, clean, log)
      installed = checked.installed
      return checked.outcome
    })
    const scriptOutcomes: Outcome[] = []
    for (const script of scripts) {
      const title = `verify-script ${script}`
      const outcome =
        installed === undefined
          ? fail(`${title}: not run, the packages did not install (${together.verification.reason})`, [])
          : await checks.checked(title, () => runScript(script, ctx, installed!, dirs))
      checks.report(title, outcome, script)
      scriptOutcomes.push(outcome)
    }
    return { together, scriptOutcomes }
  })

  const single = fresh.length === 1
  if (together.verification.ok || single) {
    checks.report(title, together, single ? fresh[0].mojoToml : undefined)
    for (const artifact of fresh) results.set(artifact, together.verification)
  } else {
    // Name the culprit: each package alone, with only what it declares. When every one passes alone,
    // they fail only together, and each keeps the failure of the whole set.
    together.log.push('checking each package alone to name the one that fails')
    checks.report(title, together, undefined, false)
    const alone: Outcome[] = []
    for (const artifact of fresh)
      alone.push(await checks.checked(`verify ${artifact.file}`, () => verifyAlone(artifact, ctx)))
    const culprit = alone.some((outcome) => !outcome.verification.ok)
    fresh.forEach((artifact, i) => {
      const others = fresh.filter((a) => a !== artifact).map(importName)
      const outcome = culprit
        ? alone[i]
        : fail(
            `${importName(artifact)}: imports fine alone but not installed with ${others.join(', ')}: ${together.verification.reason}`,
            alone[i].log,
            together.verification.output
          )
      checks.report(`verify ${artifact.file}`, outcome, artifact.mojoToml)
      results.set(artifact, outcome.verification)
    })
  }
  return {
    packages: group.map((a) => results.get(a)!),
    scripts: scriptOutcomes.map((o) => o.verification)
  }
}

/**
 * Package artifacts and verify-scripts. A package is installed alone, with only the packages it declares
 * (transitively), so an undeclared import fails here even though the source tree resolved it at build
 * time (the compiler puts a package folder's parent on the import path: sibling sources resolve).
 * A verify-script runs against every built package installed together, as after installing the bundle.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Artifact } from '../types.js'
import { readWorkspaceFileSync } from '../workspace-files.js'
import { planCommands, type CondaPlan, type InstallPlan } from '../assemble/install-plan.js'
import type { CleanDirs } from './clean-env.js'
import { cachedPackage, installConda } from './conda-install.js'
import { placeExternals } from '../compile/place-externals.js'
import {
  download,
  fail,
  inClean,
  installAll,
  logged,
  missingLicenses,
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

/** Downloads the conda packages and lays them into a fresh prefix; returns a failure reason, if any. */
async function installCondaPlan(
  ctx: VerifyContext,
  plan: CondaPlan,
  dirs: CleanDirs,
  log: string[]
): Promise<string | undefined> {
  download(ctx, plan, dirs, log)
  for (const file of plan.downloads) {
    const problems = await installConda(path.join(dirs.download, file), condaPrefix(dirs), condaCache(dirs))
    if (problems.length > 0) return problems.join('; ')
    log.push(`laid ${file} into ${condaPrefix(dirs)}, every file as info/paths.json lists it`)
  }
  return undefined
}

/** Where an installed package's license files lie: its wheel's site-packages, conda package cache, or lib. */
function licenseRoot(plan: InstallPlan, dirs: CleanDirs): string {
  if (plan.kind === 'wheel') return venvSitePackages(dirs)
  if (plan.kind === 'conda') return cachedPackage(condaCache(dirs), plan.file)
  return path.join(dirs.work, 'lib')
}

interface Installed {
  plan: InstallPlan
  /** The environment its programs run in: the venv's for a wheel, the prefix's for a conda package. */
  env: Record<string, string>
}

/**
 * Installs one package artifact (precompiled file, sources, wheel or conda package) by its plan into the
 * clean folders; returns its plan and environment, or why it failed. Commands in `ran` are not run again
 * (installing several packages into one venv creates it once); the ones run are added.
 */
export async function installPackage(
  ctx: VerifyContext,
  artifact: Artifact,
  dirs: CleanDirs,
  clean: Record<string, string>,
  log: string[],
  ran = new Set<string>()
): Promise<Installed | string> {
  const plan = planFor(ctx, artifact, dirs)
  if (typeof plan === 'string') return plan
  const env = plan.kind === 'wheel' ? venvEnv(clean) : plan.kind === 'conda' ? condaEnv(clean, dirs) : clean
  let failed: string | undefined
  if (plan.kind === 'conda') failed = await installCondaPlan(ctx, plan, dirs, log)
  else {
    download(ctx, plan, dirs, log)
    const commands = planCommands(plan).filter((argv) => !ran.has(argv.join('\0')))
    for (const argv of commands) ran.add(argv.join('\0'))
    failed = await runCommands(commands, dirs, env, log)
  }
  if (failed !== undefined) return failed
  if (plan.kind === 'wheel' && ctx.externals.length > 0)
    await placeExternals(ctx.externals, path.join(venvSitePackages(dirs), 'modular', 'lib', 'mojo'))
  return { plan, env }
}

export async function verifyPackage(artifact: Artifact, ctx: VerifyContext): Promise<Outcome> {
  const name = artifact.import ?? artifact.name
  const log: string[] = []
  if (artifact.mojo !== undefined && artifact.mojo !== ctx.toolchain.version) {
    return fail(
      `${name}: built with Mojo ${artifact.mojo} but verified with Mojo ${ctx.toolchain.version}; a precompiled package loads only in the compiler version that built it`,
      log
    )
  }
  return inClean(ctx, log, async (dirs, clean) => {
    const installed = await installPackage(ctx, artifact, dirs, clean, log)
    if (typeof installed === 'string') return fail(`${name}: ${installed}`, log)
    const missing = missingLicenses(artifact, licenseRoot(installed.plan, dirs))
    if (missing !== undefined) return fail(`${name}: ${missing}`, log)
    return runExample(ctx, installed.plan, dirs, installed.env, name, log)
  })
}

/** Runs one verify-script (workspace-relative) in a clean folder holding every built package. */
export async function verifyScript(script: string, ctx: VerifyContext): Promise<Outcome> {
  const log: string[] = []
  const subject = `verify-script ${script}`
  return inClean(ctx, log, async (dirs, env) => {
    const installFailed = await installAll(ctx, dirs, env, log)
    if (installFailed !== undefined) return fail(`${subject}: ${installFailed}`, log)
    const file = path.basename(script)
    fs.writeFileSync(
      path.join(dirs.work, file),
      readWorkspaceFileSync(ctx.workspace, script, 'verify-script') ?? ''
    )
    log.push(`copied ${script} as ${file}`)
    const result = await logged([ctx.toolchain.mojo, 'run', '-I', 'lib', file], dirs.work, env, log)
    if (result.code === 0) return pass(log, result.output)
    const reason = explainFailure(result.output, describeExit(result), {
      ...ctx.explain,
      subject,
      installed: new Set(ctx.packages.keys())
    })
    return fail(reason, log, result.output)
  })
}

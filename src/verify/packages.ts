/**
 * Package artifacts and verify-scripts. A package is installed alone, with only the packages it declares
 * (transitively), so an undeclared import fails here even though the source tree resolved it at build
 * time (the compiler puts a package folder's parent on the import path: sibling sources resolve).
 * A verify-script runs against every built package installed together, as after installing the bundle.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Artifact } from '../types.js'
import type { CondaPlan } from '../assemble/install-plan.js'
import type { CleanDirs } from './clean-env.js'
import { installConda } from './conda.js'
import { placeExternals } from '../compile/externals.js'
import {
  download,
  fail,
  inClean,
  install,
  installAll,
  logged,
  pass,
  planFor,
  runExample,
  venvDir,
  venvEnv,
  type Outcome,
  type VerifyContext
} from './context.js'
import { explainFailure } from './diagnose.js'
import { describeExit } from '../process.js'

/**
 * Where the venv's compiler finds packages: `site-packages/modular/lib/mojo`. External packages go
 * there, as a user who has them installed in that venv has them.
 */
function venvMojoLib(dirs: CleanDirs): string {
  const lib = path.join(venvDir(dirs), 'lib')
  const python = fs.readdirSync(lib).find((name) => name.startsWith('python'))!
  return path.join(lib, python, 'site-packages', 'modular', 'lib', 'mojo')
}

/** The conda prefix verification lays packages into, and its `lib/mojo`. */
const condaPrefix = (dirs: CleanDirs): string => path.join(dirs.work, 'prefix')

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
    const problems = await installConda(path.join(dirs.download, file), condaPrefix(dirs))
    if (problems.length > 0) return problems.join('; ')
    log.push(`laid ${file} into ${condaPrefix(dirs)}, every file as info/paths.json lists it`)
  }
  return undefined
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
    const plan = planFor(ctx, artifact, dirs)
    if (typeof plan === 'string') return fail(`${name}: ${plan}`, log)
    const env = plan.kind === 'wheel' ? venvEnv(clean) : plan.kind === 'conda' ? condaEnv(clean, dirs) : clean
    const installFailed =
      plan.kind === 'conda'
        ? await installCondaPlan(ctx, plan, dirs, log)
        : await install(ctx, plan, dirs, env, log)
    if (installFailed !== undefined) return fail(`${name}: ${installFailed}`, log)
    if (plan.kind === 'wheel' && ctx.externals.length > 0)
      await placeExternals(ctx.externals, venvMojoLib(dirs))
    return runExample(ctx, plan, dirs, env, name, log)
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
    fs.copyFileSync(path.join(ctx.workspace, script), path.join(dirs.work, file))
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

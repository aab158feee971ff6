/**
 * Package artifacts and verify-scripts. A package is installed alone, with only the packages it declares
 * (transitively), so an undeclared import fails here even though the source tree resolved it at build
 * time (the compiler puts a package folder's parent on the import path: sibling sources resolve).
 * A verify-script runs against every built package installed together, as after installing the bundle.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Artifact } from '../types.js'
import {
  fail,
  inClean,
  install,
  installAll,
  logged,
  pass,
  planFor,
  runExample,
  venvEnv,
  type Outcome,
  type VerifyContext
} from './context.js'
import { explainFailure } from './diagnose.js'
import { describeExit } from '../process.js'

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
    const env = plan.kind === 'wheel' ? venvEnv(clean) : clean
    const installFailed = await install(ctx, plan, dirs, env, log)
    if (installFailed !== undefined) return fail(`${name}: ${installFailed}`, log)
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

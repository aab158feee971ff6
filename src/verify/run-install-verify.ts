/**
 * install_verify.sh, proven as a user runs it: once, in a clean environment, after every package was
 * installed by the route of the first form that ships it (the precompiled files or sources into a
 * folder, the wheels into a venv, the conda packages into an environment), with that route's `mojo`
 * first on PATH, by the line INSTALL.md gives for that route.
 */
import path from 'node:path'
import type { ScriptRun } from '../assemble/install-plan.js'
import { parseDiagnostics } from '../compile/diagnostics.js'
import { describeExit } from '../process.js'
import type { Artifact } from '../types.js'
import type { CleanDirs } from './clean-env.js'
import {
  download,
  fail,
  inClean,
  logged,
  pass,
  planFor,
  venvDir,
  type Outcome,
  type VerifyContext
} from './context.js'
import { condaPrefix, installPackages } from './packages.js'

const ROUTES: Partial<Record<Artifact['kind'], ScriptRun['route']>> = {
  package: 'dir',
  source: 'dir',
  wheel: 'wheel',
  conda: 'conda'
}

/** What the route's own setup puts in the environment: `activate` for a venv, the environment's for conda. */
function routeEnv(
  route: ScriptRun['route'],
  env: Record<string, string>,
  dirs: CleanDirs,
  ctx: VerifyContext
): Record<string, string> {
  if (route === 'wheel') {
    const venv = venvDir(dirs)
    return { ...env, VIRTUAL_ENV: venv, PATH: `${path.join(venv, 'bin')}:${env.PATH}` }
  }
  // The toolchain's mojo plays the environment's (a conda environment's import path holds the prefix's lib/mojo).
  const withMojo = { ...env, PATH: `${path.dirname(ctx.toolchain.mojo)}:${env.PATH}` }
  return route === 'conda' ? { ...withMojo, CONDA_PREFIX: condaPrefix(dirs) } : withMojo
}

/** The packages the script reported as failing, and the compiler's first error. */
function failureReason(subject: string, output: string, exit: string): string {
  const failed = [...output.matchAll(/^FAIL {2}(\S+)$/gm)].map((m) => m[1])
  const error = parseDiagnostics(output).find((d) => d.severity === 'error')?.message
  const last = output.trim().split('\n').pop()?.trim()
  if (failed.length === 0) return `${subject}: failed with ${exit}${last ? `: ${last}` : ''}`
  return `${subject}: the import check of ${failed.join(', ')} failed${error ? ` (error: ${error})` : ''}`
}

export async function verifyInstallScript(artifact: Artifact, ctx: VerifyContext): Promise<Outcome> {
  const log: string[] = []
  const packages = [...ctx.packages.values()]
  const route = packages.length > 0 ? ROUTES[packages[0].kind] : undefined
  return inClean(ctx, log, async (dirs, clean) => {
    const plan = planFor(ctx, artifact, dirs)
    if (typeof plan === 'string') return fail(`${artifact.file}: ${plan}`, log)
    const run = plan.kind === 'script' ? plan.runs.find((r) => r.route === route) : undefined
    if (run === undefined) return fail(`${artifact.file}: no package was built for it to check`, log)
    let env = clean
    // Each kind the packages come in by its own route (all of one kind, unless some ship in fewer forms).
    for (const kind of new Set(packages.map((pkg) => pkg.kind))) {
      const ofKind = packages.filter((pkg) => pkg.kind === kind)
      const installed = await installPackages(ctx, ofKind, dirs, clean, log)
      if (typeof installed === 'string')
        return fail(`${artifact.file}: installing ${ofKind.map((p) => p.file).join(', ')}: ${installed}`, log)
      env = installed.env
    }
    download(ctx, [plan], dirs, log)
    const result = await logged(run.argv, dirs.download, routeEnv(run.route, env, dirs, ctx), log)
    if (result.code === 0) return pass(log, result.output)
    const subject = `${artifact.file} ${run.route}`
    return fail(failureReason(subject, result.output, describeExit(result)), log, result.output)
  })
}

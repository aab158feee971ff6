/** The main step: the pipeline's stages in order, one call each; `report` ends every run. */
import * as core from '@actions/core'
import path from 'node:path'
import { annotateFindings } from './checklist/findings.js'
import { installVerifyFinding } from './checklist/install-verify-item.js'
import type { Finding } from './checklist/items.js'
import { licenseFindings } from './checklist/licenses.js'
import { usableExternals } from './compile/place-externals.js'
import { registerProblemMatcher } from './compile/matcher.js'
import { ActionError } from './errors.js'
import { loadInputs, type Inputs } from './inputs/inputs.js'
import { untrusted } from './log.js'
import { grouped, recordPhase, timed } from './phases.js'
import { prepare, type Plan } from './prepare.js'
import type { ExternalPackage } from './project/external-packages.js'
import { exportedSymbols } from './project/verify-imports.js'
import { setToolchainOutputs } from './publish/outputs.js'
import { report, type Progress } from './publish/outcome.js'
import { setupToolchain } from './toolchain/setup.js'
import type { Toolchain } from './types.js'

/** Adds a stage's findings to the release checklist and annotates its warnings and failures. */
function record(progress: Progress, findings: Finding[]): void {
  annotateFindings(findings)
  progress.findings.push(...findings)
}

/** The build stages load only when there is something to build: a setup step never parses them. */
const buildStages = () =>
  Promise.all([
    import('./compile/compile.js'),
    import('./assemble/assemble.js'),
    import('./verify/verify.js'),
    import('./publish/publish.js'),
    import('./publish/verdict.js'),
    import('./checklist/api-bumps.js')
  ])

async function pipeline(progress: Progress): Promise<void> {
  const inputs = loadInputs(core.getInput)
  // 1. Inputs and project, checked together; then the runner. No download before all of it passes.
  const plan = await prepare(inputs)
  const { project, version, outputDir, release } = plan
  progress.plan = plan // every check passed: from here on, every outcome is summarised
  if (release) record(progress, release.findings)

  // 2. Toolchain.
  const toolchain = await timed('Install Mojo toolchain', 'toolchain', () => setupToolchain(inputs, plan.pin))
  progress.toolchain = toolchain
  setToolchainOutputs(toolchain)
  const fetched = plan.dependencies.length
    ? await timed('Fetch Mojo dependencies', 'dependencies', () => fetchDependencies(plan, inputs, toolchain))
    : []
  progress.fetched = fetched
  const externals = usableExternals([...plan.externals, ...fetched], toolchain)
  if (!plan.building) {
    registerProblemMatcher() // later `run:` steps still get annotations
    core.info(
      `Nothing to build in ${untrusted(inputs.workspace)}: ran as a setup step, Mojo ${toolchain.version} is on PATH.`
    )
    return
  }
  const [
    { compilePackages },
    { assemble, withStaging },
    { verifyRelease },
    { publish },
    { releaseFailure },
    api
  ] = await buildStages()
  core.info(
    `Packages: ${project.packages.map((p) => untrusted(`${p.name} ${p.version} (${p.relDir})`)).join(', ')}`
  )
  if (release && release.history.pending.length > 0) {
    const options = { workspace: inputs.workspace, toolchain, packages: project.packages, externals }
    const compare = () =>
      api.checkApiBumps(release.history, { ...options, timeoutMs: inputs.compileTimeoutMs })
    record(progress, await timed('Compare public APIs', 'api', compare))
  }

  // 3-4. Compile into a staging folder, assemble around it, move it into output-dir when complete.
  const symbols = exportedSymbols(project, inputs)
  const built = await withStaging(async (staging) => {
    const { format, compileTimeoutMs: timeoutMs } = inputs
    const { declaredDependencies } = project
    const compiled = await timed('Compile packages', 'compile', () =>
      compilePackages(plan.order, toolchain, { format, staging, timeoutMs, externals, declaredDependencies })
    )
    progress.compiled = true
    const packages = compiled.map((c) => c.artifact)
    return grouped('Write archives, checksums, manifest.json and INSTALL.md', 'assemble', () =>
      assemble({ ...assembly(plan, inputs, toolchain.version), symbols, externals }, staging, packages)
    )
  })
  record(progress, licenseFindings(project.packages, project))
  registerProblemMatcher() // only now: the action annotated its own compiles

  // 5. Verify in a clean environment; 6. publish; then the verdict.
  const artifacts = inputs.verify
    ? await timed('Verify in a clean environment', 'verify', () =>
        verifyRelease(built, verification(plan, inputs, toolchain, { externals, verifyImports: symbols }))
      )
    : built
  record(progress, [installVerifyFinding(artifacts)])
  const { report, uploadFailure } = await publish({
    inputs,
    outputDir,
    version,
    mojo: toolchain.version,
    artifacts
  })
  progress.built = report
  const shown = path.relative(inputs.workspace, outputDir)
  const failure = releaseFailure({ artifacts, outputDir: shown, uploadFailure, findings: progress.findings })
  if (failure !== undefined) throw new ActionError(failure)
}

/** The locked Mojo dependencies, fetched and built with this toolchain (loaded only when there are some). */
async function fetchDependencies(plan: Plan, inputs: Inputs, toolchain: Toolchain) {
  const { fetchDependencies } = await import('./compile/fetch-dependencies.js')
  const { externals, dependencies } = plan
  const options = { environment: inputs.pixiEnvironment, externals, timeoutMs: inputs.compileTimeoutMs }
  return fetchDependencies(dependencies, toolchain, options)
}

/** What assemble writes around the compiled packages, from the plan and the inputs. */
function assembly(plan: Plan, inputs: Inputs, mojo: string) {
  const { project, version, outputDir, archiveFiles, release } = plan
  const { workspace, bundle, archives, formats } = inputs
  const shared = { version, mojo, workspace, outputDir, bundle, archives, archiveFiles, formats }
  return {
    ...shared,
    name: project.name,
    specs: project.packages,
    licensing: project,
    changelog: release?.changelog
  }
}

/** The packages a verification installs beside the built ones, and the symbols each must export. */
type VerifiedAgainst = { externals: ExternalPackage[]; verifyImports: Map<string, string[]> }

/** What verification checks, and what its manifest.json records. */
function verification(plan: Plan, inputs: Inputs, toolchain: Toolchain, checked: VerifiedAgainst) {
  const { workspace, verifyScripts: scripts, verifyCommands: commands } = inputs
  const shared = { outputDir: plan.outputDir, version: plan.version, workspace, scripts, commands }
  return { ...shared, ...checked, toolchain, mojo: toolchain.version }
}

export async function run(): Promise<void> {
  // Node's start and the bundle's loading: everything before the first line of the action ran.
  recordPhase('bundle load', process.uptime() * 1000)
  const progress: Progress = { findings: [] }
  const failure = await pipeline(progress).then(
    () => undefined,
    (error: unknown) => error
  )
  await report(progress, failure)
}

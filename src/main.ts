/**
 * The main step: the pipeline's stages in order, one call each. Each stage lives in its own folder;
 * this file only sequences and times them. Everything that can be checked without the compiler is
 * checked before it is downloaded. Once those checks passed (the compiler is chosen), every outcome
 * gets a job summary and the step's error names the compiler.
 */
import * as core from '@actions/core'
import fs from 'node:fs/promises'
import path from 'node:path'
import { collectArchives } from './assemble/archives.js'
import { installLines, installPlan } from './assemble/install-plan.js'
import { writeManifest } from './assemble/manifest.js'
import { checkOutputDir } from './assemble/output-dir.js'
import { usableExternals } from './compile/externals.js'
import { registerProblemMatcher } from './compile/matcher.js'
import { ActionError, CompileError, ToolchainError } from './errors.js'
import { deprecationWarnings, loadInputs, type Inputs } from './inputs/inputs.js'
import { checkInputs, checkWorkspace } from './project/check-inputs.js'
import { compilerPin, type CompilerPin } from './project/compiler-pin.js'
import { collectExternals } from './project/externals.js'
import { planBuild } from './project/plan.js'
import { loadProject } from './project/project.js'
import { exportedSymbols, releaseVersion } from './project/release.js'
import { checkRelease } from './checklist/release-checks.js'
import type { PackageSpec } from './project/types.js'
import type { Finding } from './checklist/items.js'
import { annotateFindings, checklistFailure } from './checklist/findings.js'
import { setBuildOutputs, setToolchainOutputs } from './publish/outputs.js'
import {
  describeCompiler,
  renderSummary,
  type BuiltReport,
  type CompilerReport,
  type SummaryInput
} from './publish/summary.js'
import type { UploadResult } from './publish/upload.js'
import { checkRunner } from './host.js'
import { setupToolchain } from './toolchain/setup.js'
import { describeRequest } from './project/version-request.js'
import type { ChangelogSection, Toolchain } from './types.js'
import { installVerifyFinding } from './checklist/install-verify.js'
import { licenseFindings } from './checklist/licenses.js'
import { untrusted } from './log.js'
import { annotateFrom } from './annotate.js'
import { logPhases, phase, recordPhase } from './phases.js'

/**
 * Runs one stage and says how long it took. Stages that log per item (toolchain, compile, verify)
 * group their own logs, since groups do not nest; `grouped` gives the others one group.
 */
async function timed<T>(name: string, phaseName: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now()
  const result = await phase(phaseName, work)
  core.info(`${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`)
  return result
}

async function grouped<T>(name: string, phaseName: string, work: () => Promise<T>): Promise<T> {
  return timed(name, phaseName, () => core.group(name, work))
}

/** How far the run got, filled in as the stages pass: for the job summary and the step's error. */
interface Progress {
  packages: PackageSpec[]
  /** False for a setup step, which writes no summary when it succeeds. */
  building: boolean
  version: string
  /**
   * Chosen once every input and project file passed its checks. Before, there is nothing to summarise:
   * the error names the input or file to fix.
   */
  pin?: CompilerPin
  toolchain?: Toolchain
  compiled?: boolean
  built?: BuiltReport
  /** The release checklist's findings so far, each stage adding its own (see `record`); none for a setup step. */
  findings?: Finding[]
  /** The changelog's section for a tag build's version. */
  changelog?: ChangelogSection
}

/** Adds a stage's findings to the release checklist and annotates its warnings and failures. */
function record(progress: Progress, findings: Finding[]): void {
  annotateFindings(findings)
  progress.findings?.push(...findings)
}

async function pipeline(inputs: Inputs, progress: Progress): Promise<void> {
  // 1. Inputs and project, checked together; then the runner. No download before all of it passes.
  checkWorkspace(inputs.workspace)
  annotateFrom(inputs.workspace)
  for (const warning of deprecationWarnings(inputs)) core.warning(warning)
  const project = await grouped('Read the project', 'project', () => loadProject(inputs))
  checkInputs(inputs, project)
  const externals = collectExternals(inputs, project)
  const archiveFiles = await collectArchives(inputs.archives, {
    workspace: inputs.workspace,
    exclude: [inputs.outputDir]
  })
  const plan = planBuild(project.packages)
  const building = project.packages.length > 0 || inputs.archives.length > 0
  const version = building ? releaseVersion(project) : ''
  const outputDir = path.resolve(inputs.workspace, inputs.outputDir)
  await checkOutputDir({
    workspace: inputs.workspace,
    outputDir,
    packageDirs: project.packages.map((p) => p.dir)
  })
  const release = building
    ? await grouped('Release checks', 'release checks', () =>
        checkRelease(inputs, project, version, process.env.GITHUB_REF)
      )
    : undefined
  const pin = compilerPin(inputs)
  // Every check passed: from here on, every outcome is summarised.
  Object.assign(progress, { packages: project.packages, building, version, pin })
  if (release) {
    Object.assign(progress, { findings: [], changelog: release.changelog })
    record(progress, release.findings)
  }
  checkRunner()

  // 2. Toolchain.
  const toolchain = await timed('Install Mojo toolchain', 'toolchain', () => setupToolchain(inputs, pin))
  progress.toolchain = toolchain
  setToolchainOutputs(toolchain)
  const usable = usableExternals(externals, toolchain)
  if (!building) {
    registerProblemMatcher() // later `run:` steps still get annotations
    core.info(
      `No Mojo packages and no archives in ${untrusted(inputs.workspace)}: ran as a setup step. ` +
        `Mojo ${toolchain.version} is on PATH for the next steps.`
    )
    return
  }
  // The build stages load only now: a setup step never parses them (they are most of the bundle).
  const [
    { compilePackages },
    { assemble, withStaging },
    { verifyArtifacts },
    { uploadArtifacts },
    { checkApiBumps }
  ] = await Promise.all([
    import('./compile/compile.js'),
    import('./assemble/assemble.js'),
    import('./verify/verify.js'),
    import('./publish/upload.js'),
    import('./checklist/api-bumps.js')
  ])
  core.info(
    `Packages: ${project.packages.map((p) => untrusted(`${p.name} ${p.version} (${p.relDir})`)).join(', ') || 'none'}`
  )

  // The version bump against the public API of the earlier release: needs `mojo doc`.
  if (release && release.history.pending.length > 0) {
    const options = {
      workspace: inputs.workspace,
      toolchain,
      packages: project.packages,
      externals: usable,
      timeoutMs: inputs.compileTimeoutMs
    }
    record(progress, await timed('Compare public APIs', 'api', () => checkApiBumps(release.history, options)))
  }

  // 3-4. Compile into a staging folder, assemble around it, move it into output-dir when complete.
  const symbols = exportedSymbols(project, inputs)
  const built = await withStaging(async (staging) => {
    const compiled = await timed('Compile packages', 'compile', () =>
      compilePackages(plan, toolchain, {
        format: inputs.format,
        staging,
        timeoutMs: inputs.compileTimeoutMs,
        externals: usable,
        declaredDependencies: project.declaredDependencies
      })
    )
    progress.compiled = true
    return grouped('Write archives, checksums, manifest.json and INSTALL.md', 'assemble', () =>
      assemble(
        {
          name: project.name,
          version,
          mojo: toolchain.version,
          workspace: inputs.workspace,
          outputDir,
          bundle: inputs.bundle,
          archives: inputs.archives,
          archiveFiles,
          symbols,
          externals: usable,
          formats: inputs.formats,
          specs: project.packages,
          licensing: project,
          changelog: progress.changelog
        },
        staging,
        compiled.map((c) => c.artifact)
      )
    )
  })
  record(progress, licenseFindings(project.packages, project))
  // Only now: the action annotated its own compiles; the matcher serves later `run:` steps.
  registerProblemMatcher()

  // 5. Verify in a clean environment.
  let artifacts = built
  if (inputs.verify) {
    artifacts = await timed('Verify in a clean environment', 'verify', () =>
      verifyArtifacts(built, {
        outputDir,
        toolchain,
        workspace: inputs.workspace,
        verifyImports: symbols,
        scripts: inputs.verifyScripts,
        commands: inputs.verifyCommands,
        externals: usable
      })
    )
    await writeManifest(outputDir, { mojo: toolchain.version, version, artifacts, externals: usable })
  }
  const failed = artifacts.filter((a) => a.verification && !a.verification.ok)
  record(progress, [installVerifyFinding(artifacts)])

  // 6. Publish: uploaded even when verification failed, so the files can be inspected; the step fails
  // after. An upload failure still gets the summary and does not hide a verification failure.
  const files = (await fs.readdir(outputDir, { withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(outputDir, entry.name))
    .sort()
  let uploads: UploadResult[] = []
  let uploadFailure: unknown
  try {
    uploads = await grouped('Upload', 'upload', () => uploadArtifacts({ outputDir, files, inputs, version }))
  } catch (error) {
    uploadFailure = error
  }
  setBuildOutputs({
    workspace: inputs.workspace,
    outputDir,
    version,
    artifacts,
    verified: inputs.verify && failed.length === 0,
    uploads
  })
  progress.built = {
    artifacts,
    installCommand: (a) => installLines(installPlan(a, artifacts)).join(' && '),
    installGuide: await fs.readFile(path.join(outputDir, 'INSTALL.md'), 'utf8'),
    uploads
  }

  const problems: string[] = []
  if (failed.length > 0) {
    problems.push(
      `${failed.length} of ${artifacts.length} artifacts did not install and work in a clean environment: ` +
        failed.map((a) => `${a.file}: ${a.verification?.reason}`).join('; ') +
        `. The built files are in ${path.relative(inputs.workspace, outputDir) || '.'} for inspection.`
    )
  }
  if (uploadFailure !== undefined) {
    if (!(uploadFailure instanceof ActionError)) throw uploadFailure
    problems.push(uploadFailure.message)
  }
  // Release checks fail the step only now: the summary shows the whole checklist, and the files were uploaded.
  const checklist = checklistFailure(progress.findings ?? [])
  if (checklist !== undefined) problems.push(checklist)
  if (problems.length > 0) throw new ActionError(problems.join('\n'))
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error))

function compilerReport(progress: Progress): CompilerReport | undefined {
  const { pin, toolchain } = progress
  return pin && { request: describeRequest(pin.request), origin: pin.origin, toolchain }
}

function summaryInput(progress: Progress, compiler: CompilerReport, failure: unknown): SummaryInput {
  const asFar = progress.packages.map((p) => ({
    name: p.name,
    relDir: p.relDir,
    ...(progress.compiled
      ? { state: 'built' as const }
      : { state: 'not built' as const, reason: 'the step failed before compiling' })
  }))
  return {
    version: progress.version,
    compiler,
    packages: failure instanceof CompileError ? failure.packages : asFar,
    failure: failure === undefined ? undefined : messageOf(failure),
    checklist: progress.findings,
    changelog: progress.changelog,
    built: progress.built
  }
}

/** The step's error, naming the compiler once one was chosen; setup.ts words its own errors. */
function stepError(failure: unknown, compiler: CompilerReport | undefined): string {
  const message = messageOf(failure)
  if (!compiler || failure instanceof ToolchainError) return message
  return `${message} (${describeCompiler(compiler)})`
}

export async function run(): Promise<void> {
  // Node's start and the bundle's loading: everything before the first line of the action ran.
  recordPhase('bundle load', process.uptime() * 1000)
  const progress: Progress = { packages: [], building: false, version: '' }
  let failure: unknown
  try {
    await pipeline(loadInputs(core.getInput), progress)
  } catch (error) {
    failure = error
  }
  const compiler = compilerReport(progress)
  try {
    if (compiler && (progress.building || failure !== undefined)) {
      await phase('summary', () =>
        core.summary.addRaw(renderSummary(summaryInput(progress, compiler, failure))).write()
      )
    }
  } catch (error) {
    // The summary only reports: failing to write it fails the step when nothing else did.
    if (failure === undefined) failure = error
    else core.warning(`Could not write the job summary: ${messageOf(error)}`)
  }
  logPhases()
  if (failure === undefined) return
  // Our own errors carry the fix in their message; anything else is a bug: keep its stack in the log.
  if (!(failure instanceof ActionError) && failure instanceof Error && failure.stack)
    core.debug(failure.stack)
  core.setFailed(stepError(failure, compiler))
}

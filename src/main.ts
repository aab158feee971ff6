/**
 * The main step: the pipeline's stages in order. Each stage lives in its own folder; this file only
 * sequences them, times them, and turns their results into outputs, the summary and the step status.
 */
import * as core from '@actions/core'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { writeBundle } from './assemble/bundle.js'
import { writeArchive } from './assemble/archives.js'
import { writeChecksums } from './assemble/checksums.js'
import { sourceDateEpoch } from './assemble/epoch.js'
import { writeInstallGuide } from './assemble/install-guide.js'
import { installPlan, shellLine } from './assemble/install-plan.js'
import { MANIFEST_FILE, writeManifest } from './assemble/manifest.js'
import { promoteStaging } from './assemble/promote.js'
import { compilePackages } from './compile/compile.js'
import { registerProblemMatcher } from './compile/matcher.js'
import { importName } from './compile/naming.js'
import { ActionError, InputError } from './errors.js'
import { loadInputs, type Inputs } from './inputs/inputs.js'
import { planBuild } from './project/plan.js'
import { loadProject } from './project/project.js'
import type { Project } from './project/types.js'
import { renderSummary } from './publish/summary.js'
import { uploadArtifacts, type UploadResult } from './publish/upload.js'
import { setupToolchain } from './toolchain/setup.js'
import type { Artifact, Toolchain } from './types.js'
import { verifyArtifacts } from './verify/verify.js'

/**
 * Runs one stage and says how long it took. Stages that log per item (toolchain, build, verify) group
 * their own logs, since groups do not nest; `grouped` gives the others one group.
 */
async function timed<T>(name: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now()
  const result = await work()
  core.info(`${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`)
  return result
}

async function grouped<T>(name: string, work: () => Promise<T>): Promise<T> {
  return timed(name, () => core.group(name, work))
}

/** The one version archives, the bundle and the default artifact name carry. */
export function releaseVersion(project: Project): string {
  if (project.version) return project.version
  const versions = [...new Set(project.packages.map((p) => p.version))]
  if (versions.length === 1) return versions[0]
  throw new InputError(
    'version',
    versions.length === 0
      ? 'archives need a version and the workspace has none: set `version`, or a version in pixi.toml.'
      : `the packages have different versions (${versions.join(', ')}) and pixi.toml has none: set \`version\` for the release.`
  )
}

/** Symbols each package must export: its mojo.toml `[verify] imports` plus the `verify-imports` input. */
export function exportedSymbols(project: Project, inputs: Inputs): Map<string, string[]> {
  const symbols = new Map<string, string[]>()
  const add = (key: string, list: string[]): void => {
    const name = importName(key)
    symbols.set(name, [...new Set([...(symbols.get(name) ?? []), ...list])])
  }
  for (const pkg of project.packages) if (pkg.verifyImports.length > 0) add(pkg.import, pkg.verifyImports)
  for (const [key, list] of inputs.verifyImports) add(key, list)
  return symbols
}

interface Built {
  version: string
  outputDir: string
  artifacts: Artifact[]
  symbols: Map<string, string[]>
}

/** Builds every artifact into a temporary folder and moves it into output-dir only when complete. */
async function buildAll(inputs: Inputs, toolchain: Toolchain, project: Project): Promise<Built> {
  const version = releaseVersion(project)
  const outputDir = path.resolve(inputs.workspace, inputs.outputDir)
  const symbols = exportedSymbols(project, inputs)
  const staging = await fs.mkdtemp(path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'mojo-package-'))
  await fs.chmod(staging, 0o755) // it becomes output-dir: not mkdtemp's private 0700
  try {
    const built = await timed('Build packages', () =>
      compilePackages(planBuild(project.packages), toolchain, {
        format: inputs.format,
        staging,
        timeoutMs: inputs.compileTimeoutMs,
        workspace: inputs.workspace
      })
    )
    const artifacts = built.map((b) => b.artifact)
    await grouped('Write archives, checksums, manifest.json and INSTALL.md', async () => {
      const epoch = await sourceDateEpoch(inputs.workspace)
      if (inputs.bundle !== '' && artifacts.length > 0) {
        artifacts.push(
          await writeBundle({
            name: inputs.bundle,
            version,
            packages: built.map((b) => b.artifact),
            packagesDir: staging,
            outDir: staging,
            epoch,
            mojo: toolchain.version,
            symbols
          })
        )
      }
      for (const spec of inputs.archives) {
        artifacts.push(
          await writeArchive(spec, {
            workspace: inputs.workspace,
            version,
            epoch,
            outDir: staging,
            exclude: [inputs.outputDir]
          })
        )
      }
      for (const a of artifacts) core.info(`${a.file}  ${a.size} bytes  sha256 ${a.sha256}`)
      await writeChecksums(staging, artifacts)
      await writeManifest(staging, { mojo: toolchain.version, version, artifacts })
      await writeInstallGuide(staging, {
        name: project.name,
        version,
        mojo: toolchain.version,
        artifacts,
        symbols
      })
      await promoteStaging(staging, outputDir)
    })
    return { version, outputDir, artifacts, symbols }
  } finally {
    await fs.rm(staging, { recursive: true, force: true })
  }
}

function setBuildOutputs(inputs: Inputs, built: Built): void {
  const rel = (a: Artifact): string =>
    path.relative(inputs.workspace, path.join(built.outputDir, a.file)).split(path.sep).join('/')
  core.setOutput('version', built.version)
  core.setOutput('packages', JSON.stringify(built.artifacts.filter((a) => a.kind === 'package').map(rel)))
  core.setOutput('archives', JSON.stringify(built.artifacts.filter((a) => a.kind !== 'package').map(rel)))
  core.setOutput('manifest', path.relative(inputs.workspace, path.join(built.outputDir, MANIFEST_FILE)))
}

function setUploadOutputs(uploads: UploadResult[]): void {
  core.setOutput(
    'artifacts',
    JSON.stringify(uploads.map(({ name, id, url, digest }) => ({ name, id, url, digest })))
  )
  if (uploads.length === 1) {
    core.setOutput('artifact-id', String(uploads[0].id))
    core.setOutput('artifact-url', uploads[0].url)
    core.setOutput('artifact-digest', uploads[0].digest)
  }
}

async function pipeline(inputs: Inputs): Promise<void> {
  const toolchain = await timed('Install Mojo toolchain', () => setupToolchain(inputs))
  const project = await grouped('Read the project', () => loadProject(inputs))
  if (project.packages.length === 0 && inputs.archives.length === 0) {
    core.info(
      `No Mojo packages and no archives in ${inputs.workspace}: ran as a setup step. ` +
        `Mojo ${toolchain.version} is on PATH for the next steps.`
    )
    return
  }
  core.info(
    `Packages: ${project.packages.map((p) => `${p.name} ${p.version} (${p.relDir})`).join(', ') || 'none'}`
  )

  const built = await buildAll(inputs, toolchain, project)
  setBuildOutputs(inputs, built)
  // Only now: the action annotated its own compiles; the matcher serves later `run:` steps.
  registerProblemMatcher()

  let artifacts = built.artifacts
  if (inputs.verify) {
    artifacts = await timed('Verify in a clean environment', () =>
      verifyArtifacts(built.artifacts, {
        outputDir: built.outputDir,
        toolchain,
        workspace: inputs.workspace,
        verifyImports: built.symbols,
        scripts: inputs.verifyScripts,
        commands: inputs.verifyCommands
      })
    )
    await writeManifest(built.outputDir, { mojo: toolchain.version, version: built.version, artifacts })
  }
  const failed = artifacts.filter((a) => a.verification && !a.verification.ok)
  core.setOutput('verified', String(inputs.verify && failed.length === 0))

  // Uploaded even when verification failed, so the files can be inspected; the step fails after.
  const files = (await fs.readdir(built.outputDir, { withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(built.outputDir, entry.name))
    .sort()
  // An upload failure still gets the summary, and does not hide a verification failure.
  let uploads: UploadResult[] = []
  let uploadFailure: unknown
  try {
    uploads = await grouped('Upload', () =>
      uploadArtifacts({ outputDir: built.outputDir, files, inputs, version: built.version })
    )
  } catch (error) {
    uploadFailure = error
  }
  setUploadOutputs(uploads)

  await core.summary
    .addRaw(
      renderSummary({
        toolchain,
        version: built.version,
        artifacts,
        installCommand: (a) => installPlan(a, artifacts).commands.map(shellLine).join(' && '),
        installGuide: await fs.readFile(path.join(built.outputDir, 'INSTALL.md'), 'utf8'),
        uploads
      })
    )
    .write()

  const problems: string[] = []
  if (failed.length > 0) {
    problems.push(
      `${failed.length} of ${artifacts.length} artifacts did not install and work in a clean environment: ` +
        failed.map((a) => `${a.file}: ${a.verification?.reason}`).join('; ') +
        `. The built files are in ${path.relative(inputs.workspace, built.outputDir) || '.'} for inspection.`
    )
  }
  if (uploadFailure !== undefined) {
    if (!(uploadFailure instanceof ActionError)) throw uploadFailure
    problems.push(uploadFailure.message)
  }
  if (problems.length > 0) throw new ActionError(problems.join('\n'))
}

export async function run(): Promise<void> {
  try {
    await pipeline(loadInputs(core.getInput))
  } catch (error) {
    // Our own errors carry the fix in their message; anything else is a bug: keep its stack in the log.
    if (!(error instanceof ActionError) && error instanceof Error && error.stack) core.debug(error.stack)
    core.setFailed(error instanceof Error ? error.message : String(error))
  }
}

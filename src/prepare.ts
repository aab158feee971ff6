/**
 * Stage 1 as one call: every input and project file checked together, then the runner, and one typed
 * plan of what the run will do. Nothing is downloaded before all of it passes.
 */
import * as core from '@actions/core'
import path from 'node:path'
import { annotateFrom } from './annotate.js'
import { collectArchives } from './assemble/archives.js'
import { checkOutputDir } from './assemble/output-dir.js'
import { checkRelease, type ReleaseChecks } from './checklist/release-checks.js'
import { checkRunner } from './host.js'
import { deprecationWarnings, type Inputs } from './inputs/inputs.js'
import { grouped } from './phases.js'
import { checkInputs, checkWorkspace } from './project/check-inputs.js'
import { compilerPin, type CompilerPin } from './project/compiler-pin.js'
import { collectExternals } from './project/external-packages.js'
import { workspaceDependencies } from './project/locked-dependencies.js'
import { planBuild } from './project/plan.js'
import { loadProject } from './project/project.js'
import { releaseVersion } from './project/release-version.js'
import type { Project } from './project/package-spec.js'

export interface Plan {
  project: Project
  /** Packages in compile order: each layer needs only the ones before it. */
  order: ReturnType<typeof planBuild>
  externals: ReturnType<typeof collectExternals>
  /** The Mojo dependencies the pixi files name that the packages import and nothing else gives. */
  dependencies: Awaited<ReturnType<typeof workspaceDependencies>>
  archiveFiles: Awaited<ReturnType<typeof collectArchives>>
  /** False for a setup step: no packages and no archives. */
  building: boolean
  /** The release's version (archives, bundle, the summary); '' for a setup step. */
  version: string
  outputDir: string
  /** The release checks that need no compiler; none for a setup step. */
  release?: ReleaseChecks
  pin: CompilerPin
}

export async function prepare(inputs: Inputs): Promise<Plan> {
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
  const order = planBuild(project.packages)
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
  const provided = new Set(externals.map((e) => e.import))
  const dependencies = await workspaceDependencies(
    inputs.workspace,
    project,
    inputs.pixiEnvironment,
    provided
  )
  checkRunner()
  return { project, order, externals, dependencies, archiveFiles, building, version, outputDir, release, pin }
}

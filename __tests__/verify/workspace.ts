/**
 * Real artifacts for the verify tests: a temp copy of the fixture workspace (edited per test), built
 * by the build stage with the real compiler, archived by the archive stage.
 */
import fs from 'node:fs'
import path from 'node:path'
import { compilePackages } from '../../src/compile/compile.js'
import { planBuild } from '../../src/project/plan.js'
import { loadProject } from '../../src/project/project.js'
import type { PackageSpec } from '../../src/project/package-spec.js'
import type { Artifact, Toolchain } from '../../src/types.js'
import { withStdout } from '../support/stdout.js'

export interface Built {
  artifacts: Artifact[]
  specs: PackageSpec[]
  /** `[verify] imports` of the manifests, keyed by import name (what the lead merges with the input). */
  verifyImports: Map<string, string[]>
}

/** Builds the workspace's packages (or the `packages` folders) into `outDir` with the build stage. */
export async function build(
  ws: string,
  toolchain: Toolchain,
  outDir: string,
  packages: string[] = []
): Promise<Built> {
  const project = await loadProject(
    { workspace: ws, packages, outputDir: 'dist', version: '', checkTag: false },
    {}
  )
  const built = await quietly(() =>
    compilePackages(planBuild(project.packages), toolchain, {
      format: 'auto',
      staging: outDir,
      timeoutMs: 600_000
    })
  )
  return {
    artifacts: built.map((b) => ({ ...b.artifact, mojoToml: b.artifact.mojoToml ?? b.spec.mojoToml })),
    specs: project.packages,
    verifyImports: new Map(
      project.packages.filter((p) => p.verifyImports.length > 0).map((p) => [p.import, p.verifyImports])
    )
  }
}

/** Copies artifacts' files from one output folder to another (to reuse a build in a new output folder). */
export function stage(artifacts: Artifact[], from: string, to: string): Artifact[] {
  for (const a of artifacts) fs.copyFileSync(path.join(from, a.file), path.join(to, a.file))
  return artifacts
}

/** Runs `fn` with stdout captured: the log groups and `::error` annotation commands go there. */
export async function captured<T>(fn: () => Promise<T>): Promise<{ result: T; stdout: string }> {
  const { result, error, stdout } = await withStdout(fn)
  if (error !== undefined) throw error
  return { result: result as T, stdout }
}

export async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  return (await captured(fn)).result
}

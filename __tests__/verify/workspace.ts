/**
 * Real artifacts for the verify tests: a temp copy of the fixture workspace (edited per test), built
 * by the build stage with the real compiler, archived by the archive stage.
 */
import { jest } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { buildPackages } from '../../src/build/build.js'
import { planBuild } from '../../src/project/plan.js'
import { loadProject } from '../../src/project/project.js'
import type { PackageSpec } from '../../src/project/types.js'
import type { Artifact, Toolchain } from '../../src/types.js'
import { repoRoot } from '../support/run-action.js'

const fixture = path.join(repoRoot, '__tests__', 'fixtures', 'workspace')
const temps: string[] = []

export function tempDir(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `mojo-verify-test-${label}-`))
  temps.push(dir)
  return dir
}

export function removeTemps(): void {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
}

/** A private copy of the fixture workspace (modes kept), with `files` written into it. */
export function workspaceCopy(files: Record<string, string> = {}): string {
  const ws = path.join(tempDir('ws'), 'workspace')
  fs.cpSync(fixture, ws, { recursive: true })
  write(ws, files)
  return ws
}

export function write(ws: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(ws, rel)), { recursive: true })
    fs.writeFileSync(path.join(ws, rel), text)
  }
}

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
    buildPackages(planBuild(project.packages), toolchain, { format: 'auto', staging: outDir, workspace: ws })
  )
  return {
    artifacts: built.map((b) => ({ ...b.artifact, manifest: b.artifact.manifest ?? b.spec.manifest })),
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
  let stdout = ''
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk)
    return true
  })
  try {
    return { result: await fn(), stdout }
  } finally {
    spy.mockRestore()
  }
}

export async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  return (await captured(fn)).result
}

/**
 * The compiler puts a package's parent folder on its import path, so a sibling package in the source
 * tree resolves from source even when it is not declared, and the build only breaks for users. Each
 * package therefore compiles from a private copy of its Mojo sources, at the same workspace-relative
 * path, in a folder that holds nothing else: only the `-I` folders of its declared dependencies are
 * visible. Keeping the relative path keeps the bytes (1.x stores the source path in the package) and
 * the diagnostics' file names the same as compiling in the workspace.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import type { PackageSpec } from '../project/package-spec.js'
import { mojoSources, workspaceOf } from '../project/discover.js'

interface IsolatedSource {
  /** The compiler's working folder; diagnostics are relative to it as they would be to the workspace. */
  root: string
  /** The package folder, relative to `root`. */
  source: string
}

/** Copies the Mojo sources under `from` into `to`. */
export async function copyMojoTree(from: string, to: string, workspace = from): Promise<void> {
  for (const rel of await mojoSources(from, workspace)) {
    await fs.mkdir(path.dirname(path.join(to, rel)), { recursive: true })
    await fs.copyFile(path.join(from, rel), path.join(to, rel))
  }
}

/** Copies `spec`'s sources under `into` (a fresh folder) and says how to compile them from there. */
export async function isolateSource(spec: PackageSpec, into: string): Promise<IsolatedSource> {
  // A package at the workspace root gets a folder of its own, so its parent holds nothing else either.
  const root = spec.relDir === '' ? path.join(into, spec.import) : into
  const source = spec.relDir === '' ? '.' : spec.relDir
  await copyMojoTree(spec.dir, path.join(root, source), workspaceOf(spec))
  return { root, source }
}

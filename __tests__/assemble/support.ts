/** Shared helpers for the archive tests: dummy packages, built output folders, the standard tools a user has. */
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { writeArchive } from '../../src/assemble/archives.js'
import { writeBundle } from '../../src/assemble/bundle.js'
import type { Artifact } from '../../src/types.js'
import { fixtureWorkspace, tempDir } from '../support/temp.js'

/** Runs a tool with argv (no shell) in UTC, on top of this process's environment. */
export async function runFull(
  file: string,
  args: string[],
  cwd?: string,
  env: NodeJS.ProcessEnv = {}
): Promise<{ stdout: string; stderr: string }> {
  return promisify(execFile)(file, args, { cwd, env: { ...process.env, TZ: 'UTC', ...env } })
}

export async function run(
  file: string,
  args: string[],
  cwd?: string,
  env?: NodeJS.ProcessEnv
): Promise<string> {
  return (await runFull(file, args, cwd, env)).stdout
}

/** `tar -tvzf` lines as `mode owner name`, e.g. `-rwxr-xr-x 0/0 benchmarks-0.1.0/run_all.sh`. */
export async function tarListing(archive: string): Promise<string[]> {
  const out = await run('tar', ['--numeric-owner', '-tvzf', archive])
  return out
    .trim()
    .split('\n')
    .map((line) => {
      const [mode, owner, , , , ...name] = line.split(/\s+/)
      return `${mode} ${owner} ${name.join(' ')}`
    })
}

/** `zipinfo` lines as `mode name`. */
export async function zipListing(archive: string): Promise<string[]> {
  const out = await run('zipinfo', [archive])
  return out
    .trim()
    .split('\n')
    .filter((line) => /^[-d]/.test(line))
    .map((line) => {
      const parts = line.split(/\s+/)
      return `${parts[0]} ${parts.slice(8).join(' ')}`
    })
}

/**
 * A package artifact with dummy bytes (unit tests never compile): `<import>-0.1.0.mojoc` in `dir`.
 * The build stage and the verify helper exercise the same code with real compiled packages.
 */
export function dummyPackage(dir: string, importAs: string, dependencies: string[] = []): Artifact {
  const file = `${importAs}-0.1.0.mojoc`
  const data = Buffer.from(`dummy package ${importAs}\n`)
  fs.writeFileSync(path.join(dir, file), data)
  return {
    kind: 'package',
    name: importAs,
    version: '0.1.0',
    file,
    sha256: createHash('sha256').update(data).digest('hex'),
    size: data.length,
    import: importAs,
    mojo: '1.2.0',
    dependencies
  }
}

/** The fixture's three packages: data, odyssey_utils, and training (built against odyssey_utils). */
export function dummyPackages(dir: string): Artifact[] {
  return [
    dummyPackage(dir, 'data'),
    dummyPackage(dir, 'odyssey_utils'),
    dummyPackage(dir, 'training', ['odyssey_utils'])
  ]
}

/** An output folder as the lead assembles it: the three packages, the bundle and both fixture archives. */
export async function buildOutput(): Promise<{ outDir: string; artifacts: Artifact[] }> {
  const outDir = tempDir('out')
  const packages = dummyPackages(outDir)
  const common = { version: '0.1.0', outDir, epoch: 0 }
  const archive = { ...common, workspace: fixtureWorkspace, exclude: [] }
  const artifacts = [
    ...packages,
    await writeBundle({ ...common, name: 'ml-odyssey', packages, packagesDir: outDir, mojo: '1.2.0' }),
    await writeArchive(
      { name: 'benchmarks', format: 'tar.gz', patterns: ['scripts/benchmarks/**', 'README.md'] },
      archive
    ),
    await writeArchive({ name: 'docs-offline', format: 'zip', patterns: ['site/**'] }, archive)
  ]
  return { outDir, artifacts }
}

/** Shared helpers for the archive tests: temp folders, fixture copies, the standard tools a user has. */
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

export const fixture = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/workspace')

export function tempDir(prefix = 'archive-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix))
}

/** A copy of the fixture outside any git repository, for variants the fixture must not hold. */
export function fixtureCopy(): string {
  const dir = path.join(tempDir('workspace-'), 'workspace')
  fs.cpSync(fixture, dir, { recursive: true })
  return dir
}

/** Runs a tool with argv (no shell) in UTC, returning stdout. */
export async function run(
  file: string,
  args: string[],
  cwd?: string,
  env: NodeJS.ProcessEnv = {}
): Promise<string> {
  const { stdout } = await promisify(execFile)(file, args, {
    cwd,
    env: { ...process.env, TZ: 'UTC', ...env }
  })
  return stdout
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

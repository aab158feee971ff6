/** Temp folders and child processes for the contenders: fresh folders per run, argv only, no shell. */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `mojo-bench-${prefix}-`))
}

/** Runs `work` with fresh temp folders and removes them afterwards (a toolchain is 260 MB). */
export async function withTemp<T>(prefixes: string[], work: (...dirs: string[]) => Promise<T>): Promise<T> {
  const dirs = prefixes.map(tempDir)
  try {
    return await work(...dirs)
  } finally {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** Runs a command to completion; throws with the end of its output when it fails. Returns its stdout. */
export async function run(
  command: string,
  args: string[],
  options: { cwd?: string; env: NodeJS.ProcessEnv }
): Promise<string> {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let log = ''
  child.stdout.on('data', (chunk) => {
    stdout += chunk
    log = (log + chunk).slice(-4000)
  })
  child.stderr.on('data', (chunk) => (log = (log + chunk).slice(-4000)))
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)))
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${code}:\n${log}`)
  return stdout
}

/** The size of a folder's files, in KiB (what a cache of it would store). */
export function folderKiB(dir: string): number {
  if (!fs.existsSync(dir)) return 0
  let bytes = 0
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) bytes += fs.statSync(path.join(entry.parentPath, entry.name)).size
  }
  return bytes / 1024
}

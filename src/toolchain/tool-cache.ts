/**
 * The runner's tool cache, in @actions/tool-cache's layout (`$RUNNER_TOOL_CACHE/<tool>/<version>/<arch>`
 * plus an `<arch>.complete` marker), so other tools see what this action put there. A toolchain is
 * unpacked into a sibling folder and renamed into place: no 340 MB copy, and never a half-written
 * folder under the final name.
 *
 * Runs on one self-hosted runner share the tool cache, and a running job may be executing the
 * toolchain in it: a complete toolchain is never removed or replaced in place. Staging folders are
 * private (`<arch>.partial-<pid>-*`), placed with rename(2), which refuses a non-empty target, and a
 * toolchain proven broken is first renamed aside (`<arch>.broken-<pid>-*`) and removed from there.
 */
import fs from 'node:fs'
import path from 'node:path'
import { ToolchainError } from '../errors.js'
import { COMPILER } from './compiler-files.js'
import { toolCacheVersion } from './version.js'

/** Leftovers whose owner is gone are removed once this old: a live download touches its folder sooner. */
export const STALE_AFTER_MS = 10 * 60_000
/** Older than this, a leftover is stale whatever its pid says (pids are reused). */
export const ABANDONED_AFTER_MS = 24 * 60 * 60_000

/** The folder a version lives in; the marker beside it says it is complete. */
export function toolCacheDir(version: string, arch: string): string {
  const root = process.env.RUNNER_TOOL_CACHE
  if (!root)
    throw new ToolchainError(
      'RUNNER_TOOL_CACHE is not set: run inside GitHub Actions, or set it to a folder.'
    )
  return path.join(root, COMPILER, toolCacheVersion(version), arch)
}

/** The version's folder when it is complete, else undefined. */
export function findInToolCache(version: string, arch: string): string | undefined {
  const dir = toolCacheDir(version, arch)
  return fs.existsSync(`${dir}.complete`) && fs.existsSync(dir) ? dir : undefined
}

/** A fresh private folder beside `dir`, on the same file system, to fill and then `placeInToolCache`. */
export function stagingBeside(dir: string): string {
  fs.mkdirSync(path.dirname(dir), { recursive: true })
  return fs.mkdtempSync(`${dir}.partial-${process.pid}-`)
}

/**
 * Renames a filled staging folder to `dir` and marks it complete; false (and `staging` is left for
 * `discardStaging`) when another run placed a toolchain there meanwhile: that one is kept.
 */
export function placeInToolCache(staging: string, dir: string): boolean {
  try {
    fs.renameSync(staging, dir)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOTEMPTY' || code === 'EEXIST') return false
    throw error
  }
  markComplete(dir)
  return true
}

/** Removes a staging folder, and the version and tool folders it made when they are left empty. */
export function discardStaging(staging: string): void {
  fs.rmSync(staging, { recursive: true, force: true })
  const root = process.env.RUNNER_TOOL_CACHE
  for (
    let dir = path.dirname(staging);
    root && path.dirname(dir) !== dir && dir !== root;
    dir = path.dirname(dir)
  ) {
    try {
      fs.rmdirSync(dir) // only when empty
    } catch {
      return
    }
  }
}

/** Marks a folder filled in place (the Actions cache restores into `dir` itself) as complete. */
export function markComplete(dir: string): void {
  fs.writeFileSync(`${dir}.complete`, '')
}

/**
 * Takes `dir` out of use in one step (its marker first, then a rename aside), then removes it. A job
 * still running the old files keeps them open; new runs no longer find it.
 */
export function moveAside(dir: string): void {
  fs.rmSync(`${dir}.complete`, { force: true })
  if (!fs.existsSync(dir)) return
  const aside = fs.mkdtempSync(`${dir}.broken-${process.pid}-`)
  fs.renameSync(dir, path.join(aside, 'toolchain'))
  fs.rmSync(aside, { recursive: true, force: true })
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' // someone else's live process
  }
}

/** Whether a `.partial-<pid>-*` / `.broken-<pid>-*` leftover of that age can go. */
export function isStale(name: string, ageMs: number, isAlive: (pid: number) => boolean = alive): boolean {
  if (ageMs > ABANDONED_AFTER_MS) return true
  const pid = Number(/\.(?:partial|broken)-(\d+)-[^/]*$/.exec(name)?.[1])
  // Before owner pids were recorded, or from another pid namespace: only the age tells.
  return ageMs > STALE_AFTER_MS && (!pid || !isAlive(pid))
}

/** Removes the stale leftovers of killed runs beside `dir`: a partial toolchain must not stay forever. */
export function removeStaleLeftovers(dir: string, now = Date.now()): string[] {
  const parent = path.dirname(dir)
  const base = path.basename(dir)
  let names: string[]
  try {
    names = fs.readdirSync(parent)
  } catch {
    return []
  }
  const removed: string[] = []
  for (const name of names) {
    if (!name.startsWith(`${base}.partial-`) && !name.startsWith(`${base}.broken-`)) continue
    const leftover = path.join(parent, name)
    try {
      if (!isStale(name, now - fs.statSync(leftover).mtimeMs)) continue
      fs.rmSync(leftover, { recursive: true, force: true })
      removed.push(leftover)
    } catch {
      // Another run removed it first.
    }
  }
  return removed
}

/**
 * The runner's tool cache, in @actions/tool-cache's layout (`$RUNNER_TOOL_CACHE/<tool>/<version>/<arch>`
 * plus an `<arch>.complete` marker), so other tools see what this action put there. A toolchain is
 * unpacked into a sibling folder and renamed into place: no 340 MB copy, and never a half-written
 * folder under the final name.
 */
import fs from 'node:fs'
import path from 'node:path'
import { ToolchainError } from '../errors.js'
import { COMPILER } from './release.js'
import { toolCacheVersion } from './version.js'

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

/** A fresh folder beside `dir`, on the same file system, to fill and then `placeInToolCache`. */
export function stagingBeside(dir: string): string {
  fs.mkdirSync(path.dirname(dir), { recursive: true })
  return fs.mkdtempSync(`${dir}.partial-`)
}

/** Renames a filled staging folder to `dir` (replacing an incomplete one) and marks it complete. */
export function placeInToolCache(staging: string, dir: string): void {
  fs.rmSync(`${dir}.complete`, { force: true })
  fs.rmSync(dir, { recursive: true, force: true })
  fs.renameSync(staging, dir)
  markComplete(dir)
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

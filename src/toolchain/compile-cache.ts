/**
 * The compiler's own cache (`MODULAR_CACHE_DIR`), kept between runs in the Actions cache. `mojo
 * precompile` writes nothing there, but every `mojo run` does: with it kept, a verification's import
 * check takes 1.6 s instead of 6.3 s (Mojo 1.2.0, measured). Without the variable 1.2.0 writes to
 * /opt/modular/.mojo_cache, which a runner's user cannot create, so nothing is cached at all. Every
 * Mojo child of this action and of the later steps gets the folder; the post step saves it under the
 * compiler version and a hash of the workspace's Mojo sources, and a run whose sources changed
 * starts from the newest entry of the same compiler.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as core from '@actions/core'
import { mojoSources } from '../project/discover.js'
import type { Inputs } from '../inputs/inputs.js'
import { CACHE_STATE } from './cache-state.js'
import { normaliseVersion } from './version.js'

/** sha256 of the workspace's Mojo sources, paths and contents (hidden folders left out). */
async function sourceHash(workspace: string): Promise<string> {
  const hash = crypto.createHash('sha256')
  // A link out of the repository is left out of the key, not refused: nothing is built from it.
  for (const rel of await mojoSources(workspace, workspace, 'leave')) {
    hash
      .update(`${rel}\0`)
      .update(fs.readFileSync(path.join(workspace, rel)))
      .update('\0')
  }
  return hash.digest('hex')
}

/** `mojo-compile-cache-1.2.0-linux-x64-`: every entry of one compiler on one platform starts so. */
function compileCachePrefix(version: string): string {
  return `mojo-compile-cache-${normaliseVersion(version)}-${process.platform}-${process.arch}-`
}

/**
 * Makes the compile cache folder, restores it from the Actions cache unless `cache` is off, and
 * records what the post step saves. Returns the folder, for `MODULAR_CACHE_DIR`, and whether its
 * content was restored (verification distrusts it: see verify.ts).
 */
export async function prepareCompileCache(
  inputs: Inputs,
  version: string
): Promise<{ dir: string; restored: boolean }> {
  const dir = path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'mojo-compile-cache')
  fs.mkdirSync(dir, { recursive: true })
  if (inputs.cache === 'false') return { dir, restored: false }
  const prefix = compileCachePrefix(version)
  const key = prefix + (await sourceHash(inputs.workspace)).slice(0, 16)
  const hit = await (await import('./cache.js')).restoreCompileCache(dir, key, prefix)
  if (inputs.cache === 'true' && hit !== key) {
    core.saveState(CACHE_STATE.compileKey, key)
    core.saveState(CACHE_STATE.compileDir, dir)
  }
  return { dir, restored: hit !== undefined }
}

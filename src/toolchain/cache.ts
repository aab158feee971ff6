/**
 * The Actions cache tier: restores the tool-cache folder of one toolchain version in the main step and
 * saves it in the post step when it was downloaded. A cache problem is a warning, never a failure.
 */
import * as cache from '@actions/cache'
import * as core from '@actions/core'
import type { Inputs } from '../inputs/inputs.js'
import type { Toolchain } from '../types.js'
import { normaliseVersion } from './version.js'

/** Bump when the cached folder's layout changes, so old entries are not restored. */
// v2: the tool-cache folder also keeps the compiler wheels (for wheel verification).
const FORMAT = 'v2'

const STATE = { key: 'toolchain-cache-key', dir: 'toolchain-cache-dir', source: 'toolchain-source' } as const

/** `mojo-compiler-0.26.2-linux-x64-v2`: equal PEP 440 versions share a key. */
export function cacheKey(
  version: string,
  platform: string = process.platform,
  arch: string = process.arch
): string {
  return `mojo-compiler-${normaliseVersion(version)}-${platform}-${arch}-${FORMAT}`
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** @github/local-action's stand-in for @actions/cache has no isFeatureAvailable; its cache always works. */
const cacheAvailable = (): boolean => cache.isFeatureAvailable?.() ?? true

/** Whether the Actions cache can be used; says once why not. */
export function cacheUsable(inputs: Inputs): boolean {
  if (inputs.cache === 'false') return false
  if (!cacheAvailable()) {
    core.info(
      'The Actions cache service is not available here (no ACTIONS_RESULTS_URL/ACTIONS_CACHE_URL); the toolchain is not cached between jobs.'
    )
    return false
  }
  return true
}

/** Restores `toolDir` from the Actions cache; true on an exact hit. */
export async function restoreToolchain(toolDir: string, version: string): Promise<boolean> {
  const key = cacheKey(version)
  try {
    const hit = await cache.restoreCache([toolDir], key)
    if (hit) core.info(`Restored mojo-compiler ${version} from the Actions cache (key ${hit})`)
    else core.info(`No Actions cache entry for ${key}`)
    return hit === key
  } catch (error) {
    core.warning(
      `Restoring the Mojo toolchain from the Actions cache failed; downloading it instead: ${describe(error)}`
    )
    return false
  }
}

/** Records what the post step needs to save a downloaded toolchain. */
export function saveCacheState(toolchain: Toolchain, toolDir: string): void {
  core.saveState(STATE.key, cacheKey(toolchain.version))
  core.saveState(STATE.dir, toolDir)
  core.saveState(STATE.source, toolchain.source)
}

/** Post step: saves the toolchain folder when the main step downloaded it and caching may write. */
export async function saveToolchainCache(inputs: Inputs): Promise<void> {
  const key = core.getState(STATE.key)
  const dir = core.getState(STATE.dir)
  const source = core.getState(STATE.source)
  if (inputs.cache !== 'true' || !key || !dir) return
  if (source !== 'download') {
    core.info(`The Mojo toolchain came from the ${source}; nothing to save.`)
    return
  }
  if (!cacheAvailable()) return // the main step said so already
  try {
    const id = await cache.saveCache([dir], key)
    if (id === -1) core.info(`The Mojo toolchain was not saved to the Actions cache (key ${key}).`)
    else core.info(`Saved the Mojo toolchain to the Actions cache (key ${key}).`)
  } catch (error) {
    core.warning(`Saving the Mojo toolchain to the Actions cache failed: ${describe(error)}`)
  }
}

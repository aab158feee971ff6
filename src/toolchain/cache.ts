/**
 * The Actions cache tier: restores the tool-cache folder of one toolchain version in the main step and
 * saves it in the post step when it was downloaded. A cache problem is a warning, never a failure.
 */
import * as cache from '@actions/cache'
import * as core from '@actions/core'
import { loadInputs } from '../inputs/inputs.js'
import { CACHE_STATE, cacheKey } from './cache-state.js'

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** @github/local-action's stand-in for @actions/cache has no isFeatureAvailable; its cache always works. */
const cacheAvailable = (): boolean => cache.isFeatureAvailable?.() ?? true

let toldUnavailable = false

/** Whether a restore can run; the first one asked says once when there is no cache service. */
function canRestore(): boolean {
  if (cacheAvailable()) return true
  if (!toldUnavailable)
    core.info(
      'The Actions cache service is not available here (no ACTIONS_RESULTS_URL/ACTIONS_CACHE_URL); nothing is cached between jobs.'
    )
  toldUnavailable = true
  return false
}

/** Restores `toolDir` from the Actions cache; true on an exact hit. */
export async function restoreToolchain(toolDir: string, version: string): Promise<boolean> {
  if (!canRestore()) return false
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

/** Restores the compile cache: the exact key, else the newest entry under `prefix`. Returns the key restored. */
export async function restoreCompileCache(
  dir: string,
  key: string,
  prefix: string
): Promise<string | undefined> {
  if (!canRestore()) return undefined
  try {
    const hit = await cache.restoreCache([dir], key, [prefix])
    core.info(hit ? `Restored the compile cache (key ${hit})` : `No compile cache yet for ${prefix}*`)
    return hit
  } catch (error) {
    core.warning(`Restoring the compile cache failed; compiling without it: ${describe(error)}`)
    return undefined
  }
}

async function save(what: string, dir: string, key: string): Promise<void> {
  try {
    const id = await cache.saveCache([dir], key)
    if (id === -1) core.info(`${what} was not saved to the Actions cache (key ${key}).`)
    else core.info(`Saved ${what} to the Actions cache (key ${key}).`)
  } catch (error) {
    core.warning(`Saving ${what} to the Actions cache failed: ${describe(error)}`)
  }
}

/**
 * Post step: saves the toolchain folder when the main step downloaded it, and the compile cache when
 * its key missed, if `cache` may write.
 */
export async function saveCaches(): Promise<void> {
  // The main step read every input and said what was wrong; here only `cache` matters.
  const mode = (() => {
    try {
      return loadInputs(core.getInput).cache
    } catch {
      return 'false'
    }
  })()
  if (mode !== 'true' || !cacheAvailable()) return // the main step said why
  const key = core.getState(CACHE_STATE.key)
  const dir = core.getState(CACHE_STATE.dir)
  if (key && dir && core.getState(CACHE_STATE.source) === 'download')
    await save('the Mojo toolchain', dir, key)
  const compileKey = core.getState(CACHE_STATE.compileKey)
  const compileDir = core.getState(CACHE_STATE.compileDir)
  if (compileKey && compileDir) await save('the compile cache', compileDir, compileKey)
}

/** The toolchain stage: resolve the version, install (caches first), make `mojo` usable by later steps. */
import * as core from '@actions/core'
import { ToolchainError } from '../errors.js'
import { isTagBuild, type Inputs } from '../inputs/inputs.js'
import type { Toolchain } from '../types.js'
import { untrusted } from '../log.js'
import { describeExit, succeeded } from '../process.js'
import { PROBE_TIMEOUT_MS, runMojo } from './driver.js'
import { CACHE_STATE, cacheKey } from './cache-state.js'
import { prepareCompileCache } from './compile-cache.js'
import { exportToolchain } from './env.js'
import { installToolchain } from './install.js'
import { describeRequest } from '../project/version-request.js'
import { phase } from '../phases.js'
import { MOJO_VERSION_INPUT, type CompilerPin } from '../project/compiler-pin.js'

/** Runs `mojo --version` with the driver environment: proves the install runs on this runner. */
async function driverVersion(toolchain: Toolchain): Promise<string> {
  const result = await runMojo(toolchain, ['--version'], { timeoutMs: PROBE_TIMEOUT_MS })
  if (succeeded(result)) return result.stdout.trim()
  const detail = [describeExit(result), result.stderr.trim()].filter(Boolean).join(': ')
  throw new ToolchainError(
    `the installed compiler does not run on this runner (${toolchain.mojo} --version ${detail}).`
  )
}

/** Records what the post step needs to save a downloaded toolchain. */
function saveCacheState(toolchain: Toolchain, toolDir: string): void {
  core.saveState(CACHE_STATE.key, cacheKey(toolchain.version))
  core.saveState(CACHE_STATE.dir, toolDir)
  core.saveState(CACHE_STATE.source, toolchain.source)
}

export async function setupToolchain(inputs: Inputs, pin: CompilerPin): Promise<Toolchain> {
  return core.group('Install Mojo toolchain', async () => {
    // cacheToolchain is set only by cache: true or restore-only, never when the cache is off.
    const useCache = inputs.cacheToolchain
    core.info(`Mojo ${describeRequest(pin.request)}: ${pin.origin}`)
    if (inputs.cache === 'false' && isTagBuild(process.env.GITHUB_REF))
      core.info(
        "Tag build: nothing is restored from the Actions cache, so the release is built with a toolchain from the index (set cache: 'true' to restore anyway)."
      )
    if (inputs.cache !== 'false' && !useCache)
      core.info(
        "The toolchain comes from the index, not the Actions cache: on a fresh runner downloading it measured faster than restoring it (cache: 'true' keeps it there too)."
      )
    const installed = await installToolchain({
      request: pin.request,
      indexUrl: inputs.indexUrl,
      // The cache client is most of the bundle: loaded only when the tool cache missed.
      restore: useCache
        ? async (dir, version) => (await import('./cache.js')).restoreToolchain(dir, version)
        : undefined
    }).catch((error: unknown) => {
      // Say where the wanted version came from, unless the user typed it in this step.
      if (!(error instanceof ToolchainError) || pin.origin === MOJO_VERSION_INPUT) throw error
      throw new ToolchainError(`${error.message} The version came from ${pin.origin}.`)
    })
    const { toolDir, ...toolchain } = installed
    if (inputs.compileCache) {
      const compileCache = await phase('compile cache', () => prepareCompileCache(inputs, toolchain.version))
      toolchain.env.MODULAR_CACHE_DIR = compileCache.dir
      if (compileCache.restored) toolchain.restoredCompileCache = compileCache.dir
    }
    const version = await phase('toolchain probe', () => driverVersion(toolchain))
    core.info(untrusted(`${version} from ${toolchain.source} at ${toolchain.root}`))
    exportToolchain(toolchain)
    if (useCache) saveCacheState(toolchain, toolDir)
    return toolchain
  })
}

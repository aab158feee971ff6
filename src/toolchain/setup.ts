/** The toolchain stage: resolve the version, install (caches first), make `mojo` usable by later steps. */
import * as core from '@actions/core'
import { InputError, ToolchainError } from '../errors.js'
import type { Inputs } from '../inputs/inputs.js'
import type { Toolchain } from '../types.js'
import { untrusted } from '../log.js'
import { describeExit, succeeded } from '../process.js'
import { PROBE_TIMEOUT_MS, runMojo } from './driver.js'
import { cacheUsable, restoreToolchain, saveCacheState } from './cache.js'
import { exportToolchain } from './env.js'
import { installToolchain } from './install.js'
import { parseVersionRequest, type VersionRequest } from './version.js'
import { readVersionFile } from './version-file.js'

/** `mojo-version` if given, else the version file's pin, else latest. */
export function versionRequest(inputs: Inputs): VersionRequest {
  if (inputs.mojoVersion) {
    const request = parseVersionRequest(inputs.mojoVersion)
    if (!request) {
      throw new InputError(
        'mojo-version',
        `'${inputs.mojoVersion}' is not a version, a PEP 440 specifier, 'latest' or 'nightly'; write e.g. 1.2.0, '>=1.0,<2' or latest.`
      )
    }
    return request
  }
  const pinned = readVersionFile(inputs.workspace, inputs.mojoVersionFile)
  if (pinned) {
    core.info(`Using the Mojo version pinned in ${untrusted(pinned.file)}`)
    return pinned.request
  }
  core.info(
    'No mojo-version given and no pixi.toml, mojoproject.toml or pyproject.toml names Mojo: using latest'
  )
  return { kind: 'latest' }
}

/** Runs `mojo --version` with the driver environment: proves the install runs on this runner. */
async function driverVersion(toolchain: Toolchain): Promise<string> {
  const result = await runMojo(toolchain, ['--version'], { timeoutMs: PROBE_TIMEOUT_MS })
  if (succeeded(result)) return result.stdout.trim()
  const detail = [describeExit(result), result.stderr.trim()].filter(Boolean).join(': ')
  throw new ToolchainError(
    `the installed compiler does not run on this runner (${toolchain.mojo} --version ${detail}).`
  )
}

export async function setupToolchain(inputs: Inputs, request: VersionRequest): Promise<Toolchain> {
  return core.group('Install Mojo toolchain', async () => {
    const useCache = cacheUsable(inputs)
    const installed = await installToolchain({
      request,
      indexUrl: inputs.indexUrl,
      restore: useCache ? restoreToolchain : undefined
    })
    const { toolDir, ...toolchain } = installed
    core.info(untrusted(`${await driverVersion(toolchain)} from ${toolchain.source} at ${toolchain.root}`))
    exportToolchain(toolchain)
    if (useCache) saveCacheState(toolchain, toolDir)
    return toolchain
  })
}

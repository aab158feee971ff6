import * as core from '@actions/core'
import { loadInputs } from './inputs/inputs.js'
import { saveToolchainCache } from './toolchain/cache.js'

export async function post(): Promise<void> {
  try {
    await saveToolchainCache(loadInputs(core.getInput))
  } catch (error) {
    core.warning(error instanceof Error ? error.message : String(error))
  }
  // Keep-alive sockets of the cache client can hold the process for minutes after a save.
  process.exit()
}

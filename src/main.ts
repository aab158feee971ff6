import * as core from '@actions/core'
import { loadInputs } from './inputs/inputs.js'
import { setupToolchain } from './toolchain/setup.js'

export async function run(): Promise<void> {
  try {
    const inputs = loadInputs(core.getInput)
    core.info(`workspace: ${inputs.workspace}`)
    await setupToolchain(inputs)
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error))
  }
}

import * as core from '@actions/core'
import { loadInputs } from './inputs/inputs.js'

export async function run(): Promise<void> {
  try {
    const inputs = loadInputs(core.getInput)
    core.info(`workspace: ${inputs.workspace}`)
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error))
  }
}

/**
 * Runs the installed native driver with a time limit: the toolchain's environment added to the runner's
 * allow-listed variables (PATH for the linker `cc`, HOME, temp, locale), nothing else of the runner's.
 */
import { inheritedEnv } from '../child-env.js'
import type { Toolchain } from '../types.js'
import { runProcess, type RunResult } from '../process.js'

interface DriverOptions {
  cwd?: string
  timeoutMs: number
  /** The input that sets `timeoutMs`, named when the limit is hit. */
  limitName?: string
}

export function runMojo(toolchain: Toolchain, args: string[], options: DriverOptions): Promise<RunResult> {
  return runProcess([toolchain.mojo, ...args], { ...options, env: inheritedEnv(toolchain.env) })
}

/** Probes (`--version`, `precompile --help`) answer at once; a driver that hangs on them is broken. */
export const PROBE_TIMEOUT_MS = 60_000

/** Runs the installed native driver: the toolchain's environment added to the runner's, with a time limit. */
import type { Toolchain } from '../types.js'
import { runProcess, type RunResult } from '../process.js'

export interface DriverOptions {
  cwd?: string
  timeoutMs: number
  /** The input that sets `timeoutMs`, named when the limit is hit. */
  limitName?: string
}

export function runMojo(toolchain: Toolchain, args: string[], options: DriverOptions): Promise<RunResult> {
  return runProcess([toolchain.mojo, ...args], { ...options, env: { ...process.env, ...toolchain.env } })
}

/** Probes (`--version`, `precompile --help`) answer at once; a driver that hangs on them is broken. */
export const PROBE_TIMEOUT_MS = 60_000

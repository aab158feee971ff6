/**
 * Wall time per phase of the main step, printed as one line at its end (`Time per phase: ...`), so a
 * slow run shows where its time went (the bench reads the line too). Phases may overlap: parallel
 * compiles each count their own time.
 */
import * as core from '@actions/core'

const phases: Array<{ name: string; ms: number }> = []

export function recordPhase(name: string, ms: number): void {
  phases.push({ name, ms })
}

/** Runs `work` as the phase `name`; a phase that throws is recorded too. */
export async function phase<T>(name: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now()
  try {
    return await work()
  } finally {
    recordPhase(name, performance.now() - started)
  }
}

/** `bundle load 0.21 s; toolchain 0.40 s; ...`, in the order the phases ended. */
function phaseLine(): string {
  return phases.map((p) => `${p.name} ${(p.ms / 1000).toFixed(2)} s`).join('; ')
}

export function logPhases(): void {
  if (phases.length > 0) core.info(`Time per phase: ${phaseLine()}`)
}

/**
 * Runs one stage as a phase and logs how long it took. Stages that log per item (toolchain, compile,
 * verify) group their own logs, since groups do not nest; `grouped` gives the others one group.
 */
export async function timed<T>(name: string, phaseName: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now()
  const result = await phase(phaseName, work)
  core.info(`${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`)
  return result
}

export async function grouped<T>(name: string, phaseName: string, work: () => Promise<T>): Promise<T> {
  return timed(name, phaseName, () => core.group(name, work))
}

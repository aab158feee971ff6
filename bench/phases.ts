/** The action's own account of where a run's time went, read from its log: pure functions of the text. */

export interface Phase {
  name: string
  seconds: number
}

/**
 * The main step's last word, `Time per phase: <name> <seconds> s; <name> <seconds> s; ...`; undefined
 * when the log has no such line (a bundle from before it was added).
 */
export function phasesOf(stdout: string): Phase[] | undefined {
  const line = /^Time per phase: (.*)$/m.exec(stdout)
  if (!line) return undefined
  return line[1]
    .split(';')
    .map((part) => /^\s*(.+?)\s+([\d.]+) s\s*$/.exec(part))
    .filter((m) => m !== null)
    .map((m) => ({ name: m[1], seconds: Number(m[2]) }))
}

/** The stage lines every bundle prints (`Compile packages: 4.2 s`): coarser, but always there. */
export function stagesOf(stdout: string): Phase[] {
  return [...stdout.matchAll(/^([A-Z][^:\n]*): ([\d.]+) s$/gm)].map((m) => ({
    name: m[1],
    seconds: Number(m[2])
  }))
}

/** The verify stage's seconds: the phase line's when there is one (finer), else the stage line's. */
export function verifySeconds(stdout: string): number | undefined {
  const phase = phasesOf(stdout)?.find((p) => p.name === 'verify')
  if (phase) return phase.seconds
  return stagesOf(stdout).find((s) => s.name === 'Verify in a clean environment')?.seconds
}

/** Medians, ratios and the tables the bench prints: pure functions of the measured runs. */
import type { Usage } from './measure.js'
import type { Phase } from './phases.js'
import type { BestSchedule } from './schedule.js'

export interface Series {
  label: string
  runs: Usage[]
}

export interface Comparison {
  case: string
  version: string
  ours: Series
  theirs: Series
  /** Said under the table, e.g. what the alternative leaves out. */
  note?: string
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** Each measure's median on its own (the median time and the median peak may come from different runs). */
export function medianUsage(runs: Usage[]): Usage {
  return {
    wallMs: median(runs.map((r) => r.wallMs)),
    treeKiB: median(runs.map((r) => r.treeKiB)),
    processKiB: median(runs.map((r) => r.processKiB))
  }
}

/** ours / theirs for each measure: below 1 means the action is faster or smaller. */
export function ratios(c: Comparison): Usage {
  const ours = medianUsage(c.ours.runs)
  const theirs = medianUsage(c.theirs.runs)
  return {
    wallMs: ours.wallMs / theirs.wallMs,
    treeKiB: ours.treeKiB / theirs.treeKiB,
    processKiB: ours.processKiB / theirs.processKiB
  }
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`
const mib = (kib: number): string => `${(kib / 1024).toFixed(0)} MiB`

/** Left-aligned text columns, right-aligned figures. */
function align(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)))
  return rows
    .map((r) =>
      r
        .map((cell, i) =>
          /^[\d.]+( s| MiB)?$/.test(cell) ? cell.padStart(widths[i]) : cell.padEnd(widths[i])
        )
        .join('  ')
        .trimEnd()
    )
    .join('\n')
}

export function table(comparisons: Comparison[]): string {
  const header = ['case', 'mojo', 'ours', 'time', 'tree', 'proc', 'alternative', 'time', 'tree', 'proc']
  const rows = comparisons.map((c) => {
    const ours = medianUsage(c.ours.runs)
    const theirs = medianUsage(c.theirs.runs)
    const r = ratios(c)
    return [
      c.case,
      c.version,
      c.ours.label,
      seconds(ours.wallMs),
      mib(ours.treeKiB),
      mib(ours.processKiB),
      c.theirs.label,
      seconds(theirs.wallMs),
      mib(theirs.treeKiB),
      mib(theirs.processKiB),
      'ratio',
      r.wallMs.toFixed(2),
      r.treeKiB.toFixed(2),
      r.processKiB.toFixed(2)
    ]
  })
  return align([[...header, '', 'time', 'tree', 'proc'], ...rows])
}

/** A build's single-package compiles, its best schedule and the action's time against it. */
export function scheduleTable(
  label: string,
  compiles: Map<string, Usage[]>,
  best: BestSchedule,
  action: Usage[] | undefined
): string {
  const rows = [...compiles].map(([name, runs]) => {
    const m = medianUsage(runs)
    return [`  ${name}`, seconds(m.wallMs), mib(m.processKiB), seconds(best.starts.get(name) ?? 0)]
  })
  const lines = [
    `${label}: each package's compile alone (median), and when the best schedule found starts it`,
    align([['  package', 'time', 'proc', 'starts'], ...rows]),
    `  longest chain ${best.chain.join(' -> ')}: ${seconds(best.chainMs)}; sum ${seconds(best.totalMs)}; ` +
      `${best.slots} compiles at once (the action's mojoSlots)`,
    best.exact
      ? `  best schedule ${seconds(best.ms)} (exact: branch and bound)`
      : `  best schedule >= ${seconds(best.ms)} (lower bound: for each package, the work before it over the slots, ` +
        `itself, the work after it; the search's best is ${seconds(best.foundMs)})`
  ]
  if (action) {
    const ms = medianUsage(action).wallMs
    lines.push(
      `  action ${seconds(ms)} = ${(ms / best.ms).toFixed(2)}x the best schedule, ${(ms / best.totalMs).toFixed(2)}x the sum`
    )
  }
  return lines.join('\n')
}

export interface GrowthRow {
  label: string
  packages: number
  /** The sum of the single-package compiles: the sequential `mojo precompile` loop. */
  loopMs: number
  best: BestSchedule
  /** The action's whole run with default inputs and verification, each run. */
  runs: Usage[]
  /** Its compile and verify phases, each run (seconds from its "Time per phase" line). */
  compileMs: number[]
  verifyMs: number[]
}

/** How cost grows: compile, verification and the whole run per workspace size, and the ratios. */
export function growthTable(rows: GrowthRow[]): string {
  const header = ['  workspace', 'runs', 'loop', 'best', 'compile', 'verify', 'whole', 'verify/compile']
  return align([
    [...header, 'whole/best', 'whole/loop', 'peak tree'],
    ...rows.map((r) => {
      const whole = medianUsage(r.runs)
      const compile = median(r.compileMs)
      const verify = median(r.verifyMs)
      return [
        `  ${r.label}`,
        String(r.runs.length),
        seconds(r.loopMs),
        `${r.best.exact ? '' : '>='}${seconds(r.best.ms)}`,
        seconds(compile),
        seconds(verify),
        seconds(whole.wallMs),
        (verify / compile).toFixed(2),
        (whole.wallMs / r.best.ms).toFixed(2),
        (whole.wallMs / r.loopMs).toFixed(2),
        mib(whole.treeKiB)
      ]
    })
  ])
}

/** One run's time per phase, as the action reports it; its stage lines when it does not. */
export function phaseTable(phases: Phase[] | undefined, stages: Phase[]): string {
  if (phases)
    return align([['  phase', 'time'], ...phases.map((p) => [`  ${p.name}`, `${p.seconds.toFixed(2)} s`])])
  return [
    '  not reported (this dist/ prints no "Time per phase" line); its stage lines:',
    align(stages.map((s) => [`  ${s.name}`, `${s.seconds.toFixed(1)} s`]))
  ].join('\n')
}

export interface Goal {
  goal: string
  /** The measured ratio; undefined when it was not measured (`why` says why). */
  ratio: number | undefined
  why?: string
  /** Met when ratio <= limit (or < limit when `strict`). */
  limit: number
  strict?: boolean
}

export function goalsTable(goals: Goal[]): string {
  return align([
    ['  goal', 'ratio', 'limit', ''],
    ...goals.map((g) => {
      const met =
        g.ratio === undefined
          ? `not measured: ${g.why ?? 'its case did not run'}`
          : (g.strict ? g.ratio < g.limit : g.ratio <= g.limit)
            ? 'met'
            : 'MISSED'
      return [
        `  ${g.goal}`,
        g.ratio === undefined ? '-' : g.ratio.toFixed(2),
        `${g.strict ? '<' : '<='} ${g.limit}`,
        met
      ]
    })
  ])
}

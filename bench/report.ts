/** Medians, ratios and the table the bench prints: pure functions of the measured runs. */
import type { Usage } from './measure.js'

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

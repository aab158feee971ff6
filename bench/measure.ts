/**
 * Wall time and peak memory of the processes a piece of work starts, read from /proc while it runs: every
 * descendant of this process, however it was spawned (runAction spawns its own), so the action and its
 * alternatives are measured the same way. Linux only.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { performance } from 'node:perf_hooks'

export interface Usage {
  /** Start to finish of the work. */
  wallMs: number
  /** The highest sum of the resident sets of all live descendants at one sample. */
  treeKiB: number
  /** The highest resident set any one descendant reached (its VmHWM, so exact unless it lived < 1 sample). */
  processKiB: number
}

function children(pid: number): number[] {
  let tasks: string[]
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`)
  } catch {
    return [] // exited between samples
  }
  return tasks.flatMap((tid) => {
    try {
      return fs
        .readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8')
        .split(' ')
        .filter(Boolean)
        .map(Number)
    } catch {
      return []
    }
  })
}

function descendants(pid: number): number[] {
  const found: number[] = []
  const stack = children(pid)
  while (stack.length > 0) {
    const next = stack.pop()!
    found.push(next)
    stack.push(...children(next))
  }
  return found
}

/** VmRSS and VmHWM in KiB; undefined for a process that is gone or a zombie (no memory lines). */
function memory(pid: number): { rss: number; hwm: number } | undefined {
  let status: string
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  } catch {
    return undefined
  }
  const rss = /^VmRSS:\s+(\d+) kB/m.exec(status)
  const hwm = /^VmHWM:\s+(\d+) kB/m.exec(status)
  return rss && hwm ? { rss: Number(rss[1]), hwm: Number(hwm[1]) } : undefined
}

/** Runs `work` after flushing the disk cache, sampling this process's descendants every `intervalMs`. */
export async function measure<T>(
  work: () => Promise<T>,
  intervalMs = 20
): Promise<{ result: T; usage: Usage }> {
  let treeKiB = 0
  let processKiB = 0
  const sample = (): void => {
    let sum = 0
    for (const pid of descendants(process.pid)) {
      const m = memory(pid)
      if (!m) continue
      sum += m.rss
      processKiB = Math.max(processKiB, m.hwm)
    }
    treeKiB = Math.max(treeKiB, sum)
  }
  // The previous run's unwritten pages (a toolchain is 260 MB) would otherwise be flushed during this one.
  execFileSync('sync')
  const timer = setInterval(sample, intervalMs)
  const started = performance.now()
  try {
    const result = await work()
    return { result, usage: { wallMs: performance.now() - started, treeKiB, processKiB } }
  } finally {
    clearInterval(timer)
  }
}

/** Two pieces of work run one after the other, as one: times add up, peaks do not. */
export function sequence(a: Usage, b: Usage): Usage {
  return {
    wallMs: a.wallMs + b.wallMs,
    treeKiB: Math.max(a.treeKiB, b.treeKiB),
    processKiB: Math.max(a.processKiB, b.processKiB)
  }
}

/**
 * The fastest any scheduler can build a package graph, from each package's compile time alone, on `slots`
 * compiles at once (what the action uses: `mojoSlots` of src/concurrency.ts): the minimum makespan of
 * non-preemptive jobs with precedence on identical machines. Exact by branch and bound for small graphs;
 * for larger ones, when the search passes its budget, a lower bound no schedule can beat. Pure.
 */
import type { GraphPackage } from './workspaces.js'

export interface BestSchedule {
  /** The minimum makespan when `exact`; otherwise a lower bound of it. */
  ms: number
  exact: boolean
  /** The best schedule found (equal to `ms` when exact): the search's upper bound. */
  foundMs: number
  /** When each package starts in the schedule found, in ms. */
  starts: Map<string, number>
  /** The longest dependency chain (dependency first) and its time: a bound every schedule meets. */
  chain: string[]
  chainMs: number
  totalMs: number
  slots: number
}

/** Search states the exact search may visit before it settles for the bound: a second or so. */
const BUDGET = 2_000_000

interface Graph {
  names: string[]
  ms: number[]
  deps: number[][]
  /** The longest chain of dependents after each package, its own time excluded. */
  tail: number[]
}

function graphOf(packages: GraphPackage[], ms: Map<string, number>): Graph {
  const names = packages.map((p) => p.name)
  const index = new Map(names.map((n, i) => [n, i]))
  const deps = packages.map((p) =>
    p.deps.map((d) => {
      const i = index.get(d)
      if (i === undefined) throw new Error(`${p.name} depends on ${d}, which is not in the graph`)
      return i
    })
  )
  const times = names.map((n) => {
    const t = ms.get(n)
    if (t === undefined) throw new Error(`no compile time for ${n}`)
    return t
  })
  const tail = names.map(() => 0)
  // packages list dependencies first: walk backwards so each dependent's tail is known.
  for (let i = names.length - 1; i >= 0; i--)
    for (const d of deps[i]) tail[d] = Math.max(tail[d], times[i] + tail[i])
  return { names, ms: times, deps, tail }
}

/** All the packages `i` needs before it (transitively), as indices. */
function ancestors(g: Graph, i: number): Set<number> {
  const found = new Set<number>()
  const stack = [...g.deps[i]]
  while (stack.length > 0) {
    const d = stack.pop()!
    if (found.has(d)) continue
    found.add(d)
    stack.push(...g.deps[d])
  }
  return found
}

/**
 * A lower bound of every schedule: for each package, what must come before it (its longest chain of
 * dependencies, and their total work spread over the slots), itself, and what must come after it (the
 * same for its dependents). It is max(longest chain, total / slots) when nothing depends on anything, and
 * much more when one package depends on all the others (they must all finish before it starts).
 */
export function lowerBound(packages: GraphPackage[], ms: Map<string, number>, slots: number): number {
  const g = graphOf(packages, ms)
  const n = g.names.length
  const before = g.names.map((_, i) => ancestors(g, i))
  const after = g.names.map((_, i) => new Set(before.flatMap((a, j) => (a.has(i) ? [j] : []))))
  const work = (set: Set<number>): number => [...set].reduce((sum, j) => sum + g.ms[j], 0)
  const head = g.names.map(() => 0)
  for (let i = 0; i < n; i++) for (const d of g.deps[i]) head[i] = Math.max(head[i], head[d] + g.ms[d])
  const total = g.ms.reduce((a, b) => a + b, 0)
  let bound = total / slots
  for (let i = 0; i < n; i++) {
    const start = Math.max(head[i], work(before[i]) / slots)
    const end = Math.max(g.tail[i], work(after[i]) / slots)
    bound = Math.max(bound, start + g.ms[i] + end)
  }
  return bound
}

/** `packages` lists dependencies first; `ms` has every package's compile time; `slots` >= 1. */
export function bestSchedule(packages: GraphPackage[], ms: Map<string, number>, slots: number): BestSchedule {
  const g = graphOf(packages, ms)
  const n = g.names.length
  const total = g.ms.reduce((a, b) => a + b, 0)
  const bound = lowerBound(packages, ms, slots)
  let best = Infinity
  let bestStarts: number[] = []
  let visited = 0
  const start = new Array<number>(n).fill(-1)
  // Ready packages are tried longest tail first: the first complete schedule is the action's own order.
  const order = g.names.map((_, i) => i).sort((a, b) => g.tail[b] + g.ms[b] - (g.tail[a] + g.ms[a]))

  /**
   * At time `t`, with `running` and `finished` packages: start a ready package on a free slot (only those
   * after `minRank` at this instant, so each set of starts is tried once), or leave the slot idle until the
   * next compile ends (an idle slot can pay when a long package waits on a dependency).
   */
  const search = (
    t: number,
    running: number[],
    finished: boolean[],
    count: number,
    minRank: number
  ): void => {
    if (++visited > BUDGET) return
    if (count === n && running.length === 0) {
      if (t < best) {
        best = t
        bestStarts = [...start]
      }
      return
    }
    // Bound: every running and unstarted package, with its chain of dependents; the work left over the slots.
    let lb = t
    let left = 0
    for (const r of running) {
      lb = Math.max(lb, start[r] + g.ms[r] + g.tail[r])
      left += start[r] + g.ms[r] - t
    }
    for (let i = 0; i < n; i++) {
      if (start[i] >= 0) continue
      lb = Math.max(lb, t + g.ms[i] + g.tail[i])
      left += g.ms[i]
    }
    lb = Math.max(lb, t + left / slots)
    if (lb >= best - 1e-9) return
    if (running.length < slots) {
      for (let rank = minRank; rank < n; rank++) {
        const i = order[rank]
        if (start[i] >= 0 || !g.deps[i].every((d) => finished[d])) continue
        start[i] = t
        search(t, [...running, i], finished, count + 1, rank + 1)
        start[i] = -1
        if (visited > BUDGET) return
      }
    }
    if (running.length === 0) return // nothing ready and nothing running: a dead end of this branch
    const next = Math.min(...running.map((r) => start[r] + g.ms[r]))
    const ended = running.filter((r) => start[r] + g.ms[r] <= next)
    const now = [...finished]
    for (const r of ended) now[r] = true
    search(
      next,
      running.filter((r) => !ended.includes(r)),
      now,
      count,
      0
    )
  }
  search(0, [], new Array<boolean>(n).fill(false), 0, 0)
  const exact = visited <= BUDGET
  const chain = longestChain(g)
  return {
    ms: exact ? best : bound,
    exact,
    foundMs: best,
    starts: new Map(g.names.map((name, i) => [name, bestStarts[i]])),
    chain: chain.names,
    chainMs: chain.ms,
    totalMs: total,
    slots
  }
}

function longestChain(g: Graph): { names: string[]; ms: number } {
  const best = g.names.map(() => ({ ms: 0, chain: [] as number[] }))
  for (let i = 0; i < g.names.length; i++) {
    const before = g.deps[i].map((d) => best[d]).reduce((a, b) => (b.ms > a.ms ? b : a), { ms: 0, chain: [] })
    best[i] = { ms: before.ms + g.ms[i], chain: [...before.chain, i] }
  }
  const top = best.reduce((a, b) => (b.ms > a.ms ? b : a))
  return { names: top.chain.map((i) => g.names[i]), ms: top.ms }
}

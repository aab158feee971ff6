/**
 * The fastest any scheduler can build a package graph from the single-package compile times: the larger of
 * the longest dependency chain and the total work spread over the compiles that can run at once. Pure.
 */
import type { GraphPackage } from './workspaces.js'

export interface GraphLimit {
  /** The chain of packages whose compile times add up to the most, dependency first. */
  chain: string[]
  chainMs: number
  totalMs: number
  /** Compiles at once: min(cores, memory available / peak of one compile), at least 1. */
  concurrency: number
  /** totalMs / concurrency. */
  spreadMs: number
  /** max(chainMs, spreadMs). */
  limitMs: number
}

/** How many compiles fit at once: one per core, as long as each has its peak memory. */
export function compileConcurrency(cores: number, availableKiB: number, compileKiB: number): number {
  return Math.max(1, Math.min(cores, Math.floor(availableKiB / compileKiB)))
}

/** `packages` lists dependencies first; `ms` has every package's compile time. */
export function graphLimit(
  packages: GraphPackage[],
  ms: Map<string, number>,
  concurrency: number
): GraphLimit {
  const longest = new Map<string, { ms: number; chain: string[] }>()
  for (const pkg of packages) {
    const own = ms.get(pkg.name)
    if (own === undefined) throw new Error(`no compile time for ${pkg.name}`)
    const before = pkg.deps
      .map((d) => longest.get(d))
      .reduce((a, b) => (b && (!a || b.ms > a.ms) ? b : a), undefined)
    longest.set(pkg.name, { ms: (before?.ms ?? 0) + own, chain: [...(before?.chain ?? []), pkg.name] })
  }
  const top = [...longest.values()].reduce((a, b) => (b.ms > a.ms ? b : a))
  const totalMs = [...ms.values()].reduce((a, b) => a + b, 0)
  const spreadMs = totalMs / concurrency
  return {
    chain: top.chain,
    chainMs: top.ms,
    totalMs,
    concurrency,
    spreadMs,
    limitMs: Math.max(top.ms, spreadMs)
  }
}

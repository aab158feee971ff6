import { describe, expect, it } from '@jest/globals'
import { bestSchedule, lowerBound } from '../../bench/schedule.js'
import type { GraphPackage } from '../../bench/workspaces.js'

const pkg = (name: string, deps: string[] = []): GraphPackage => ({ name, dir: name, deps })
const times = (entries: Record<string, number>): Map<string, number> => new Map(Object.entries(entries))

describe('bestSchedule', () => {
  it('spreads independent packages over the slots', () => {
    const graph = ['a', 'b', 'c', 'd'].map((n) => pkg(n))
    const best = bestSchedule(graph, times({ a: 2, b: 2, c: 2, d: 2 }), 2)
    expect([best.ms, best.exact]).toEqual([4, true])
  })

  it('finds a better order than longest first (3, 3, 2, 2, 2 on two slots: 6, not 7)', () => {
    const graph = ['a', 'b', 'c', 'd', 'e'].map((n) => pkg(n))
    expect(bestSchedule(graph, times({ a: 3, b: 3, c: 2, d: 2, e: 2 }), 2).ms).toBe(6)
  })

  it('waits for every dependency when one package depends on all others', () => {
    const graph = [pkg('a'), pkg('b'), pkg('c'), pkg('top', ['a', 'b', 'c'])]
    const best = bestSchedule(graph, times({ a: 2, b: 2, c: 2, top: 2 }), 2)
    // The old limit, max(longest chain 4, total 8 / 2 slots), says 4: no schedule reaches it.
    expect([best.ms, best.chainMs, best.totalMs / 2]).toEqual([6, 4, 4])
  })

  it('starts each package after its dependencies end', () => {
    const graph = [pkg('a'), pkg('b'), pkg('m', ['a']), pkg('top', ['m', 'b'])]
    const ms = times({ a: 1, b: 5, m: 3, top: 1 })
    const { starts } = bestSchedule(graph, ms, 2)
    for (const p of graph)
      for (const d of p.deps) expect(starts.get(p.name)!).toBeGreaterThanOrEqual(starts.get(d)! + ms.get(d)!)
  })

  it('runs one at a time on one slot: the sum', () => {
    const graph = [pkg('a'), pkg('b', ['a']), pkg('c')]
    expect(bestSchedule(graph, times({ a: 1, b: 2, c: 4 }), 1).ms).toBe(7)
  })
})

describe('lowerBound', () => {
  it('is the longest chain or the work over the slots for independent packages', () => {
    const graph = ['a', 'b', 'c'].map((n) => pkg(n))
    expect(lowerBound(graph, times({ a: 5, b: 1, c: 1 }), 2)).toBe(5)
    expect(lowerBound(graph, times({ a: 2, b: 2, c: 2 }), 2)).toBe(3)
  })

  it('counts the work before a package that depends on all others', () => {
    const graph = [pkg('a'), pkg('b'), pkg('c'), pkg('top', ['a', 'b', 'c'])]
    expect(lowerBound(graph, times({ a: 2, b: 2, c: 2, top: 2 }), 2)).toBe(5)
  })

  it('never exceeds the exact best schedule', () => {
    const graph = [
      pkg('l1'),
      pkg('l2'),
      pkg('l3'),
      pkg('l4'),
      pkg('m1', ['l1', 'l2']),
      pkg('m2', ['l2', 'l3', 'l4']),
      pkg('top', ['m1', 'm2'])
    ]
    const ms = times({ l1: 3, l2: 1, l3: 4, l4: 2, m1: 5, m2: 2, top: 3 })
    for (const slots of [1, 2, 3]) {
      const best = bestSchedule(graph, ms, slots)
      expect(best.exact).toBe(true)
      expect(lowerBound(graph, ms, slots)).toBeLessThanOrEqual(best.ms)
    }
  })
})

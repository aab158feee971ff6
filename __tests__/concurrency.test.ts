import { describe, expect, it } from '@jest/globals'
import { mojoSlots, runGraph } from '../src/concurrency.js'

const GiB = 2 ** 30

/** A graph of named items; each task takes `ms` and logs when it starts and ends. */
function graph(edges: Record<string, string[]>, ms: Record<string, number>) {
  const log: string[] = []
  const task = async (name: string): Promise<string> => {
    log.push(`start ${name}`)
    await new Promise((resolve) => setTimeout(resolve, ms[name] ?? 1))
    log.push(`end ${name}`)
    return name
  }
  return { items: Object.keys(edges), dependsOn: (n: string) => edges[n], task, log }
}

describe('runGraph', () => {
  it('starts an item as soon as its own dependencies finished, not when the whole layer has', async () => {
    // slow and quick are one layer; top needs only quick.
    const g = graph({ slow: [], quick: [], top: ['quick'] }, { slow: 80, quick: 5, top: 5 })
    await runGraph(g.items, g.dependsOn, 2, g.task, () => true)
    expect(g.log.indexOf('start top')).toBeLessThan(g.log.indexOf('end slow'))
  })

  it('starts the item with the longest chain after it first', async () => {
    // Listed last, `a` heads a chain a -> b -> c; the others have nothing after them.
    const g = graph({ d: [], e: [], a: [], b: ['a'], c: ['b'] }, {})
    await runGraph(g.items, g.dependsOn, 1, g.task, () => true)
    expect(g.log[0]).toBe('start a')
  })

  it('never runs more than the limit at once', async () => {
    const g = graph({ a: [], b: [], c: [], d: [] }, { a: 10, b: 10, c: 10, d: 10 })
    let running = 0
    let most = 0
    await runGraph(
      g.items,
      g.dependsOn,
      2,
      async (n) => {
        most = Math.max(most, ++running)
        await g.task(n)
        running--
        return n
      },
      () => true
    )
    expect(most).toBe(2)
  })

  it('starts nothing new after a refused result, and waits for what runs', async () => {
    const g = graph({ bad: [], long: [], after: ['bad'], later: [] }, { bad: 1, long: 30 })
    const results = await runGraph(g.items, g.dependsOn, 2, g.task, (r) => r !== 'bad')
    expect([results.sort(), g.log.includes('start later')]).toEqual([['bad', 'long'], false])
  })

  it('rejects with a task error once the running tasks ended', async () => {
    const g = graph({ boom: [], long: [] }, { long: 20 })
    const run = runGraph(
      g.items,
      g.dependsOn,
      2,
      async (n) => (n === 'boom' ? Promise.reject(new Error('boom')) : g.task(n)),
      () => true
    )
    await expect(run).rejects.toThrow('boom')
    expect(g.log).toContain('end long')
  })
})

describe('mojoSlots', () => {
  it('gives one Mojo process per core when memory allows', () => {
    expect(mojoSlots('1.2.0', 6 * GiB, 2)).toBe(2)
  })

  it('runs compilers before 1.0.0b2 one at a time on a 7 GiB runner', () => {
    expect(mojoSlots('0.26.2.0', 6 * GiB, 2)).toBe(1)
  })

  it('runs at least one, however little memory is free', () => {
    expect(mojoSlots('1.2.0', 0.1 * GiB, 4)).toBe(1)
  })
})

/** Bounded parallelism shared by the build and verify stages: how many at once, and in what order. */
import os from 'node:os'
import * as pep440 from '@renovatebot/pep440'

/** Runs `task` over `items`, at most `limit` at once, keeping the order of `items` in the results. */
export async function mapLimit<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++
      results[i] = await task(items[i])
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

/**
 * Runs `task` over a dependency graph: an item starts as soon as every item it depends on has finished
 * with a result `proceed` accepts, not when a whole layer has, at most `limit` at once, longest chain
 * first. Once `proceed`
 * refuses a result (or a task throws) nothing new starts; the running tasks are waited for. Returns
 * the results of the tasks that ran, in the order they finished.
 */
export async function runGraph<T, R>(
  items: T[],
  dependsOn: (item: T) => T[],
  limit: number,
  task: (item: T) => Promise<R>,
  proceed: (result: R) => boolean
): Promise<R[]> {
  // Longest chain first: of the items ready, those with the longest chain of dependents after them
  // start first, so the end of the longest chain is not left to run alone at the end.
  const chain = new Map<T, number>()
  const chainAfter = (item: T): number => {
    let length = chain.get(item)
    if (length === undefined) {
      const dependents = items.filter((other) => dependsOn(other).includes(item))
      length = 1 + Math.max(0, ...dependents.map(chainAfter))
      chain.set(item, length)
    }
    return length
  }
  const order = [...items].sort((a, b) => chainAfter(b) - chainAfter(a))
  const done = new Set<T>()
  const started = new Set<T>()
  const results: R[] = []
  let running = 0
  let stopped = false
  let failure: { error: unknown } | undefined
  return new Promise((resolve, reject) => {
    const pump = (): void => {
      for (const item of stopped ? [] : order) {
        if (running >= limit) break
        if (started.has(item) || !dependsOn(item).every((d) => done.has(d))) continue
        started.add(item)
        running++
        task(item)
          .then(
            (result) => {
              results.push(result)
              if (proceed(result)) done.add(item)
              else stopped = true
            },
            (error: unknown) => {
              failure ??= { error }
              stopped = true
            }
          )
          .finally(() => {
            running--
            pump()
          })
      }
      if (running > 0) return
      if (failure) reject(failure.error)
      else resolve(results)
    }
    pump()
  })
}

/**
 * Mojo processes one runner can hold at once: one per core, and no more than free memory allows at the
 * measured peak of one. Before 1.0.0b2 two compilers at once could run a 7 GiB runner out of memory,
 * so those take 3.5 GiB each; later ones peaked at 0.2 GiB on the bench's packages, and get 1 GiB of
 * headroom for larger ones.
 */
export function mojoSlots(
  version: string,
  freeBytes = os.freemem(),
  cores = os.availableParallelism()
): number {
  const old = pep440.valid(version) !== null && pep440.lt(version, '1.0.0b2')
  const perProcess = (old ? 3.5 : 1) * 2 ** 30
  return Math.max(1, Math.min(cores, Math.floor(freeBytes / perProcess)))
}

/**
 * Does keeping the compiler's cache (`MODULAR_CACHE_DIR`) between CI runs pay? The wide workspace rebuilt
 * with `mojo precompile` and an import check run with `mojo run`, each with the cache an earlier run left
 * against an empty one. Run with the compiler directly: the action would only add its own constant costs.
 */
import fs from 'node:fs'
import path from 'node:path'
import { compileEach, loopUsage } from './contenders.js'
import { measure, type Usage } from './measure.js'
import type { Comparison } from './report.js'
import { folderKiB, run, tempDir, withTemp } from './tools.js'
import { packageSource, type Workspace } from './workspaces.js'

export interface CacheResult {
  comparisons: Comparison[]
  /** What the kept cache holds at the end: what a CI cache of it would store and restore. */
  cacheKiB: number
}

const CHECK = 'from top import top_f0\n\n\ndef main():\n    print("ok")\n'

export async function compileCacheRuns(
  stepEnv: NodeJS.ProcessEnv,
  wide: Workspace,
  version: string,
  reps: number,
  log: (line: string) => void
): Promise<CacheResult> {
  return withTemp(['ws', 'home', 'kept-cache'], async (workspace, home, kept) => {
    fs.cpSync(wide.root, workspace, { recursive: true })
    fs.writeFileSync(path.join(workspace, 'app.mojo'), CHECK)
    const out = path.join(workspace, 'out')
    const env = (cache: string): NodeJS.ProcessEnv => ({ ...stepEnv, HOME: home, MODULAR_CACHE_DIR: cache })
    const withEmpty = async <T>(work: (cache: string) => Promise<T>): Promise<T> => {
      const empty = tempDir('empty-cache')
      try {
        return await work(empty)
      } finally {
        fs.rmSync(empty, { recursive: true, force: true })
      }
    }
    const build = async (cache: string): Promise<Usage> => {
      fs.rmSync(out, { recursive: true, force: true })
      return loopUsage(await compileEach(wide, workspace, env(cache)))
    }
    const check = async (cache: string): Promise<Usage> =>
      (await measure(() => run('mojo', ['run', '-I', out, 'app.mojo'], { cwd: workspace, env: env(cache) })))
        .usage

    // The earlier CI run whose cache is kept: a build and a verification.
    await build(kept)
    await check(kept)
    const series = { unchanged: [[], []], changed: [[], []], verify: [[], []] } as Record<string, Usage[][]>
    for (let rep = 1; rep <= reps; rep++) {
      log(`Mojo ${version}: compile cache, run ${rep} of ${reps}`)
      // Same sources as the kept cache saw last, then an empty cache: the same work, the same sources.
      series.unchanged[0].push(await build(kept))
      series.unchanged[1].push(await withEmpty(build))
      series.verify[0].push(await check(kept))
      series.verify[1].push(await withEmpty(check))
      // One leaf changed since the cache was written: new code the cache has never seen.
      const leaf = wide.packages[0]
      fs.writeFileSync(path.join(workspace, leaf.dir, '__init__.mojo'), packageSource(leaf, rep))
      series.changed[0].push(await build(kept))
      series.changed[1].push(await withEmpty(build))
      await check(kept) // the changed build's verification, as its CI run would leave it in the cache
    }
    const row = (name: string, [ours, theirs]: Usage[][]): Comparison => ({
      case: name,
      version,
      ours: { label: 'kept cache', runs: ours },
      theirs: { label: 'empty cache', runs: theirs }
    })
    return {
      comparisons: [
        row(`rebuild ${wide.label}, unchanged`, series.unchanged),
        row(`rebuild ${wide.label}, 1 changed`, series.changed),
        row('verify (mojo run of an import)', series.verify)
      ],
      cacheKiB: folderKiB(kept)
    }
  })
}

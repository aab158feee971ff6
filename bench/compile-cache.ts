/**
 * Does keeping the compiler's cache (`MODULAR_CACHE_DIR`) between CI runs pay? The wide workspace rebuilt
 * with `mojo precompile` (unchanged, and with one leaf changed) and an import check run with `mojo run`,
 * each with the cache an earlier run left against an empty one. Run with the compiler directly: the action
 * would only add its own constant costs.
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
  /** What `mojo precompile` of the whole workspace wrote into an empty cache. */
  buildWritesKiB: number
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
    const build = async (cache: string): Promise<Usage> => {
      fs.rmSync(out, { recursive: true, force: true })
      return loopUsage(await compileEach(wide, workspace, env(cache)))
    }
    const check = async (cache: string): Promise<Usage> =>
      (await measure(() => run('mojo', ['run', '-I', out, 'app.mojo'], { cwd: workspace, env: env(cache) })))
        .usage
    /** `work` with a fresh empty cache; also what it wrote there. */
    const withEmpty = async (work: (cache: string) => Promise<Usage>): Promise<[Usage, number]> => {
      const empty = tempDir('empty-cache')
      try {
        return [await work(empty), folderKiB(empty)]
      } finally {
        fs.rmSync(empty, { recursive: true, force: true })
      }
    }

    // The earlier CI run whose cache is kept: a build and a verification.
    await build(kept)
    await check(kept)
    // A rebuild is 8 compiles each way: once. The same sources as the kept cache saw, then an empty cache.
    log(`Mojo ${version}: compile cache, rebuilds`)
    const keptBuild = await build(kept)
    const [emptyBuild, writtenKiB] = await withEmpty(build)
    const unchanged = [[keptBuild], [emptyBuild]]
    const verify: Usage[][] = [[], []]
    for (let rep = 1; rep <= reps; rep++) {
      log(`Mojo ${version}: compile cache, verification ${rep} of ${reps}`)
      verify[0].push(await check(kept))
      verify[1].push((await withEmpty(check))[0])
    }
    // One leaf changed since the cache was written: code the cache has never seen.
    const leaf = wide.packages[0]
    fs.writeFileSync(path.join(workspace, leaf.dir, '__init__.mojo'), packageSource(leaf, 1))
    const changed = [[await build(kept)], [(await withEmpty(build))[0]]]
    const row = (name: string, [ours, theirs]: Usage[][]): Comparison => ({
      case: name,
      version,
      ours: { label: 'kept cache', runs: ours },
      theirs: { label: 'empty cache', runs: theirs }
    })
    return {
      comparisons: [
        row(`rebuild ${wide.label}, unchanged`, unchanged),
        row(`rebuild ${wide.label}, 1 changed`, changed),
        row('verify (mojo run of an import)', verify)
      ],
      cacheKiB: folderKiB(kept),
      buildWritesKiB: writtenKiB
    }
  })
}

/**
 * The path a GitHub-hosted runner takes: every job starts with an empty tool cache, so the toolchain comes
 * from the Actions cache (`cache: true`) or from the index (`cache: false`, and the default `auto`). Both run
 * through one bandwidth limit the bench states: the real @actions/cache client, real tar and zstd, against
 * the tests' fake cache service with its blobs in Azurite, and the index behind a throttling proxy.
 */
import fs from 'node:fs'
import { startAzurite } from '../__tests__/support/fakes/azurite.js'
import { startResultsService, type ResultsService } from '../__tests__/support/fakes/results.js'
import { Link } from '../__tests__/support/fakes/throttle.js'
import { runAction, runnerDirs, type RunnerDirs, type StepResult } from '../__tests__/support/run-action.js'
import { measure, type Usage } from './measure.js'
import { phasesOf, type Phase } from './phases.js'
import { pypiFront } from './pypi-front.js'
import { withTemp } from './tools.js'

/** The bandwidths the case runs at, MB/s (10^6 bytes): a slow and a fast hosted runner's downloads. */
export const BANDWIDTHS = [50, 200]

export interface HostedRun {
  mbPerSecond: number
  /** `cache: true` on an empty tool cache: restored from the Actions cache (main and post step). */
  restore: Usage[]
  /** `cache: false` on an empty tool cache: downloaded from the index (main and post step). */
  download: Usage[]
  /** The first run's main-step time per phase, each way: where the time went. */
  phases: { restore?: Phase[]; download?: Phase[] }
}

const failed = (what: string, step: StepResult): Error =>
  new Error(`${what} (exit ${step.code}):\n${step.stdout.slice(-3000)}${step.stderr.slice(-1000)}`)

/**
 * One setup step on a fresh runner, main and post, as a runner runs both: the tool cache and temp folder
 * emptied, at the same paths (the cache entry's version hashes the cached path, as on a hosted runner).
 */
async function freshRunner(
  results: ResultsService,
  dirs: RunnerDirs,
  index: string,
  version: string,
  cache: 'true' | 'false',
  expectHit: boolean
): Promise<{ usage: Usage; phases: Phase[] | undefined }> {
  for (const dir of [dirs.toolCache, dirs.temp]) {
    fs.rmSync(dir, { recursive: true, force: true })
    fs.mkdirSync(dir)
  }
  return withTemp(['ws'], async (workspace) => {
    const { result, usage } = await measure(() =>
      runAction({
        workspace,
        dirs,
        env: results.runnerEnv(),
        inputs: { 'mojo-version': version, 'index-url': index, cache, 'compile-cache': 'false' }
      })
    )
    const { main, post } = result
    if (main.code !== 0 || main.outputs['cache-hit'] !== String(expectHit))
      throw failed(`the fresh runner did not install ${version} (cache: ${cache})`, main)
    if (post && post.code !== 0) throw failed('the post step failed', post)
    return { usage, phases: phasesOf(main.stdout) }
  })
}

/**
 * Saves the toolchain once (a first job: download, then the post step saves), then at each bandwidth
 * runs the restore and the download in turn, `reps` times each. `wheelRequests` counts the index's wheel
 * downloads: a restore must make none.
 */
export async function hostedRunner(
  indexUrl: string,
  version: string,
  reps: number,
  wheelRequests: () => number,
  log: (line: string) => void
): Promise<HostedRun[]> {
  const azurite = await startAzurite()
  const results = await startResultsService(azurite)
  const dirs = runnerDirs()
  try {
    log(`Mojo ${version}: hosted runner, a first job saves the toolchain to the Actions cache (not measured)`)
    await freshRunner(results, dirs, indexUrl, version, 'true', false)
    const saved = results.cache.finalized().find((e) => e.key.startsWith('mojo-compiler-'))
    if (saved) log(`  the toolchain's cache entry: ${((saved.size ?? 0) / 1e6).toFixed(1)} MB`)
    if (!results.cache.finalized().some((e) => e.key.startsWith('mojo-compiler-')))
      throw new Error('the first job saved no toolchain to the fake Actions cache')
    const runs: HostedRun[] = []
    for (const mbPerSecond of BANDWIDTHS) {
      const link = new Link(mbPerSecond * 1e6)
      azurite.proxy.link = link
      const front = await pypiFront(indexUrl, link)
      const run: HostedRun = { mbPerSecond, restore: [], download: [], phases: {} }
      try {
        for (let rep = 1; rep <= reps; rep++) {
          log(`Mojo ${version}: hosted runner at ${mbPerSecond} MB/s, run ${rep} of ${reps}`)
          const before = wheelRequests()
          const restored = await freshRunner(results, dirs, front.url, version, 'true', true)
          if (wheelRequests() > before) throw new Error('the restore downloaded wheels from the index')
          const downloaded = await freshRunner(results, dirs, front.url, version, 'false', false)
          run.restore.push(restored.usage)
          run.download.push(downloaded.usage)
          run.phases.restore ??= restored.phases
          run.phases.download ??= downloaded.phases
        }
      } finally {
        azurite.proxy.link = undefined
        await front.close()
      }
      runs.push(run)
    }
    return runs
  } finally {
    fs.rmSync(dirs.home, { recursive: true, force: true })
    await results.close()
    await azurite.stop()
  }
}

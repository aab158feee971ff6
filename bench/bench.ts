/**
 * `npm run bench`: the action against the alternatives users have, side by side in one run on this
 * machine, with the real wheels served on 127.0.0.1. bench/README.md says what each row means. Every
 * prerequisite is checked first; each case prints its figures when it ends and results.json is written
 * after each case, so a case that fails costs only its own rows.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { mojoSlots } from '../src/concurrency.js'
import { startIndexServer } from '../__tests__/support/index-server.js'
import { runnerDirs, type RunnerDirs } from '../__tests__/support/run-action.js'
import { compileCacheRuns, type CacheResult } from './compile-cache.js'
import {
  actionBuild,
  actionInstall,
  actionVerify,
  bundleLoad,
  bundleSize,
  loopUsage,
  nodeStart,
  pipInstall,
  pipVersion,
  precompileLoop,
  realPython
} from './contenders.js'
import { checkByHand, ensureCompilerConda, FORMATS, type HandContext } from './hand-checks.js'
import { BANDWIDTHS, hostedRunner, type HostedRun } from './hosted.js'
import { sequence, type Usage } from './measure.js'
import { phasesOf, stagesOf, type Phase } from './phases.js'
import { describeChecks, prerequisites } from './prerequisites.js'
import { pypiFront } from './pypi-front.js'
import {
  goalsTable,
  growthTable,
  median,
  medianUsage,
  phaseTable,
  ratios,
  scheduleTable,
  table,
  type Comparison,
  type Goal,
  type GrowthRow
} from './report.js'
import { bestSchedule, type BestSchedule } from './schedule.js'
import { tempDir } from './tools.js'
import { uvInstall } from './uv.js'
import { fixture, writeWideWorkspace, type Workspace } from './workspaces.js'

const CASES = ['install', 'build', 'growth', 'verify', 'hosted', 'cache'] as const
type Case = (typeof CASES)[number]
/** The build, verify and cache cases use the workspace's pinned compiler (and `precompile`, 1.x's command). */
const BUILD_VERSION = '1.2.0'
/** The formats whose cost the build adds beyond the precompiled files (issue 11's). */
const ALL_FORMATS = 'mojoc, wheel, conda, source'
/** The sizes the growth case compares: the example, and two generated wide workspaces. */
const WIDE_SIZES = [8, 32]
/** A standard GitHub-hosted Linux runner's memory (2 cores, 7 GiB): the budget every size must stay in. */
const RUNNER_MEMORY_KIB = 7 * 2 ** 20

/** A failure the bench explains in one message. */
class BenchError extends Error {}

const log = (line: string): void => void process.stderr.write(`${line}\n`)
const firstLines = (error: unknown, n = 12): string =>
  (error instanceof Error ? error.message : String(error)).split('\n').slice(0, n).join('\n')

function options() {
  const { values } = parseArgs({
    options: {
      reps: { type: 'string', default: '3' },
      versions: { type: 'string', default: BUILD_VERSION },
      cases: { type: 'string', default: CASES.join(',') },
      'no-build': { type: 'boolean', default: false }
    }
  })
  const reps = Number(values.reps)
  const cases = new Set(values.cases.split(',').map((c) => c.trim()))
  if (values['no-build']) for (const c of ['build', 'growth', 'verify', 'cache']) cases.delete(c)
  if (!Number.isInteger(reps) || reps < 1)
    throw new BenchError(`--reps must be a whole number >= 1, not '${values.reps}'`)
  const unknown = [...cases].filter((c) => !(CASES as readonly string[]).includes(c))
  if (unknown.length > 0)
    throw new BenchError(`--cases: unknown ${unknown.join(', ')} (cases: ${CASES.join(', ')})`)
  return { reps, versions: values.versions.split(',').map((v) => v.trim()), cases }
}

/** Everything measured so far: written to results.json after each case. */
interface Results {
  comparisons: Comparison[]
  /** Each workspace's single-package compiles (the loop's steps), by label. */
  compiles: Map<string, Map<string, Usage[]>>
  /** The action's build (formats: mojoc, verify off), by label. */
  builds: Map<string, Usage[]>
  schedules: Map<string, BestSchedule>
  growth: GrowthRow[]
  /** The 8-package whole run's phases. */
  phases?: Phase[]
  hosted: HostedRun[]
  /** Where one cold install's time went, by version. */
  coldInstall: Map<string, Phase[]>
  cache?: CacheResult
  failures: Array<{ case: string; error: string }>
}

async function main(): Promise<void> {
  const { reps, versions, cases } = options()
  const has = (c: Case): boolean => cases.has(c)
  const builds = versions.includes(BUILD_VERSION)

  log('Prerequisites:')
  const { checks, uv } = prerequisites(cases, versions)
  const checked = describeChecks(checks)
  for (const line of checked.lines) log(line)
  if (!checked.ok) throw new BenchError('install what is MISSING above, then run the bench again')

  const python = realPython()
  const machine = {
    cpus: os.availableParallelism(),
    cpu: os.cpus()[0]?.model,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    kernel: os.release(),
    node: process.version,
    python: execFileSync(python, ['--version'], { encoding: 'utf8' }).trim(),
    pip: pipVersion(python),
    uv: uv?.version ?? 'not installed'
  }
  const resultsDir = tempDir('results')
  const file = path.join(resultsDir, 'results.json')
  log(`Every figure goes to ${file}, rewritten after each case.`)
  const r: Results = {
    comparisons: [],
    compiles: new Map(),
    builds: new Map(),
    schedules: new Map(),
    growth: [],
    hosted: [],
    coldInstall: new Map(),
    failures: []
  }
  const slots = mojoSlots(BUILD_VERSION)
  const goals = (): Goal[] => goalsOf(r, versions, uv !== undefined)
  const save = (): void =>
    fs.writeFileSync(
      file,
      JSON.stringify(
        {
          date: new Date().toISOString(),
          machine,
          reps,
          cases: [...cases],
          bundle: bundleSize(),
          comparisons: r.comparisons.map((c) => ({
            ...c,
            median: { ours: medianUsage(c.ours.runs), theirs: medianUsage(c.theirs.runs) },
            ratio: ratios(c)
          })),
          schedules: Object.fromEntries(
            [...r.schedules].map(([label, s]) => [label, { ...s, starts: Object.fromEntries(s.starts) }])
          ),
          compiles: Object.fromEntries([...r.compiles].map(([label, m]) => [label, Object.fromEntries(m)])),
          growth: r.growth.map((g) => ({ ...g, best: g.best.ms, bestExact: g.best.exact })),
          phases: r.phases,
          hosted: r.hosted,
          coldInstall: Object.fromEntries(r.coldInstall),
          compileCacheKiB: r.cache?.cacheKiB,
          failures: r.failures,
          goals: goals()
        },
        null,
        2
      )
    )
  save()

  console.log(
    `${machine.cpus} cores, ${machine.cpu}, ${machine.memoryGiB} GiB; node ${machine.node}, ${machine.python}, ` +
      `pip ${machine.pip}, uv ${machine.uv}; median of ${reps} run(s) unless said`
  )
  const js = bundleSize()
  console.log(`dist/: ${js.kiB.toFixed(0)} KiB of JavaScript in ${js.files} files`)
  console.log(
    'time: wall; tree: peak RSS of all its processes at once; proc: peak RSS of its largest process'
  )
  console.log('ratio = action / alternative (below 1: the action is faster or smaller)')

  /** Runs one case; a failure is reported and recorded, and the next case runs. */
  const step = async (name: string, work: () => Promise<void>): Promise<void> => {
    try {
      await work()
    } catch (error) {
      log(`\n${name} FAILED, its rows are missing:\n${firstLines(error)}`)
      r.failures.push({ case: name, error: firstLines(error, 40) })
    }
    save()
  }
  const show = (title: string, text: string): void => console.log(`\n${title}\n${text}`)

  const index = await startIndexServer({ versions })
  const front = await pypiFront(index.url)
  const roots: string[] = []
  const wide = new Map<number, Workspace>()
  for (const size of WIDE_SIZES) {
    const root = tempDir(`wide${size}`)
    roots.push(root)
    wide.set(size, writeWideWorkspace(root, size))
  }
  const wide8 = wide.get(8)!
  try {
    for (const version of versions) {
      log(`\nMojo ${version}: warming up (tool cache, pip and uv caches, page cache; not measured)`)
      const warm = runnerDirs()
      const caches = { pip: tempDir('pip-cache'), uv: tempDir('uv-cache') }
      try {
        const installed = await actionInstall(front.url, version, warm, false)
        if (has('install')) {
          await step(`install ${version}`, async () => {
            await pipInstall(python, front.url, version, caches.pip)
            if (uv) await uvInstall(uv.bin, python, front.url, version, caches.uv)
            const rows = await installs(front.url, version, warm, caches)
            r.comparisons.push(...rows)
            show(`Install, Mojo ${version}`, table(rows))
            const phases = r.coldInstall.get(version)
            show(
              `Where a cold install's time goes, one run (the index is local: download is unpacking as the bytes come)`,
              phases ? phaseTable(phases, []) : '  not reported (this dist/ prints no "Time per phase" line)'
            )
          })
        }
        if (version !== BUILD_VERSION) continue
        if (has('build')) {
          await step('build', async () => {
            for (const ws of [fixture, wide8]) await buildCase(ws, warm, installed.env)
          })
        }
        // The 32 packages run last: their whole run takes the longest, and every other case prints first.
        if (has('growth')) for (const ws of [fixture, wide8]) await growthStep(ws, warm, installed.env)
        if (has('verify') && builds) {
          await step('verify', async () => {
            const compilerConda = await ensureCompilerConda(BUILD_VERSION)
            const compilerWheels = path.join(warm.toolCache, 'mojo-compiler', version, os.arch(), 'wheels')
            const rows = await verifyCases(front.url, warm, {
              python,
              stepEnv: installed.env,
              compilerWheels,
              compilerConda
            })
            r.comparisons.push(...rows)
            show('Verification of one format (the action built and checked shared/data alone)', table(rows))
          })
        }
        if (has('hosted')) {
          await step(`hosted ${version}`, async () => {
            const runs = await hostedRunner(index.url, version, reps, () => index.wheelRequests(), log)
            r.hosted.push(...runs)
            const rows = runs.map((h) =>
              row(
                `fresh runner ${h.mbPerSecond} MB/s`,
                version,
                ['cache restore', h.restore],
                ['index download', h.download]
              )
            )
            r.comparisons.push(...rows)
            show(
              'A fresh hosted runner (empty tool cache), main and post step, through a bandwidth limit on both paths',
              [
                table(rows),
                ...runs.map((h) => `  at ${h.mbPerSecond} MB/s the faster is cache ${faster(h)}`),
                ...runs.flatMap((h) =>
                  (['restore', 'download'] as const).map(
                    (way) =>
                      `  ${way} at ${h.mbPerSecond} MB/s, time per phase of one main step: ` +
                      (h.phases[way]?.map((p) => `${p.name} ${p.seconds.toFixed(2)} s`).join('; ') ??
                        'not reported')
                  )
                ),
                `  uv with its cache restored the same way: not measured (${uv ? 'not built yet' : 'uv is not installed'})`
              ].join('\n')
            )
          })
        }
        if (has('cache')) {
          await step('compile cache', async () => {
            r.cache = await compileCacheRuns(installed.env, wide8, version, reps, log)
            const c = r.cache
            const speedups = c.comparisons.map((x) => `${x.case}: ${(1 / ratios(x).wallMs).toFixed(2)}x`)
            show(
              `Compile cache (MODULAR_CACHE_DIR kept from an earlier run against empty; mojo ${BUILD_VERSION} directly)`,
              [
                table(c.comparisons),
                `speed-up with the kept cache: ${speedups.join('; ')}`,
                `the kept cache holds ${c.cacheKiB.toFixed(0)} KiB; mojo precompile of the ${wide8.label} wrote ` +
                  `${c.buildWritesKiB.toFixed(0)} KiB into an empty one (rebuilds run once, the verification ${reps} times)`
              ].join('\n')
            )
          })
        }
        if (has('growth')) await growthStep(wide.get(32)!, warm, installed.env)
      } finally {
        fs.rmSync(warm.home, { recursive: true, force: true })
        for (const dir of Object.values(caches)) fs.rmSync(dir, { recursive: true, force: true })
      }
    }
  } finally {
    for (const root of roots) fs.rmSync(root, { recursive: true, force: true })
    await front.close()
    await index.close()
    save()
  }

  show(
    `Goals of issue 21 (${machine.cpus} cores; one run on a shared machine: the figures are noisy)`,
    goalsTable(goals())
  )
  if (r.failures.length > 0) console.log(`\nFailed cases: ${r.failures.map((f) => f.case).join(', ')}`)
  console.log(`\nEvery run: ${file}`)

  /** Cold and warm installs of one version, each contender run in turn so drift hits all alike. */
  async function installs(
    url: string,
    version: string,
    warmDirs: RunnerDirs,
    kept: { pip: string; uv: string }
  ): Promise<Comparison[]> {
    const s: Record<string, Usage[]> = {}
    let coldPhases: Phase[] | undefined
    const add = (key: string, usage: Usage): void => void (s[key] ??= []).push(usage)
    for (let rep = 1; rep <= reps; rep++) {
      log(`Mojo ${version}: install, run ${rep} of ${reps}`)
      const empty = runnerDirs()
      try {
        const cold = await actionInstall(url, version, empty, false)
        add('actionCold', cold.usage)
        coldPhases ??= cold.phases
      } finally {
        fs.rmSync(empty.home, { recursive: true, force: true })
      }
      const c = await pipInstall(python, url, version, undefined)
      add('venvPipCold', sequence(c.venv, c.pip))
      add('pipCold', c.pip)
      if (uv) add('uvCold', await uvInstall(uv.bin, python, url, version, undefined))

      add('actionWarm', (await actionInstall(url, version, warmDirs, true, true)).usage)
      const before = index.wheelRequests()
      const h = await pipInstall(python, url, version, kept.pip)
      if (index.wheelRequests() > before) throw new Error('pip downloaded the wheels again with a warm cache')
      add('venvPipWarm', sequence(h.venv, h.pip))
      add('pipWarm', h.pip)
      if (uv) {
        add('uvWarm', await uvInstall(uv.bin, python, url, version, kept.uv))
        if (index.wheelRequests() > before)
          throw new Error('uv downloaded the wheels again with a warm cache')
      }
      add('load', await bundleLoad(url, version, warmDirs))
      add('node', await nodeStart())
    }
    const warmAction: [string, Usage[]] = ['action main+post', s.actionWarm]
    if (coldPhases) r.coldInstall.set(version, coldPhases)
    return [
      row('install cold', version, ['action', s.actionCold], ['venv + pip', s.venvPipCold]),
      row('install cold', version, ['action', s.actionCold], ['pip alone', s.pipCold]),
      ...(uv ? [row('install cold', version, ['action', s.actionCold], ['uv venv + uv pip', s.uvCold])] : []),
      row('install warm', version, warmAction, ['venv + pip', s.venvPipWarm]),
      row('install warm', version, warmAction, ['pip alone', s.pipWarm]),
      ...(uv ? [row('install warm', version, warmAction, ['uv venv + uv pip', s.uvWarm])] : []),
      row('install warm', version, warmAction, ['bundle load', s.load]),
      row('bundle load', version, ['bundle load', s.load], ['node -e 0', s.node])
    ]
  }

  /** The single-package compiles of `ws` (the loop, `runs` times), kept for its best schedule. */
  async function singles(ws: Workspace, stepEnv: NodeJS.ProcessEnv, runs: number): Promise<BestSchedule> {
    const compiles = r.compiles.get(ws.label) ?? new Map(ws.packages.map((p) => [p.name, [] as Usage[]]))
    r.compiles.set(ws.label, compiles)
    for (let rep = 1; rep <= runs; rep++) {
      log(`Mojo ${BUILD_VERSION}: mojo precompile of each of the ${ws.label}, run ${rep} of ${runs}`)
      for (const [name, usage] of await precompileLoop(stepEnv, ws)) compiles.get(name)!.push(usage)
    }
    const ms = new Map([...compiles].map(([name, u]) => [name, medianUsage(u).wallMs]))
    const best = bestSchedule(ws.packages, ms, slots)
    r.schedules.set(ws.label, best)
    return best
  }

  /**
   * The action building `ws` (precompiled files only, no verify) against the `mojo precompile` loop, whose
   * steps are also each package's compile alone, for the best schedule. The wide one also with every format.
   */
  async function buildCase(ws: Workspace, warmDirs: RunnerDirs, stepEnv: NodeJS.ProcessEnv): Promise<void> {
    const action: Usage[] = []
    const allFormats: Usage[] = []
    const loops: Usage[] = []
    const compiles = new Map<string, Usage[]>(ws.packages.map((p) => [p.name, []]))
    r.compiles.set(ws.label, compiles)
    for (let rep = 1; rep <= reps; rep++) {
      log(`Mojo ${BUILD_VERSION}: build the ${ws.label}, run ${rep} of ${reps}`)
      action.push((await actionBuild(front.url, warmDirs, ws, 'mojoc')).usage)
      const each = await precompileLoop(stepEnv, ws)
      for (const [name, usage] of each) compiles.get(name)!.push(usage)
      loops.push(loopUsage(each))
      if (ws === wide8) allFormats.push((await actionBuild(front.url, warmDirs, ws, ALL_FORMATS)).usage)
    }
    r.builds.set(ws.label, action)
    const best = await singles(ws, stepEnv, 0)
    const rows = [
      row(
        `build ${ws.label}`,
        BUILD_VERSION,
        ['action', action],
        [`mojo precompile x${ws.packages.length}`, loops]
      )
    ]
    if (ws === wide8)
      rows.push(row(`build ${ws.label}`, BUILD_VERSION, ['4 formats', allFormats], ['mojoc alone', action]))
    r.comparisons.push(...rows)
    show(`Build of the ${ws.label} (formats: mojoc, verify off)`, table(rows))
    console.log(scheduleTable(`Build of the ${ws.label}`, compiles, best, action))
  }

  /** One size of the growth case as its own step (a failure keeps the other sizes), then the table so far. */
  async function growthStep(ws: Workspace, warmDirs: RunnerDirs, stepEnv: NodeJS.ProcessEnv): Promise<void> {
    await step(`growth ${ws.label}`, () => growthCase(ws, warmDirs, stepEnv))
    if (r.growth.length === 0) return
    show(
      'How cost grows: whole runs with default inputs (formats mojoc, wheel, conda; verify on), warm tool cache, ' +
        'empty compile cache; the 32 packages run once',
      growthTable(r.growth)
    )
    const peak = Math.max(...r.growth.map((g) => medianUsage(g.runs).treeKiB))
    console.log(
      `  peak tree ${(peak / 1024).toFixed(0)} MiB at most, against a hosted runner's ${RUNNER_MEMORY_KIB / 2 ** 20} GiB`
    )
    if (ws === wide8 && r.phases)
      show(
        `Time per phase, one run: the ${wide8.label}, default inputs (parallel phases overlap)`,
        phaseTable(r.phases, [])
      )
  }

  /** The whole run with default inputs (verify on) of `ws`, against the loop and the best schedule. */
  async function growthCase(ws: Workspace, warmDirs: RunnerDirs, stepEnv: NodeJS.ProcessEnv): Promise<void> {
    const runs = ws.packages.length > 8 ? 1 : reps
    const known = r.compiles.get(ws.label)
    const best = await singles(ws, stepEnv, known && [...known.values()][0].length > 0 ? 0 : runs)
    const compiles = r.compiles.get(ws.label)!
    const loopMs = [...compiles.values()].reduce((sum, u) => sum + medianUsage(u).wallMs, 0)
    const g: GrowthRow = {
      label: ws.label,
      packages: ws.packages.length,
      loopMs,
      best,
      runs: [],
      compileMs: [],
      verifyMs: []
    }
    for (let rep = 1; rep <= runs; rep++) {
      log(`Mojo ${BUILD_VERSION}: whole run of the ${ws.label}, default inputs, run ${rep} of ${runs}`)
      const run = await actionBuild(front.url, warmDirs, ws, undefined, true)
      const phases = phasesOf(run.stdout) ?? stagesOf(run.stdout)
      const at = (name: string): number => 1000 * (phases.find((p) => p.name === name)?.seconds ?? NaN)
      g.runs.push(run.usage)
      g.compileMs.push(at('compile'))
      g.verifyMs.push(at('verify'))
      if (ws === wide8) r.phases = phases
    }
    r.growth.push(g)
    if (!r.builds.has(ws.label))
      console.log(scheduleTable(`Compiles of the ${ws.label}`, compiles, best, undefined))
    log(
      `  ${ws.label}: whole run ${(medianUsage(g.runs).wallMs / 1000).toFixed(2)} s, best schedule ${(best.ms / 1000).toFixed(2)} s`
    )
  }

  /** Each format's verification: the action's verify stage against the same check by hand. */
  async function verifyCases(url: string, warmDirs: RunnerDirs, ctx: HandContext): Promise<Comparison[]> {
    const s = new Map(FORMATS.map((f) => [f, { ours: [] as Usage[], theirs: [] as Usage[] }]))
    for (let rep = 1; rep <= reps; rep++) {
      for (const format of FORMATS) {
        log(`Mojo ${BUILD_VERSION}: verify one ${format}, run ${rep} of ${reps}`)
        const action = await actionVerify(url, warmDirs, format)
        try {
          s.get(format)!.ours.push(action.usage)
          s.get(format)!.theirs.push(await checkByHand(format, action.dist, ctx))
        } finally {
          action.cleanup()
        }
      }
    }
    const hand = {
      mojoc: 'cp + mojo run -I',
      wheel: 'venv+pip+run',
      conda: 'rattler + run',
      source: 'tar + mojo run -I'
    }
    return [...s].map(([format, { ours, theirs }]) =>
      row(`verify 1 ${format}`, BUILD_VERSION, ['verify stage', ours], [hand[format], theirs])
    )
  }
}

function row(name: string, version: string, ours: [string, Usage[]], theirs: [string, Usage[]]): Comparison {
  return {
    case: name,
    version,
    ours: { label: ours[0], runs: ours[1] },
    theirs: { label: theirs[0], runs: theirs[1] }
  }
}

/** Which `cache` setting installed faster on the fresh runner. */
const faster = (h: HostedRun): 'on' | 'off' =>
  medianUsage(h.restore).wallMs <= medianUsage(h.download).wallMs ? 'on' : 'off'

/** Issue 21's goals, each with its ratio from what ran (and why not, for what did not). */
function goalsOf(r: Results, versions: string[], hasUv: boolean): Goal[] {
  const ratioOf = (name: string, theirs: string, version = BUILD_VERSION): number | undefined => {
    const c = r.comparisons.find((x) => x.case === name && x.theirs.label === theirs && x.version === version)
    return c && ratios(c).wallMs
  }
  const growth = (packages: number): GrowthRow | undefined => r.growth.find((g) => g.packages === packages)
  const whole = (g: GrowthRow | undefined): number | undefined => g && medianUsage(g.runs).wallMs
  const noUv = hasUv ? undefined : 'uv is not installed on this machine'
  return [
    ...[3, 8].map((n) => ({
      goal: `whole run, default inputs, ${n} packages vs the mojo precompile loop`,
      ratio: growth(n) && whole(growth(n))! / growth(n)!.loopMs,
      limit: n === 3 ? 2.5 : 1.5
    })),
    ...[3, 8, 32].map((n) => ({
      goal: `verification of the default formats vs the compile phase, ${n} packages`,
      ratio: growth(n) && median(growth(n)!.verifyMs) / median(growth(n)!.compileMs),
      limit: 1
    })),
    ...versions.flatMap((v) => [
      {
        goal: `install cold (${v}) vs uv venv + uv pip`,
        ratio: ratioOf('install cold', 'uv venv + uv pip', v),
        why: noUv,
        limit: 1
      },
      {
        goal: `install warm, main + post (${v}) vs uv from its cache`,
        ratio: ratioOf('install warm', 'uv venv + uv pip', v),
        why: noUv,
        limit: 1
      },
      {
        goal: `the setup path's bundle load (${v}) vs node -e 0`,
        ratio: ratioOf('bundle load', 'node -e 0', v),
        limit: 2
      }
    ]),
    ...[fixture.label, '8 packages'].map((label) => {
      const best = r.schedules.get(label)
      const build = r.builds.get(label)
      return {
        goal: `build ${label} (mojoc) vs its best schedule`,
        ratio: best && build && medianUsage(build).wallMs / best.ms,
        limit: 1.1
      }
    }),
    {
      goal: 'wheel + conda + source added to the 8 packages build',
      ratio: ratioOf('build 8 packages', 'mojoc alone'),
      limit: 1.1,
      strict: true
    },
    {
      goal: 'whole run, default inputs, 32 packages vs its best compile schedule',
      ratio: growth(32) && whole(growth(32))! / growth(32)!.best.ms,
      limit: 1.3
    },
    ...BANDWIDTHS.map((mb) => {
      const h = r.hosted.find((x) => x.mbPerSecond === mb)
      // The default (cache: auto) downloads the toolchain: its time against the faster of the two.
      const off = h && medianUsage(h.download).wallMs
      const best = h && Math.min(off!, medianUsage(h.restore).wallMs)
      return {
        goal: `fresh hosted runner at ${mb} MB/s: the default (toolchain from the index) vs the faster`,
        ratio: h && off! / best!,
        limit: 1
      }
    })
  ]
}

await main().catch((error: unknown) => {
  // The message alone, never a stack trace: what ran is in results.json and was printed as it ended.
  console.error(`\nThe bench stopped: ${firstLines(error, 20)}`)
  process.exitCode = 1
})

/**
 * `npm run bench`: the action against the alternatives users have, side by side in one run on this
 * machine, with the real wheels served on 127.0.0.1. bench/README.md says what each row means.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { startIndexServer } from '../__tests__/support/index-server.js'
import { runnerDirs, type RunnerDirs } from '../__tests__/support/run-action.js'
import { compileCacheRuns, type CacheResult } from './compile-cache.js'
import {
  actionBuild,
  actionInstall,
  actionVerify,
  bundle,
  bundleSize,
  bundleLoad,
  loopUsage,
  nodeStart,
  pipInstall,
  pipVersion,
  precompileLoop,
  realPython
} from './contenders.js'
import { compileConcurrency, graphLimit, type GraphLimit } from './graph-limit.js'
import { checkByHand, ensureCompilerConda, FORMATS, type HandContext } from './hand-checks.js'
import { sequence, type Usage } from './measure.js'
import { phasesOf, stagesOf } from './phases.js'
import { pypiFront } from './pypi-front.js'
import {
  goalsTable,
  graphTable,
  medianUsage,
  phaseTable,
  ratios,
  table,
  type Comparison,
  type Goal
} from './report.js'
import { tempDir } from './tools.js'
import { ensureUv, UV_VERSION, uvInstall } from './uv.js'
import { fixture, writeWideWorkspace, type Workspace } from './workspaces.js'

const CASES = ['install', 'build', 'verify', 'cache'] as const
type Case = (typeof CASES)[number]
/** The build, verify and cache cases use the workspace's pinned compiler (and `precompile`, 1.x's command). */
const BUILD_VERSION = '1.2.0'
/** The formats whose cost the build adds beyond the precompiled files (issue 11's). */
const ALL_FORMATS = 'mojoc, wheel, conda, source'

const { values: args } = parseArgs({
  options: {
    reps: { type: 'string', default: '3' },
    versions: { type: 'string', default: BUILD_VERSION },
    cases: { type: 'string', default: CASES.join(',') },
    'no-build': { type: 'boolean', default: false }
  }
})
const reps = Number(args.reps)
const versions = args.versions.split(',').map((v) => v.trim())
const cases = new Set(args.cases.split(',').map((c) => c.trim()))
if (args['no-build']) for (const c of ['build', 'verify', 'cache']) cases.delete(c)
if (!Number.isInteger(reps) || reps < 1)
  throw new Error(`--reps must be a whole number >= 1, not '${args.reps}'`)
const unknown = [...cases].filter((c) => !(CASES as readonly string[]).includes(c))
if (unknown.length > 0) throw new Error(`--cases: unknown ${unknown.join(', ')} (cases: ${CASES.join(', ')})`)
if (process.platform !== 'linux') throw new Error('the bench reads memory use from /proc: run it on Linux')
if (!fs.existsSync(bundle)) throw new Error('there is no dist/index.js to measure: run `npm run build` first')
const has = (c: Case): boolean => cases.has(c)
const builds = versions.includes(BUILD_VERSION)

const log = (line: string): void => void process.stderr.write(`${line}\n`)
const python = realPython()
const uv = has('install') ? ensureUv(python) : undefined
const compilerConda = has('verify') && builds ? await ensureCompilerConda(BUILD_VERSION) : undefined

const comparisons: Comparison[] = []
const row = (
  name: string,
  version: string,
  ours: [string, Usage[]],
  theirs: [string, Usage[]]
): Comparison => ({
  case: name,
  version,
  ours: { label: ours[0], runs: ours[1] },
  theirs: { label: theirs[0], runs: theirs[1] }
})

/** Cold and warm installs of one version, each contender run in turn so drift hits all alike. */
async function installs(
  index: string,
  version: string,
  warm: RunnerDirs,
  caches: { pip: string; uv: string }
) {
  const s = Object.fromEntries(
    [
      'actionCold',
      'venvPipCold',
      'pipCold',
      'uvCold',
      'actionWarm',
      'venvPipWarm',
      'pipWarm',
      'uvWarm',
      'load',
      'node'
    ].map((k) => [k, [] as Usage[]])
  )
  for (let rep = 1; rep <= reps; rep++) {
    log(`Mojo ${version}: install, run ${rep} of ${reps}`)
    const empty = runnerDirs()
    try {
      s.actionCold.push((await actionInstall(index, version, empty, false)).usage)
    } finally {
      fs.rmSync(empty.home, { recursive: true, force: true })
    }
    const c = await pipInstall(python, index, version, undefined)
    s.venvPipCold.push(sequence(c.venv, c.pip))
    s.pipCold.push(c.pip)
    s.uvCold.push(await uvInstall(uv!, python, index, version, undefined))

    s.actionWarm.push((await actionInstall(index, version, warm, true, true)).usage)
    const before = index_.wheelRequests()
    const h = await pipInstall(python, index, version, caches.pip)
    if (index_.wheelRequests() > before) throw new Error('pip downloaded the wheels again with a warm cache')
    s.venvPipWarm.push(sequence(h.venv, h.pip))
    s.pipWarm.push(h.pip)
    s.uvWarm.push(await uvInstall(uv!, python, index, version, caches.uv))
    if (index_.wheelRequests() > before) throw new Error('uv downloaded the wheels again with a warm cache')

    s.load.push(await bundleLoad(index, version, warm))
    s.node.push(await nodeStart())
  }
  const warmAction: [string, Usage[]] = ['action main+post', s.actionWarm]
  comparisons.push(
    row('install cold', version, ['action', s.actionCold], ['venv + pip', s.venvPipCold]),
    row('install cold', version, ['action', s.actionCold], ['pip alone', s.pipCold]),
    row('install cold', version, ['action', s.actionCold], ['uv venv + uv pip', s.uvCold]),
    row('install warm', version, warmAction, ['venv + pip', s.venvPipWarm]),
    row('install warm', version, warmAction, ['pip alone', s.pipWarm]),
    row('install warm', version, warmAction, ['uv venv + uv pip', s.uvWarm]),
    row('install warm', version, warmAction, ['bundle load', s.load]),
    row('bundle load', version, ['bundle load', s.load], ['node -e 0', s.node])
  )
}

interface GraphResult {
  workspace: Workspace
  compiles: Map<string, Usage[]>
  limit: GraphLimit
  action: Usage[]
}

/**
 * Each workspace: the action (precompiled files only, no verify) against the `mojo precompile` loop, whose
 * steps are also each package's compile alone, for the graph limit. The wide one also with every format.
 */
async function buildCases(index: string, warm: RunnerDirs, stepEnv: NodeJS.ProcessEnv, wide: Workspace) {
  const graphs: GraphResult[] = []
  for (const ws of [fixture, wide]) {
    const action: Usage[] = []
    const allFormats: Usage[] = []
    const loops: Usage[] = []
    const compiles = new Map<string, Usage[]>(ws.packages.map((p) => [p.name, []]))
    for (let rep = 1; rep <= reps; rep++) {
      log(`Mojo ${BUILD_VERSION}: build the ${ws.label}, run ${rep} of ${reps}`)
      action.push((await actionBuild(index, warm, ws, 'mojoc')).usage)
      const each = await precompileLoop(stepEnv, ws)
      for (const [name, usage] of each) compiles.get(name)!.push(usage)
      loops.push(loopUsage(each))
      if (ws === wide) allFormats.push((await actionBuild(index, warm, ws, ALL_FORMATS)).usage)
    }
    const medians = new Map([...compiles].map(([name, runs]) => [name, medianUsage(runs)]))
    const peakKiB = Math.max(...[...medians.values()].map((m) => m.processKiB))
    const concurrency = compileConcurrency(os.availableParallelism(), os.freemem() / 1024, peakKiB)
    const ms = new Map([...medians].map(([name, m]) => [name, m.wallMs]))
    graphs.push({ workspace: ws, compiles, limit: graphLimit(ws.packages, ms, concurrency), action })
    const n = ws.packages.length
    comparisons.push(
      row(`build ${ws.label}`, BUILD_VERSION, ['action', action], [`mojo precompile x${n}`, loops])
    )
    if (ws === wide) {
      comparisons.push(
        row(`build ${ws.label}`, BUILD_VERSION, ['4 formats', allFormats], ['mojoc alone', action])
      )
    }
  }
  log(`Mojo ${BUILD_VERSION}: the ${wide.label} with verify on, once, for its phases`)
  const phased = await actionBuild(index, warm, wide, 'mojoc', true)
  return { graphs, phased }
}

/** Each format's verification: the action's verify stage against the same check by hand. */
async function verifyCases(index: string, warm: RunnerDirs, ctx: HandContext) {
  const s = new Map(FORMATS.map((f) => [f, { ours: [] as Usage[], theirs: [] as Usage[] }]))
  for (let rep = 1; rep <= reps; rep++) {
    for (const format of FORMATS) {
      log(`Mojo ${BUILD_VERSION}: verify one ${format}, run ${rep} of ${reps}`)
      const action = await actionVerify(index, warm, format)
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
  for (const [format, { ours, theirs }] of s) {
    comparisons.push(row(`verify 1 ${format}`, BUILD_VERSION, ['verify stage', ours], [hand[format], theirs]))
  }
}

let graphs: GraphResult[] = []
let phased: { stdout: string } | undefined
let cache: CacheResult | undefined
const index_ = await startIndexServer({ versions })
const front = await pypiFront(index_.url)
const wideRoot = tempDir('wide')
const wide = writeWideWorkspace(wideRoot)
try {
  for (const version of versions) {
    log(`Mojo ${version}: warming up (tool cache, pip and uv caches, page cache; not measured)`)
    const warm = runnerDirs()
    const caches = { pip: tempDir('pip-cache'), uv: tempDir('uv-cache') }
    try {
      const installed = await actionInstall(front.url, version, warm, false)
      if (has('install')) {
        await pipInstall(python, front.url, version, caches.pip)
        await uvInstall(uv!, python, front.url, version, caches.uv)
        await installs(front.url, version, warm, caches)
      }
      if (version !== BUILD_VERSION) continue
      if (has('build')) ({ graphs, phased } = await buildCases(front.url, warm, installed.env, wide))
      if (has('verify')) {
        const compilerWheels = path.join(warm.toolCache, 'mojo-compiler', version, os.arch(), 'wheels')
        await verifyCases(front.url, warm, { python, stepEnv: installed.env, compilerWheels, compilerConda })
      }
      if (has('cache')) cache = await compileCacheRuns(installed.env, wide, version, reps, log)
    } finally {
      fs.rmSync(warm.home, { recursive: true, force: true })
      for (const dir of Object.values(caches)) fs.rmSync(dir, { recursive: true, force: true })
    }
  }
} finally {
  fs.rmSync(wideRoot, { recursive: true, force: true })
  await front.close()
  await index_.close()
}

/** A comparison's time ratio, found by its case and alternative. */
function ratioOf(name: string, theirs: string, version = BUILD_VERSION): number | undefined {
  const c = comparisons.find((x) => x.case === name && x.theirs.label === theirs && x.version === version)
  return c && ratios(c).wallMs
}
const graphRatio = (ws: Workspace): number | undefined => {
  const g = graphs.find((x) => x.workspace === ws)
  return g && medianUsage(g.action).wallMs / g.limit.limitMs
}
const goals: Goal[] = [
  ...versions.flatMap((v) => [
    {
      goal: `install cold (${v}) vs venv + pip`,
      ratio: ratioOf('install cold', 'venv + pip', v),
      limit: 0.5
    },
    {
      goal: `install cold (${v}) vs uv venv + uv pip`,
      ratio: ratioOf('install cold', 'uv venv + uv pip', v),
      limit: 1
    },
    {
      goal: `install warm (${v}) vs uv from its cache`,
      ratio: ratioOf('install warm', 'uv venv + uv pip', v),
      limit: 1
    },
    {
      goal: `install warm (${v}) vs node loading the bundle`,
      ratio: ratioOf('install warm', 'bundle load', v),
      limit: 2
    }
  ]),
  {
    goal: `build ${wide.label} vs the sequential loop`,
    ratio: ratioOf(`build ${wide.label}`, `mojo precompile x${wide.packages.length}`),
    limit: 0.75
  },
  { goal: `build ${wide.label} vs its graph limit`, ratio: graphRatio(wide), limit: 1.15 },
  { goal: `build ${fixture.label} vs its graph limit`, ratio: graphRatio(fixture), limit: 1.1 },
  {
    goal: `wheel + conda + source added to the ${wide.label} build`,
    ratio: ratioOf(`build ${wide.label}`, 'mojoc alone'),
    limit: 1.1,
    strict: true
  },
  ...FORMATS.map((f) => ({
    goal: `verify ${f} vs the same check by hand`,
    ratio:
      comparisons.find((c) => c.case === `verify 1 ${f}`) &&
      ratios(comparisons.find((c) => c.case === `verify 1 ${f}`)!).wallMs,
    limit: 1.1
  }))
]

const machine = {
  cpus: os.availableParallelism(),
  cpu: os.cpus()[0]?.model,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  kernel: os.release(),
  node: process.version,
  python: execFileSync(python, ['--version'], { encoding: 'utf8' }).trim(),
  pip: pipVersion(python),
  uv: UV_VERSION
}
const results = tempDir('results')
const file = path.join(results, 'results.json')
fs.writeFileSync(
  file,
  JSON.stringify(
    {
      date: new Date().toISOString(),
      machine,
      reps,
      cases: [...cases],
      bundle: bundleSize(),
      comparisons: comparisons.map((c) => ({
        ...c,
        median: { ours: medianUsage(c.ours.runs), theirs: medianUsage(c.theirs.runs) },
        ratio: ratios(c)
      })),
      graphs: graphs.map((g) => ({
        workspace: g.workspace.label,
        limit: g.limit,
        compiles: Object.fromEntries(g.compiles)
      })),
      phases: phased && (phasesOf(phased.stdout) ?? stagesOf(phased.stdout)),
      compileCacheKiB: cache?.cacheKiB,
      goals
    },
    null,
    2
  )
)
console.log(
  `\n${machine.cpus} cores, ${machine.cpu}, ${machine.memoryGiB} GiB; node ${machine.node}, ${machine.python}, ` +
    `pip ${machine.pip}, uv ${machine.uv}; median of ${reps} run(s)`
)
const js = bundleSize()
console.log(`dist/: ${js.kiB.toFixed(0)} KiB of JavaScript in ${js.files} files`)
console.log('time: wall; tree: peak RSS of all its processes at once; proc: peak RSS of its largest process')
console.log('ratio = action / alternative (below 1: the action is faster or smaller)\n')
if (comparisons.length > 0) console.log(table(comparisons))
for (const g of graphs)
  console.log(`\n${graphTable(`Build of the ${g.workspace.label}`, g.compiles, g.limit, g.action)}`)
if (phased) {
  console.log(
    `\nTime per phase, one run: the ${wide.label}, formats: mojoc, verify on (parallel phases overlap)`
  )
  console.log(phaseTable(phasesOf(phased.stdout), stagesOf(phased.stdout)))
}
if (cache) {
  console.log(
    `\nCompile cache (MODULAR_CACHE_DIR kept from an earlier run against empty; mojo ${BUILD_VERSION} directly)`
  )
  console.log(table(cache.comparisons))
  const speedups = cache.comparisons.map((c) => `${c.case}: ${(1 / ratios(c).wallMs).toFixed(2)}x`)
  console.log(`speed-up with the kept cache: ${speedups.join('; ')}`)
  console.log(
    `the kept cache holds ${cache.cacheKiB.toFixed(0)} KiB; mojo precompile of the ${wide.label} wrote ` +
      `${cache.buildWritesKiB.toFixed(0)} KiB into an empty one (rebuilds run once, the verification ${reps} times)`
  )
}
console.log(`\nGoals (${machine.cpus} cores)`)
console.log(goalsTable(goals))
console.log(`\nEvery run: ${file}`)

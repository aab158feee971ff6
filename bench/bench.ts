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
import { repoRoot, runnerDirs, type RunnerDirs } from '../__tests__/support/run-action.js'
import {
  actionBuild,
  actionInstall,
  actionWheelVerify,
  pipInstall,
  pipVersion,
  precompileLoop,
  realPython,
  tempDir,
  wheelByHand
} from './contenders.js'
import { sequence, type Usage } from './measure.js'
import { pypiFront } from './pypi-front.js'
import { medianUsage, ratios, table, type Comparison } from './report.js'

const { values: args } = parseArgs({
  options: {
    reps: { type: 'string', default: '3' },
    versions: { type: 'string', default: '1.2.0,0.26.2.0' },
    'no-build': { type: 'boolean', default: false }
  }
})
const reps = Number(args.reps)
const versions = args.versions.split(',').map((v) => v.trim())
if (!Number.isInteger(reps) || reps < 1)
  throw new Error(`--reps must be a whole number >= 1, not '${args.reps}'`)
if (process.platform !== 'linux') throw new Error('the bench reads memory use from /proc: run it on Linux')
if (!fs.existsSync(path.join(repoRoot, 'dist', 'index.js'))) {
  throw new Error('there is no dist/index.js to measure: run `npm run build` first')
}

const log = (line: string): void => void process.stderr.write(`${line}\n`)
const python = realPython()

/** Cold and warm installs of one version, each contender run in turn so drift hits both alike. */
async function installs(
  index: string,
  version: string,
  warm: RunnerDirs,
  pipCache: string,
  wheelRequests: () => number
) {
  const cold = { action: [] as Usage[], venvPip: [] as Usage[], pip: [] as Usage[] }
  const hot = { action: [] as Usage[], venvPip: [] as Usage[], pip: [] as Usage[] }
  for (let rep = 1; rep <= reps; rep++) {
    log(`Mojo ${version}: install, run ${rep} of ${reps}`)
    const empty = runnerDirs()
    try {
      cold.action.push((await actionInstall(index, version, empty, false)).usage)
    } finally {
      fs.rmSync(empty.home, { recursive: true, force: true })
    }
    const c = await pipInstall(python, index, version, undefined)
    cold.venvPip.push(sequence(c.venv, c.pip))
    cold.pip.push(c.pip)
    hot.action.push((await actionInstall(index, version, warm, true)).usage)
    const before = wheelRequests()
    const h = await pipInstall(python, index, version, pipCache)
    if (wheelRequests() > before) throw new Error('pip downloaded the wheels again with a warm cache')
    hot.venvPip.push(sequence(h.venv, h.pip))
    hot.pip.push(h.pip)
  }
  const row = (name: string, ours: Usage[], label: string, theirs: Usage[]): Comparison => ({
    case: name,
    version,
    ours: { label: 'action', runs: ours },
    theirs: { label, runs: theirs }
  })
  return [
    row('install cold', cold.action, 'venv + pip', cold.venvPip),
    row('install cold', cold.action, 'pip alone', cold.pip),
    row('install warm', hot.action, 'venv + pip', hot.venvPip),
    row('install warm', hot.action, 'pip alone', hot.pip)
  ]
}

/** The fixture's three packages: the action (verify off) against a plain `mojo precompile` loop. */
async function builds(index: string, version: string, warm: RunnerDirs, stepEnv: NodeJS.ProcessEnv) {
  const ours: Usage[] = []
  const theirs: Usage[] = []
  for (let rep = 1; rep <= reps; rep++) {
    log(`Mojo ${version}: build the fixture, run ${rep} of ${reps}`)
    ours.push(await actionBuild(index, warm))
    theirs.push(await precompileLoop(stepEnv))
  }
  return {
    case: 'build 3 packages',
    version,
    ours: { label: 'action', runs: ours },
    theirs: { label: 'mojo precompile x3', runs: theirs }
  }
}

/** Verifying one package's wheel: the action's verify stage against the same check done by hand. */
async function wheelVerifies(index: string, version: string, warm: RunnerDirs) {
  const ours: Usage[] = []
  const theirs: Usage[] = []
  const compilerWheels = path.join(warm.toolCache, 'mojo-compiler', version, os.arch(), 'wheels')
  for (let rep = 1; rep <= reps; rep++) {
    log(`Mojo ${version}: verify one wheel, run ${rep} of ${reps}`)
    const action = await actionWheelVerify(index, warm)
    try {
      ours.push(action.usage)
      theirs.push(await wheelByHand(python, action.wheel, compilerWheels))
    } finally {
      action.cleanup()
    }
  }
  return {
    case: 'verify 1 wheel',
    version,
    ours: { label: 'action', runs: ours },
    theirs: { label: 'venv+pip+run', runs: theirs }
  }
}

const comparisons: Comparison[] = []
const index = await startIndexServer({ versions })
const front = await pypiFront(index.url)
try {
  for (const version of versions) {
    log(`Mojo ${version}: warming up (tool cache, pip cache, page cache; not measured)`)
    const warm = runnerDirs()
    const pipCache = tempDir('pip-cache')
    try {
      const installed = await actionInstall(front.url, version, warm, false)
      await pipInstall(python, front.url, version, pipCache)
      comparisons.push(...(await installs(front.url, version, warm, pipCache, index.wheelRequests)))
      // The fixture pins 1.2.0 in pixi.toml, and `precompile` is 1.x's command.
      if (!args['no-build'] && version === '1.2.0') {
        comparisons.push(await builds(front.url, version, warm, installed.env))
        comparisons.push(await wheelVerifies(front.url, version, warm))
      }
    } finally {
      fs.rmSync(warm.home, { recursive: true, force: true })
      fs.rmSync(pipCache, { recursive: true, force: true })
    }
  }
} finally {
  await front.close()
  await index.close()
}

const machine = {
  cpus: os.availableParallelism(),
  cpu: os.cpus()[0]?.model,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  kernel: os.release(),
  node: process.version,
  python: execFileSync(python, ['--version'], { encoding: 'utf8' }).trim(),
  pip: pipVersion(python)
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
      comparisons: comparisons.map((c) => ({
        ...c,
        median: { ours: medianUsage(c.ours.runs), theirs: medianUsage(c.theirs.runs) },
        ratio: ratios(c)
      }))
    },
    null,
    2
  )
)
console.log(
  `\n${machine.cpus} cores, ${machine.cpu}; node ${machine.node}, ${machine.python}, pip ${machine.pip}; median of ${reps} run(s)`
)
console.log('time: wall; tree: peak RSS of all its processes at once; proc: peak RSS of its largest process')
console.log('ratio = action / alternative (below 1: the action is faster or smaller)\n')
console.log(table(comparisons))
console.log(`\nEvery run: ${file}`)

/**
 * The bundled action installs the real compiler from a local index (no network beyond 127.0.0.1), and a
 * later step, given only what the action exported, runs `mojo`. Run `npm run build` first (`npm test` does).
 * The Actions cache is left out here (no ACTIONS_* variables): cache-service.itest.ts covers that tier.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { startIndexServer, writeFileIndex, type IndexServer } from '../support/index-server.js'
import {
  laterStepEnv,
  runAction,
  runnerDirs,
  type ActionRun,
  type RunnerDirs
} from '../support/run-action.js'

const run = promisify(execFile)
const HELLO = 'def main():\n    print("Hello from Mojo", 6 * 7)\n'
const made: string[] = []

function workspace(files: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'toolchain-ws-'))
  made.push(dir)
  for (const [name, text] of Object.entries({ 'hello.mojo': HELLO, ...files })) {
    fs.writeFileSync(path.join(dir, name), text)
  }
  return dir
}

function dirs(): RunnerDirs {
  const d = runnerDirs()
  made.push(d.home)
  return d
}

/** A later `run:` step: a bare runner environment plus only what the action exported. */
async function laterStep(result: ActionRun, argv: string[], cwd: string): Promise<string> {
  const base = { PATH: '/usr/bin:/bin', HOME: result.dirs.home }
  const { stdout } = await run(argv[0], argv.slice(1), { cwd, env: laterStepEnv(result.main, base) })
  // Into the test log as a later step's log would show it: what the installed compiler printed.
  process.stdout.write(`later step $ ${argv.join(' ')}\n${stdout}`)
  return stdout
}

function errors(result: ActionRun): string[] {
  return result.main.annotations.filter((a) => a.level === 'error').map((a) => a.message)
}

let server: IndexServer

beforeAll(async () => {
  server = await startIndexServer({ versions: ['1.2.0', '0.26.2.0'] })
})

afterAll(async () => {
  await server.close()
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true })
})

describe('mojo-version 1.2.0 from an HTTP index (PEP 691 JSON)', () => {
  let ws: string
  let first: ActionRun
  let second: ActionRun
  let wheelsAfterFirst: number
  let pagesAfterFirst: number
  const pages = (): number =>
    [...server.requests].filter(([p]) => p.startsWith('/simple/')).reduce((n, [, c]) => n + c, 0)

  beforeAll(async () => {
    ws = workspace()
    const runner = dirs()
    const inputs = { 'mojo-version': '1.2.0', 'index-url': server.url, cache: 'false' }
    first = await runAction({ workspace: ws, inputs, dirs: runner })
    wheelsAfterFirst = server.wheelRequests()
    pagesAfterFirst = pages()
    second = await runAction({ workspace: ws, inputs, dirs: runner })
  })

  it('succeeds and sets the outputs', () => {
    expect([first.main.code, first.main.outputs['mojo-version'], first.main.outputs['cache-hit']]).toEqual([
      0,
      '1.2.0',
      'false'
    ])
  })

  it('downloads each wheel once', () => {
    expect(wheelsAfterFirst).toBe(2)
  })

  it('lets a later step run `mojo --version` from PATH', async () => {
    expect(await laterStep(first, ['mojo', '--version'], ws)).toMatch(/^Mojo 1\.2\.0 \(/)
  })

  it('lets a later step run `mojo run hello.mojo`', async () => {
    expect(await laterStep(first, ['mojo', 'run', 'hello.mojo'], ws)).toBe('Hello from Mojo 42\n')
  })

  it('puts mojo-root in the tool cache', () => {
    expect(first.main.outputs['mojo-root']).toBe(
      path.join(first.dirs.toolCache, 'mojo-compiler', '1.2.0', os.arch(), 'modular')
    )
  })

  it('hits the tool cache on the second run, asking the index nothing', () => {
    expect([second.main.code, second.main.outputs['cache-hit'], server.wheelRequests(), pages()]).toEqual([
      0,
      'true',
      wheelsAfterFirst,
      pagesAfterFirst
    ])
  })
})

describe('the version pinned in pixi.toml, 0.26.2 (three-part spelling of 0.26.2.0)', () => {
  let ws: string
  let result: ActionRun

  beforeAll(async () => {
    ws = workspace({ 'pixi.toml': '[workspace]\nname = "x"\n\n[dependencies]\nmojo = "==0.26.2"\n' })
    result = await runAction({
      workspace: ws,
      inputs: { 'index-url': server.url, cache: 'false' },
      dirs: dirs()
    })
  })

  it('installs the version as the index spells it', () => {
    expect([result.main.code, result.main.outputs['mojo-version']]).toEqual([0, '0.26.2.0'])
  })

  it('lets a later step run `mojo --version`', async () => {
    expect(await laterStep(result, ['mojo', '--version'], ws)).toMatch(/^Mojo 0\.26\.2\.0 \(/)
  })

  it('lets a later step run `mojo run hello.mojo`', async () => {
    expect(await laterStep(result, ['mojo', 'run', 'hello.mojo'], ws)).toBe('Hello from Mojo 42\n')
  })
})

describe('a wheel whose bytes do not match the index sha256', () => {
  let tampering: IndexServer
  let result: ActionRun

  beforeAll(async () => {
    tampering = await startIndexServer({
      versions: ['1.2.0'],
      tampered: ['mojo_compiler-1.2.0-py3-none-manylinux_2_34_x86_64.whl']
    })
    result = await runAction({
      workspace: workspace(),
      inputs: { 'mojo-version': '1.2.0', 'index-url': tampering.url, cache: 'false' },
      dirs: dirs()
    })
  })

  afterAll(() => tampering.close())

  it('fails the step, naming the sha256 mismatch', () => {
    expect([result.main.code, errors(result)]).toEqual([
      1,
      [expect.stringMatching(/sha256 mismatch for mojo_compiler-1\.2\.0-py3-none-manylinux_2_34_x86_64\.whl/)]
    ])
  })

  it('leaves nothing in the tool cache or the temp folder', () => {
    expect([fs.readdirSync(result.dirs.toolCache), fs.readdirSync(result.dirs.temp)]).toEqual([[], []])
  })
})

describe('an exact version whose compiler wheel is yanked', () => {
  it('fails, saying it was yanked and what is available', async () => {
    const yanking = await startIndexServer({
      versions: ['1.2.0', '0.26.2.0'],
      yanked: { 'mojo_compiler-1.2.0-py3-none-manylinux_2_34_x86_64.whl': 'broken build' }
    })
    try {
      const result = await runAction({
        workspace: workspace(),
        inputs: { 'mojo-version': '1.2.0', 'index-url': yanking.url, cache: 'false' },
        dirs: dirs(),
        post: false
      })
      expect(errors(result)).toEqual([
        "no mojo-compiler version satisfies '1.2.0' (1.2.0 was yanked from the index): nearest: 0.26.2.0; set mojo-version to one of them."
      ])
    } finally {
      await yanking.close()
    }
  })
})

describe('a file:// index (PEP 503 HTML) with caching on but no cache service', () => {
  let ws: string
  let result: ActionRun

  beforeAll(async () => {
    ws = workspace()
    const index = fs.mkdtempSync(path.join(os.tmpdir(), 'file-index-'))
    made.push(index)
    result = await runAction({
      workspace: ws,
      inputs: { 'mojo-version': '==1.2.*', 'index-url': writeFileIndex(index, { versions: ['1.2.0'] }) },
      dirs: dirs()
    })
  })

  it('installs from the folder', () => {
    expect([result.main.code, result.main.outputs['mojo-version'], result.post?.code]).toEqual([
      0,
      '1.2.0',
      0
    ])
  })

  it('lets a later step run `mojo --version`', async () => {
    expect(await laterStep(result, ['mojo', '--version'], ws)).toMatch(/^Mojo 1\.2\.0 \(/)
  })

  it('says once that the cache service is unavailable, and warns about nothing', () => {
    const said = (result.main.stdout + result.post!.stdout).match(/cache service is not available/g) ?? []
    expect([said.length, result.main.annotations, result.post!.annotations]).toEqual([1, [], []])
  })
})

describe('a tool-cache toolchain whose bin/mojo was changed after install', () => {
  let ws: string
  let second: ActionRun
  let wheels: number
  const stale = (toolCache: string): string =>
    path.join(toolCache, 'mojo-compiler', '1.2.0', `${os.arch()}.partial-999999999-killed`)

  beforeAll(async () => {
    ws = workspace()
    const runner = dirs()
    const inputs = { 'mojo-version': '1.2.0', 'index-url': server.url, cache: 'false' }
    const first = await runAction({ workspace: ws, inputs, dirs: runner })
    const mojo = path.join(first.main.outputs['mojo-root'], 'bin', 'mojo')
    fs.appendFileSync(mojo, 'changed') // still runs: only the proof can tell
    // And a killed run's partial toolchain, older than a run takes.
    fs.mkdirSync(path.join(stale(runner.toolCache), 'modular', 'bin'), { recursive: true })
    fs.writeFileSync(path.join(stale(runner.toolCache), 'modular', 'bin', 'mojo'), 'half')
    const old = new Date(Date.now() - 60 * 60_000)
    fs.utimesSync(stale(runner.toolCache), old, old)
    const before = server.wheelRequests()
    second = await runAction({ workspace: ws, inputs, dirs: runner })
    wheels = server.wheelRequests() - before
  })

  it('is not run: a warning names the changed file', () => {
    expect(second.main.annotations.filter((a) => a.level === 'warning').map((a) => a.message)).toEqual([
      expect.stringMatching(/^The Mojo toolchain in the tool cache .*: 'bin\/mojo' has \d+ bytes, not \d+\./)
    ])
  })

  it('is installed again from the index, and runs', async () => {
    expect([second.main.code, second.main.outputs['cache-hit'], wheels]).toEqual([0, 'false', 2])
    expect(await laterStep(second, ['mojo', '--version'], ws)).toMatch(/^Mojo 1\.2\.0 \(/)
  })

  it("removes a killed run's partial toolchain", () => {
    expect(fs.existsSync(stale(second.dirs.toolCache))).toBe(false)
  })
})

describe('two runs installing into one tool cache at once', () => {
  let ws: string
  let runs: ActionRun[]

  beforeAll(async () => {
    ws = workspace()
    const shared = dirs().toolCache
    const inputs = { 'mojo-version': '1.2.0', 'index-url': server.url, cache: 'false' }
    runs = await Promise.all(
      [dirs(), dirs()].map((own) => runAction({ workspace: ws, inputs, dirs: { ...own, toolCache: shared } }))
    )
  })

  it('both succeed with the same toolchain', () => {
    expect(runs.map((r) => [r.main.code, r.main.outputs['mojo-root']])).toEqual([
      [0, runs[0].main.outputs['mojo-root']],
      [0, runs[0].main.outputs['mojo-root']]
    ])
  })

  it('both can run mojo afterwards', async () => {
    for (const r of runs)
      expect(await laterStep(r, ['mojo', 'run', 'hello.mojo'], ws)).toBe('Hello from Mojo 42\n')
  })

  it('leave nothing but the toolchain and its marker', () => {
    expect(fs.readdirSync(path.join(runs[0].dirs.toolCache, 'mojo-compiler', '1.2.0')).sort()).toEqual([
      os.arch(),
      `${os.arch()}.complete`
    ])
  })
})

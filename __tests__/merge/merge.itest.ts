/**
 * A matrix of two compilers merged into one release: the bundled action runs twice on one small
 * workspace (Mojo 1.1.0 and 1.2.0, installed by the action from a local index), each output-dir is
 * downloaded into its own cell folder, and the bundled merge action makes one release of them. A real
 * conda client (py-rattler) then solves from the merged channel, beside a channel of the real compilers
 * (built from their wheels), with each compiler pinned: it picks that compiler's build, and the
 * prefix's own `mojo` imports the package. Run `npm run build` first (`npm test` does).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { driverEnv } from '../../src/toolchain/env.js'
import { compilerConda, condaChannel, condaIndex, condaInstallFrom, exec } from '../support/conda.js'
import { initRepo } from '../support/git-repo.js'
import { startIndexServer, type IndexServer } from '../support/index-server.js'
import {
  runAction,
  runMergeAction,
  runnerDirs,
  type RunnerDirs,
  type StepResult
} from '../support/run-action.js'
import { removeTempDirs, tempDir, writeFiles } from '../support/temp.js'

const COMPILERS = ['1.1.0', '1.2.0']

let index: IndexServer
let dirs: RunnerDirs
let job: string
let merged: StepResult
const release = (): string => path.join(job, 'release')

/** A channel of the real compilers of the matrix as conda packages, made once. */
let compilers: Promise<string> | undefined
function compilersChannel(): Promise<string> {
  compilers ??= (async () => {
    const channel = condaChannel({
      platform: await Promise.all(COMPILERS.map((v) => compilerConda(v, tempDir('compiler'))))
    })
    await condaIndex(channel)
    return channel
  })()
  return compilers
}

/** A workspace with one package, `greet`, that every compiler of the matrix compiles. */
function workspace(): string {
  const ws = writeFiles(path.join(tempDir('workspace'), 'greet'), {
    'pixi.toml':
      '[workspace]\nname = "greet"\nversion = "0.1.0"\nchannels = ["https://conda.modular.com/max"]\nplatforms = ["linux-64"]\n',
    'greet/__init__.mojo': 'def hello() -> String:\n    return "hello from greet"\n'
  })
  return initRepo(ws)
}

beforeAll(async () => {
  index = await startIndexServer({ versions: COMPILERS })
  dirs = runnerDirs()
  const ws = workspace()
  job = tempDir('merge-job')
  for (const mojo of COMPILERS) {
    const run = await runAction({
      workspace: ws,
      dirs,
      post: false,
      inputs: { 'index-url': index.url, 'mojo-version': mojo },
      env: { SOURCE_DATE_EPOCH: '1767225600' }
    })
    expect(run.main.code).toBe(0)
    // What actions/download-artifact with a pattern writes: one folder per cell's artifact.
    fs.cpSync(path.join(ws, 'dist'), path.join(job, 'cells', `mojo-package-${mojo}-linux-x64`), {
      recursive: true
    })
  }
  merged = await runMergeAction({ workspace: job, dirs, inputs: { path: 'cells', 'output-dir': 'release' } })
})

afterAll(async () => {
  await index.close()
  fs.rmSync(dirs.home, { recursive: true, force: true })
  removeTempDirs()
})

describe('the merge of a two-compiler matrix', () => {
  it('verifies every package with every compiler, and says so in one table', () => {
    expect(merged.code).toBe(0)
    expect(merged.summary).toContain(
      '| Package | Mojo 1.1.0 | Mojo 1.2.0 |\n| --- | --- | --- |\n| greet 0.1.0 | ✅ | ✅ |'
    )
  })

  it('writes a channel with one build per compiler, and names every file in SHA256SUMS', async () => {
    const noarch = JSON.parse(
      fs.readFileSync(path.join(release(), 'channel', 'noarch', 'repodata.json'), 'utf8')
    )
    expect(
      Object.values(noarch['packages.conda'] as Record<string, { build: string; depends: string[] }>).map(
        (r) => [r.build, r.depends]
      )
    ).toEqual([
      ['mojo_1.1.0_0', ['mojo-compiler ==1.1.0']],
      ['mojo_1.2.0_0', ['mojo-compiler ==1.2.0']]
    ])
    const sums = await exec('sha256sum', ['-c', 'SHA256SUMS'], process.env, release())
    expect(sums.code).toBe(0)
    expect(merged.outputs.files.split('\n').filter((f) => !f.endsWith('SHA256SUMS')).length).toBe(
      sums.stdout.trim().split('\n').length
    )
  })

  it('puts the wheels of the newest compiler in wheels/, and INSTALL.md says so', () => {
    const wheels = fs.readdirSync(path.join(job, merged.outputs.wheels))
    expect(wheels).toEqual(['greet-0.1.0-py3-none-any.whl'])
    expect(fs.readFileSync(path.join(job, merged.outputs.wheels, wheels[0]))).toEqual(
      fs.readFileSync(path.join(release(), 'mojo-1.2.0', wheels[0]))
    )
    expect(fs.readFileSync(path.join(release(), 'INSTALL.md'), 'utf8')).toContain(
      'PyPI gets the wheels of Mojo 1.2.0'
    )
  })

  it("packs each compiler's folder as one archive, so the top files and the conda packages have names of their own", async () => {
    const listed = await exec('tar', ['-tzf', 'mojo-1.1.0.tar.gz'], process.env, release())
    expect(listed.stdout.trim().split('\n')).toEqual([
      'mojo-1.1.0/',
      'mojo-1.1.0/INSTALL.md',
      'mojo-1.1.0/greet-0.1.0-py3-none-any.whl',
      'mojo-1.1.0/greet-0.1.0.mojoc',
      'mojo-1.1.0/install_verify.sh'
    ])
    const uploaded = merged.outputs.files
      .split('\n')
      .filter((f) => !f.slice('release/'.length).includes('/') || /\/channel\/noarch\/.*\.conda$/.test(f))
      .map((f) => path.basename(f))
    expect(uploaded).toContain('mojo-1.2.0.tar.gz')
    expect(new Set(uploaded).size).toBe(uploaded.length)
  })

  it('refuses to merge into a folder that holds files, and leaves it as it was', async () => {
    const before = fs.readFileSync(path.join(release(), 'SHA256SUMS'))
    const again = await runMergeAction({
      workspace: job,
      dirs,
      inputs: { path: 'cells', 'output-dir': 'release', verify: 'false' }
    })
    expect(again.code).toBe(1)
    expect(again.stdout).toContain("Input 'output-dir'")
    expect(fs.readFileSync(path.join(release(), 'SHA256SUMS'))).toEqual(before)
  })

  it.each(['../outside-release', '.git/release'])(
    'refuses the output-dir %s, outside the workspace or in its .git, and writes nothing there',
    async (outputDir) => {
      const refused = await runMergeAction({
        workspace: job,
        dirs,
        inputs: { path: 'cells', 'output-dir': outputDir, verify: 'false' }
      })
      expect(refused.code).toBe(1)
      expect(refused.stdout).toContain("Input 'output-dir'")
      expect(fs.existsSync(path.resolve(job, outputDir))).toBe(false)
    }
  )

  it.each(COMPILERS)('lets a conda client pinned to Mojo %s pick its build and import it', async (mojo) => {
    const compilers = await compilersChannel()
    const prefix = path.join(tempDir('env'), 'prefix')
    const channel = path.join(job, merged.outputs.channel)
    const installed = await condaInstallFrom([channel, compilers], prefix, [
      'greet',
      `mojo-compiler==${mojo}`
    ])
    expect(installed).toMatchObject({ code: 0, stderr: '' })
    const records = JSON.parse(installed.stdout) as Array<{ name: string; build: string; version: string }>
    expect(records.map((r) => [r.name, r.version, r.build])).toEqual([
      ['greet', '0.1.0', `mojo_${mojo}_0`],
      ['mojo-compiler', mojo, 'release']
    ])
    const work = writeFiles(tempDir('app'), {
      'app.mojo': 'from greet import hello\n\n\ndef main():\n    print(hello())\n'
    })
    const env = {
      ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('MODULAR_'))),
      ...driverEnv(prefix),
      HOME: work
    }
    const ran = await exec(path.join(prefix, 'bin', 'mojo'), ['run', 'app.mojo'], env, work)
    expect(ran).toMatchObject({ code: 0, stdout: 'hello from greet\n' })
  })
})

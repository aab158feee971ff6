/**
 * The action with default inputs on projects shaped like real Mojo repositories
 * (__tests__/fixtures/projects): the compiler each one tested with, the packages it ships under the
 * names its code imports, built and verified with the real compilers from a local index on 127.0.0.1
 * that lists 1.2.0 and 0.26.2.0. Run `npm run build` first (`npm test` does).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { startIndexServer, type IndexServer } from './support/index-server.js'
import { repoRoot, runAction, runnerDirs, type ActionRun, type RunnerDirs } from './support/run-action.js'
import { removeTempDirs, tempDir } from './support/temp.js'
import { testToolchain } from './support/toolchain.js'

let index: IndexServer
let dirs: RunnerDirs

beforeAll(async () => {
  index = await startIndexServer({ versions: ['1.2.0', '0.26.2.0'] })
  dirs = runnerDirs()
})

afterAll(async () => {
  await index.close()
  fs.rmSync(dirs.home, { recursive: true, force: true })
  removeTempDirs()
})

/** A copy of a fixture project. */
function project(name: string): string {
  const ws = path.join(tempDir(name), name)
  fs.cpSync(path.join(repoRoot, '__tests__', 'fixtures', 'projects', name), ws, { recursive: true })
  return ws
}

/** Runs the action with default inputs (only the index is local) on a copy of a fixture project. */
async function onProject(
  name: string,
  inputs: Record<string, string> = {},
  ws = project(name)
): Promise<ActionRun> {
  return runAction({ workspace: ws, dirs, post: false, inputs: { 'index-url': index.url, ...inputs } })
}

describe('a pixi project that locks Mojo 0.26.2.0 under a range that 1.2.0 also satisfies', () => {
  let run: ActionRun
  beforeAll(async () => {
    run = await onProject('pixi-locked')
  })

  it('uses the locked compiler, saying where it came from', () => {
    expect(run.main.outputs['mojo-version']).toBe('0.26.2.0')
    expect(run.main.stdout).toContain('Mojo 0.26.2.0: pixi.lock, locked for linux-64 (environment default)')
  })

  it('ships its [package] under the folder name code imports, with its 4-part version, verified', () => {
    expect(run.main.code).toBe(0)
    expect(JSON.parse(run.main.outputs.packages)).toEqual(['dist/locked_lib-0.26.2.1.mojopkg'])
    expect(run.main.outputs.verified).toBe('true')
  })
})

describe('a mojoproject.toml project that gets Mojo through modular, with a src/<name> layout', () => {
  let run: ActionRun
  beforeAll(async () => {
    run = await onProject('modular-pin')
  })

  it('uses the Mojo that modular release ships, saying so', () => {
    expect(run.main.outputs['mojo-version']).toBe('0.26.2.0')
    expect(run.main.stdout).toContain(
      'Mojo 0.26.2.0: mojoproject.toml [dependencies] modular = ">=26.2.0,<26.3": modular 26.2.0 ships Mojo 0.26.2.0'
    )
  })

  it('finds src/webby and ships it verified', () => {
    expect(run.main.code).toBe(0)
    expect(JSON.parse(run.main.outputs.packages)).toEqual(['dist/webby-0.4.0.mojopkg'])
    expect(run.main.outputs.verified).toBe('true')
  })
})

describe('a workspace mojo.toml with [package] and [packages], pinned in uv.lock', () => {
  let run: ActionRun
  beforeAll(async () => {
    run = await onProject('root-packages')
  })

  it('uses the compiler uv.lock locks', () => {
    expect(run.main.stdout).toContain('Mojo 1.2.0: mojo-compiler 1.2.0 locked in uv.lock')
  })

  it('ships the library, leaving out examples and tests and saying how to build them', () => {
    expect(run.main.code).toBe(0)
    expect(JSON.parse(run.main.outputs.packages)).toEqual(['dist/odyssey-0.2.0.mojoc'])
    expect(run.main.stdout).toContain(
      "mojo.toml [packages] also lists examples, tests: folders of programs that use the library, left out; list them in the 'packages' input to build them too."
    )
    expect(run.main.outputs.verified).toBe('true')
  })
})

describe('a package that imports a conda dependency (vectors)', () => {
  it('fails without it, naming the module, the pixi.toml line that declares it and the input', async () => {
    const run = await onProject('external-dep')
    expect(run.main.code).toBe(1)
    expect(run.main.stdout).toContain(
      "unable to locate module 'vectors' ('vectors' is neither the standard library, a workspace package nor an " +
        'external package; pixi.toml [package.host-dependencies] vectors declares it: give its .mojoc or source ' +
        "folder in the 'external-packages' input)"
    )
  })

  describe('given as a .mojoc the test precompiled', () => {
    let run: ActionRun
    let ws: string
    beforeAll(async () => {
      ws = project('external-dep')
      const toolchain = await testToolchain('1.2.0')
      const deps = tempDir('deps')
      execFileSync(toolchain.mojo, ['precompile', 'vendor/vectors', '-o', path.join(deps, 'vectors.mojoc')], {
        cwd: ws,
        env: { ...process.env, ...toolchain.env },
        stdio: 'ignore'
      })
      run = await onProject('external-dep', { 'external-packages': deps }, ws)
    })

    it('builds and verifies the package, with vectors installed as a user has it', () => {
      expect(run.main.code).toBe(0)
      expect(JSON.parse(run.main.outputs.packages)).toEqual(['dist/geo-0.1.0.mojoc'])
      expect(run.main.outputs.verified).toBe('true')
    })

    it('lists vectors in manifest.json and INSTALL.md, and does not ship it', () => {
      const manifest = JSON.parse(fs.readFileSync(path.join(ws, 'dist', 'manifest.json'), 'utf8'))
      expect(manifest.externals).toEqual([
        { import: 'vectors', kind: 'precompiled', from: expect.stringMatching(/^external-packages: /) }
      ])
      expect(fs.readFileSync(path.join(ws, 'dist', 'INSTALL.md'), 'utf8')).toContain('## Also needed')
      expect(fs.readdirSync(path.join(ws, 'dist')).filter((f) => f.startsWith('vectors'))).toEqual([])
    })
  })

  it('builds and verifies given its source folder', async () => {
    const run = await onProject('external-dep', { 'external-packages': 'vendor/vectors' })
    expect([run.main.code, run.main.outputs.verified]).toEqual([0, 'true'])
  })
})

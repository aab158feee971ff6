/**
 * The Actions cache tier against a protocol-level fake of GitHub's cache service v2 (blobs in Azurite).
 * First the fake itself, driven by the real @actions/cache; then the bundled action as a runner runs it.
 */
import { describe, it, expect, beforeAll, afterAll, afterEach, jest } from '@jest/globals'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { cacheKey } from '../../src/toolchain/cache-state.js'
import * as cache from '@actions/cache'
import { startIndexServer, type IndexServer } from '../support/index-server.js'
import { runAction, runnerDirs, type ActionRun, type RunnerDirs } from '../support/run-action.js'
import { startAzurite, type Azurite } from '../support/fakes/azurite.js'
import { CACHE_CONTAINER } from '../support/fakes/cache-service.js'
import { startResultsService, type ResultsService } from '../support/fakes/results.js'
import { fixtureCopy, removeTempDirs } from '../support/temp.js'

let azurite: Azurite
let results: ResultsService
const savedEnv = { ...process.env }

beforeAll(async () => {
  azurite = await startAzurite()
  results = await startResultsService(azurite)
})

afterAll(async () => {
  await results.close()
  await azurite.stop()
})

describe('the fake cache service, driven by @actions/cache', () => {
  let home: string
  let stdout: string[] = []
  const folder = (name: string): string => path.join(home, name)

  function fill(name: string): Record<string, string> {
    const files = { 'bin/mojo': crypto.randomBytes(4096).toString('hex'), 'lib/std.mojoc': 'std' }
    for (const [file, body] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(folder(name), file)), { recursive: true })
      fs.writeFileSync(path.join(folder(name), file), body)
    }
    return files
  }

  const read = (name: string): Record<string, string> =>
    Object.fromEntries(
      ['bin/mojo', 'lib/std.mojoc'].map((file) => [
        file,
        fs.readFileSync(path.join(folder(name), file), 'utf8')
      ])
    )

  beforeAll(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'cache-fake-'))
    fs.mkdirSync(path.join(home, 'workspace'))
    fs.mkdirSync(path.join(home, 'temp'))
    Object.assign(process.env, results.runnerEnv(), {
      GITHUB_WORKSPACE: path.join(home, 'workspace'),
      RUNNER_TEMP: path.join(home, 'temp')
    })
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout.push(String(chunk))
      return true
    })
  })

  afterEach(() => {
    results.clearFaults()
    stdout = []
  })

  afterAll(() => {
    jest.restoreAllMocks()
    process.env = { ...savedEnv }
    fs.rmSync(home, { recursive: true, force: true })
  })

  it('saves a folder and restores it on the same key', async () => {
    const files = fill('save-restore')
    expect(await cache.saveCache([folder('save-restore')], 'tool-a-1')).toBeGreaterThan(0)
    fs.rmSync(folder('save-restore'), { recursive: true })
    expect(await cache.restoreCache([folder('save-restore')], 'tool-a-1')).toBe('tool-a-1')
    expect(read('save-restore')).toEqual(files)
  })

  it('finalizes an entry only when its blob in Azurite has the reported size', async () => {
    fill('finalize')
    await cache.saveCache([folder('finalize')], 'tool-b-1')
    const entry = results.cache.finalized().find((e) => e.key === 'tool-b-1')!
    const blob = await azurite.readBlob(CACHE_CONTAINER, entry.blob)
    const [finalize] = results.callsTo('FinalizeCacheEntryUpload').filter((c) => c.body.key === 'tool-b-1')
    expect([blob!.size, entry.size]).toEqual([
      Number(finalize.body.size_bytes),
      Number(finalize.body.size_bytes)
    ])
  })

  it('matches a restore key by prefix, newest entry first', async () => {
    fill('prefix')
    await cache.saveCache([folder('prefix')], 'tool-c-1.0')
    await cache.saveCache([folder('prefix')], 'tool-c-1.1')
    expect(await cache.restoreCache([folder('prefix')], 'tool-c-2.0', ['tool-c-'])).toBe('tool-c-1.1')
  })

  it('misses when the paths (and so the version) differ', async () => {
    fill('version-a')
    await cache.saveCache([folder('version-a')], 'tool-d-1')
    expect(await cache.restoreCache([folder('version-b')], 'tool-d-1')).toBeUndefined()
  })

  it('refuses a second save of one key and version (saveCache returns -1)', async () => {
    fill('twice')
    await cache.saveCache([folder('twice')], 'tool-e-1')
    expect(await cache.saveCache([folder('twice')], 'tool-e-1')).toBe(-1)
    expect(
      results
        .callsTo('CreateCacheEntry')
        .filter((c) => c.body.key === 'tool-e-1')
        .map((c) => c.status)
    ).toEqual([200, 409])
  })

  it('rejects a token it did not issue, which the client reports as a miss with a warning', async () => {
    const token = process.env.ACTIONS_RUNTIME_TOKEN
    process.env.ACTIONS_RUNTIME_TOKEN = results.issueToken().replace(/\.[^.]+$/, '.forged')
    try {
      expect(await cache.restoreCache([folder('save-restore')], 'tool-a-1')).toBeUndefined()
    } finally {
      process.env.ACTIONS_RUNTIME_TOKEN = token
    }
    expect(results.calls.at(-1)!.status).toBe(401)
    expect(stdout.join('')).toMatch(/^::warning::Failed to restore: .*\(401\)/m)
  })

  it('reports a dropped connection to the client as a warning, not an error', async () => {
    results.inject('GetCacheEntryDownloadURL', { drop: true })
    expect(await cache.restoreCache([folder('save-restore')], 'tool-a-1')).toBeUndefined()
    expect(stdout.join('')).toMatch(/^::warning::Failed to restore: .*ECONNRESET/m)
  })

  it('retries a transient 5xx and restores', async () => {
    results.inject('GetCacheEntryDownloadURL', { status: 503 })
    expect(await cache.restoreCache([folder('save-restore')], 'tool-a-1')).toBe('tool-a-1')
  })
})

describe('the bundled action with the cache service', () => {
  const VERSION = '1.2.0'
  let index: IndexServer
  let workspace: string
  let dirs: RunnerDirs

  /** Runs main and post as a runner would, on an empty tool cache at the same path every time. */
  async function run(
    inputs: Record<string, string>,
    env: Record<string, string> = {}
  ): Promise<{ run: ActionRun; calls: string[]; wheels: number }> {
    for (const dir of [dirs.toolCache, dirs.temp]) {
      fs.rmSync(dir, { recursive: true, force: true })
      fs.mkdirSync(dir)
    }
    const callsBefore = results.calls.length
    const wheelsBefore = index.wheelRequests()
    const run = await runAction({
      workspace,
      dirs,
      env: { ...results.runnerEnv(), ...env },
      inputs: {
        'mojo-version': VERSION,
        'index-url': index.url,
        verify: 'false',
        upload: 'false',
        'compile-cache': 'false',
        ...inputs
      }
    })
    return {
      run,
      calls: results.calls.slice(callsBefore).map((c) => `${c.method} ${c.status}`),
      wheels: index.wheelRequests() - wheelsBefore
    }
  }

  /** Replaces the cache entry `key` of `dir` with what `change` makes of it: a poisoned or broken upload. */
  async function poison(dir: string, key: string, change: (dir: string) => void): Promise<void> {
    const saved = { ...process.env }
    Object.assign(process.env, results.runnerEnv(), { GITHUB_WORKSPACE: workspace, RUNNER_TEMP: dirs.temp })
    try {
      fs.rmSync(dir, { recursive: true, force: true })
      expect(await cache.restoreCache([dir], key)).toBe(key)
      change(dir)
      results.cache.clear()
      expect(await cache.saveCache([dir], key)).toBeGreaterThan(0)
    } finally {
      process.env = saved
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }

  const annotations = (run: ActionRun, level: string): string[] =>
    [...run.main.annotations, ...(run.post?.annotations ?? [])]
      .filter((a) => a.level === level)
      .map((a) => a.message)

  beforeAll(async () => {
    index = await startIndexServer({ versions: [VERSION] })
    workspace = fixtureCopy()
    dirs = runnerDirs()
    results.cache.clear()
  })

  afterAll(async () => {
    await index.close()
    removeTempDirs()
    fs.rmSync(dirs.home, { recursive: true, force: true })
  })

  afterEach(() => results.clearFaults())

  describe('run 1: empty tool cache, empty cache service', () => {
    let first: Awaited<ReturnType<typeof run>>
    beforeAll(async () => {
      first = await run({ cache: 'true' })
    })

    it('downloads the toolchain from the index', () => {
      expect([first.run.main.code, first.run.main.outputs['cache-hit'], first.wheels]).toEqual([
        0,
        'false',
        2
      ])
    })

    it('saves the toolchain to the cache service in the post step', async () => {
      const [entry] = results.cache.finalized().filter((e) => e.key.startsWith('mojo-compiler-'))
      const blob = await azurite.readBlob(CACHE_CONTAINER, entry.blob)
      expect(first.calls).toEqual([
        'GetCacheEntryDownloadURL 200',
        'CreateCacheEntry 200',
        'FinalizeCacheEntryUpload 200'
      ])
      expect(entry.key).toBe(cacheKey('1.2.0'))
      expect(blob?.size).toBe(entry.size)
    })

    // The run helper waits for the post process to exit: a keep-alive hang fails by the test's timeout.
    it('ends the post step by itself after saving', () => {
      expect([first.run.post?.code, first.run.post?.stdout]).toEqual([
        0,
        expect.stringContaining(`Saved the Mojo toolchain to the Actions cache (key ${cacheKey('1.2.0')}).`)
      ])
    })
  })

  describe('run 2: fresh tool cache', () => {
    let second: Awaited<ReturnType<typeof run>>
    beforeAll(async () => {
      second = await run({ cache: 'true' })
    })

    it('restores from the cache service and asks the index for no wheel', () => {
      expect([second.run.main.code, second.run.main.outputs['cache-hit'], second.wheels]).toEqual([
        0,
        'true',
        0
      ])
    })

    it('installs a working toolchain from the restored folder', () => {
      const mojo = path.join(second.run.main.outputs['mojo-root'], 'bin', 'mojo')
      expect(fs.existsSync(mojo)).toBe(true)
    })

    it('does not save what it restored', () => {
      expect(second.calls).toEqual(['GetCacheEntryDownloadURL 200'])
    })
  })

  describe('run 3: a restored toolchain whose bin/mojo was changed', () => {
    let third: Awaited<ReturnType<typeof run>>
    beforeAll(async () => {
      const toolDir = path.join(dirs.toolCache, 'mojo-compiler', VERSION, os.arch())
      await poison(toolDir, cacheKey(VERSION), (dir) =>
        fs.appendFileSync(path.join(dir, 'modular', 'bin', 'mojo'), 'x')
      )
      third = await run({ cache: 'true' })
    })

    it('is not run: a warning names the changed file', () => {
      expect(annotations(third.run, 'warning')).toEqual([
        expect.stringMatching(
          /^The Mojo toolchain restored from the Actions cache .*: 'bin\/mojo' has \d+ bytes/
        )
      ])
    })

    it('is downloaded again, and the step succeeds', () => {
      expect([third.run.main.code, third.run.main.outputs['cache-hit'], third.wheels]).toEqual([
        0,
        'false',
        2
      ])
    })
  })

  it('a tag build neither restores nor saves by default', async () => {
    const tag = { 'check-tag': 'false', 'check-version-bump': 'off' }
    const { run: tagged, calls, wheels } = await run(tag, { GITHUB_REF: 'refs/tags/v0.1.0' })
    expect([tagged.main.code, calls, wheels]).toEqual([0, [], 2])
  })

  it('cache: false neither restores nor saves', async () => {
    const { run: off, calls, wheels } = await run({ cache: 'false' })
    expect([off.main.code, calls, wheels]).toEqual([0, [], 2])
  })

  it('cache: restore-only looks up the cache but never saves', async () => {
    results.cache.clear()
    const { run: restoreOnly, calls } = await run({ cache: 'restore-only' })
    expect([restoreOnly.main.code, restoreOnly.post?.code, calls]).toEqual([
      0,
      0,
      ['GetCacheEntryDownloadURL 200']
    ])
  })

  it('a failing cache service makes a warning, and the run still succeeds', async () => {
    results.cache.clear()
    results.inject('GetCacheEntryDownloadURL', { drop: true, times: Infinity })
    results.inject('CreateCacheEntry', { drop: true, times: Infinity })
    const { run: failing, wheels } = await run({ cache: 'true' })
    expect([failing.main.code, failing.post?.code, wheels, annotations(failing, 'error')]).toEqual([
      0,
      0,
      2,
      []
    ])
    expect(annotations(failing, 'warning')).toContainEqual(expect.stringMatching(/restore.*ECONNRESET/i))
    // @actions/cache reports any CreateCacheEntry failure as "another job may be creating this cache".
    expect(failing.post?.stdout).toMatch(/Failed to save: Unable to reserve cache with key mojo-compiler-/)
  })
  describe('the compile cache', () => {
    // Verification runs `mojo run`, which fills the cache; precompile writes nothing into it.
    const withCache = { 'compile-cache': 'true', verify: 'true', formats: 'mojoc' }
    const compileEntries = () =>
      results.cache.finalized().filter((e) => e.key.startsWith('mojo-compile-cache-'))
    let first: Awaited<ReturnType<typeof run>>
    let second: Awaited<ReturnType<typeof run>>

    beforeAll(async () => {
      results.cache.clear()
      first = await run(withCache)
      second = await run(withCache)
    })

    it('is saved in the post step under the compiler version and a hash of the sources', () => {
      expect([first.run.main.code, compileEntries().map((e) => e.key)]).toEqual([
        0,
        [expect.stringMatching(/^mojo-compile-cache-1\.2\.0-linux-x64-[0-9a-f]{16}$/)]
      ])
    })

    it('holds what the verification compiled', async () => {
      const blob = await azurite.readBlob(CACHE_CONTAINER, compileEntries()[0].blob)
      expect(blob?.size).toBeGreaterThan(1024)
    })

    it('is restored by the next run of the same sources, and not saved again', () => {
      expect([second.run.main.stdout, compileEntries().length]).toEqual([
        expect.stringContaining(`Restored the compile cache (key ${compileEntries()[0].key})`),
        1
      ])
    })

    it('starts a run with changed sources from the newest entry of the same compiler, and saves its own', async () => {
      const init = path.join(workspace, 'shared', 'data', '__init__.mojo')
      fs.appendFileSync(init, '\n# changed\n')
      const changed = await run(withCache)
      expect([changed.run.main.stdout, compileEntries().length]).toEqual([
        expect.stringContaining(`Restored the compile cache (key ${compileEntries()[0].key})`),
        2
      ])
    })

    it('a junk entry fails no verification: the check reruns with the cache emptied, warning', async () => {
      const key = compileEntries().at(-1)!.key
      await poison(path.join(dirs.temp, 'mojo-compile-cache'), key, (dir) => {
        for (const file of fs.readdirSync(dir, { recursive: true, withFileTypes: true }))
          if (file.isFile()) fs.writeFileSync(path.join(file.parentPath, file.name), crypto.randomBytes(4096))
      })
      const junk = await run(withCache)
      const warned = annotations(junk.run, 'warning').map((w) =>
        /failed with the compile cache restored from the Actions cache; it was emptied/.test(w)
      )
      expect([junk.run.main.code, junk.run.main.outputs.verified, new Set(warned)]).toEqual([
        0,
        'true',
        new Set([true])
      ])
    })

    it('is off with compile-cache: false: the later steps get no MODULAR_CACHE_DIR', async () => {
      const off = await run({ 'compile-cache': 'false' })
      expect(off.run.main.env.MODULAR_CACHE_DIR).toBeUndefined()
    })
  })
})

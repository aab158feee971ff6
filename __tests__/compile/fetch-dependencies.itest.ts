/**
 * Fetching the Mojo dependencies a lock names, with the real 1.2.0 compiler: git repositories made here
 * and read over file:// (a chain of two, the second named only by the first's pixi.toml), and a conda
 * package written with the action's own conda writer and served from 127.0.0.1. Never the network.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { writeCondaPackage } from '../../src/assemble/conda-package.js'
import { DependencyError, fetchDependencies } from '../../src/compile/fetch-dependencies.js'
import { fileDigest } from '../../src/digest.js'
import type { ExternalPackage } from '../../src/project/external-packages.js'
import { parseGitSource, type LockedDependency } from '../../src/project/locked-dependencies.js'
import { runMojo } from '../../src/toolchain/driver.js'
import type { Toolchain } from '../../src/types.js'
import { commit, gitIn, initRepo } from '../support/git-repo.js'
import { serve, stopServers } from '../support/http-server.js'
import { removeTempDirs, tempDir, writeFiles } from '../support/temp.js'
import { testToolchain } from '../support/toolchain.js'

let toolchain: Toolchain
const saved = { cache: process.env.RUNNER_TOOL_CACHE, temp: process.env.RUNNER_TEMP }

beforeAll(async () => {
  toolchain = await testToolchain('1.2.0')
  process.env.RUNNER_TOOL_CACHE = tempDir('tool-cache')
  process.env.RUNNER_TEMP = tempDir('runner-temp')
}, 900_000)
afterEach(stopServers)
afterAll(() => {
  for (const [key, value] of [
    ['RUNNER_TOOL_CACHE', saved.cache],
    ['RUNNER_TEMP', saved.temp]
  ] as const) {
    if (value === undefined) delete process.env[key]
    else process.env[key] = value
  }
  removeTempDirs()
})

const options = (externals: ExternalPackage[] = []) => ({ environment: '', externals, timeoutMs: 600_000 })

/** A git repository holding one Mojo package `name` whose function returns `value`, tagged v1. */
function packageRepo(name: string, source: string, files: Record<string, string> = {}): string {
  const dir = writeFiles(tempDir(`git-${name}`), { [`${name}/__init__.mojo`]: source, ...files })
  return initRepo(dir, 'v1')
}

/** A lock's git entry for `repo` (a folder, read over file://) at `rev`. */
function gitDependency(name: string, repo: string, rev: string): LockedDependency {
  const url = pathToFileURL(repo).href
  return {
    kind: 'git',
    name,
    import: name,
    file: 'pixi.lock',
    source: parseGitSource(`git+${url}?tag=v1#${rev}`, 'pixi.lock', name)
  }
}

describe('git dependencies', () => {
  it('builds a chain of two, the one named only by the first pixi.toml first', async () => {
    const beta = packageRepo('beta', 'def beta_value() -> Int:\n    return 2\n')
    const betaUrl = pathToFileURL(beta).href
    const alpha = packageRepo(
      'alpha',
      'from beta import beta_value\n\n\ndef alpha_value() -> Int:\n    return beta_value() + 1\n',
      {
        'pixi.toml': `[workspace]\nname = "alpha"\n\n[dependencies]\nbeta = { git = "${betaUrl}", tag = "v1" }\n`
      }
    )
    // A later commit: the locked one is what is built.
    commit(alpha, 'later', { 'alpha/__init__.mojo': 'this does not compile\n' })
    const locked = gitIn(alpha, 'rev-parse', 'v1').trim()

    const fetched = await fetchDependencies([gitDependency('alpha', alpha, locked)], toolchain, options())

    expect(fetched.map((e) => e.import)).toEqual(['beta', 'alpha'])
    for (const e of fetched) expect(fs.existsSync(e.path)).toBe(true)
    expect(fetched[1].from).toBe(`pixi.lock: alpha @ git+${pathToFileURL(alpha).href}#${locked}`)
    expect(fetched[1].install).toContain(`rev = "${locked}"`)
  }, 600_000)

  /** Runs `work` with the runner user's global git config set to `config`. */
  async function withGitConfig<T>(config: string, work: () => Promise<T>): Promise<T> {
    const saved = process.env.GIT_CONFIG_GLOBAL
    process.env.GIT_CONFIG_GLOBAL = path.join(writeFiles(tempDir('home'), { gitconfig: config }), 'gitconfig')
    try {
      return await work()
    } finally {
      if (saved === undefined) delete process.env.GIT_CONFIG_GLOBAL
      else process.env.GIT_CONFIG_GLOBAL = saved
    }
  }

  it("fetches through the runner user's url.<base>.insteadOf mirror", async () => {
    const repo = packageRepo('eta', 'def eta_value() -> Int:\n    return 7\n')
    const dep: LockedDependency = {
      kind: 'git',
      name: 'eta',
      import: 'eta',
      file: 'pixi.lock',
      source: parseGitSource(
        `git+https://git.example.invalid/o/eta#${gitIn(repo, 'rev-parse', 'HEAD').trim()}`,
        'pixi.lock',
        'eta'
      )
    }
    const mirror = `[url "${pathToFileURL(repo).href}"]\n\tinsteadOf = https://git.example.invalid/o/eta\n`
    const fetched = await withGitConfig(mirror, () => fetchDependencies([dep], toolchain, options()))
    expect(fetched.map((e) => e.import)).toEqual(['eta'])
  })

  it('fetches everything when the server refuses to serve a commit by its hash', async () => {
    const repo = packageRepo('theta', 'def theta_value() -> Int:\n    return 8\n')
    const locked = gitIn(repo, 'rev-parse', 'HEAD').trim()
    commit(repo, 'later', { 'theta/__init__.mojo': 'this does not compile\n' })
    // Protocol v0 serves only the commits refs point at: the locked one is no longer one of them.
    const fetched = await withGitConfig('[protocol]\n\tversion = 0\n', () =>
      fetchDependencies([gitDependency('theta', repo, locked)], toolchain, options())
    )
    expect(fetched.map((e) => e.from)).toEqual([
      `pixi.lock: theta @ git+${pathToFileURL(repo).href}#${locked}`
    ])
  })

  it('refuses two git dependencies that name each other, naming the cycle', async () => {
    const one = packageRepo('one', 'import two\n')
    const two = packageRepo('two', 'import one\n')
    const manifest = (other: string, repo: string) => ({
      'pixi.toml': `[dependencies]\n${other} = { git = "${pathToFileURL(repo).href}", branch = "main" }\n`
    })
    commit(one, 'names two', manifest('two', two))
    commit(two, 'names one', manifest('one', one))
    const dep = gitDependency('one', one, gitIn(one, 'rev-parse', 'HEAD').trim())
    await expect(fetchDependencies([dep], toolchain, options())).rejects.toThrow(
      /depends on itself \(one -> two -> one\)/
    )
  })

  it('names the dependency, its URL and both ways around it when the fetch fails', async () => {
    const missing = path.join(tempDir('gone'), 'repo')
    const dep = gitDependency('delta', missing, 'd'.repeat(40))
    const failure = fetchDependencies([dep], toolchain, options())
    await expect(failure).rejects.toThrow(DependencyError)
    await expect(failure).rejects.toThrow(
      new RegExp(`delta .*${pathToFileURL(missing).href}.*'external-packages'.*prefix-dev/setup-pixi`)
    )
  }, 120_000)

  /** A repository whose package `name` imports `lam`, which `link` (a folder of the runner) provides. */
  function linkingRepo(name: string, link: string): { repo: string; rev: string } {
    const outside = writeFiles(tempDir('runner-folder'), {
      '__init__.mojo': 'def secret() -> Int:\n    return 42\n'
    })
    const dir = writeFiles(tempDir(`git-${name}`), {
      [`${name}/__init__.mojo`]: `from lam import secret\n\ndef ${name}_value() -> Int:\n    return secret()\n`
    })
    fs.symlinkSync(outside, path.join(dir, link))
    const repo = initRepo(dir, 'v1')
    return { repo, rev: gitIn(repo, 'rev-parse', 'HEAD').trim() }
  }

  it('refuses a checkout whose package folder has a link out of it, naming the link', async () => {
    const { repo, rev } = linkingRepo('kappa', 'kappa/lam')
    await expect(
      fetchDependencies([gitDependency('kappa', repo, rev)], toolchain, options())
    ).rejects.toThrow(/kappa .*kappa\/lam: the package source resolves to .*outside the repository/)
  })

  it('refuses a checkout with a sibling of the package linking out of it, which the compiler would import', async () => {
    const { repo, rev } = linkingRepo('iota', 'lam')
    await expect(fetchDependencies([gitDependency('iota', repo, rev)], toolchain, options())).rejects.toThrow(
      /iota .*lam: the package source resolves to .*outside the repository/
    )
  }, 120_000)

  it('fetches nothing the external-packages input gives', async () => {
    const given: ExternalPackage = {
      import: 'delta',
      kind: 'source',
      path: tempDir('delta'),
      from: 'external-packages: delta'
    }
    const dep = gitDependency('delta', path.join(tempDir('gone'), 'repo'), 'd'.repeat(40))
    expect(await fetchDependencies([dep], toolchain, options([given]))).toEqual([])
  })
})

describe('conda dependencies', () => {
  /** A .conda holding lib/mojo/gamma.mojoc compiled by `builder`, served from 127.0.0.1; its URL and sha256. */
  async function servedConda(builder = toolchain): Promise<{ url: string; sha256: string }> {
    const src = writeFiles(tempDir('gamma'), {
      'gamma/__init__.mojo': 'def gamma_value() -> Int:\n    return 3\n'
    })
    const mojoc = path.join(src, 'gamma.mojoc')
    const built = await runMojo(builder, ['precompile', 'gamma', '-o', mojoc], {
      cwd: src,
      timeoutMs: 600_000
    })
    expect(built.stderr).toBe('')
    const index = {
      name: 'gamma',
      version: '0.1.0',
      build: 'h0_0',
      build_number: 0,
      depends: [`mojo-compiler ==${builder.version}`],
      subdir: 'noarch',
      timestamp: 0
    }
    const file = {
      type: 'file' as const,
      path: 'lib/mojo/gamma.mojoc',
      mode: 0o644 as const,
      source: { file: mojoc },
      ...(await fileDigest(mojoc))
    }
    const conda = await writeCondaPackage({ index, about: {}, files: [file] }, tempDir('channel'), 0, 3)
    const bytes = fs.readFileSync(conda)
    const server = await serve((res) => res.end(bytes))
    return {
      url: `${server.url}noarch/${path.basename(conda)}`,
      sha256: crypto.createHash('sha256').update(bytes).digest('hex')
    }
  }

  const condaDependency = (url: string, sha256: string): LockedDependency => ({
    kind: 'conda',
    name: 'gamma',
    import: 'gamma',
    file: 'pixi.lock',
    url,
    sha256,
    version: '0.1.0',
    compiler: 'mojo-compiler ==1.2.0'
  })

  it('downloads a locked conda package, keeps its .mojoc and checks it loads', async () => {
    const { url, sha256 } = await servedConda()
    const fetched = await fetchDependencies([condaDependency(url, sha256)], toolchain, options())
    expect(fetched.map((e) => [e.import, path.basename(e.path)])).toEqual([['gamma', 'gamma.mojoc']])
    expect(fetched[0].install).toContain('pixi add "gamma==0.1.0"')
    expect(
      fs.existsSync(path.join(process.env.RUNNER_TOOL_CACHE!, 'mojo-dependencies', `${sha256}.complete`))
    ).toBe(true)
  }, 600_000)

  it('refuses a download whose sha256 is not the locked one, naming the package', async () => {
    const { url } = await servedConda()
    await expect(
      fetchDependencies([condaDependency(url, 'e'.repeat(64))], toolchain, options())
    ).rejects.toThrow(/Mojo dependency gamma 0\.1\.0 .*sha256 mismatch/)
  }, 600_000)

  it('fails naming the package and both compilers when its .mojoc was built by another', async () => {
    const { url, sha256 } = await servedConda(await testToolchain('1.1.0'))
    await expect(fetchDependencies([condaDependency(url, sha256)], toolchain, options())).rejects.toThrow(
      /gamma 0\.1\.0 .*does not load in Mojo 1\.2\.0 \(it was built with 1\.1\.0\)/
    )
  }, 900_000)
})

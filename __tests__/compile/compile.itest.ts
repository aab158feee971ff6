/**
 * The build stage with the real compilers: the fixture's three packages on 1.2.0 (`.mojoc`) and
 * 0.26.2.0 (`.mojopkg`), the install step the naming rests on, and failures.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { compilePackages, type CompiledPackage, type CompileOptions } from '../../src/compile/compile.js'
import { installedFileName } from '../../src/compile/naming.js'
import { BuildError, InputError } from '../../src/errors.js'
import { planBuild } from '../../src/project/plan.js'
import { loadProject } from '../../src/project/project.js'
import type { PackageSpec } from '../../src/project/package-spec.js'
import type { PackageFormat, Toolchain } from '../../src/types.js'
import { parseAnnotations, repoRoot } from '../support/run-action.js'
import { withStdout } from '../support/stdout.js'
import { fixtureCopy, fixtureWorkspace, removeTempDirs, tempDir } from '../support/temp.js'
import { testToolchain } from '../support/toolchain.js'

/** Compile options for these tests: a generous limit, since compiles share the machine. */
const options = (staging: string, format: CompileOptions['format'] = 'auto'): CompileOptions => ({
  format,
  staging,
  timeoutMs: 600_000
})

const fixture = fixtureWorkspace
afterAll(removeTempDirs)

async function planOf(workspace: string): Promise<PackageSpec[][]> {
  const project = await loadProject(
    { workspace, packages: [], outputDir: 'dist', version: '', checkTag: false },
    {}
  )
  return planBuild(project.packages)
}

/** `mojo run -I <dir> <program>` as a user would run it after installing. */
async function mojoRun(toolchain: Toolchain, dir: string, program: string) {
  const file = path.join(tempDir('prog'), 'main.mojo')
  fs.writeFileSync(file, program)
  try {
    const { stdout } = await promisify(execFile)(toolchain.mojo, ['run', '-I', dir, file], {
      env: { ...process.env, ...toolchain.env }
    })
    return { ok: true, output: stdout }
  } catch (error) {
    return { ok: false, output: String((error as { stderr?: string }).stderr) }
  }
}

const useAll = `from data import Dataset, make_dataset
from odyssey_utils import clamp
from training import Trainer, train


def main() raises:
    print(make_dataset(3).length(), clamp(50, 1, 10), train(99))
`

const cases: Array<[string, PackageFormat]> = [
  ['1.2.0', 'mojoc'],
  ['0.26.2.0', 'mojopkg']
]

describe.each(cases)('building the fixture with Mojo %s (format auto)', (version, ext) => {
  let toolchain: Toolchain
  let staging: string
  let built: CompiledPackage[]
  const pkg = (name: string): CompiledPackage => built.find((b) => b.spec.import === name)!

  beforeAll(async () => {
    toolchain = await testToolchain(version)
    staging = tempDir('staging')
    const run = await withStdout(async () =>
      compilePackages(await planOf(fixture), toolchain, options(staging))
    )
    if (run.error) throw run.error
    built = run.result!
  })

  it(`writes only the versioned .${ext} files into staging`, () => {
    expect(fs.readdirSync(staging).sort()).toEqual([
      `data-0.1.0.${ext}`,
      `odyssey_utils-0.1.0.${ext}`,
      `training-0.1.0.${ext}`
    ])
  })

  it('describes each file as an artifact', () => {
    const training = pkg('training')
    const bytes = fs.readFileSync(training.file)
    expect(training.artifact).toEqual({
      kind: 'package',
      name: 'training',
      version: '0.1.0',
      file: `training-0.1.0.${ext}`,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      size: bytes.length,
      import: 'training',
      distribution: 'training',
      mojoToml: 'shared/training/mojo.toml',
      mojo: version,
      dependencies: ['odyssey_utils']
    })
  })

  it('compiles each package under its import name', () => {
    expect(built.map((b) => path.basename(b.args[b.args.indexOf('-o') + 1])).sort()).toEqual([
      `data.${ext}`,
      `odyssey_utils.${ext}`,
      `training.${ext}`
    ])
  })

  it('compiles training against the built odyssey_utils, not its sources', () => {
    const utilsOut = pkg('odyssey_utils').args[pkg('odyssey_utils').args.indexOf('-o') + 1]
    const training = pkg('training').args
    expect(training.slice(training.indexOf('-I'))).toEqual(['-I', path.dirname(utilsOut)])
  })

  it('compiles dependents after their dependencies', () => {
    expect(pkg('training').startedAt).toBeGreaterThanOrEqual(pkg('odyssey_utils').finishedAt)
  })

  // Compiles run one per core: on a one-core machine there is nothing to overlap.
  const multiCore = os.availableParallelism() > 1 ? it : it.skip
  multiCore('compiles independent packages at the same time where the machine has cores for it', () => {
    const [data, utils] = [pkg('data'), pkg('odyssey_utils')]
    expect(data.startedAt < utils.finishedAt && utils.startedAt < data.finishedAt).toBe(true)
  })

  it('installs as documented: copied as <import>.<ext> into a folder passed with -I, every package imports', async () => {
    const site = tempDir('site')
    for (const b of built)
      fs.copyFileSync(b.file, path.join(site, installedFileName(b.spec.import, b.format)))
    expect(await mojoRun(toolchain, site, useAll)).toEqual({ ok: true, output: '3 10 10\n' })
  })

  it('cannot import the versioned file name itself: that is why it is renamed on install', async () => {
    const site = tempDir('versioned')
    for (const b of built) fs.copyFileSync(b.file, path.join(site, path.basename(b.file)))
    const run = await mojoRun(toolchain, site, useAll)
    expect([run.ok, run.output]).toEqual([false, expect.stringContaining("unable to locate module 'data'")])
  })
})

describe('a package compiled with -o <import>-<version>.mojoc (Mojo 1.2.0)', () => {
  it('cannot be imported under any name code can write', async () => {
    const toolchain = await testToolchain('1.2.0')
    const site = tempDir('named-versioned')
    const compile = await promisify(execFile)(
      toolchain.mojo,
      ['precompile', path.join(fixture, 'shared', 'data'), '-o', path.join(site, 'data-0.1.0.mojoc')],
      { env: { ...process.env, ...toolchain.env } }
    ).then(
      () => 'compiled',
      (error) => String(error)
    )
    const run = await mojoRun(
      toolchain,
      site,
      'from data import make_dataset\n\n\ndef main():\n    print(make_dataset(2).length())\n'
    )
    expect([compile, run.ok, run.output]).toEqual([
      'compiled',
      false,
      expect.stringContaining("unable to locate module 'data'")
    ])
  })
})

describe('build failures (Mojo 1.2.0)', () => {
  let toolchain: Toolchain
  beforeAll(async () => {
    toolchain = await testToolchain('1.2.0')
  })

  /** A copy of the fixture with `edits` applied (path -> [search, replace]). */
  function brokenWorkspace(edits: Record<string, [string, string]>): string {
    const ws = fixtureCopy()
    for (const [file, [search, replace]] of Object.entries(edits)) {
      const full = path.join(ws, file)
      fs.writeFileSync(full, fs.readFileSync(full, 'utf8').replace(search, replace))
    }
    return ws
  }

  describe('a compile error', () => {
    let run: Awaited<ReturnType<typeof withStdout<CompiledPackage[]>>>
    let staging: string
    beforeAll(async () => {
      // Line 10 of dataset.mojo is `        return self.size`: the unknown name starts at column 28.
      const ws = brokenWorkspace({
        'shared/data/dataset.mojo': ['return self.size\n', 'return self.size + zzz_missing\n']
      })
      staging = tempDir('failed')
      run = await withStdout(async () => compilePackages(await planOf(ws), toolchain, options(staging)))
    })

    it('fails the build naming the package and its first error', () => {
      expect(run.error).toBeInstanceOf(BuildError)
      expect((run.error as Error).message).toMatch(
        /^Could not compile data \(shared\/data\): shared\/data\/dataset\.mojo:10:28: use of unknown declaration 'zzz_missing' \(every diagnostic/
      )
    })

    it('annotates the error at its workspace-relative file, line and column', () => {
      expect(parseAnnotations(run.stdout)).toEqual([
        {
          level: 'error',
          message: "use of unknown declaration 'zzz_missing'",
          properties: {
            title: 'Mojo compile error (data)',
            file: 'shared/data/dataset.mojo',
            line: '10',
            col: '28'
          }
        }
      ])
    })

    it('leaves no versioned artifact in staging', () => {
      expect(fs.readdirSync(staging)).toEqual([])
    })

    it("logs the compiler's raw output in a group", () => {
      expect(run.stdout).toMatch(
        /::group::mojo precompile shared\/data\n[^]*dataset\.mojo:10:28: error:[^]*::endgroup::/
      )
    })
  })

  it('points at [dependencies] when a package imports a workspace package it does not declare', async () => {
    const ws = brokenWorkspace({ 'shared/training/mojo.toml': ['odyssey-utils = "^0.1.0"', ''] })
    const run = await withStdout(async () =>
      compilePackages(await planOf(ws), toolchain, options(tempDir('undeclared')))
    )
    expect((run.error as Error).message).toContain(
      `unable to locate module 'odyssey_utils' (odyssey-utils is a workspace package: add odyssey-utils = "^0.1.0" to [dependencies] in shared/training/mojo.toml)`
    )
  })

  it('suggests the std. import when a module is neither built here nor given (Mojo 1.x)', async () => {
    const ws = brokenWorkspace({
      'shared/data/dataset.mojo': [
        'return self.size\n',
        'return self.size\n\nfrom testing import assert_true\n'
      ]
    })
    const run = await withStdout(async () =>
      compilePackages(await planOf(ws), toolchain, options(tempDir('std-hint')))
    )
    expect((run.error as Error).message).toContain(
      "unable to locate module 'testing' ('testing' is neither the standard library, a workspace package nor an " +
        "external package: give its .mojoc or source folder in the 'external-packages' input; if it is a " +
        'standard library module, import it as std.testing)'
    )
  })

  it('refuses format mojopkg, which 1.2.0 no longer writes, saying what to use', async () => {
    const staging = tempDir('mojopkg')
    const run = await withStdout(async () =>
      compilePackages(await planOf(fixture), toolchain, options(staging, 'mojopkg'))
    )
    expect(run.error).toBeInstanceOf(InputError)
    expect((run.error as Error).message).toBe(
      "Input 'format': Mojo 1.2.0 cannot write .mojopkg packages (it said: output path must have a '.mojoc' extension): use format: mojoc or auto."
    )
  })
})

describe("the package guide's layout (shared/data named ml-odyssey-data, training needing utils)", () => {
  const guide = path.join(repoRoot, '__tests__', 'fixtures', 'guide-layout')

  it('builds on Mojo 1.2.0 under the folder names code imports', async () => {
    const toolchain = await testToolchain('1.2.0')
    const staging = tempDir('guide')
    const built = await compilePackages(await planOf(guide), toolchain, options(staging))
    expect(built.map((b) => path.basename(b.file)).sort()).toEqual([
      'data-0.1.0.mojoc',
      'training-0.1.0.mojoc',
      'utils-0.1.0.mojoc'
    ])
    const lib = tempDir('guide-lib')
    for (const b of built) fs.copyFileSync(b.file, path.join(lib, `${b.spec.import}.mojoc`))
    const program =
      'from data import make_dataset\nfrom utils import clamp\nfrom training import train\n\n\ndef main() raises:\n    print(make_dataset(3).length(), clamp(50, 1, 10), train(99))\n'
    expect(await mojoRun(toolchain, lib, program)).toEqual({
      ok: true,
      output: expect.stringMatching(/^3 10 /)
    })
  })

  it('fails on Mojo 0.26.2.0, whose standard library shadows utils, saying so', async () => {
    const toolchain = await testToolchain('0.26.2.0')
    const run = await withStdout(async () =>
      compilePackages(await planOf(guide), toolchain, options(tempDir('guide-026')))
    )
    expect((run.error as Error).message).toContain(
      "shared/utils would be imported as 'utils', but on Mojo 0.26.2.0 'import utils' already finds the standard library's module"
    )
  })
})

describe('format mojoc on Mojo 0.26.2.0', () => {
  it('fails before compiling, saying the compiler has no precompile', async () => {
    const toolchain = await testToolchain('0.26.2.0')
    const staging = tempDir('mojoc-026')
    const build = compilePackages(await planOf(fixture), toolchain, options(staging, 'mojoc'))
    await expect(build).rejects.toThrow(
      "Input 'format': Mojo 0.26.2.0 has no 'mojo precompile', so it cannot write .mojoc packages"
    )
  })
})

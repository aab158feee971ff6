/**
 * The verify stage with the real compiler (1.2.0; one 0.26.2.0 pass): the fixture's artifacts verify,
 * and each way a package can import fine from source but not once installed fails, names the cause,
 * and passes once fixed.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { writeArchive, writeEntries } from '../../src/assemble/archives.js'
import { writeBundle } from '../../src/assemble/bundle.js'
import { collectFiles } from '../../src/assemble/collect.js'
import { layout } from '../../src/assemble/layout.js'
import type { ArchiveSpec, VerifyCommand } from '../../src/inputs/inputs.js'
import type { Artifact, Toolchain } from '../../src/types.js'
import { verifyArtifacts, type VerifyOptions } from '../../src/verify/verify.js'
import { parseAnnotations } from '../support/run-action.js'
import { fixtureCopy, removeTempDirs, tempDir } from '../support/temp.js'
import { testToolchain } from '../support/toolchain.js'
import { build, captured, quietly, stage, type Built } from './workspace.js'

afterAll(removeTempDirs)

const benchmarks: ArchiveSpec = {
  name: 'benchmarks',
  format: 'tar.gz',
  patterns: ['scripts/**', 'benchmarks/**']
}
const site: ArchiveSpec = { name: 'site', format: 'zip', patterns: ['site/**', 'README.md'] }

async function archive(spec: ArchiveSpec, ws: string, outDir: string): Promise<Artifact> {
  return writeArchive(spec, { workspace: ws, version: '0.1.0', epoch: 0, outDir, exclude: [] })
}

function options(
  toolchain: Toolchain,
  ws: string,
  outputDir: string,
  extra: Partial<VerifyOptions> = {}
): VerifyOptions {
  return {
    outputDir,
    toolchain,
    workspace: ws,
    verifyImports: new Map(),
    scripts: [],
    commands: [],
    ...extra
  }
}

const verified = (artifacts: Artifact[], file: string) =>
  artifacts.find((a) => a.file === file)!.verification!

describe('verify with Mojo 1.2.0', () => {
  let toolchain: Toolchain
  let fixtureWs: string
  let fixtureOut: string
  let fixture: Built

  beforeAll(async () => {
    toolchain = await testToolchain('1.2.0')
    fixtureWs = fixtureCopy()
    fixtureOut = tempDir('out')
    fixture = await build(fixtureWs, toolchain, fixtureOut)
  })

  describe('the fixture', () => {
    let results: Artifact[]
    let stdout: string

    beforeAll(async () => {
      const bundle = await writeBundle({
        name: 'ml-odyssey',
        version: '0.1.0',
        packages: fixture.artifacts,
        packagesDir: fixtureOut,
        outDir: fixtureOut,
        epoch: 0,
        mojo: toolchain.version,
        symbols: fixture.verifyImports
      })
      const archives = [
        await archive(benchmarks, fixtureWs, fixtureOut),
        await archive(site, fixtureWs, fixtureOut)
      ]
      const commands: VerifyCommand[] = [
        { archive: 'benchmarks', argv: ['scripts/benchmarks/run_all.sh', '--help'] },
        // Runs bench_clamp.mojo with `mojo` from PATH against odyssey_utils from MOJO_LIBS.
        { archive: 'benchmarks', argv: ['scripts/benchmarks/run_all.sh'] },
        { archive: 'site', argv: ['ls', 'site/api/data.html', 'README.md'] }
      ]
      const run = await captured(() =>
        verifyArtifacts(
          [...fixture.artifacts, bundle, ...archives],
          options(toolchain, fixtureWs, fixtureOut, {
            verifyImports: fixture.verifyImports,
            scripts: ['tests/smoke_data.mojo'],
            commands
          })
        )
      )
      results = run.result
      stdout = run.stdout
    })

    it('verifies every package, the bundle and both archives', () => {
      expect(results.map((a) => [a.file, a.verification])).toEqual(
        results.map((a) => [a.file, expect.objectContaining({ ok: true })])
      )
      expect(results.map((a) => a.file).sort()).toEqual([
        'benchmarks-0.1.0.tar.gz',
        'data-0.1.0.mojoc',
        'ml-odyssey-0.1.0.tar.gz',
        'odyssey_utils-0.1.0.mojoc',
        'site-0.1.0.zip',
        'training-0.1.0.mojoc'
      ])
    })

    it('imports every package with its listed symbols in one mojo run', () => {
      const group = stdout.slice(
        stdout.indexOf('::group::verify data-0.1.0.mojoc, odyssey_utils-0.1.0.mojoc')
      )
      const log = group.slice(0, group.indexOf('::endgroup::'))
      expect(log).toContain('from data import Dataset, make_dataset\nfrom odyssey_utils import clamp\n')
      expect(log).toContain('from training import Trainer, train')
      expect(log.match(/\/bin\/mojo run /g)).toHaveLength(1)
      for (const file of ['data-0.1.0.mojoc', 'odyssey_utils-0.1.0.mojoc', 'training-0.1.0.mojoc'])
        expect(verified(results, file).output).toMatch(/^imported data, odyssey_utils, training/)
    })

    it('runs the verify-script against the installed packages', () => {
      expect(verified(results, 'data-0.1.0.mojoc').output).toContain('smoke_data ok')
    })

    it('installs the bundle with its install.sh and imports every package in it', () => {
      expect(stdout).toMatch(/\$ \.\/ml-odyssey-0\.1\.0\/install\.sh \/\S+\/work\/lib/)
      expect(verified(results, 'ml-odyssey-0.1.0.tar.gz').output).toContain(
        'imported data, odyssey_utils, training'
      )
    })

    it('runs the verify-commands inside the extracted archive, with the toolchain and packages', () => {
      const output = verified(results, 'benchmarks-0.1.0.tar.gz').output
      expect(output).toContain('runs: bench_clamp.mojo')
      expect(output).toContain('bench_clamp total: 19845')
    })

    it('prints one log group per format, per other artifact and per script, and no error annotation', () => {
      const packages = results.filter((a) => a.kind === 'package').map((a) => a.file)
      expect(stdout).toContain(`::group::verify ${packages.join(', ')}\n`)
      for (const a of results.filter((a) => a.kind !== 'package'))
        expect(stdout).toContain(`::group::verify ${a.file}\n`)
      expect(stdout).toContain('::group::verify-script tests/smoke_data.mojo\n')
      expect(parseAnnotations(stdout).filter((a) => a.level === 'error')).toEqual([])
    })

    it('leaves no clean folder behind', () => {
      const folders = [...stdout.matchAll(/clean folder (\S+):/g)].map((m) => m[1])
      // One for the packages, one each for the bundle and the two archives.
      expect(folders).toHaveLength(4)
      expect(folders.filter((f) => fs.existsSync(f))).toEqual([])
    })
  })

  it('keeps GITHUB_TOKEN, ACTIONS_* tokens and the runner import path out of the clean environment', async () => {
    const out = tempDir('out')
    const bench = await archive(benchmarks, fixtureWs, out)
    const secrets = {
      GITHUB_TOKEN: 'ghs_secret_token_value',
      ACTIONS_RUNTIME_TOKEN: 'runtime_secret_value',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc_secret_value',
      MODULAR_MOJO_MAX_IMPORT_PATH: `${fixtureWs}/shared`
    }
    const saved = Object.fromEntries(Object.keys(secrets).map((k) => [k, process.env[k]]))
    Object.assign(process.env, secrets)
    let result: Artifact[]
    try {
      result = await quietly(() =>
        verifyArtifacts(
          [bench],
          options(toolchain, fixtureWs, out, { commands: [{ archive: 'benchmarks', argv: ['env'] }] })
        )
      )
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k]
        else process.env[k] = v
      }
    }
    const env = Object.fromEntries(
      result[0]
        .verification!.output!.split('\n')
        .slice(1)
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])
    )
    expect(result[0].verification!.ok).toBe(true)
    expect(Object.keys(env).filter((k) => k.startsWith('GITHUB_') || k.startsWith('ACTIONS_'))).toEqual([])
    expect(result[0].verification!.output).not.toMatch(/secret_value|ghs_secret/)
    expect(env.MODULAR_MOJO_MAX_IMPORT_PATH).toBe(path.join(toolchain.root, 'lib', 'mojo'))
    expect(env.PATH.split(':')).toEqual(
      expect.arrayContaining([path.dirname(toolchain.mojo), '/usr/bin', '/bin'])
    )
    expect(env.HOME).toMatch(/\/mojo-verify-[^/]+\/home$/)
    expect(env.HOME).not.toBe(process.env.HOME)
  })

  describe('a symbol listed for verification that the package does not export', () => {
    // All three fixture packages, data asked for a name it lacks: the run of all together fails, and each
    // package alone then names data as the culprit.
    let result: Artifact[]
    let stdout: string
    const reason =
      "data: symbol 'DataLoader' is not exported (error: package 'data' does not contain 'DataLoader')"

    beforeAll(async () => {
      const out = tempDir('out')
      const artifacts = stage(fixture.artifacts, fixtureOut, out)
      const verifyImports = new Map([
        ...fixture.verifyImports,
        ['data', ['Dataset', 'make_dataset', 'DataLoader']]
      ])
      ;({ result, stdout } = await captured(() =>
        verifyArtifacts(artifacts, options(toolchain, fixtureWs, out, { verifyImports }))
      ))
    })

    it('names the package and the symbol, and passes the packages that import fine alone', () => {
      const byFile = [...result].sort((a, b) => a.file.localeCompare(b.file))
      expect(byFile.map((a) => [a.file, a.verification])).toEqual([
        ['data-0.1.0.mojoc', { ok: false, reason, output: expect.stringContaining('DataLoader') }],
        ['odyssey_utils-0.1.0.mojoc', { ok: true, output: 'imported odyssey_utils' }],
        ['training-0.1.0.mojoc', { ok: true, output: 'imported training' }]
      ])
      expect(stdout).toContain('checking each package alone to name the one that fails')
    })

    it('annotates only the culprit, at its mojo.toml, with the compiler message in its log group', () => {
      expect(parseAnnotations(stdout)).toEqual([
        {
          level: 'error',
          message: reason,
          properties: { title: 'verify data-0.1.0.mojoc', file: 'shared/data/mojo.toml' }
        }
      ])
      const group = stdout.slice(stdout.indexOf('::group::verify data-0.1.0.mojoc\n'))
      expect(group.slice(0, group.indexOf('::endgroup::'))).toContain(
        "error: package 'data' does not contain 'DataLoader'"
      )
    })

    it('passes once the package exports it', async () => {
      const ws = fixtureCopy({
        'shared/data/loader.mojo': 'struct DataLoader(Copyable, Movable):\n    var batch: Int\n',
        'shared/data/__init__.mojo':
          '"""Datasets and loaders."""\nfrom .dataset import Dataset, make_dataset\nfrom .loader import DataLoader\n'
      })
      const out = tempDir('out')
      const built = await build(ws, toolchain, out, ['shared/data'])
      const verifyImports = new Map([['data', ['Dataset', 'make_dataset', 'DataLoader']]])
      const result = await quietly(() =>
        verifyArtifacts(built.artifacts, options(toolchain, ws, out, { verifyImports }))
      )
      expect(result[0].verification).toEqual({ ok: true, output: 'imported data' })
    })
  })

  describe('a package that imports a module of the source tree', () => {
    const mathx = {
      'shared/mathx/mojo.toml':
        '[project]\nname = "mathx"\nversion = "0.1.0"\n\n[verify]\nimports = ["quad"]\n',
      'shared/mathx/__init__.mojo':
        'from helpers import double\n\n\ndef quad(x: Int) -> Int:\n    return double(double(x))\n'
    }
    const helpers = 'def double(x: Int) -> Int:\n    return 2 * x\n'

    it('fails the build, naming the file beside the package and how to move it', async () => {
      const ws = fixtureCopy({ ...mathx, 'shared/helpers.mojo': helpers })
      await expect(build(ws, toolchain, tempDir('out'), ['shared/mathx'])).rejects.toThrow(
        "unable to locate module 'helpers' (shared/helpers.mojo is beside the package in the source tree, not in it: move it into shared/mathx and import it as .helpers)"
      )
    })

    it('passes once the module moves into the package', async () => {
      const ws = fixtureCopy({
        ...mathx,
        'shared/mathx/__init__.mojo': mathx['shared/mathx/__init__.mojo'].replace(
          'from helpers',
          'from .helpers'
        ),
        'shared/mathx/helpers.mojo': helpers
      })
      const out = tempDir('out')
      const built = await build(ws, toolchain, out, ['shared/mathx'])
      const result = await quietly(() =>
        verifyArtifacts(built.artifacts, options(toolchain, ws, out, { verifyImports: built.verifyImports }))
      )
      expect(result[0].verification).toEqual({ ok: true, output: 'imported mathx' })
    })
  })

  describe('a verify-script', () => {
    let data: Artifact[]
    let out: string

    beforeAll(() => {
      out = tempDir('out')
      data = stage(
        fixture.artifacts.filter((a) => a.import === 'data'),
        fixtureOut,
        out
      )
    })

    const script = (check: string) =>
      `from data import make_dataset\n\n\ndef main() raises:\n    if make_dataset(3).length() != ${check}:\n        raise Error("expected ${check} samples")\n    print("smoke ok")\n`

    it('fails the packages it imports when it exits non-zero, showing what it raised', async () => {
      const ws = fixtureCopy({ 'tests/smoke_bad.mojo': script('4') })
      const { result, stdout } = await captured(() =>
        verifyArtifacts(data, options(toolchain, ws, out, { scripts: ['tests/smoke_bad.mojo'] }))
      )
      expect(result[0].verification).toEqual({
        ok: false,
        reason: 'verify-script tests/smoke_bad.mojo: raised an error: expected 4 samples',
        output: expect.stringContaining('Unhandled exception caught during execution: expected 4 samples')
      })
      expect(parseAnnotations(stdout).map((a) => a.properties)).toEqual([
        { title: 'verify-script tests/smoke_bad.mojo', file: 'tests/smoke_bad.mojo' }
      ])
    })

    it('passes once the script succeeds', async () => {
      const ws = fixtureCopy({ 'tests/smoke_bad.mojo': script('3') })
      const result = await quietly(() =>
        verifyArtifacts(data, options(toolchain, ws, out, { scripts: ['tests/smoke_bad.mojo'] }))
      )
      expect(result[0].verification).toEqual({ ok: true, output: 'imported data\n\nsmoke ok' })
    })

    it('that reads a file of the source tree works from source but fails in the clean folder, naming the file', async () => {
      const reader = `from data import make_dataset\n\n\ndef main() raises:\n    with open("tests/data/samples.csv", "r") as f:\n        var rows = f.read().split("\\n")\n        print("samples:", make_dataset(len(rows)).length())\n`
      const ws = fixtureCopy({ 'tests/smoke_table.mojo': reader, 'tests/data/samples.csv': 'a\nb\nc' })
      const lib = tempDir('lib')
      fs.copyFileSync(path.join(out, 'data-0.1.0.mojoc'), path.join(lib, 'data.mojoc'))
      const fromSource = await promisify(execFile)(
        toolchain.mojo,
        ['run', '-I', lib, 'tests/smoke_table.mojo'],
        {
          cwd: ws,
          env: { ...toolchain.env, PATH: '/usr/bin:/bin', HOME: tempDir('home') }
        }
      )
      expect(fromSource.stdout).toBe('samples: 3\n')

      const result = await quietly(() =>
        verifyArtifacts(data, options(toolchain, ws, out, { scripts: ['tests/smoke_table.mojo'] }))
      )
      expect(result[0].verification!.reason).toBe(
        "verify-script tests/smoke_table.mojo: reads 'tests/data/samples.csv', a file of the source tree that " +
          "the clean environment does not have (error: Failed to open file 'tests/data/samples.csv': No such file or directory)"
      )
    })
  })

  describe.each(['tar.gz', 'zip'] as const)('a .%s archive entry that lost its executable bit', (format) => {
    it('fails, naming the entry and both modes', async () => {
      const out = tempDir('out')
      const files = await collectFiles(benchmarks.patterns, {
        workspace: fixtureWs,
        exclude: [],
        archive: 'benchmarks'
      })
      // An archive writer that drops the bit: run_all.sh is 0755 in the workspace, 0644 in the archive.
      const entries = layout(
        'benchmarks-0.1.0',
        files.map((f) => ({ path: f.path, mode: 0o644, size: f.size, source: { file: f.abs } }))
      )
      const broken = await writeEntries(
        entries,
        { kind: 'archive', name: 'benchmarks', version: '0.1.0', format },
        out,
        0
      )
      const result = await quietly(() =>
        verifyArtifacts(
          [{ ...broken, contents: entries.map((e) => e.path) }],
          options(toolchain, fixtureWs, out)
        )
      )
      expect(result[0].verification).toEqual({
        ok: false,
        reason:
          "benchmarks: 'scripts/benchmarks/run_all.sh' lost its executable bit (0644 extracted, 0755 in the workspace)"
      })
    })

    it('passes when the archive keeps it', async () => {
      const out = tempDir('out')
      const kept = await archive({ ...benchmarks, format }, fixtureWs, out)
      const result = await quietly(() => verifyArtifacts([kept], options(toolchain, fixtureWs, out)))
      expect(result[0].verification).toEqual({ ok: true })
    })
  })

  describe.each(['tar.gz', 'zip'] as const)('a .%s archive that lacks an entry it should hold', (format) => {
    it('fails, naming the missing entry', async () => {
      const out = tempDir('out')
      const files = await collectFiles(benchmarks.patterns, {
        workspace: fixtureWs,
        exclude: [],
        archive: 'benchmarks'
      })
      const entries = layout(
        'benchmarks-0.1.0',
        files.map((f) => ({ path: f.path, mode: f.mode, size: f.size, source: { file: f.abs } }))
      )
      // An archive writer that drops a file its artifact still lists.
      const lost = 'benchmarks-0.1.0/benchmarks/bench_clamp.mojo'
      expect(entries.map((e) => e.path)).toContain(lost)
      const broken = await writeEntries(
        entries.filter((e) => e.path !== lost),
        { kind: 'archive', name: 'benchmarks', version: '0.1.0', format },
        out,
        0
      )
      const result = await quietly(() =>
        verifyArtifacts(
          [{ ...broken, contents: entries.map((e) => e.path) }],
          options(toolchain, fixtureWs, out)
        )
      )
      expect(result[0].verification).toEqual({
        ok: false,
        reason: `benchmarks: expected entry '${lost}' is missing`
      })
    })
  })

  describe('an archive that would write outside its folder', () => {
    it('is refused before extraction when an entry climbs out with ..', async () => {
      const out = tempDir('out')
      const entries = [
        { type: 'directory' as const, path: 'benchmarks-0.1.0/', mode: 0o755 as const },
        {
          type: 'file' as const,
          path: 'benchmarks-0.1.0/../../escaped.txt',
          mode: 0o644 as const,
          size: 3,
          source: { data: Buffer.from('hi\n') }
        }
      ]
      const evil = await writeEntries(
        entries,
        { kind: 'archive', name: 'benchmarks', version: '0.1.0', format: 'tar.gz' },
        out,
        0
      )
      const { result, stdout } = await captured(() =>
        verifyArtifacts([evil], options(toolchain, fixtureWs, out))
      )
      expect(result[0].verification).toEqual({
        ok: false,
        reason:
          "benchmarks: refused to extract: 'benchmarks-0.1.0/../../escaped.txt' would be written outside the folder"
      })
      expect(stdout).not.toContain('$ tar -xzf')
    })

    it('is refused when a symlink points outside it', async () => {
      const out = tempDir('out')
      const src = tempDir('src')
      fs.mkdirSync(path.join(src, 'benchmarks-0.1.0'))
      fs.symlinkSync('/etc', path.join(src, 'benchmarks-0.1.0', 'config'))
      await promisify(execFile)('tar', [
        '-czf',
        path.join(out, 'benchmarks-0.1.0.tar.gz'),
        '-C',
        src,
        'benchmarks-0.1.0'
      ])
      const evil: Artifact = {
        kind: 'archive',
        name: 'benchmarks',
        version: '0.1.0',
        file: 'benchmarks-0.1.0.tar.gz',
        sha256: '',
        size: 0
      }
      const result = await quietly(() => verifyArtifacts([evil], options(toolchain, fixtureWs, out)))
      expect(result[0].verification!.reason).toBe(
        "benchmarks: refused to extract: 'benchmarks-0.1.0/config' links to '/etc', outside the folder"
      )
    })

    // Each link looks safe alone ('here -> .', 'up -> here/../..'), but the kernel follows 'here' first.
    it('fails when links chained together point outside it', async () => {
      const out = tempDir('out')
      const src = tempDir('src')
      const root = path.join(src, 'benchmarks-0.1.0')
      fs.mkdirSync(root)
      // Each link alone stays inside ('up' reads as benchmarks-0.1.0/here/../.. = '.'), so the listing
      // passes; on disk 'here' is the root folder itself, and 'up' resolves to the folder above download/.
      fs.symlinkSync('.', path.join(root, 'here'))
      fs.symlinkSync('here/../..', path.join(root, 'up'))
      await promisify(execFile)('tar', [
        '-czf',
        path.join(out, 'benchmarks-0.1.0.tar.gz'),
        '-C',
        src,
        'benchmarks-0.1.0'
      ])
      const evil: Artifact = {
        kind: 'archive',
        name: 'benchmarks',
        version: '0.1.0',
        file: 'benchmarks-0.1.0.tar.gz',
        sha256: '',
        size: 0
      }
      const result = await quietly(() => verifyArtifacts([evil], options(toolchain, fixtureWs, out)))
      // Refused before extraction or found after it: either way, named.
      expect(result[0].verification).toEqual({
        ok: false,
        reason: expect.stringMatching(/^benchmarks: .*'benchmarks-0\.1\.0\/up'.* outside the folder$/)
      })
    })
  })

  describe('a verify-command', () => {
    const command: VerifyCommand = { archive: 'benchmarks', argv: ['scripts/benchmarks/run_all.sh'] }
    let utils: Artifact[]
    let out: string

    beforeAll(() => {
      out = tempDir('out')
      utils = stage(
        fixture.artifacts.filter((a) => a.import === 'odyssey_utils'),
        fixtureOut,
        out
      )
    })

    it('that exits non-zero fails the archive, showing its output', async () => {
      // The archive forgot benchmarks/: run_all.sh hands mojo a glob that matched nothing.
      const scriptsOnly = await archive({ ...benchmarks, patterns: ['scripts/**'] }, fixtureWs, out)
      const result = await quietly(() =>
        verifyArtifacts([...utils, scriptsOnly], options(toolchain, fixtureWs, out, { commands: [command] }))
      )
      const v = verified(result, 'benchmarks-0.1.0.tar.gz')
      expect(v.ok).toBe(false)
      expect(v.reason).toMatch(/^benchmarks: verify-command 'scripts\/benchmarks\/run_all\.sh': /)
      expect(v.output).toMatch(/^\$ scripts\/benchmarks\/run_all\.sh\n.*benchmarks\/\*\.mojo/s)
    })

    it('passes once the archive holds what the command needs', async () => {
      const full = await archive(benchmarks, fixtureWs, out)
      const result = await quietly(() =>
        verifyArtifacts([...utils, full], options(toolchain, fixtureWs, out, { commands: [command] }))
      )
      expect(verified(result, 'benchmarks-0.1.0.tar.gz')).toEqual({
        ok: true,
        output: '$ scripts/benchmarks/run_all.sh\nbench_clamp total: 19845'
      })
    })
  })

  it('throws for a verify-command naming an archive that was not built', async () => {
    await expect(
      verifyArtifacts(
        fixture.artifacts,
        options(toolchain, fixtureWs, fixtureOut, { commands: [{ archive: 'docs', argv: ['ls'] }] })
      )
    ).rejects.toThrow("Input 'verify-commands': 'docs' is not an archive built in this run (archives: none).")
  })
})

describe('verify with Mojo 0.26.2.0', () => {
  it('verifies the fixture packages (.mojopkg), the bundle and the verify-script', async () => {
    const toolchain = await testToolchain('0.26.2.0')
    const ws = fixtureCopy()
    const out = tempDir('out')
    const built = await build(ws, toolchain, out)
    const bundle = await writeBundle({
      name: 'ml-odyssey',
      version: '0.1.0',
      packages: built.artifacts,
      packagesDir: out,
      outDir: out,
      epoch: 0,
      mojo: toolchain.version,
      symbols: built.verifyImports
    })
    const result = await quietly(() =>
      verifyArtifacts(
        [...built.artifacts, bundle],
        options(toolchain, ws, out, {
          verifyImports: built.verifyImports,
          scripts: ['tests/smoke_data.mojo']
        })
      )
    )
    expect(result.map((a) => [a.file, a.verification!.ok, a.verification!.reason])).toEqual([
      ['data-0.1.0.mojopkg', true, undefined],
      ['odyssey_utils-0.1.0.mojopkg', true, undefined],
      ['training-0.1.0.mojopkg', true, undefined],
      ['ml-odyssey-0.1.0.tar.gz', true, undefined]
    ])
  })
})

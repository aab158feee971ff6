/**
 * A release as the assemble stage writes it, verified by the verify stage with the real 1.2.0 compiler:
 * the license file in every artifact that can hold one, proven there once installed or extracted, and
 * install_verify.sh run once by the route of the first form shipped (a folder, a venv, a conda prefix).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import yauzl from 'yauzl'
import { collectArchives } from '../../src/assemble/archives.js'
import { assemble, type Assembly } from '../../src/assemble/assemble.js'
import { licenseFindings } from '../../src/checklist/licenses.js'
import type { Finding } from '../../src/checklist/items.js'
import type { ArchiveSpec, DistributionFormat } from '../../src/inputs/inputs.js'
import { loadProject } from '../../src/project/project.js'
import type { Project } from '../../src/project/package-spec.js'
import type { Artifact, Toolchain } from '../../src/types.js'
import { installVerifyFinding } from '../../src/checklist/install-verify-item.js'
import { verifyArtifacts } from '../../src/verify/verify.js'
import { fixtureCopy, removeTempDirs, tempDir } from '../support/temp.js'
import { testToolchain } from '../support/toolchain.js'
import { build, quietly, stage } from './workspace.js'

afterAll(removeTempDirs)

const docs: ArchiveSpec = { name: 'docs-offline', format: 'zip', patterns: ['site/**'] }

let toolchain: Toolchain

interface Workspace {
  dir: string
  project: Project
  /** `[verify] imports` of its manifests, by import name. */
  symbols: Map<string, string[]>
}

/** The fixture's packages compiled once: the workspaces below differ only in files beside the sources. */
let compiled: { artifacts: Artifact[]; dir: string } | undefined

async function workspace(edit: (dir: string) => void = () => {}): Promise<Workspace> {
  const dir = fixtureCopy()
  edit(dir)
  const project = await loadProject(
    { workspace: dir, packages: [], outputDir: 'dist', version: '', checkTag: false },
    {}
  )
  if (compiled === undefined) {
    const built = tempDir('compiled')
    compiled = { artifacts: (await build(dir, toolchain, built)).artifacts, dir: built }
  }
  const symbols = new Map(
    project.packages.filter((p) => p.verifyImports.length > 0).map((p) => [p.import, p.verifyImports])
  )
  return { dir, project, symbols }
}

interface Released {
  outputDir: string
  assembled: { artifacts: Artifact[]; findings: Finding[] }
  verified: Artifact[]
}

/** Assembles the compiled packages into a fresh output folder with these formats, then verifies it. */
async function release(
  ws: Workspace,
  formats: DistributionFormat[],
  more: Partial<Assembly> = {}
): Promise<Released> {
  const staging = tempDir('staging')
  const packages = stage(compiled!.artifacts, compiled!.dir, staging)
  const outputDir = path.join(ws.dir, 'dist')
  fs.rmSync(outputDir, { recursive: true, force: true })
  const archives = more.archives ?? []
  const release: Assembly = {
    name: ws.project.name,
    version: '0.1.0',
    mojo: toolchain.version,
    workspace: ws.dir,
    outputDir,
    bundle: '',
    archives,
    archiveFiles: await collectArchives(archives, { workspace: ws.dir, exclude: ['dist'] }),
    symbols: ws.symbols,
    externals: [],
    formats: new Set(formats),
    specs: ws.project.packages,
    licensing: ws.project,
    ...more
  }
  const assembled = {
    artifacts: await quietly(() => assemble(release, staging, packages)),
    findings: licenseFindings(release.specs, release.licensing)
  }
  const verified = await quietly(() =>
    verifyArtifacts(assembled.artifacts, {
      outputDir,
      toolchain,
      workspace: ws.dir,
      verifyImports: release.symbols,
      scripts: [],
      commands: []
    })
  )
  return { outputDir, assembled, verified }
}

const ofKind = (artifacts: Artifact[], kind: Artifact['kind']) => artifacts.filter((a) => a.kind === kind)

async function zipText(file: string, entry: string): Promise<string> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true })
  try {
    for await (const e of zip.eachEntry()) {
      if (e.fileName !== entry) continue
      const chunks: Buffer[] = []
      for await (const chunk of await zip.openReadStreamPromise(e)) chunks.push(chunk as Buffer)
      return Buffer.concat(chunks).toString('utf8')
    }
  } finally {
    zip.close()
  }
  throw new Error(`no ${entry} in ${file}`)
}

beforeAll(async () => {
  toolchain = await testToolchain('1.2.0')
})

describe('a release of every format, with the bundle and an archive, from a workspace with a LICENSE', () => {
  let ws: Workspace
  let done: Released

  beforeAll(async () => {
    ws = await workspace()
    done = await release(ws, ['mojoc', 'wheel', 'conda', 'source'], {
      bundle: 'ml-odyssey',
      archives: [docs]
    })
  })

  it('verifies every artifact, install_verify.sh included', () => {
    expect(
      done.verified.filter((a) => !a.verification?.ok).map((a) => [a.file, a.verification?.reason])
    ).toEqual([])
    expect(ofKind(done.verified, 'script').map((a) => a.file)).toEqual(['install_verify.sh'])
  })

  it("puts the workspace's LICENSE in every artifact but the bare precompiled files", () => {
    const carrying = done.verified.filter((a) => a.licenses?.length).map((a) => a.kind)
    expect(new Set(carrying)).toEqual(new Set(['wheel', 'conda', 'source', 'bundle', 'archive']))
    expect(ofKind(done.verified, 'package').map((a) => a.licenses)).toEqual([undefined, undefined, undefined])
    expect(ofKind(done.verified, 'archive')[0].licenses).toEqual(['docs-offline-0.1.0/LICENSE'])
  })

  it('ships wheels with the license in .dist-info/licenses/ and RECORD, that check-wheel-contents and twine accept', async () => {
    const wheels = ofKind(done.verified, 'wheel').map((a) => a.file)
    for (const wheel of wheels) {
      const info = `${wheel.split('-').slice(0, 2).join('-')}.dist-info`
      const file = path.join(done.outputDir, wheel)
      expect(await zipText(file, `${info}/licenses/LICENSE`)).toBe(
        fs.readFileSync(path.join(ws.dir, 'LICENSE'), 'utf8')
      )
      expect(await zipText(file, `${info}/METADATA`)).toContain(
        'License-Expression: MIT\nLicense-File: LICENSE\n'
      )
      expect(await zipText(file, `${info}/RECORD`)).toMatch(
        new RegExp(`^${info}/licenses/LICENSE,sha256=`, 'm')
      )
    }
    const check = (args: string[]) => execFileSync('python3', args, { cwd: done.outputDir, encoding: 'utf8' })
    expect(check(['-m', 'twine', 'check', '--strict', ...wheels])).not.toMatch(/FAILED|WARNING/)
    const packages = wheels.filter((f) => !f.startsWith('ml_odyssey-'))
    expect(check(['-m', 'check_wheel_contents', '--ignore', 'W010', ...packages])).not.toMatch(/: W\d|: E\d/)
  })

  it('lists install_verify.sh in SHA256SUMS and manifest.json, and INSTALL.md says how to run it by each route', () => {
    const sums = fs.readFileSync(path.join(done.outputDir, 'SHA256SUMS'), 'utf8')
    expect(sums).toMatch(/^[0-9a-f]{64} {2}install_verify\.sh$/m)
    const manifest = JSON.parse(fs.readFileSync(path.join(done.outputDir, 'manifest.json'), 'utf8'))
    expect(manifest.artifacts.find((a: Artifact) => a.kind === 'script')).toMatchObject({
      format: 'sh',
      file: 'install_verify.sh',
      contents: ['data', 'odyssey_utils', 'training']
    })
    const guide = fs.readFileSync(path.join(done.outputDir, 'INSTALL.md'), 'utf8')
    expect(guide).toContain(
      '```sh\nsh install_verify.sh dir ~/.local/lib/mojo\n. .venv/bin/activate && sh install_verify.sh wheel\n' +
        'pixi run sh install_verify.sh conda\n```'
    )
  })

  it('runs install_verify.sh once, against the precompiled files copied into a folder', () => {
    const output = ofKind(done.verified, 'script')[0].verification!.output!
    expect(output).toMatch(/^mojo: \S+\/bin\/mojo \(Mojo 1\.2\.0\), packages from \S+\/work\/lib\n/)
    expect(output).toContain('ok    data\nok    odyssey_utils\nok    training\n3 passed, 0 failed')
  })

  it('finds the license included and the script created and passing', () => {
    expect(done.assembled.findings.map((f) => [f.item, f.state])).toEqual([
      ['License included in package', 'pass']
    ])
    expect(installVerifyFinding(done.verified)).toMatchObject({ state: 'pass' })
  })

  it('ships install_verify.sh in the bundle, beside install.sh', () => {
    const listed = execFileSync('tar', ['-tzf', 'ml-odyssey-0.1.0.tar.gz'], {
      cwd: done.outputDir,
      encoding: 'utf8'
    })
    expect(listed.split('\n')).toEqual(
      expect.arrayContaining([
        'ml-odyssey-0.1.0/install.sh',
        'ml-odyssey-0.1.0/install_verify.sh',
        'ml-odyssey-0.1.0/LICENSE'
      ])
    )
  })

  it("checks the bundle's packages with its own install_verify.sh after its install.sh, as its INSTALL.md says", () => {
    const user = tempDir('user')
    execFileSync('tar', ['-xzf', path.join(done.outputDir, 'ml-odyssey-0.1.0.tar.gz'), '-C', user])
    const env = { ...toolchain.env, PATH: `${path.dirname(toolchain.mojo)}:/usr/bin:/bin`, HOME: user }
    const bundle = path.join(user, 'ml-odyssey-0.1.0')
    const guide = fs.readFileSync(path.join(bundle, 'INSTALL.md'), 'utf8')
    expect(guide).toContain('```sh\nsh install_verify.sh dir ~/.local/lib/mojo\n```')
    execFileSync('./install.sh', [], { cwd: bundle, env })
    const output = execFileSync(
      'sh',
      ['install_verify.sh', 'dir', path.join(user, '.local', 'lib', 'mojo')],
      {
        cwd: bundle,
        env,
        encoding: 'utf8'
      }
    )
    expect(output).toContain('ok    data\nok    odyssey_utils\nok    training\n3 passed, 0 failed\n')
  })

  it('fails an artifact whose license file is missing once installed, naming it', async () => {
    const source = ofKind(done.verified, 'source').find((a) => a.import === 'data')!
    // A writer that recorded a license file it did not pack.
    const claimed = { ...source, licenses: ['data/COPYING'], verification: undefined }
    const [result] = await quietly(() =>
      verifyArtifacts([claimed], {
        outputDir: done.outputDir,
        toolchain,
        workspace: ws.dir,
        verifyImports: new Map(),
        scripts: [],
        commands: []
      })
    )
    expect(result.verification).toEqual({
      ok: false,
      reason: "data: its license file 'data/COPYING' is missing from data-0.1.0-src.tar.gz once installed"
    })
  })
})

describe('install_verify.sh by the route of the only format shipped', () => {
  let ws: Workspace
  beforeAll(async () => {
    ws = await workspace()
  })

  it('wheel: pip installs every wheel into a venv, and the script runs with its mojo first on PATH', async () => {
    const { verified } = await release(ws, ['wheel'])
    const script = ofKind(verified, 'script')[0].verification!
    expect(script.ok).toBe(true)
    expect(script.output).toMatch(/^mojo: \S+\/\.venv\/bin\/mojo \(Mojo 1\.2\.0\)\n/)
    expect(script.output).toContain('3 passed, 0 failed')
  })

  it('conda: every package laid into a prefix, checked in its lib/mojo', async () => {
    const { verified } = await release(ws, ['conda'])
    const script = ofKind(verified, 'script')[0].verification!
    expect(script.ok).toBe(true)
    expect(script.output).toMatch(/, packages from \S+\/work\/prefix\/lib\/mojo\n/)
    expect(verified.filter((a) => !a.verification?.ok)).toEqual([])
  })

  it('fails, naming the package and the compiler error, when a package lacks a name it must export', async () => {
    const symbols = new Map([...ws.symbols, ['data', ['Dataset', 'DataLoader']]])
    const { verified } = await release(ws, ['mojoc'], { symbols })
    const script = ofKind(verified, 'script')[0].verification!
    expect(script).toMatchObject({
      ok: false,
      reason:
        "install_verify.sh dir: the import check of data failed (error: package 'data' does not contain 'DataLoader')"
    })
    expect(installVerifyFinding(verified)).toEqual({
      item: 'Installation verification script created and passing',
      state: 'fail',
      detail: `\`install_verify.sh\` fails in a clean environment, as it will for users: ${script.reason}.`
    })
  })
})

describe('a release from a workspace without a license file', () => {
  it('ships no license, warns naming the fix, and still verifies', async () => {
    const ws = await workspace((dir) => fs.rmSync(path.join(dir, 'LICENSE')))
    const { assembled, verified } = await release(ws, ['mojoc', 'source'])
    expect(verified.filter((a) => a.licenses !== undefined)).toEqual([])
    expect(verified.every((a) => a.verification?.ok)).toBe(true)
    expect(assembled.findings).toEqual([
      {
        item: 'License included in package',
        state: 'warn',
        detail:
          'data, odyssey-utils, training ship no license text: add it as LICENSE in the workspace root (or in the package folder).',
        file: 'shared/data/mojo.toml'
      }
    ])
  })
})

/**
 * The whole action, as a runner runs it (the bundle as a process), on copies of the fixture workspace,
 * with the real compilers installed by the action from a local index on 127.0.0.1.
 * Run `npm run build` first (`npm test` does).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { startIndexServer, type IndexServer } from './support/index-server.js'
import { commit, initRepo } from './support/git-repo.js'
import { annotateLine } from './support/matcher.js'
import { repoRoot, runAction, runnerDirs, type ActionRun, type RunnerDirs } from './support/run-action.js'
import { fixtureCopy, fixtureWorkspace, removeTempDirs, tempDir } from './support/temp.js'

let index: IndexServer
/** One tool cache for the file: the first run installs from the index, later runs find it there. */
let dirs: RunnerDirs

const fullInputs = {
  bundle: 'ml-odyssey',
  archives: 'benchmarks: scripts/benchmarks/** benchmarks/** README.md LICENSE\ndocs-offline.zip: site/**',
  'verify-script': 'tests/smoke_data.mojo',
  'verify-commands': 'benchmarks: ./scripts/benchmarks/run_all.sh --help'
}

function workspace(edit?: (dir: string) => void): string {
  const dir = fixtureCopy()
  edit?.(dir)
  return dir
}

async function action(ws: string, inputs: Record<string, string> = {}, env: Record<string, string> = {}) {
  return runAction({
    workspace: ws,
    dirs,
    post: false,
    inputs: { 'index-url': index.url, ...inputs },
    env: { SOURCE_DATE_EPOCH: '1767225600', ...env }
  })
}

const errors = (run: ActionRun): string[] =>
  run.main.annotations.filter((a) => a.level === 'error').map((a) => a.message)

/**
 * The workflow commands the runner acts on, with the stdout line each is on: `::name::value` lines,
 * except between `::stop-commands::TOKEN` and `::TOKEN::`.
 */
function runnerCommands(stdout: string): { name: string; value: string; line: number }[] {
  const found = []
  let stoppedBy: string | undefined
  for (const [line, text] of stdout.split('\n').entries()) {
    if (stoppedBy !== undefined) {
      if (text === `::${stoppedBy}::`) stoppedBy = undefined
      continue
    }
    const command = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(text)
    if (!command) continue
    if (command[1] === 'stop-commands') stoppedBy = command[2]
    else found.push({ name: command[1], value: command[2], line })
  }
  return found
}

beforeAll(async () => {
  index = await startIndexServer({ versions: ['1.2.0', '0.26.2.0'] })
  dirs = runnerDirs()
})

afterAll(async () => {
  await index.close()
  fs.rmSync(dirs.home, { recursive: true, force: true })
  removeTempDirs()
})

describe('the fixture workspace with Mojo 1.2.0 (from pixi.toml)', () => {
  let ws: string
  let run: ActionRun
  beforeAll(async () => {
    ws = workspace()
    run = await action(ws, fullInputs)
  })

  it('succeeds with the compiler pinned in pixi.toml', () => {
    expect(errors(run)).toEqual([])
    expect(run.main.code).toBe(0)
    expect(run.main.outputs['mojo-version']).toBe('1.2.0')
  })

  it('outputs the versioned package and archive files', () => {
    expect(JSON.parse(run.main.outputs.packages)).toEqual([
      'dist/data-0.1.0.mojoc',
      'dist/odyssey_utils-0.1.0.mojoc',
      'dist/training-0.1.0.mojoc'
    ])
    expect(JSON.parse(run.main.outputs.archives)).toEqual([
      'dist/ml-odyssey-0.1.0.tar.gz',
      'dist/benchmarks-0.1.0.tar.gz',
      'dist/docs-offline-0.1.0.zip'
    ])
    expect(JSON.parse(run.main.outputs.wheels)).toHaveLength(4)
    expect(JSON.parse(run.main.outputs['conda-packages'])).toHaveLength(4)
    expect(run.main.outputs.version).toBe('0.1.0')
    expect(run.main.outputs.manifest).toBe('dist/manifest.json')
  })

  it('writes checksums that sha256sum -c accepts', () => {
    const out = execFileSync('sha256sum', ['-c', 'SHA256SUMS'], {
      cwd: path.join(ws, 'dist'),
      encoding: 'utf8'
    })
    expect(out.trim().split('\n')).toHaveLength(15)
    expect(out).not.toMatch(/FAILED/)
  })

  it('records every artifact as verified, with the compiler that built it, in manifest.json', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ws, 'dist', 'manifest.json'), 'utf8'))
    expect(manifest.mojo).toBe('1.2.0')
    expect(manifest.artifacts).toHaveLength(15)
    for (const artifact of manifest.artifacts) expect(artifact.verification).toMatchObject({ ok: true })
    expect(manifest.artifacts.find((a: { import?: string }) => a.import === 'training')).toMatchObject({
      mojo: '1.2.0',
      dependencies: ['odyssey_utils']
    })
    expect(run.main.outputs.verified).toBe('true')
  })

  it('writes a job summary: the verdict, the compiler and its source, a row per package', () => {
    expect(run.main.summary.split('\n')[0]).toBe(
      '## ✅ Mojo packages 0.1.0: 3 packages as mojoc, wheel, conda, 1 bundle, 2 archives shipped; each installs and imports in a clean environment'
    )
    expect(run.main.summary).toMatch(
      /Mojo 1\.2\.0, from pixi\.toml .*; toolchain (downloaded|from the tool cache)/
    )
    const rows = run.main.summary
      .split('\n')
      .filter((line) => line.startsWith('| <code>') && line.endsWith('✅ |'))
    expect(rows.map((row) => row.split(' | ')[0])).toEqual([
      '| <code>data</code>',
      '| <code>ml-odyssey</code>',
      '| <code>odyssey_utils</code> (odyssey-utils)',
      '| <code>training</code>',
      '| <code>ml-odyssey-0.1.0.tar.gz</code>',
      '| <code>benchmarks-0.1.0.tar.gz</code>',
      '| <code>docs-offline-0.1.0.zip</code>',
      '| <code>install_verify.sh</code>'
    ])
  })

  it('times every stage in the log', () => {
    for (const stage of [
      'Install Mojo toolchain',
      'Compile packages',
      'Verify in a clean environment',
      'Upload'
    ]) {
      expect(run.main.stdout).toMatch(new RegExp(`^${stage}: \\d+\\.\\d s$`, 'm'))
    }
  })

  describe('the problem matcher for later steps', () => {
    const registered = () => runnerCommands(run.main.stdout).filter((c) => c.name === 'add-matcher')

    it('is registered once, as the file shipped beside dist/index.js', () => {
      expect(registered().map((c) => c.value)).toEqual([
        path.join(repoRoot, 'dist', 'mojo-problem-matcher.json')
      ])
      expect(fs.statSync(registered()[0].value).isFile()).toBe(true)
    })

    it("is registered only after the action's own compile output, so no diagnostic is annotated twice", () => {
      const compiled = run.main.stdout.split('\n').findIndex((line) => /^Compile packages: /.test(line))
      expect(compiled).toBeGreaterThan(-1)
      expect(registered()[0].line).toBeGreaterThan(compiled)
    })

    it('turns a mojo diagnostic line into an annotation at its file, line and column', () => {
      expect(
        annotateLine(registered()[0].value, "/abs/path/file.mojo:12:5: error: use of unknown declaration 'x'")
      ).toEqual([
        {
          owner: 'mojo',
          file: '/abs/path/file.mojo',
          line: '12',
          column: '5',
          severity: 'error',
          message: "use of unknown declaration 'x'"
        }
      ])
    })
  })

  it('skips the upload with a notice outside GitHub Actions', () => {
    expect(run.main.annotations).toContainEqual(
      expect.objectContaining({ level: 'notice', message: expect.stringMatching(/skipped the upload/) })
    )
  })

  it('builds byte-identical files in another checkout of the same commit', async () => {
    const other = workspace()
    // verify: false takes no verify-* inputs (they would be ignored, so the action refuses them).
    const again = await action(other, {
      ...fullInputs,
      verify: 'false',
      'verify-script': '',
      'verify-commands': ''
    })
    expect(again.main.code).toBe(0)
    const sums = (dir: string): string => fs.readFileSync(path.join(dir, 'dist', 'SHA256SUMS'), 'utf8')
    expect(sums(other)).toBe(sums(ws))
  })
})

describe('the fixture workspace with Mojo 0.26.2.0', () => {
  it('builds legacy .mojopkg packages that verify', async () => {
    const run = await action(workspace(), { 'mojo-version': '0.26.2.0', bundle: 'ml-odyssey' })
    expect(errors(run)).toEqual([])
    expect(JSON.parse(run.main.outputs.packages)).toEqual([
      'dist/data-0.1.0.mojopkg',
      'dist/odyssey_utils-0.1.0.mojopkg',
      'dist/training-0.1.0.mojopkg'
    ])
    expect(run.main.outputs.verified).toBe('true')
  })
})

describe('the fixture workspace shipping source archives only (formats: source)', () => {
  let run: ActionRun
  let ws: string
  beforeAll(async () => {
    ws = workspace()
    run = await action(ws, { formats: 'source' })
  })

  it('writes <import>-<version>-src.tar.gz per package and no precompiled file', () => {
    expect(run.main.code).toBe(0)
    const built = fs
      .readdirSync(path.join(ws, 'dist'))
      .filter((f) => !/^(INSTALL\.md|SHA256SUMS|manifest\.json)$/.test(f))
    expect(built.sort()).toEqual([
      'data-0.1.0-src.tar.gz',
      'install_verify.sh',
      'odyssey_utils-0.1.0-src.tar.gz',
      'training-0.1.0-src.tar.gz'
    ])
  })

  it('verifies each the way INSTALL.md says: extracted with what it imports, built by the compiler on import', () => {
    expect(run.main.outputs.verified).toBe('true')
    const guide = fs.readFileSync(path.join(ws, 'dist', 'INSTALL.md'), 'utf8')
    expect(guide).toContain(
      'tar -xzf odyssey_utils-0.1.0-src.tar.gz -C ~/.local/lib/mojo\ntar -xzf training-0.1.0-src.tar.gz -C ~/.local/lib/mojo'
    )
  })
})

describe('the fixture workspace shipping every format (formats: mojoc, wheel, conda)', () => {
  let run: ActionRun
  let ws: string
  beforeAll(async () => {
    ws = workspace()
    run = await action(ws, { formats: 'mojoc, wheel, conda', bundle: 'ml-odyssey' })
  })

  it('writes a py3-none-any wheel per package and one for the bundle', () => {
    expect(run.main.code).toBe(0)
    const wheels = fs.readdirSync(path.join(ws, 'dist')).filter((f) => f.endsWith('.whl'))
    expect(wheels.sort()).toEqual([
      'data-0.1.0-py3-none-any.whl',
      'ml_odyssey-0.1.0-py3-none-any.whl',
      'odyssey_utils-0.1.0-py3-none-any.whl',
      'training-0.1.0-py3-none-any.whl'
    ])
  })

  it("verifies each by pip install into a fresh venv and the venv's own mojo, with no -I", () => {
    expect(run.main.outputs.verified).toBe('true')
    const manifest = JSON.parse(fs.readFileSync(path.join(ws, 'dist', 'manifest.json'), 'utf8'))
    const wheels = manifest.artifacts.filter((a: { kind: string }) => a.kind === 'wheel')
    expect(wheels.map((a: { verification: { ok: boolean } }) => a.verification.ok)).toEqual([
      true,
      true,
      true,
      true
    ])
    expect(run.main.stdout).toMatch(/\/\.venv\/bin\/mojo run app\.mojo\n/)
  })

  it('writes a noarch .conda per package and one for the bundle, each pinning the compiler in its build', () => {
    const conda = fs.readdirSync(path.join(ws, 'dist')).filter((f) => f.endsWith('.conda'))
    expect(conda.sort()).toEqual([
      'data-0.1.0-mojo_1.2.0_0.conda',
      'ml-odyssey-0.1.0-mojo_1.2.0_0.conda',
      'odyssey-utils-0.1.0-mojo_1.2.0_0.conda',
      'training-0.1.0-mojo_1.2.0_0.conda'
    ])
  })

  it('verifies each conda package laid into a fresh prefix, imported from its lib/mojo', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ws, 'dist', 'manifest.json'), 'utf8'))
    const conda = manifest.artifacts.filter((a: { kind: string }) => a.kind === 'conda')
    expect(conda.map((a: { verification: { ok: boolean } }) => a.verification.ok)).toEqual([
      true,
      true,
      true,
      true
    ])
    expect(run.main.stdout).toContain('every file as info/paths.json lists it')
  })

  it('tells users the pixi add lines in INSTALL.md', () => {
    const guide = fs.readFileSync(path.join(ws, 'dist', 'INSTALL.md'), 'utf8')
    expect(guide).toContain(
      'pixi add "$PWD/odyssey-utils-0.1.0-mojo_1.2.0_0.conda"\npixi add "$PWD/training-0.1.0-mojo_1.2.0_0.conda"'
    )
  })

  it('writes wheels that check-wheel-contents and twine check --strict accept', () => {
    const dist = path.join(ws, 'dist')
    const wheels = fs.readdirSync(dist).filter((f) => f.endsWith('.whl'))
    const check = (args: string[]) => execFileSync('python3', args, { cwd: dist, encoding: 'utf8' })
    expect(check(['-m', 'twine', 'check', '--strict', ...wheels])).not.toMatch(/FAILED|WARNING/)
    // No Python modules (W010) is the layout; the bundle holds no files at all, by design (W007, W008).
    const packages = wheels.filter((f) => !f.startsWith('ml_odyssey-'))
    expect(check(['-m', 'check_wheel_contents', '--ignore', 'W010', ...packages])).not.toMatch(/: W\d|: E\d/)
    expect(
      check(['-m', 'check_wheel_contents', '--ignore', 'W007,W008,W010', 'ml_odyssey-0.1.0-py3-none-any.whl'])
    ).toMatch(/: OK/)
  })

  it('carries the workspace LICENSE in every wheel, named by License-File, and tells users how to check their install', () => {
    const dist = path.join(ws, 'dist')
    for (const wheel of fs.readdirSync(dist).filter((f) => f.endsWith('.whl'))) {
      const info = `${wheel.split('-').slice(0, 2).join('-')}.dist-info`
      expect(execFileSync('unzip', ['-Z1', wheel], { cwd: dist, encoding: 'utf8' })).toContain(
        `${info}/licenses/LICENSE\n`
      )
      expect(
        execFileSync('unzip', ['-p', wheel, `${info}/METADATA`], { cwd: dist, encoding: 'utf8' })
      ).toContain('License-File: LICENSE\n')
    }
    expect(fs.readFileSync(path.join(dist, 'INSTALL.md'), 'utf8')).toContain(
      '. .venv/bin/activate && sh install_verify.sh wheel\n'
    )
  })

  it('tells users the pip and uv commands in INSTALL.md', () => {
    const guide = fs.readFileSync(path.join(ws, 'dist', 'INSTALL.md'), 'utf8')
    expect(guide).toContain('.venv/bin/pip install --find-links . training==0.1.0')
    expect(guide).toContain('uv pip install --python .venv --find-links . training==0.1.0')
  })
})

describe('a package shipped as a wheel only (formats: wheel)', () => {
  it('checks the symbols its mojo.toml lists on the wheel', async () => {
    const run = await action(workspace(), { formats: 'wheel', packages: 'shared/data' })
    expect([run.main.code, run.main.outputs.verified]).toEqual([0, 'true'])
    expect(JSON.parse(run.main.outputs.wheels)).toEqual(['dist/data-0.1.0-py3-none-any.whl'])
  })
})

describe('a workspace in a subfolder of the repository (working-directory)', () => {
  let repo: string
  let ws: string
  let run: ActionRun
  beforeAll(async () => {
    repo = tempDir('repo')
    ws = path.join(repo, 'sub', 'ws')
    fs.cpSync(fixtureWorkspace, ws, { recursive: true })
    // The repository's own pixi.toml pins another compiler: only the workspace's pixi.toml counts.
    fs.writeFileSync(
      path.join(repo, 'pixi.toml'),
      '[workspace]\nname = "monorepo"\n\n[dependencies]\nmojo = "==0.26.2.0"\n'
    )
    run = await runAction({
      workspace: repo,
      dirs,
      post: false,
      inputs: {
        'index-url': index.url,
        'working-directory': 'sub/ws',
        formats: 'mojoc',
        verify: 'false',
        upload: 'false'
      },
      env: { SOURCE_DATE_EPOCH: '1767225600' }
    })
  })

  it('succeeds with the compiler pinned in the workspace, not the repository root', () => {
    expect(errors(run)).toEqual([])
    expect(run.main.code).toBe(0)
    expect(run.main.outputs['mojo-version']).toBe('1.2.0')
  })

  it('finds the packages in the workspace, named by their folders in it', () => {
    const listed = /^Packages: (.*)$/m.exec(run.main.stdout)?.[1].split(', ')
    expect(listed?.sort()).toEqual([
      'data 0.1.0 (shared/data)',
      'odyssey-utils 0.1.0 (shared/odyssey_utils)',
      'training 0.1.0 (shared/training)'
    ])
  })

  it("writes output-dir inside the workspace, and nothing at the repository's root", () => {
    expect(fs.readdirSync(path.join(ws, 'dist')).sort()).toEqual([
      'INSTALL.md',
      'SHA256SUMS',
      'data-0.1.0.mojoc',
      'install_verify.sh',
      'manifest.json',
      'odyssey_utils-0.1.0.mojoc',
      'training-0.1.0.mojoc'
    ])
    expect(fs.readdirSync(repo).sort()).toEqual(['pixi.toml', 'sub'])
  })

  it('outputs paths relative to the workspace', () => {
    const packages = JSON.parse(run.main.outputs.packages) as string[]
    expect(packages).toEqual([
      'dist/data-0.1.0.mojoc',
      'dist/odyssey_utils-0.1.0.mojoc',
      'dist/training-0.1.0.mojoc'
    ])
    expect(run.main.outputs.manifest).toBe('dist/manifest.json')
    for (const file of [...packages, run.main.outputs.manifest]) {
      expect(fs.statSync(path.join(ws, file)).isFile()).toBe(true)
    }
  })
})

describe('failures', () => {
  it('annotates a compile error at its file, line and column and leaves no dist/', async () => {
    const ws = workspace((dir) =>
      fs.appendFileSync(
        path.join(dir, 'shared/data/dataset.mojo'),
        '\n\ndef broken() -> Int:\n    return undefined_name\n'
      )
    )
    const run = await action(ws)
    expect(run.main.code).not.toBe(0)
    const annotation = run.main.annotations.find((a) => a.level === 'error' && a.properties.file)
    expect(annotation?.properties).toMatchObject({ file: 'shared/data/dataset.mojo', line: '18', col: '12' })
    expect(annotation?.message).toMatch(/undefined_name/)
    expect(fs.existsSync(path.join(ws, 'dist'))).toBe(false)
  })

  it('fails a tag build whose tag differs from the package versions, naming both', async () => {
    const ws = workspace()
    const run = await action(ws, {}, { GITHUB_REF: 'refs/tags/v0.2.0' })
    expect(run.main.code).not.toBe(0)
    expect(errors(run).join('\n')).toMatch(/0\.1\.0[\s\S]*0\.2\.0|0\.2\.0[\s\S]*0\.1\.0/)
    expect(fs.existsSync(path.join(ws, 'dist'))).toBe(false)
  })

  it('keeps dist/ and fails the step when an artifact does not verify', async () => {
    const ws = workspace()
    const run = await action(ws, { 'verify-imports': 'data: DataLoader' })
    expect(run.main.code).not.toBe(0)
    expect(run.main.outputs.verified).toBe('false')
    expect(errors(run).join('\n')).toMatch(/DataLoader/)
    const manifest = JSON.parse(fs.readFileSync(path.join(ws, 'dist', 'manifest.json'), 'utf8'))
    const data = manifest.artifacts.find((a: { import?: string }) => a.import === 'data')
    expect(data.verification.ok).toBe(false)
    expect(data.verification.reason).toMatch(/DataLoader/)
    expect(run.main.summary.split('\n').find((line) => line.startsWith('| <code>'))).toMatch(
      /^\| <code>data<\/code> \| ❌ .*DataLoader/
    )
  })
})

describe('the release checklist on tag builds', () => {
  /** Every package's and the workspace's version set to `version`, and training's range on odyssey-utils. */
  const versioned = (ws: string, version: string): Record<string, string> =>
    Object.fromEntries(
      [
        'pixi.toml',
        'shared/data/mojo.toml',
        'shared/odyssey_utils/mojo.toml',
        'shared/training/mojo.toml'
      ].map((file) => [
        file,
        fs
          .readFileSync(path.join(ws, file), 'utf8')
          .replace(/^version = ".*"$/m, `version = "${version}"`)
          .replace('"^0.1.0"', `"^${version}"`)
      ])
    )
  const read = (ws: string, file: string): string => fs.readFileSync(path.join(ws, file), 'utf8')
  const checklist = (run: ActionRun): string[] =>
    run.main.summary.split('\n').filter((line) => /^- (✅|⚠️|❌|➖) \*\*/.test(line))

  it('passes a release bumped as its changes need, with its changelog section, and quotes it', async () => {
    const ws = initRepo(workspace(), 'v0.1.0')
    commit(
      ws,
      'release 0.2.0',
      {
        ...versioned(ws, '0.2.0'),
        'shared/data/dataset.mojo':
          read(ws, 'shared/data/dataset.mojo') + '\n\ndef shuffle(size: Int) -> Int:\n    return size\n',
        'CHANGELOG.md': '# Changelog\n\n## [0.2.0] - 2026-10-20\n\n### Added\n\n- `data.shuffle`.\n'
      },
      'v0.2.0'
    )
    const run = await action(ws, { formats: 'mojoc' }, { GITHUB_REF: 'refs/tags/v0.2.0' })
    expect(run.main.code).toBe(0)
    expect(checklist(run)).toEqual([
      '- ✅ **Version bump appropriately (patch/minor/major)**: data 0.1.0 → 0.2.0 (minor) since v0.1.0: its public API adds <code>dataset.shuffle</code>.',
      '- ✅ **CHANGELOG.md updated with changes**: CHANGELOG.md has the section ## [0.2.0] - 2026-10-20',
      '- ✅ **License included in package**: Every package declares its license (MIT) and every artifact carries its text (LICENSE).',
      '- ✅ **No artifacts committed to git**: git tracks no built file (*.mojoc, *.mojopkg, *.whl, *.conda, dist/)',
      '- ✅ **Installation verification script created and passing**: <code>install_verify.sh</code> created, and passing in a clean environment: it imports data, odyssey_utils, training as users will.'
    ])
    expect(run.main.summary).toContain(
      '#### CHANGELOG.md: [0.2.0] - 2026-10-20\n\n> ### Added\n>\n> - `data.shuffle`.'
    )
    expect(fs.readFileSync(path.join(ws, 'dist', 'INSTALL.md'), 'utf8')).toContain(
      '## What changed in 0.2.0\n\nFrom `CHANGELOG.md`:\n\n### Added\n\n- `data.shuffle`.'
    )
  })

  it('fails a release bumped too little, without its changelog section and with a built file tracked, saying each', async () => {
    const ws = initRepo(workspace(), 'v0.1.0')
    commit(
      ws,
      'release 0.1.1',
      {
        ...versioned(ws, '0.1.1'),
        'shared/odyssey_utils/numeric.mojo': read(ws, 'shared/odyssey_utils/numeric.mojo').replace(
          'high: Int)',
          'high: Int = 100)'
        ),
        'CHANGELOG.md': '# Changelog\n\n## [0.1.0]\n\n- First release.\n',
        'old/data-0.1.0.mojoc': 'built by hand'
      },
      'v0.1.1'
    )
    const run = await action(ws, { formats: 'mojoc' }, { GITHUB_REF: 'refs/tags/v0.1.1' })
    expect(run.main.code).not.toBe(0)
    expect(checklist(run)).toEqual([
      '- ❌ **Version bump appropriately (patch/minor/major)**: odyssey-utils 0.1.0 → 0.1.1 (patch) since v0.1.0, but its public API changes the signature of <code>clamp</code>: that needs a minor bump before 1.0, 0.2.0 at least. Raise the version in shared/odyssey_utils/mojo.toml.',
      '- ❌ **CHANGELOG.md updated with changes**: CHANGELOG.md has no section for 0.1.1: add one under the heading <code>## [0.1.1] - YYYY-MM-DD</code> (or <code>## 0.1.1</code>) saying what changed.',
      expect.stringMatching(/^- \S+ \*\*License included in package\*\*/),
      '- ❌ **No artifacts committed to git**: old/data-0.1.0.mojoc is a built file tracked by git: add <code>*.mojoc</code> to .gitignore and untrack it with <code>git rm --cached old/data-0.1.0.mojoc</code>',
      expect.stringMatching(/^- \S+ \*\*Installation verification script created and passing\*\*/)
    ])
    expect(
      run.main.annotations
        .filter((a) => a.level === 'error' && a.properties.title !== undefined)
        .map((a) => a.properties.file)
    ).toEqual(['CHANGELOG.md', 'old/data-0.1.0.mojoc', 'shared/odyssey_utils/mojo.toml'])
    // Built, verified and uploaded all the same, so the files can be inspected.
    expect(run.main.outputs.verified).toBe('true')
    expect(errors(run).at(-1)).toMatch(/^The release checklist failed\. Version bump appropriately/)
  })
})

describe('a package with 12 compile errors', () => {
  let run: ActionRun
  beforeAll(async () => {
    // dataset.mojo has 14 lines: broken_i's unknown name is on line 14 + 4i, at column 12.
    const broken = Array.from(
      { length: 12 },
      (_, i) => `\n\ndef broken_${i}() -> Int:\n    return unknown_${i}\n`
    )
    run = await action(
      workspace((dir) => fs.appendFileSync(path.join(dir, 'shared/data/dataset.mojo'), broken.join('')))
    )
  })

  it('annotates its first 3 errors only', () => {
    expect(run.main.code).not.toBe(0)
    const located = run.main.annotations.filter((a) => a.level === 'error' && a.properties.file)
    expect(located.map((a) => a.properties.line)).toEqual(['18', '22', '26'])
  })

  it('logs how many errors there were and which log group holds them all', () => {
    expect(run.main.stdout).toContain(
      "data: 12 errors (3 annotated); every diagnostic is in the log group 'mojo precompile shared/data'"
    )
  })

  it('writes a job summary naming the compiler, its origin and the first error', () => {
    expect(run.main.summary).toContain(
      'Mojo 1.2.0, from pixi.toml [dependencies] mojo = "==1.2.0"; toolchain'
    )
    expect(run.main.summary).toContain('| data | <code>shared/data</code> | ❌ failed: 12 errors |')
    expect(run.main.summary).toContain(
      "<pre>shared/data/dataset.mojo:18:12: use of unknown declaration 'unknown_0'\n"
    )
  })

  it('fails naming the compiler and its origin', () => {
    expect(errors(run).at(-1)).toMatch(
      /^Could not compile data .*\(Mojo 1\.2\.0, from pixi\.toml \[dependencies\] mojo = "==1\.2\.0"\)$/
    )
  })
})

describe('a workspace with nothing to build', () => {
  let run: Awaited<ReturnType<typeof action>>

  beforeAll(async () => {
    const ws = tempDir('empty')
    fs.writeFileSync(
      path.join(ws, 'pixi.toml'),
      '[workspace]\nname = "app"\n\n[dependencies]\nmojo = "==1.2.0"\n'
    )
    run = await action(ws)
  })

  it('runs as a setup step', () => {
    expect(run.main.code).toBe(0)
    expect(run.main.outputs['mojo-version']).toBe('1.2.0')
    expect(run.main.stdout).toMatch(/ran as a setup step/)
    expect(run.main.outputs.packages).toBeUndefined()
  })

  it('says which compiler it chose and why', () => {
    expect(run.main.stdout).toContain('Mojo 1.2.0: pixi.toml [dependencies] mojo = "==1.2.0"')
  })

  it('registers the problem matcher for later steps', () => {
    expect(run.main.stdout).toContain(
      `::add-matcher::${path.join(repoRoot, 'dist', 'mojo-problem-matcher.json')}`
    )
  })
})

/**
 * The release checks that run before the download, on git repositories the tests make from the
 * fixture workspace: a release tag, then changes, a shallow clone, tracked built files, a changelog.
 */
import { afterAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import type { Inputs } from '../../src/inputs/inputs.js'
import { loadProject } from '../../src/project/project.js'
import { checkRelease } from '../../src/checklist/release-checks.js'
import { annotateFindings, checklistFailure } from '../../src/checklist/findings.js'
import { commit, gitIn, initRepo } from '../support/git-repo.js'
import { withStdout } from '../support/stdout.js'
import { fixtureCopy, fixtureWorkspace, removeTempDirs, tempDir } from '../support/temp.js'

afterAll(removeTempDirs)

type Checked = Pick<Inputs, 'workspace' | 'outputDir' | 'checkVersionBump' | 'changelog' | 'version'>

async function check(workspace: string, ref = 'refs/heads/main', more: Partial<Checked> = {}) {
  const inputs = {
    workspace,
    outputDir: 'dist',
    checkVersionBump: 'warn',
    changelog: '',
    version: '',
    ...more
  } as const
  const project = await loadProject({ ...inputs, packages: [], checkTag: false }, {})
  const version = project.packages[0].version
  return checkRelease(inputs, project, version, ref)
}

const item = (name: string) => (f: { item: string }) => f.item.startsWith(name)
const version = item('Version bump')

/** The fixture workspace as a repository released as v0.1.0. */
function released(): string {
  return initRepo(fixtureCopy(), 'v0.1.0')
}

const dataset = (extra: string): Record<string, string> => ({
  'shared/data/dataset.mojo':
    fs.readFileSync(path.join(fixtureWorkspace, 'shared/data/dataset.mojo'), 'utf8') + extra
})
const newFunction = '\n\ndef shuffle(size: Int) -> Int:\n    return size\n'

describe('the version-bump check before the download', () => {
  it('finds a package whose sources changed since the release tag but whose version did not', async () => {
    const ws = released()
    commit(ws, 'add shuffle', dataset(newFunction))
    const checks = await check(ws)
    expect(checks.findings.filter(version)).toEqual([
      {
        item: 'Version bump appropriately (patch/minor/major)',
        state: 'warn',
        file: 'shared/data/mojo.toml',
        detail:
          'data: 1 source file changed since v0.1.0, but its version is still 0.1.0: raise it in shared/data/mojo.toml.'
      }
    ])
    expect(checks.history.pending).toEqual([])
  })

  it('fails it with check-version-bump: error', async () => {
    const ws = released()
    commit(ws, 'add shuffle', dataset(newFunction))
    const checks = await check(ws, 'refs/heads/main', { checkVersionBump: 'error' })
    expect(checks.findings.filter(version).map((f) => f.state)).toEqual(['fail'])
  })

  it('leaves a package that changed and was bumped to the comparison of its public API', async () => {
    const ws = released()
    commit(ws, 'add shuffle, 0.2.0', {
      ...dataset(newFunction),
      'shared/data/mojo.toml': fs
        .readFileSync(path.join(ws, 'shared/data/mojo.toml'), 'utf8')
        .replace('0.1.0', '0.2.0')
    })
    const checks = await check(ws)
    expect(checks.findings.filter(version)).toEqual([])
    expect(checks.history.pending.map((p) => [p.name, p.from, p.to, p.changed, p.since.tag])).toEqual([
      ['data', '0.1.0', '0.2.0', 1, 'v0.1.0']
    ])
  })

  it("compares a tag build with the release before it, not with the build's own tag", async () => {
    const ws = released()
    commit(ws, 'add shuffle', dataset(newFunction), 'v0.1.1')
    const checks = await check(ws, 'refs/tags/v0.1.1', { version: '0.1.1' })
    expect(checks.history.since).toEqual({ tag: 'v0.1.0', version: '0.1.0' })
  })

  it('passes when no package changed since the release', async () => {
    const ws = released()
    commit(ws, 'docs only', { 'README.md': '# ml-odyssey\n\nMore words.\n' })
    expect((await check(ws)).findings.filter(version)).toEqual([
      {
        item: 'Version bump appropriately (patch/minor/major)',
        state: 'pass',
        detail: "no package's sources changed since v0.1.0"
      }
    ])
  })

  it('skips a workspace that is not a git checkout, and one with check-version-bump: off', async () => {
    const plain = await check(fixtureCopy())
    expect(plain.findings.filter(version)[0]).toMatchObject({ state: 'skip' })
    expect(plain.findings.filter(version)[0].detail).toBe('not a git checkout')
    const off = await check(released(), 'refs/heads/main', { checkVersionBump: 'off' })
    expect(off.findings.filter(version)).toEqual([
      {
        item: 'Version bump appropriately (patch/minor/major)',
        state: 'skip',
        detail: 'check-version-bump is off'
      }
    ])
  })

  describe('in a shallow clone', () => {
    function shallowClone(): string {
      const origin = released()
      commit(origin, 'add shuffle', dataset(newFunction))
      const clone = path.join(tempDir('clone'), 'ws')
      gitIn(path.dirname(clone), 'clone', '-q', '--depth', '1', `file://${origin}`, clone)
      return clone
    }
    const fix =
      'the clone is shallow (actions/checkout fetches one commit by default), so the earlier release tag ' +
      'cannot be found: set `fetch-depth: 0` on actions/checkout'

    it('fails with error, giving the fix', async () => {
      const checks = await check(shallowClone(), 'refs/heads/main', { checkVersionBump: 'error' })
      expect(checks.findings.filter(version)).toEqual([
        { item: 'Version bump appropriately (patch/minor/major)', state: 'fail', detail: fix }
      ])
    })

    it('warns with warn, giving the same fix', async () => {
      const checks = await check(shallowClone())
      expect(checks.findings.filter(version)).toEqual([
        { item: 'Version bump appropriately (patch/minor/major)', state: 'warn', detail: fix }
      ])
    })
  })
})

describe('the changelog check', () => {
  it('quotes the section of a tag build whose CHANGELOG.md has one', async () => {
    const ws = released()
    commit(ws, 'release 0.1.1', {
      'CHANGELOG.md': '# Changelog\n\n## [0.1.1] - 2026-10-20\n\n- Faster loads.\n'
    })
    const checks = await check(ws, 'refs/tags/v0.1.1')
    expect(checks.findings.filter(item('CHANGELOG'))).toMatchObject([{ state: 'pass', file: 'CHANGELOG.md' }])
    expect(checks.changelog).toEqual({
      file: 'CHANGELOG.md',
      heading: '## [0.1.1] - 2026-10-20',
      body: '- Faster loads.'
    })
  })

  it('fails a tag build whose CHANGELOG.md lacks the version', async () => {
    const ws = released()
    commit(ws, 'release 0.1.1', { 'CHANGELOG.md': '# Changelog\n\n## [0.1.0]\n\n- First.\n' })
    const checks = await check(ws, 'refs/tags/v0.1.1')
    expect(checks.findings.filter(item('CHANGELOG'))).toMatchObject([{ state: 'fail', file: 'CHANGELOG.md' }])
    expect(checks.changelog).toBeUndefined()
  })
})

describe('the check that nothing built is committed', () => {
  function withTrackedBuilds(): string {
    const ws = released()
    commit(ws, 'built files', {
      'shared/data/data.mojoc': 'built',
      'dist/manifest.json': '{}',
      'wheels/data-0.1.0-py3-none-any.whl': 'built'
    })
    return ws
  }

  it('warns on every tracked built file, naming the .gitignore line and the command to untrack it', async () => {
    const checks = await check(withTrackedBuilds())
    expect(checks.findings.filter(item('No artifacts'))).toEqual([
      {
        item: 'No artifacts committed to git',
        state: 'warn',
        file: 'dist/manifest.json',
        detail:
          'dist/manifest.json is a built file tracked by git: add `/dist/` to .gitignore and untrack it with `git rm --cached dist/manifest.json`'
      },
      {
        item: 'No artifacts committed to git',
        state: 'warn',
        file: 'shared/data/data.mojoc',
        detail:
          'shared/data/data.mojoc is a built file tracked by git: add `*.mojoc` to .gitignore and untrack it with `git rm --cached shared/data/data.mojoc`'
      },
      {
        item: 'No artifacts committed to git',
        state: 'warn',
        file: 'wheels/data-0.1.0-py3-none-any.whl',
        detail:
          'wheels/data-0.1.0-py3-none-any.whl is a built file tracked by git: add `*.whl` to .gitignore and untrack it with `git rm --cached wheels/data-0.1.0-py3-none-any.whl`'
      }
    ])
  })

  it('fails on a tag build', async () => {
    const checks = await check(withTrackedBuilds(), 'refs/tags/v0.1.0')
    expect(checks.findings.filter(item('No artifacts')).map((f) => f.state)).toEqual(['fail', 'fail', 'fail'])
  })

  it('passes when git tracks none', async () => {
    expect((await check(released())).findings.filter(item('No artifacts'))).toEqual([
      {
        item: 'No artifacts committed to git',
        state: 'pass',
        detail: 'git tracks no built file (*.mojoc, *.mojopkg, *.whl, *.conda, dist/)'
      }
    ])
  })
})

describe('findings as annotations and as the step error', () => {
  const findings = [
    { item: 'No artifacts committed to git', state: 'fail', file: 'a.mojoc', detail: 'a.mojoc is tracked.' },
    { item: 'Version bump appropriately (patch/minor/major)', state: 'warn', detail: 'data changed.' },
    { item: 'CHANGELOG.md updated with changes', state: 'pass', file: 'CHANGELOG.md', detail: 'fine' }
  ] as const

  it('annotates warnings and failures at their file, titled with the checklist item', async () => {
    const { stdout } = await withStdout(async () => annotateFindings([...findings]))
    expect(stdout).toBe(
      '::error title=No artifacts committed to git,file=a.mojoc::a.mojoc is tracked.\n' +
        '::warning title=Version bump appropriately (patch/minor/major)::data changed.\n'
    )
  })

  it('fails the step naming each failed item', () => {
    expect(checklistFailure([...findings])).toBe(
      'The release checklist failed. No artifacts committed to git: a.mojoc is tracked.'
    )
    expect(checklistFailure([findings[1], findings[2]])).toBeUndefined()
  })
})

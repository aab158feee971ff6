/**
 * The version-bump check end to end with the real `mojo doc` of 1.2.0: git repositories made from the
 * fixture workspace, released as v0.1.0 (or 1.0.0), then changed in ways that need a patch, a minor or
 * a major bump, and bumped enough or not.
 */
import { afterAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { checkApiBumps } from '../../src/checklist/api-bumps.js'
import { loadProject } from '../../src/project/project.js'
import { checkRelease } from '../../src/checklist/release-checks.js'
import { commit, gitIn, initRepo } from '../support/git-repo.js'
import { fixtureCopy, fixtureWorkspace, removeTempDirs } from '../support/temp.js'
import { testToolchain } from '../support/toolchain.js'

afterAll(removeTempDirs)

const read = (ws: string, rel: string): string => fs.readFileSync(path.join(ws, rel), 'utf8')
const withVersion = (ws: string, pkg: string, version: string): Record<string, string> => ({
  [`shared/${pkg}/mojo.toml`]: read(ws, `shared/${pkg}/mojo.toml`).replace(
    /^version = ".*"$/m,
    `version = "${version}"`
  )
})

/** The fixture with `before` written, released as `tag`, then changed by `change`. */
function history(change: (ws: string) => Record<string, string>, tag = 'v0.1.0', before = {}): string {
  const ws = initRepo(fixtureCopy(before), tag)
  commit(ws, 'changes', change(ws))
  return ws
}

/** The version-bump findings: the git half, then the API half with the real compiler. */
async function versionFindings(ws: string) {
  const inputs = {
    workspace: ws,
    outputDir: 'dist',
    checkVersionBump: 'error',
    changelog: '',
    version: ''
  } as const
  const project = await loadProject({ ...inputs, packages: [], checkTag: false }, {})
  const checks = await checkRelease(inputs, project, '0.1.0', 'refs/heads/main')
  const toolchain = await testToolchain('1.2.0')
  const compared = await checkApiBumps(checks.history, {
    workspace: ws,
    toolchain,
    packages: project.packages,
    externals: [],
    timeoutMs: 600_000
  })
  return [...checks.findings.filter((f) => f.item.startsWith('Version')), ...compared].map((f) => [
    f.state,
    f.detail
  ])
}

const shuffle = '\n\ndef shuffle(size: Int) -> Int:\n    return size\n'

describe('the version-bump check with Mojo 1.2.0', () => {
  it('passes a patch bump for an addition before 1.0', async () => {
    const ws = history((w) => ({
      'shared/data/dataset.mojo': read(w, 'shared/data/dataset.mojo') + shuffle,
      ...withVersion(w, 'data', '0.1.1')
    }))
    expect(await versionFindings(ws)).toEqual([
      ['pass', 'data 0.1.0 → 0.1.1 (patch) since v0.1.0: its public API adds `dataset.shuffle`.']
    ])
  })

  it('fails a patch bump for a changed signature before 1.0, which needs a minor one', async () => {
    const ws = history((w) => ({
      'shared/odyssey_utils/numeric.mojo': read(w, 'shared/odyssey_utils/numeric.mojo').replace(
        'high: Int)',
        'high: Int = 100)'
      ),
      ...withVersion(w, 'odyssey_utils', '0.1.1')
    }))
    expect(await versionFindings(ws)).toEqual([
      [
        'fail',
        'odyssey-utils 0.1.0 → 0.1.1 (patch) since v0.1.0, but its public API changes the signature of ' +
          '`clamp`: that needs a minor bump before 1.0, 0.2.0 at least. Raise the version in shared/odyssey_utils/mojo.toml.'
      ]
    ])
  })

  it('judges each changed package on its own change', async () => {
    const ws = history((w) => ({
      'shared/data/dataset.mojo': read(w, 'shared/data/dataset.mojo') + shuffle,
      'shared/odyssey_utils/numeric.mojo': read(w, 'shared/odyssey_utils/numeric.mojo').replace(
        'high: Int)',
        'high: Int = 100)'
      ),
      ...withVersion(w, 'data', '0.1.1'),
      ...withVersion(w, 'odyssey_utils', '0.2.0'),
      'shared/training/mojo.toml': read(w, 'shared/training/mojo.toml').replace('^0.1.0', '^0.2.0')
    }))
    expect(await versionFindings(ws)).toEqual([
      ['pass', 'data 0.1.0 → 0.1.1 (patch) since v0.1.0: its public API adds `dataset.shuffle`.'],
      [
        'pass',
        'odyssey-utils 0.1.0 → 0.2.0 (minor) since v0.1.0: its public API changes the signature of `clamp`.'
      ]
    ])
  })

  describe('from 1.0', () => {
    const released = (w: string) => withVersion(w, 'training', '1.0.0')
    const removeTrain = (w: string, version: string) => ({
      'shared/training/__init__.mojo': read(w, 'shared/training/__init__.mojo').replace(', train', ''),
      ...withVersion(w, 'training', version)
    })

    it('fails a minor bump for a removal, which needs a major one', async () => {
      const ws = history((w) => removeTrain(w, '1.1.0'), 'v1.0.0', released(fixtureWorkspace))
      expect(await versionFindings(ws)).toEqual([
        [
          'fail',
          'training 1.0.0 → 1.1.0 (minor) since v1.0.0, but its public API removes `train`, adds `trainer.train`: ' +
            'that needs a major bump, 2.0.0 at least. Raise the version in shared/training/mojo.toml.'
        ]
      ])
    })

    it('passes a major bump for it', async () => {
      const ws = history((w) => removeTrain(w, '2.0.0'), 'v1.0.0', released(fixtureWorkspace))
      expect(await versionFindings(ws)).toEqual([
        // No longer re-exported, it is public as a top-level name of its module.
        [
          'pass',
          'training 1.0.0 → 2.0.0 (major) since v1.0.0: its public API removes `train`, adds `trainer.train`.'
        ]
      ])
    })
  })

  it('sees a re-exported function moved to another module as no change to the API', async () => {
    const ws = history((w) => ({
      'shared/data/dataset.mojo': read(w, 'shared/data/dataset.mojo').replace(
        /\ndef make_dataset[\s\S]*$/,
        '\n'
      ),
      'shared/data/loaders.mojo':
        'from .dataset import Dataset\n\n\ndef make_dataset(size: Int) -> Dataset:\n    return Dataset(size)\n',
      'shared/data/__init__.mojo':
        '"""Datasets and loaders."""\nfrom .dataset import Dataset\nfrom .loaders import make_dataset\n',
      ...withVersion(w, 'data', '0.1.1')
    }))
    expect(await versionFindings(ws)).toEqual([
      ['pass', 'data 0.1.0 → 0.1.1 (patch) since v0.1.0: its public API is unchanged.']
    ])
  })

  it("says so and checks only the bump when the tag's sources no longer compile with this compiler", async () => {
    const old = (w: string) => ({
      'shared/data/dataset.mojo': read(w, 'shared/data/dataset.mojo').replace(
        'def make_dataset',
        'fn make_dataset'
      )
    })
    const ws = initRepo(fixtureCopy(old(fixtureWorkspace)), 'v0.1.0')
    commit(ws, 'def, 0.1.1', {
      'shared/data/dataset.mojo': read(ws, 'shared/data/dataset.mojo').replace(
        'fn make_dataset',
        'def make_dataset'
      ),
      ...withVersion(ws, 'data', '0.1.1')
    })
    expect(await versionFindings(ws)).toEqual([
      [
        'pass',
        'data 0.1.0 → 0.1.1 (patch) since v0.1.0; the public API was not compared: the sources at v0.1.0 no ' +
          "longer compile with Mojo 1.2.0 (shared/data/dataset.mojo:13:1: 'fn' has been removed; use 'def' " +
          'instead); only the bump was checked'
      ]
    ])
    expect(gitIn(ws, 'status', '--porcelain')).toBe('')
  })
})

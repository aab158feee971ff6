import { describe, expect, it } from '@jest/globals'
import {
  bumpFinding,
  bumpOf,
  earlierRelease,
  neededBump,
  type BumpCase
} from '../../src/checklist/version-bump.js'

describe('bumpOf', () => {
  it.each([
    ['0.1.0', '0.1.1', 'patch'],
    ['0.1.3', '0.2.0', 'minor'],
    ['0.9.0', '1.0.0', 'major'],
    ['1.2.3', '1.2.3', 'none'],
    ['0.2.0', '0.1.0', 'none'],
    ['0.26.1.0', '0.26.2.0', 'patch'],
    ['0.26.1.0', '0.27.0.0', 'minor'],
    ['0.26.1.1', '0.26.1.2', 'other'],
    ['1.0.0b2', '1.0.0', 'other'],
    ['1.0.0-rc.1', '1.0.0', 'other'],
    ['1.2', '1.2.1', 'patch']
  ])('%s -> %s is %s', (from, to, bump) => {
    expect(bumpOf(from, to)).toBe(bump)
  })
})

describe('neededBump', () => {
  const removed = { removed: ['clamp'], added: [] }
  const added = { removed: [], added: ['clamp'] }
  const same = { removed: [], added: [] }

  it('needs a major bump for a removal and a minor one for an addition from 1.0', () => {
    expect([neededBump('1.2.0', removed), neededBump('1.2.0', added)]).toEqual(['major', 'minor'])
  })

  it("needs a minor bump for a removal and a patch for an addition before 1.0 (Cargo's rule)", () => {
    expect([neededBump('0.3.1', removed), neededBump('0.3.1', added)]).toEqual(['minor', 'patch'])
  })

  it('reads the first three parts of a 4-part PEP 440 version as major, minor and patch', () => {
    expect([neededBump('0.26.1.2', removed), neededBump('1.0.0.1', removed)]).toEqual(['minor', 'major'])
  })

  it('needs only some bump when the public API did not change', () => {
    expect(neededBump('1.0.0', same)).toBe('other')
  })
})

describe('earlierRelease', () => {
  it('takes the highest version tag not above the current version', () => {
    expect(earlierRelease(['v0.1.0', 'v0.2.0', 'v0.10.0', 'v1.0.0', 'latest'], [], '0.10.1')).toEqual({
      tag: 'v0.10.0',
      version: '0.10.0'
    })
  })

  it("leaves out the tag on HEAD, a tag build's own", () => {
    expect(earlierRelease(['v0.1.0', 'v0.2.0'], ['v0.2.0'], '0.2.0')).toEqual({
      tag: 'v0.1.0',
      version: '0.1.0'
    })
  })

  it('counts a tag of the current version on an earlier commit: that version was released', () => {
    expect(earlierRelease(['v0.1.0', 'v0.2.0'], [], '0.2.0')).toEqual({ tag: 'v0.2.0', version: '0.2.0' })
  })

  it('compares 4-part PEP 440 versions', () => {
    expect(earlierRelease(['v0.26.1.2', 'v0.26.1.10', 'v0.26.2.0'], [], '0.26.1.11')?.tag).toBe('v0.26.1.10')
  })

  it('finds none when no tag is a version at or below the current one', () => {
    expect(earlierRelease(['nightly', 'v2.0.0'], [], '1.0.0')).toBeUndefined()
  })
})

describe('bumpFinding', () => {
  const since = { tag: 'v0.1.0', version: '0.1.0' }
  const data: BumpCase = {
    name: 'data',
    where: 'shared/data/mojo.toml',
    file: 'shared/data/mojo.toml',
    since,
    from: '0.1.0',
    to: '0.1.0',
    changed: 2
  }

  it('finds a package that changed without a bump, a failure with error', () => {
    expect(bumpFinding(data, 'error')).toEqual({
      item: 'Version bump appropriately (patch/minor/major)',
      state: 'fail',
      file: 'shared/data/mojo.toml',
      detail:
        'data: 2 source files changed since v0.1.0, but its version is still 0.1.0: raise it in shared/data/mojo.toml.'
    })
  })

  it('finds a bump smaller than the change to the public API, a warning with warn', () => {
    const finding = bumpFinding(
      { ...data, to: '0.1.1', api: { removed: ['clamp', 'Dataset.length'], added: ['clamp'] } },
      'warn'
    )
    expect([finding.state, finding.detail]).toEqual([
      'warn',
      'data 0.1.0 → 0.1.1 (patch) since v0.1.0, but its public API removes `Dataset.length`, changes the ' +
        'signature of `clamp`: that needs a minor bump before 1.0, 0.2.0 at least. Raise the version in ' +
        'shared/data/mojo.toml.'
    ])
  })

  it('passes a bump as big as the change', () => {
    const finding = bumpFinding(
      { ...data, to: '2.0.0', from: '1.4.2', api: { removed: ['clamp'], added: [] } },
      'error'
    )
    expect([finding.state, finding.detail]).toEqual([
      'pass',
      'data 1.4.2 → 2.0.0 (major) since v0.1.0: its public API removes `clamp`.'
    ])
  })

  it('passes a bumped package whose API was not compared, saying why', () => {
    const note = 'the public API was not compared: the sources at v0.1.0 no longer compile with Mojo 1.2.0'
    expect(bumpFinding({ ...data, to: '0.1.1', note }, 'error')).toMatchObject({
      state: 'pass',
      detail: `data 0.1.0 → 0.1.1 (patch) since v0.1.0; ${note}`
    })
  })
})

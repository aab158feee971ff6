import { describe, expect, it } from '@jest/globals'
import semver from 'semver'
import { ToolchainError } from '../../src/errors.js'
import {
  normaliseVersion,
  resolveVersion,
  toolCacheVersion,
  wantsNightlyIndex
} from '../../src/toolchain/version.js'

/** What PyPI and the nightly index list for mojo-compiler (state: October 2026). */
const STABLE = [
  '0.25.6.0',
  '0.25.7.0',
  '0.26.1.0',
  '0.26.2.0',
  '1.0.0b1',
  '1.0.0b2',
  '1.0.0',
  '1.1.0',
  '1.2.0'
]
const NIGHTLY = ['1.2.0.dev2026092205', '1.3.0.dev2026103005', '1.3.0.dev2026103105']

describe('resolveVersion', () => {
  const all = [...STABLE, ...NIGHTLY]

  it('finds an exact version', () => {
    expect(resolveVersion({ kind: 'exact', version: '1.1.0' }, all)).toBe('1.1.0')
  })

  it('finds a four-part version from its three-part spelling, as the index spells it', () => {
    expect(resolveVersion({ kind: 'exact', version: '0.26.2' }, all)).toBe('0.26.2.0')
  })

  it('takes latest as the newest final release, not a beta or nightly', () => {
    expect(resolveVersion({ kind: 'latest' }, all)).toBe('1.2.0')
  })

  it('takes nightly as the newest dev build', () => {
    expect(resolveVersion({ kind: 'nightly' }, all)).toBe('1.3.0.dev2026103105')
  })

  it('takes the newest final release inside a range', () => {
    expect(resolveVersion({ kind: 'range', specifier: '>=1.0,<1.2' }, all)).toBe('1.1.0')
  })

  it('resolves ~= by PEP 440, not SemVer', () => {
    expect(resolveVersion({ kind: 'range', specifier: '~=0.26.1' }, all)).toBe('0.26.2.0')
  })

  it('keeps betas out of a range that names none', () => {
    expect(resolveVersion({ kind: 'range', specifier: '<1.0.0' }, all)).toBe('0.26.2.0')
  })

  it('admits betas when the range names one', () => {
    expect(resolveVersion({ kind: 'range', specifier: '>=1.0.0b1,<=1.0.0b2' }, all)).toBe('1.0.0b2')
  })

  it('admits dev builds when the range names one (pixi nightly pins)', () => {
    expect(resolveVersion({ kind: 'range', specifier: '>=1.0.0b3.dev2026072406,<2' }, all)).toBe(
      '1.3.0.dev2026103105'
    )
  })

  it('matches a wildcard', () => {
    expect(resolveVersion({ kind: 'range', specifier: '==1.0.*' }, STABLE)).toBe('1.0.0')
  })

  it('names the yanked version when an exact request matches only a yanked file', () => {
    expect(() => resolveVersion({ kind: 'exact', version: '1.1.0' }, ['1.2.0'], ['1.1.0'])).toThrow(
      /1\.1\.0 was yanked/
    )
  })

  it('says what is available when nothing satisfies, newest first', () => {
    expect(() => resolveVersion({ kind: 'range', specifier: '>=9' }, ['1.1.0', '1.2.0'])).toThrow(
      new ToolchainError(
        "no mojo-compiler version satisfies '>=9': available: 1.2.0, 1.1.0; set mojo-version to one of them."
      )
    )
  })

  it('names the nearest versions when a locked nightly is gone from the index', () => {
    const nightlies = ['1.0.0b3.dev2026072405', '1.0.0b3.dev2026072407', '1.0.0b3.dev2026072408']
    const available = ['1.2.0', '1.1.0', '1.0.0', ...nightlies, '1.0.0b2', '1.0.0b1', '0.26.2.0']
    expect(() => resolveVersion({ kind: 'exact', version: '1.0.0b3.dev2026072406' }, available)).toThrow(
      new ToolchainError(
        "no mojo-compiler version satisfies '1.0.0b3.dev2026072406': nearest: 1.0.0b3.dev2026072407, " +
          '1.0.0b3.dev2026072405, 1.0.0b3.dev2026072408, 1.0.0b2, 1.0.0, 1.0.0b1, ...; set mojo-version to one of them.'
      )
    )
  })

  it('names the closest versions first when the locked one is past either end of the index', () => {
    const available = ['1.2.0', '1.1.0', '1.0.0', '1.0.0b2', '0.26.2.0']
    expect(() => resolveVersion({ kind: 'exact', version: '1.3.0' }, available)).toThrow(
      /nearest: 1\.2\.0, 1\.1\.0, 1\.0\.0, \.\.\.;/
    )
    expect(() => resolveVersion({ kind: 'exact', version: '0.25.7.0' }, available)).toThrow(
      /nearest: 0\.26\.2\.0, 1\.0\.0b2, 1\.0\.0, \.\.\.;/
    )
  })
})

describe('wantsNightlyIndex', () => {
  it.each([
    [{ kind: 'nightly' } as const, true],
    [{ kind: 'exact', version: '1.3.0.dev2026103105' } as const, true],
    [{ kind: 'range', specifier: '>=1.0.0b3.dev2026072406,<2' } as const, true],
    [{ kind: 'exact', version: '1.0.0b2' } as const, false],
    [{ kind: 'latest' } as const, false]
  ])('%j -> %s', (request, nightly) => {
    expect(wantsNightlyIndex(request)).toBe(nightly)
  })
})

describe('normaliseVersion', () => {
  it('gives equal versions one spelling', () => {
    expect([normaliseVersion('0.26.2'), normaliseVersion('0.26.2.0')]).toEqual(['0.26.2', '0.26.2'])
  })

  it('pads short versions and keeps pre-release parts', () => {
    expect([normaliseVersion('1.2'), normaliseVersion('1.0.0b3.dev2026072406')]).toEqual([
      '1.2.0',
      '1.0.0b3.dev2026072406'
    ])
  })
})

describe('toolCacheVersion', () => {
  it.each([
    ['1.2.0', '1.2.0'],
    ['0.26.2.0', '0.26.2'],
    ['0.26.2.1', '0.26.2-r.1'],
    ['1.0.0b2', '1.0.0-b2'],
    ['1.3.0.dev2026103105', '1.3.0-dev2026103105'],
    ['1.0.0b3.dev2026072406', '1.0.0-b3.dev2026072406']
  ])('spells %s as SemVer %s, which tool-cache keeps as is', (version, name) => {
    expect([toolCacheVersion(version), semver.clean(name)]).toEqual([name, name])
  })
})

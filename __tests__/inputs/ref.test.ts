import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../src/errors.js'
import { tagVersion } from '../../src/inputs/ref.js'
import { checkTag } from '../../src/project/tag-check.js'

const packages = [
  { name: 'data', version: '0.1.0', mojoToml: 'shared/data/mojo.toml', relDir: 'shared/data' },
  { name: 'training', version: '0.2.0', mojoToml: 'shared/training/mojo.toml', relDir: 'shared/training' }
]

describe('tagVersion', () => {
  it('reads vX.Y.Z and X.Y.Z tags', () => {
    expect([tagVersion('refs/tags/v1.2.3'), tagVersion('refs/tags/1.2.3-rc.1')]).toEqual([
      '1.2.3',
      '1.2.3-rc.1'
    ])
  })

  it('ignores branches and tags that are not versions', () => {
    expect([tagVersion('refs/heads/v1.2.3'), tagVersion('refs/tags/nightly'), tagVersion(undefined)]).toEqual(
      [undefined, undefined, undefined]
    )
  })
})

describe('checkTag', () => {
  it('passes when every package carries the tag version', () => {
    expect(checkTag([packages[0]], 'refs/tags/v0.1.0')).toBe('0.1.0')
  })

  it('fails naming the package, its version and the tag', () => {
    const check = () => checkTag(packages, 'refs/tags/v0.1.0')
    expect(check).toThrow(InputError)
    expect(check).toThrow(
      "Input 'check-tag': the tag v0.1.0 says version 0.1.0, but training is 0.2.0 (shared/training/mojo.toml)."
    )
  })

  it('does not check branch builds', () => {
    expect(checkTag(packages, 'refs/heads/main')).toBeUndefined()
  })
})

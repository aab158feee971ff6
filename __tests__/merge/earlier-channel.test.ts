/** The pure part of keeping a channel's earlier releases: the URL, the served repodata, what is kept. */
import { describe, expect, it } from '@jest/globals'
import {
  channelUrlInput,
  describeEarlier,
  listedPackages,
  packagesToKeep,
  type ListedPackage
} from '../../src/merge/earlier-channel.js'

const URL = 'https://octo.github.io/mylib'
const sha = (c: string): string => c.repeat(64)

function repodata(packages: Record<string, unknown>): string {
  return JSON.stringify({ info: { subdir: 'noarch' }, packages: {}, 'packages.conda': packages })
}

describe('channelUrlInput', () => {
  it('takes an https URL without its trailing slash, and nothing for an empty input', () => {
    expect(channelUrlInput(`${URL}/`)).toBe(URL)
    expect(channelUrlInput('')).toBeUndefined()
  })

  it('takes http only from this machine', () => {
    expect(channelUrlInput('http://127.0.0.1:8080/ch')).toBe('http://127.0.0.1:8080/ch')
    expect(() => channelUrlInput('http://octo.github.io/mylib')).toThrow(
      "Input 'channel-url': 'http://octo.github.io/mylib' is not an https:// URL."
    )
  })

  it('refuses credentials, and never prints them', () => {
    const thrown = (() => {
      try {
        channelUrlInput('https://user:secret@octo.github.io/mylib')
      } catch (error) {
        return (error as Error).message
      }
    })()
    expect(thrown).toContain('holds credentials')
    expect(thrown).not.toContain('secret')
  })
})

describe('listedPackages', () => {
  it('lists each package with its subdir and sha256', () => {
    const text = repodata({ 'mylib-0.1.0-mojo_1.2.0_0.conda': { name: 'mylib', sha256: sha('a') } })
    expect(listedPackages('noarch', text, `${URL}/noarch/repodata.json`)).toEqual([
      { subdir: 'noarch', file: 'mylib-0.1.0-mojo_1.2.0_0.conda', sha256: sha('a') }
    ])
  })

  it.each(['../evil.conda', 'noarch/x.conda', 'a\\b.conda', '.hidden.conda', 'x..conda', 'mylib.tar.bz2'])(
    'refuses the unsafe name %j, which would land outside the channel folder',
    (file) => {
      expect(() => listedPackages('noarch', repodata({ [file]: { sha256: sha('a') } }), URL)).toThrow(
        'which is not a plain .conda file name'
      )
    }
  )

  it('refuses a package listed without a sha256, which could not be checked', () => {
    expect(() => listedPackages('noarch', repodata({ 'a-1-0.conda': { sha256: 'abc' } }), URL)).toThrow(
      'lists a-1-0.conda without a sha256'
    )
  })

  it('refuses a repodata.json that is not JSON, naming its URL', () => {
    expect(() => listedPackages('noarch', '<html>', `${URL}/noarch/repodata.json`)).toThrow(
      `${URL}/noarch/repodata.json is not JSON`
    )
  })
})

describe('packagesToKeep', () => {
  const old: ListedPackage = { subdir: 'noarch', file: 'mylib-0.1.0-mojo_1.2.0_0.conda', sha256: sha('a') }
  const same: ListedPackage = { subdir: 'noarch', file: 'mylib-0.2.0-mojo_1.2.0_0.conda', sha256: sha('b') }

  it('keeps what this release does not build, and not what it builds with the same bytes', () => {
    const release = new Map([[`noarch/${same.file}`, same.sha256]])
    expect(packagesToKeep([old, same], release, URL)).toEqual([old])
  })

  it('refuses a published file this release builds with other bytes, naming it and both hashes', () => {
    const release = new Map([[`noarch/${old.file}`, sha('c')]])
    expect(() => packagesToKeep([old], release, URL)).toThrow(
      `This release builds noarch/${old.file} with sha256 ${sha('c')}, but the channel at ${URL} already publishes that file with sha256 ${sha('a')}`
    )
  })

  it('keeps a file of one name in each subdir apart', () => {
    const platform = { ...old, subdir: 'linux-64' }
    const release = new Map([[`noarch/${old.file}`, old.sha256]])
    expect(packagesToKeep([old, platform], release, URL)).toEqual([platform])
  })
})

describe('describeEarlier', () => {
  it('says how many earlier packages the channel keeps, and where from', () => {
    expect(describeEarlier({ url: URL, records: [] })).toContain(
      `keeps 0 packages of earlier releases from ${URL}`
    )
  })

  it('says a channel starts when nothing was served', () => {
    expect(describeEarlier({ url: URL })).toBe(
      `No earlier channel at ${URL}: the channel starts with this release.`
    )
  })
})

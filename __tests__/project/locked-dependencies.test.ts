/**
 * Reading the Mojo dependencies a project's pixi files name: lock excerpts in the shapes real locks
 * have (format v6 `conda: git+...` with a named packages entry, format v7 `conda_source: name[hash] @
 * git+...` and named platforms), manifest `{ git = ... }` entries, and what is refused before any download.
 */
import { describe, expect, it } from '@jest/globals'
import { ProjectFileError } from '../../src/errors.js'
import {
  dependenciesToFetch,
  lockedDependencies,
  manifestGitDependencies,
  parseGitSource,
  type LockedDependency
} from '../../src/project/locked-dependencies.js'

const COMMIT = 'bac6378444eebacb5c4aa7daa39dba1771ec416e'
const SHA = 'a'.repeat(64)

/** Format v6, as thatstoasty/mog locks mist: the env names the git source, the packages entry its name. */
const V6 = `version: 6
environments:
  default:
    channels:
    - url: https://repo.prefix.dev/mojo-community/
    packages:
      linux-64:
      - conda: https://repo.prefix.dev/mojo-community/noarch/emberjson-0.2.1-h60d57d3_0.conda
      - conda: git+https://github.com/thatstoasty/mist?tag=v0.1.0#${COMMIT}
        build: hb0f4dca_0
      - conda: https://conda.modular.com/max/linux-64/mojo-compiler-0.26.2.0-release.conda
      - conda: https://conda.anaconda.org/conda-forge/linux-64/python-3.14.3-h32b2ec7_101_cp314.conda
packages:
- conda: https://repo.prefix.dev/mojo-community/noarch/emberjson-0.2.1-h60d57d3_0.conda
  sha256: ${SHA}
  depends:
  - mojo-compiler ==0.26.2.0
- conda: git+https://github.com/thatstoasty/mist?tag=v0.1.0#${COMMIT}
  name: mist
  version: 0.1.0
  build: hb0f4dca_0
  subdir: linux-64
- conda: https://conda.modular.com/max/linux-64/mojo-compiler-0.26.2.0-release.conda
  sha256: ${'b'.repeat(64)}
- conda: https://conda.anaconda.org/conda-forge/linux-64/python-3.14.3-h32b2ec7_101_cp314.conda
  sha256: ${'d'.repeat(64)}
  depends:
  - libzlib >=1.3.1,<2.0a0
`

/** Format v7: named platforms, `conda_source` with its hash in brackets, a path source of the workspace. */
const V7 = `version: 7
platforms:
- name: linux-64
environments:
  default:
    channels:
    - url: https://conda.modular.com/max/
    packages:
      linux-64:
      - conda_source: mist[1a2b3c4d] @ git+https://github.com/thatstoasty/mist?tag=v0.2.2#${COMMIT}
      - conda_source: mog[9f8e7d6c] @ .
      - conda: https://conda.modular.com/max/linux-64/mojo-compiler-1.2.0-release.conda
packages:
- conda_source: mist[1a2b3c4d] @ git+https://github.com/thatstoasty/mist?tag=v0.2.2#${COMMIT}
  version: 0.2.2
  build: h1234_0
  subdir: linux-64
- conda: https://conda.modular.com/max/linux-64/mojo-compiler-1.2.0-release.conda
  sha256: ${'c'.repeat(64)}
`

const gitOf = (deps: LockedDependency[], name: string) => {
  const dep = deps.find((d) => d.name === name)
  return dep?.kind === 'git' ? dep.source : undefined
}

describe('lockedDependencies', () => {
  it('reads a format v6 git source by the name of its packages entry', () => {
    const deps = lockedDependencies(V6, 'pixi.lock', 'linux-64', 'default')
    expect(gitOf(deps, 'mist')).toEqual({
      url: 'https://github.com/thatstoasty/mist',
      ref: { kind: 'tag', name: 'v0.1.0' },
      commit: COMMIT
    })
  })

  it('reads a conda package with its sha256 and the compiler it depends on', () => {
    const deps = lockedDependencies(V6, 'pixi.lock', 'linux-64', 'default')
    expect(deps.find((d) => d.name === 'emberjson')).toMatchObject({
      kind: 'conda',
      import: 'emberjson',
      version: '0.2.1',
      sha256: SHA,
      compiler: 'mojo-compiler ==0.26.2.0'
    })
  })

  it('reads a format v7 conda_source with its hash in brackets, and skips a path source', () => {
    const deps = lockedDependencies(V7, 'pixi.lock', 'linux-64', 'default')
    expect(gitOf(deps, 'mist')).toMatchObject({ ref: { kind: 'tag', name: 'v0.2.2' }, commit: COMMIT })
    expect(deps.map((d) => d.name)).not.toContain('mog')
  })

  it('takes only conda packages that depend on the compiler, and not the compiler', () => {
    const deps = lockedDependencies(V6, 'pixi.lock', 'linux-64', 'default')
    expect(deps.map((d) => d.name).sort()).toEqual(['emberjson', 'mist'])
  })

  it('locks nothing for a platform the lock lacks', () => {
    expect(lockedDependencies(V7, 'pixi.lock', 'osx-arm64', 'default')).toEqual([])
  })

  it('refuses a locked git source without a commit, naming pixi.lock', () => {
    const text = V7.replaceAll(`#${COMMIT}`, '')
    expect(() => lockedDependencies(text, 'pixi.lock', 'linux-64', 'default')).toThrow(
      /^pixi\.lock: conda_source 'mist.*names its commit/
    )
  })

  it('refuses a format v6 git source whose packages entry has no name', () => {
    const text = V6.replace('  name: mist\n', '')
    expect(() => lockedDependencies(text, 'pixi.lock', 'linux-64', 'default')).toThrow(ProjectFileError)
  })
})

describe('parseGitSource', () => {
  it('reads a branch and a subdirectory', () => {
    expect(parseGitSource('git+https://h.example/o/r?branch=main&subdirectory=lib/x', 'f', 'w')).toEqual({
      url: 'https://h.example/o/r',
      ref: { kind: 'branch', name: 'main' },
      subdirectory: 'lib/x'
    })
  })

  it.each([
    ['a transport that runs a program', 'git+ext::sh -c touch% /tmp/x'],
    ['credentials in the URL', 'git+https://user:token@h.example/o/r'],
    ['a user name over https', 'git+https://token@h.example/o/r'],
    ['a subdirectory out of the repository', 'git+https://h.example/o/r?subdirectory=../x'],
    ['a ref read as an option', 'git+https://h.example/o/r?branch=--upload-pack=x'],
    ['a short commit', 'git+https://h.example/o/r#abc123'],
    ['a quote that would end the pixi.toml line INSTALL.md shows', 'git+https://h.example/o/r"x'],
    ['a URL git would read as an option', 'git+--upload-pack=touch /tmp/x'],
    ['a descriptor transport', 'git+fd::3'],
    ['an ssh host ssh would read as an option', 'git+ssh://-oProxyCommand=touch%20x/o/r'],
    ['an ssh user ssh would read as an option', 'git+ssh://-oProxyCommand=x@h.example/o/r'],
    ['a commit read as an option', 'git+https://h.example/o/r#--upload-pack=x'],
    ['a rev with a refspec colon', 'git+https://h.example/o/r?rev=main:refs/heads/x'],
    ['a ref name with a newline', 'git+https://h.example/o/r?tag=v1%0A::add-mask::x']
  ])('refuses %s', (_, text) => {
    expect(() => parseGitSource(text, 'pixi.lock', 'w')).toThrow(ProjectFileError)
  })

  it('accepts an ssh URL with its git user', () => {
    expect(parseGitSource('git+ssh://git@h.example/o/r', 'f', 'w').url).toBe('ssh://git@h.example/o/r')
  })
})

describe('manifestGitDependencies', () => {
  it('reads { git, tag } from every dependency table once', () => {
    const text = `
[dependencies]
mist = { git = "https://github.com/thatstoasty/mist.git", tag = "v0.1.0" }
[package.host-dependencies]
mist = { git = "https://github.com/thatstoasty/mist.git", tag = "v0.1.0" }
other = ">=1"
`
    const deps = manifestGitDependencies(text, 'pixi.toml')
    expect(deps).toHaveLength(1)
    expect(gitOf(deps, 'mist')).toEqual({
      url: 'https://github.com/thatstoasty/mist.git',
      ref: { kind: 'tag', name: 'v0.1.0' }
    })
  })
})

describe('dependenciesToFetch', () => {
  const locked = lockedDependencies(V6, 'pixi.lock', 'linux-64', 'default')
  const declared = manifestGitDependencies(
    '[dependencies]\nmist = { git = "https://x.example/m", branch = "dev" }\n',
    'pixi.toml'
  )

  it('keeps only what the packages import, the lock before the manifest', () => {
    const chosen = dependenciesToFetch(locked, declared, new Set(['mist', 'std']), new Set())
    expect(chosen.map((d) => [d.name, d.file])).toEqual([['mist', 'pixi.lock']])
  })

  it('leaves out what the external-packages input or the workspace gives', () => {
    expect(
      dependenciesToFetch(locked, declared, new Set(['mist', 'emberjson']), new Set(['mist', 'emberjson']))
    ).toEqual([])
  })

  const EMBERJSON = 'https://repo.prefix.dev/mojo-community/noarch/emberjson-0.2.1-h60d57d3_0.conda'

  it.each([
    ['credentials it would print and ship in manifest.json', 'https://user:token@repo.example/c/noarch/'],
    ['a backtick that would end the code span INSTALL.md shows', 'https://repo.example/c`x/noarch/'],
    ['a scheme that is not downloaded', 'ftp://repo.example/c/noarch/']
  ])('refuses a fetched conda URL with %s, naming pixi.lock', (_, base) => {
    const text = V6.replaceAll(EMBERJSON, `${base}emberjson-0.2.1-h60d57d3_0.conda`)
    const deps = lockedDependencies(text, 'pixi.lock', 'linux-64', 'default')
    expect(() => dependenciesToFetch(deps, [], new Set(['emberjson']), new Set())).toThrow(
      /^pixi\.lock: conda '/
    )
  })

  it('accepts a conda URL of a local channel folder', () => {
    const text = V6.replaceAll(EMBERJSON, 'file:///srv/channel/noarch/emberjson-0.2.1-h60d57d3_0.conda')
    const deps = lockedDependencies(text, 'pixi.lock', 'linux-64', 'default')
    expect(dependenciesToFetch(deps, [], new Set(['emberjson']), new Set()).map((d) => d.name)).toEqual([
      'emberjson'
    ])
  })

  it('refuses a fetched conda package whose lock entry has no sha256, naming pixi.lock', () => {
    const bare = lockedDependencies(V6.replace(`  sha256: ${SHA}\n`, ''), 'pixi.lock', 'linux-64', 'default')
    expect(() => dependenciesToFetch(bare, [], new Set(['emberjson']), new Set())).toThrow(
      /^pixi\.lock: .*no sha256/
    )
  })
})

import { afterAll, describe, expect, it, jest } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { InputError, ProjectFileError } from '../../src/errors.js'
import { compilerPin, type PinInputs } from '../../src/project/compiler-pin.js'
import type { Host } from '../../src/host.js'
import { MOJOPROJECT, PIXI_APP, PIXI_LIBRARY } from './project-files.js'

const linux: Host = { platform: 'linux', arch: 'x64' }

/** A pixi.lock in format v6: a wide range in pixi.toml, 1.0.0b2 locked (not the newest), two environments. */
const PIXI_LOCK = `version: 6
environments:
  default:
    channels:
    - url: https://conda.modular.com/max/
    - url: https://conda.anaconda.org/conda-forge/
    packages:
      linux-64:
      - conda: https://conda.anaconda.org/conda-forge/linux-64/_openmp_mutex-4.5-2_gnu.tar.bz2
      - conda: https://conda.modular.com/max/linux-64/mojo-compiler-1.0.0b2-release.conda
      - conda: https://conda.modular.com/max/noarch/mojo-python-1.0.0b2-release.conda
      - pypi: https://files.example/numpy-2.0.0-cp312-cp312-manylinux_2_17_x86_64.whl
      osx-arm64:
      - conda: https://conda.modular.com/max/osx-arm64/mojo-compiler-1.0.0b2-release.conda
  legacy:
    channels:
    - url: https://conda.modular.com/max/
    packages:
      linux-64:
      - conda: https://conda.modular.com/max/linux-64/mojo-compiler-0.26.2.0-release.conda
packages:
- conda: https://conda.modular.com/max/linux-64/mojo-compiler-1.0.0b2-release.conda
  sha256: 0000000000000000000000000000000000000000000000000000000000000000
  depends:
  - mojo-python ==1.0.0b2 release
`

/**
 * A pixi.lock in format v7 as pixi 0.77 writes it for a GPU project: packages keyed by named platforms
 * the top-level list defines; two share linux-64, one of them needs CUDA.
 */
const PIXI_LOCK_V7 = `version: 7
platforms:
- name: osx-arm64
  virtual-packages:
  - __unix=0=0
  - __osx=13.0
- name: p1
  subdir: linux-64
  virtual-packages:
  - __cuda=12
  - __glibc=2.34
  - __unix=0=0
  - __linux=4.18
- name: p2
  subdir: linux-64
  virtual-packages:
  - __glibc=2.34
  - __unix=0=0
  - __linux=4.18
environments:
  default:
    channels:
    - url: https://conda.modular.com/max/
    packages:
      osx-arm64:
      - conda: https://conda.modular.com/max/osx-arm64/mojo-compiler-1.2.0-release.conda
      p1:
      - conda: https://conda.modular.com/max/linux-64/mojo-compiler-1.1.0-release.conda
      p2:
      - conda: https://conda.modular.com/max/linux-64/mojo-compiler-1.2.0-release.conda
packages:
- conda: https://conda.modular.com/max/linux-64/mojo-compiler-1.2.0-release.conda
`

const PIXI_RANGE =
  '[workspace]\nplatforms = ["linux-64", "osx-arm64"]\n\n[dependencies]\nmojo = ">=1.0.0b2,<2"\n'

const PYPROJECT = `
[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "fast-kernels"
version = "0.3.0"
requires-python = ">=3.10"
dependencies = [
  "numpy>=1.26",
  "mojo==1.2.0 ; sys_platform != 'win32'",
]

[dependency-groups]
dev = ["pytest>=8"]
`

/** The uv.lock of PYPROJECT: its root package, the project itself, and the compiler it locks. */
const UV_LOCK = `version = 1
requires-python = ">=3.11"

[[package]]
name = "fast-kernels"
version = "0.3.0"
source = { editable = "." }
dependencies = [{ name = "mojo" }, { name = "numpy" }]

[[package]]
name = "mojo"
version = "1.2.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "mojo-compiler" }]

[[package]]
name = "mojo-compiler"
version = "1.2.0"
source = { registry = "https://pypi.org/simple" }
`

const made: string[] = []
afterAll(() => made.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })))

function workspace(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compiler-pin-'))
  made.push(dir)
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text)
  return dir
}

function pin(files: Record<string, string>, inputs: Partial<PinInputs> = {}, host = linux) {
  return compilerPin(
    { workspace: workspace(files), mojoVersion: '', mojoVersionFile: '', pixiEnvironment: '', ...inputs },
    host
  )
}

describe('compilerPin', () => {
  it('takes the mojo-version input first', () => {
    expect(pin({ 'pixi.lock': PIXI_LOCK }, { mojoVersion: '1.2.0' })).toEqual({
      request: { kind: 'exact', version: '1.2.0' },
      origin: 'the mojo-version input'
    })
  })

  it('names the input when mojo-version is not a version', () => {
    expect(() => pin({}, { mojoVersion: 'stable please' })).toThrow(InputError)
  })

  it("takes the version pixi.lock locks for the runner's platform over pixi.toml's range", () => {
    expect(pin({ 'pixi.lock': PIXI_LOCK, 'pixi.toml': PIXI_RANGE })).toEqual({
      request: { kind: 'exact', version: '1.0.0b2' },
      origin: 'pixi.lock, locked for linux-64 (environment default)'
    })
  })

  it("maps a v7 lock's named platforms to their subdir, preferring one that needs no CUDA", () => {
    expect(pin({ 'pixi.lock': PIXI_LOCK_V7 })).toEqual({
      request: { kind: 'exact', version: '1.2.0' },
      origin: 'pixi.lock, locked for linux-64 (platform p2, environment default)'
    })
  })

  it('takes the only named platform of the subdir, whatever it needs', () => {
    const lock = PIXI_LOCK_V7.replace(/- name: p2\n(?: {2}.*\n)+/, '').replace(/ {6}p2:\n.*\n/, '')
    expect(pin({ 'pixi.lock': lock })).toEqual({
      request: { kind: 'exact', version: '1.1.0' },
      origin: 'pixi.lock, locked for linux-64 (platform p1, environment default)'
    })
  })

  it('reads a v7 platform named after its subdir as before', () => {
    expect(pin({ 'pixi.lock': PIXI_LOCK_V7 }, {}, { platform: 'darwin', arch: 'arm64' })).toEqual({
      request: { kind: 'exact', version: '1.2.0' },
      origin: 'pixi.lock, locked for osx-arm64 (environment default)'
    })
  })

  it('takes the first of several named platforms when each needs CUDA, and says so', () => {
    const lock = PIXI_LOCK_V7.replace(
      '  - __glibc=2.34\n  - __unix=0=0\n  - __linux=4.18\nenvironments',
      '  - __cuda=12.8\nenvironments'
    )
    const log: string[] = []
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      log.push(String(chunk))
      return true
    })
    let found
    try {
      found = pin({ 'pixi.lock': lock })
    } finally {
      write.mockRestore()
    }
    expect(found.origin).toBe('pixi.lock, locked for linux-64 (platform p1, environment default)')
    expect(log.join('')).toContain(
      'pixi.lock: several locked platforms are linux-64 (p1, p2): using p1, the first; each needs a virtual ' +
        'package a runner may lack (p1: __cuda=12).'
    )
  })

  it("names each v7 platform's subdir when none is the runner's", () => {
    const log: string[] = []
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      log.push(String(chunk))
      return true
    })
    try {
      pin({ 'pixi.lock': PIXI_LOCK_V7 }, {}, { platform: 'linux', arch: 'arm64' })
    } finally {
      write.mockRestore()
    }
    expect(log.join('')).toContain(
      'Not using pixi.lock: pixi.lock locks nothing for linux-aarch64 (it locks: osx-arm64, p1 (linux-64), p2 (linux-64)).'
    )
  })

  it('reads the environment the pixi-environment input names', () => {
    expect(pin({ 'pixi.lock': PIXI_LOCK }, { pixiEnvironment: 'legacy' }).request).toEqual({
      kind: 'exact',
      version: '0.26.2.0'
    })
  })

  it('names the input and the environments when pixi-environment is not in the lock', () => {
    expect(() => pin({ 'pixi.lock': PIXI_LOCK }, { pixiEnvironment: 'gpu' })).toThrow(
      "Input 'pixi-environment': pixi.lock has no environment 'gpu' (it has: default, legacy): name one of them."
    )
  })

  it('names the input when pixi-environment is given and there is no lock file', () => {
    expect(() => pin({ 'pixi.toml': PIXI_RANGE }, { pixiEnvironment: 'gpu' })).toThrow(
      /^Input 'pixi-environment': there is no pixi\.lock or magic\.lock in .*: commit the lock file, or remove the input\.$/
    )
  })

  it("falls back to pixi.toml when the lock has nothing for the runner's platform", () => {
    const host: Host = { platform: 'linux', arch: 'arm64' }
    expect(pin({ 'pixi.lock': PIXI_LOCK, 'pixi.toml': PIXI_RANGE }, {}, host)).toEqual({
      request: { kind: 'range', specifier: '>=1.0.0b2,<2' },
      origin: 'pixi.toml [dependencies] mojo = ">=1.0.0b2,<2"'
    })
  })

  it('reads a max release locked in an older magic.lock as the Mojo it ships', () => {
    const lock = PIXI_LOCK.replace(/mojo-compiler-1\.0\.0b2-release/g, 'max-core-25.7.0-release')
    expect(pin({ 'magic.lock': lock }).request).toEqual({ kind: 'exact', version: '0.25.7.0' })
  })

  it('names the lock file and the input when it locks a max release with no Mojo on PyPI', () => {
    const lock = PIXI_LOCK.replace(/mojo-compiler-1\.0\.0b2-release/g, 'max-core-25.1.0-release')
    expect(() => pin({ 'magic.lock': lock })).toThrow(
      /^magic\.lock: max-core 25\.1\.0 locked in magic\.lock for linux-64 \(environment default\): no max release this action knows matches \(25\.6\.0 to 26\.7\.0, .*\): set mojo-version/
    )
  })

  it('reads the version uv.lock locks', () => {
    expect(pin({ 'uv.lock': UV_LOCK, 'pyproject.toml': PYPROJECT })).toEqual({
      request: { kind: 'exact', version: '1.2.0' },
      origin: 'mojo-compiler 1.2.0 locked in uv.lock'
    })
  })

  it('fails on a pixi.lock that locks a version outside the range pixi.toml declares', () => {
    const lock = PIXI_LOCK.replace(/1\.0\.0b2/g, '0.26.2.0')
    expect(() => pin({ 'pixi.lock': lock, 'pixi.toml': '[dependencies]\nmojo = ">=1.0"\n' })).toThrow(
      new ProjectFileError(
        'pixi.lock',
        'is stale: pixi.lock locks mojo-compiler 0.26.2.0 for linux-64 (environment default), but pixi.toml ' +
          '[dependencies] mojo = ">=1.0" does not admit it. Run `pixi lock` and commit pixi.lock, or set the ' +
          'mojo-version input to the version to use.'
      )
    )
  })

  it('checks the lock against the features of the environment it reads', () => {
    const toml = (legacy: string) =>
      `${PIXI_RANGE}\n[feature.legacy.dependencies]\nmojo = "${legacy}"\n\n[environments]\n` +
      'legacy = { features = ["legacy"], no-default-feature = true }\n'
    expect(pin({ 'pixi.lock': PIXI_LOCK, 'pixi.toml': toml('==0.26.2.*') }).request).toEqual({
      kind: 'exact',
      version: '1.0.0b2'
    })
    expect(
      pin({ 'pixi.lock': PIXI_LOCK, 'pixi.toml': toml('==0.26.2.*') }, { pixiEnvironment: 'legacy' }).request
    ).toEqual({ kind: 'exact', version: '0.26.2.0' })
    expect(() =>
      pin({ 'pixi.lock': PIXI_LOCK, 'pixi.toml': toml('>=1.0') }, { pixiEnvironment: 'legacy' })
    ).toThrow(
      /^pixi\.lock: is stale: pixi\.lock locks mojo-compiler 0\.26\.2\.0 for linux-64 \(environment legacy\), but pixi\.toml \[feature\.legacy\.dependencies\] mojo = ">=1\.0" does not admit it/
    )
  })

  it('reads a target table of the runner and takes a lock one of several specs admits', () => {
    const toml = `${PIXI_RANGE}\n[target.linux.dependencies]\nmojo = "==1.0.0b2"\n`
    expect(pin({ 'pixi.lock': PIXI_LOCK, 'pixi.toml': toml }).request).toEqual({
      kind: 'exact',
      version: '1.0.0b2'
    })
    const lock = PIXI_LOCK.replace(/1\.0\.0b2/g, '0.26.2.0')
    expect(() => pin({ 'pixi.lock': lock, 'pixi.toml': toml })).toThrow(
      /^pixi\.lock: is stale: .*, but none of pixi\.toml \[dependencies\] mojo = ">=1\.0\.0b2,<2", \[target\.linux\.dependencies\] mojo = "==1\.0\.0b2" admits it/
    )
  })

  it('compares a modular lock with the modular range, in its own numbering', () => {
    const lock = PIXI_LOCK.replace(
      '      - conda: https://conda.modular.com/max/linux-64/mojo-compiler-1.0.0b2-release.conda\n',
      '      - conda: https://conda.modular.com/max/noarch/modular-26.2.0-release.conda\n' +
        '      - conda: https://conda.modular.com/max/linux-64/mojo-compiler-0.26.2.0-release.conda\n'
    )
    expect(
      pin({ 'pixi.lock': lock, 'pixi.toml': '[dependencies]\nmodular = ">=26.2,<26.3"\n' }).request
    ).toEqual({
      kind: 'exact',
      version: '0.26.2.0'
    })
    expect(() => pin({ 'pixi.lock': lock, 'pixi.toml': '[dependencies]\nmodular = ">=26.3"\n' })).toThrow(
      /^pixi\.lock: is stale: pixi\.lock locks modular 26\.2\.0 for linux-64 \(environment default\), but pixi\.toml \[dependencies\] modular = ">=26\.3" does not admit it\. Run `pixi lock`/
    )
  })

  it('fails on a pixi.lock that does not lock the compiler pixi.toml declares', () => {
    expect(() => pin({ 'pixi.lock': PIXI_LOCK, 'pixi.toml': '[dependencies]\nmax = "==26.4.0"\n' })).toThrow(
      /^pixi\.lock: is stale: pixi\.toml \[dependencies\] max = "==26\.4\.0", but pixi\.lock locks no max or max-core or modular for linux-64/
    )
  })

  it('checks a magic.lock against mojoproject.toml', () => {
    const lock = PIXI_LOCK.replace(/1\.0\.0b2/g, '0.26.2.0')
    expect(pin({ 'magic.lock': lock, 'mojoproject.toml': MOJOPROJECT }).request).toEqual({
      kind: 'exact',
      version: '0.26.2.0'
    })
    expect(() => pin({ 'magic.lock': PIXI_LOCK, 'mojoproject.toml': MOJOPROJECT })).toThrow(
      /^magic\.lock: is stale: magic\.lock locks mojo-compiler 1\.0\.0b2 .*but mojoproject\.toml \[dependencies\] mojo = "=0\.26\.2" does not admit it/
    )
  })

  it('fails on a uv.lock whose root package is another project', () => {
    const lock = UV_LOCK.replace('name = "fast-kernels"', 'name = "slow-kernels"')
    expect(() => pin({ 'uv.lock': lock, 'pyproject.toml': PYPROJECT })).toThrow(
      new ProjectFileError(
        'uv.lock',
        "is stale: its root package is 'slow-kernels', but pyproject.toml [project] name is 'fast-kernels'. " +
          'Run `uv lock` and commit uv.lock, or set the mojo-version input to the version to use.'
      )
    )
  })

  it('takes a uv.lock root package named in another PEP 503 spelling as the project', () => {
    const lock = UV_LOCK.replace('name = "fast-kernels"', 'name = "Fast_Kernels"').replace(
      'source = { editable = "." }',
      'source = { virtual = "." }'
    )
    expect(pin({ 'uv.lock': lock, 'pyproject.toml': PYPROJECT }).request).toEqual({
      kind: 'exact',
      version: '1.2.0'
    })
  })

  it('fails on a uv.lock that locks a compiler outside the range pyproject.toml requires', () => {
    const lock = UV_LOCK.replace(/version = "1\.2\.0"/g, 'version = "0.26.2.0"').replace(
      /\[\[package\]\]\nname = "mojo"\n(?:.*\n)+?\n/,
      ''
    )
    const pyproject = PYPROJECT.replace("mojo==1.2.0 ; sys_platform != 'win32'", 'mojo>=1.0.0b1')
    expect(() => pin({ 'uv.lock': lock, 'pyproject.toml': pyproject })).toThrow(
      new ProjectFileError(
        'uv.lock',
        'is stale: uv.lock locks mojo-compiler 0.26.2.0, but pyproject.toml [project] dependencies ' +
          'mojo = ">=1.0.0b1" does not admit it. Run `uv lock` and commit uv.lock, or set the mojo-version ' +
          'input to the version to use.'
      )
    )
  })

  it('reads a .mojo-version file', () => {
    expect(pin({ '.mojo-version': '1.0.0b2\n', 'pyproject.toml': PYPROJECT })).toEqual({
      request: { kind: 'exact', version: '1.0.0b2' },
      origin: '.mojo-version'
    })
  })

  it('maps a modular range to the Mojo release it ships', () => {
    expect(
      pin({ 'mojoproject.toml': '[project]\nname = "web"\n\n[dependencies]\nmodular = ">=25.7.0,<26"\n' })
    ).toEqual({
      request: { kind: 'exact', version: '0.25.7.0' },
      origin: 'mojoproject.toml [dependencies] modular = ">=25.7.0,<26": modular 25.7.0 ships Mojo 0.25.7.0'
    })
  })

  it('maps a max pin the same way', () => {
    expect(pin({ 'pixi.toml': '[dependencies]\nmax = "==26.4.0"\n' }).request).toEqual({
      kind: 'exact',
      version: '1.0.0b2'
    })
  })

  it('names the file and the input when a modular pin matches no known release', () => {
    expect(() => pin({ 'pixi.toml': '[dependencies]\nmax = ">=25.1,<25.5"\n' })).toThrow(
      /^pixi\.toml: pixi\.toml \[dependencies\] max = ">=25\.1,<25\.5": no max release this action knows matches .*set mojo-version/
    )
  })

  it('resolves a conda spec to a PEP 440 request', () => {
    expect(pin({ 'pixi.toml': PIXI_LIBRARY, 'pyproject.toml': PYPROJECT }).request).toEqual({
      kind: 'range',
      specifier: '==1.2.*'
    })
  })

  it('moves on to the next file when pixi.toml does not name Mojo', () => {
    expect(pin({ 'pixi.toml': '[dependencies]\npython = "3.12.*"\n', 'pyproject.toml': PYPROJECT })).toEqual({
      request: { kind: 'exact', version: '1.2.0' },
      origin: `pyproject.toml [project] dependencies mojo = "==1.2.0"`
    })
  })

  it('reads [tool.pixi.dependencies] of a pyproject.toml', () => {
    const text = '[project]\nname = "x"\ndependencies = []\n\n[tool.pixi.dependencies]\nmojo = ">=1.1,<2"\n'
    expect(pin({ 'pyproject.toml': text }).request).toEqual({ kind: 'range', specifier: '>=1.1,<2' })
  })

  it('reads conda fuzzy =0.26.2 as ==0.26.2.*', () => {
    expect(pin({ 'mojoproject.toml': MOJOPROJECT }).request).toEqual({
      kind: 'range',
      specifier: '==0.26.2.*'
    })
  })

  it('uses latest, and says why, when no file names Mojo', () => {
    expect(pin({})).toEqual({
      request: { kind: 'latest' },
      origin: expect.stringMatching(
        /^the default \(no mojo-version input, and none of pixi\.lock, .* names Mojo\)$/
      )
    })
  })

  it('reads the file mojo-version-file names, whatever its kind', () => {
    expect(
      pin({ 'ci.lock': '', 'uv.lock': UV_LOCK, 'pixi.toml': PIXI_APP }, { mojoVersionFile: 'pixi.toml' })
        .origin
    ).toBe('pixi.toml [dependencies] mojo = "==1.2.0"')
  })

  it('names the input when mojo-version-file does not exist', () => {
    expect(() => pin({}, { mojoVersionFile: 'tools/pixi.toml' })).toThrow(InputError)
  })

  it('names the file when mojo-version-file does not name Mojo', () => {
    expect(() =>
      pin({ 'env.toml': '[dependencies]\npython = "3.12.*"\n' }, { mojoVersionFile: 'env.toml' })
    ).toThrow(/^env\.toml: names no Mojo compiler/)
  })

  it('names the file when its spec is not a version', () => {
    expect(() => pin({ 'pixi.toml': '[dependencies]\nmojo = "stable please"\n' })).toThrow(
      /^pixi\.toml: the Mojo version 'stable please'/
    )
  })

  it('names the file when pixi.lock is not YAML', () => {
    expect(() => pin({ 'pixi.lock': 'version: [6\n' })).toThrow(ProjectFileError)
  })
})

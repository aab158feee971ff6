import { afterAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { InputError, ManifestError } from '../../src/errors.js'
import { findMojoSpec, readVersionFile } from '../../src/toolchain/version-file.js'

const PIXI_APP = `
[workspace]
name = "ml-odyssey"
channels = ["https://conda.modular.com/max", "conda-forge"]
platforms = ["linux-64", "linux-aarch64", "osx-arm64"]
preview = ["pixi-build"]

[tasks]
test = "mojo run tests/smoke_data.mojo"

[dependencies]
python = ">=3.11,<3.14"
mojo = "==1.2.0"
`

const PIXI_NIGHTLY = `
[workspace]
channels = ["https://conda.modular.com/max-nightly", "conda-forge"]
platforms = ["linux-64"]

[dependencies]
mojo = { version = ">=1.0.0b3.dev2026072406,<2", channel = "https://conda.modular.com/max-nightly" }
`

const PIXI_LIBRARY = `
[workspace]
channels = ["https://conda.modular.com/max"]
platforms = ["linux-64", "osx-arm64"]
preview = ["pixi-build"]

[package]
name = "odyssey-utils"
version = "0.1.0"

[package.build]
backend = { name = "pixi-build-mojo", version = "0.*" }

[package.host-dependencies]
mojo-compiler = "1.2.*"

[package.run-dependencies]
mojo-compiler = "1.2.*"
`

const MOJOPROJECT = `
[project]
authors = ["Jane Doe <jane@example.com>"]
channels = ["conda-forge", "https://conda.modular.com/max"]
name = "life"
platforms = ["osx-arm64", "linux-64"]
version = "0.1.0"

[tasks]

[dependencies]
mojo = "=0.26.2"
`

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

describe('findMojoSpec', () => {
  it('reads [dependencies] mojo of an app pixi.toml', () => {
    expect(findMojoSpec('pixi.toml', PIXI_APP)).toBe('==1.2.0')
  })

  it('reads the version of a table-form dependency', () => {
    expect(findMojoSpec('pixi.toml', PIXI_NIGHTLY)).toBe('>=1.0.0b3.dev2026072406,<2')
  })

  it('reads mojo-compiler from [package.host-dependencies] of a pixi-build library', () => {
    expect(findMojoSpec('pixi.toml', PIXI_LIBRARY)).toBe('1.2.*')
  })

  it('reads a mojoproject.toml', () => {
    expect(findMojoSpec('mojoproject.toml', MOJOPROJECT)).toBe('=0.26.2')
  })

  it('reads [project].dependencies of a pyproject.toml, without the marker', () => {
    expect(findMojoSpec('pyproject.toml', PYPROJECT)).toBe('==1.2.0')
  })

  it('reads [tool.pixi.dependencies] of a pyproject.toml', () => {
    const text = '[project]\nname = "x"\ndependencies = []\n\n[tool.pixi.dependencies]\nmojo = ">=1.1,<2"\n'
    expect(findMojoSpec('pyproject.toml', text)).toBe('>=1.1,<2')
  })

  it('returns undefined when Mojo is not named', () => {
    expect(findMojoSpec('pixi.toml', '[dependencies]\npython = "3.12.*"\n')).toBeUndefined()
  })

  it('names the file when the TOML is broken', () => {
    expect(() => findMojoSpec('pixi.toml', '[dependencies\nmojo = 1')).toThrow(ManifestError)
  })
})

describe('readVersionFile', () => {
  const made: string[] = []
  afterAll(() => made.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })))

  function workspace(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'version-file-'))
    made.push(dir)
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text)
    return dir
  }

  it('prefers pixi.toml and resolves its conda spec to a PEP 440 request', () => {
    const dir = workspace({ 'pixi.toml': PIXI_LIBRARY, 'pyproject.toml': PYPROJECT })
    expect(readVersionFile(dir, '')).toEqual({
      file: 'pixi.toml',
      request: { kind: 'range', specifier: '==1.2.*' }
    })
  })

  it('moves on to the next file when pixi.toml does not name Mojo', () => {
    const dir = workspace({ 'pixi.toml': '[dependencies]\npython = "3.12.*"\n', 'pyproject.toml': PYPROJECT })
    expect(readVersionFile(dir, '')).toEqual({
      file: 'pyproject.toml',
      request: { kind: 'exact', version: '1.2.0' }
    })
  })

  it('reads conda fuzzy =0.26.2 as ==0.26.2.*', () => {
    const dir = workspace({ 'mojoproject.toml': MOJOPROJECT })
    expect(readVersionFile(dir, '')?.request).toEqual({ kind: 'range', specifier: '==0.26.2.*' })
  })

  it('returns undefined when no file names Mojo', () => {
    expect(readVersionFile(workspace({}), '')).toBeUndefined()
  })

  it('names the input when mojo-version-file does not exist', () => {
    expect(() => readVersionFile(workspace({}), 'tools/pixi.toml')).toThrow(InputError)
  })

  it('names the file when mojo-version-file does not name Mojo', () => {
    const dir = workspace({ 'env.toml': '[dependencies]\npython = "3.12.*"\n' })
    expect(() => readVersionFile(dir, 'env.toml')).toThrow("env.toml: names no 'mojo' or 'mojo-compiler'")
  })

  it('names the file when its spec is not a version', () => {
    const dir = workspace({ 'pixi.toml': '[dependencies]\nmojo = "stable please"\n' })
    expect(() => readVersionFile(dir, '')).toThrow(/^pixi\.toml: the Mojo version 'stable please'/)
  })
})

import { describe, expect, it } from '@jest/globals'
import { ManifestError } from '../../src/errors.js'
import { parseMojoManifest, parsePixiManifest } from '../../src/project/manifest.js'

const file = 'shared/data/mojo.toml'

describe('parseMojoManifest', () => {
  it('reads project fields, dependencies and verify imports', () => {
    const manifest = parseMojoManifest(
      `[project]
name = "training"
version = "0.1.0"
description = "Training loops."
authors = ["ML Odyssey <ml@example.org>"]
license = "MIT"

[dependencies]
odyssey-utils = "^0.1.0"

[verify]
imports = ["Trainer", "train"]
`,
      file
    )
    expect(manifest).toEqual({
      name: 'training',
      version: '0.1.0',
      description: 'Training loops.',
      authors: ['ML Odyssey <ml@example.org>'],
      license: 'MIT',
      requires: { 'odyssey-utils': '^0.1.0' },
      verifyImports: ['Trainer', 'train']
    })
  })

  it('rejects a version that is not SemVer, naming the file and the fix', () => {
    const parse = () => parseMojoManifest('[project]\nname = "data"\nversion = "1.0"\n', file)
    expect(parse).toThrow(ManifestError)
    expect(parse).toThrow(
      /^shared\/data\/mojo\.toml: \[project\] version '1\.0' is not a SemVer version: write it like "0\.1\.0"/
    )
  })

  it('requires a name', () => {
    expect(() => parseMojoManifest('[project]\nversion = "0.1.0"\n', file)).toThrow(
      'shared/data/mojo.toml: needs a package name: add [project] with name = "<package>".'
    )
  })

  it('rejects a name that cannot become an import name', () => {
    expect(() => parseMojoManifest('[project]\nname = "2d-tools"\n', file)).toThrow(
      /'2d-tools' is not a usable package name/
    )
  })

  it('rejects a dependency whose range is not SemVer', () => {
    expect(() =>
      parseMojoManifest('[project]\nname = "t"\n[dependencies]\ndata = "latest!"\n', file)
    ).toThrow(/\[dependencies\] data must be a SemVer range string, e.g. data = "\^0\.1\.0"/)
  })

  it('rejects verify imports that are not identifiers', () => {
    expect(() => parseMojoManifest('[project]\nname = "t"\n[verify]\nimports = ["a b"]\n', file)).toThrow(
      "[verify] imports: 'a b' is not a Mojo identifier."
    )
  })

  it('reports TOML syntax errors with their place', () => {
    expect(() => parseMojoManifest('[project\nname = "x"', file)).toThrow(
      /^shared\/data\/mojo\.toml: is not valid TOML \(line 1/
    )
  })
})

describe('parsePixiManifest', () => {
  it('reads a [workspace] with no package', () => {
    expect(
      parsePixiManifest(
        '[workspace]\nname = "ml-odyssey"\nversion = "0.1.0"\nlicense = "MIT"\nchannels = []\n',
        'pixi.toml'
      )
    ).toEqual({ workspace: { name: 'ml-odyssey', version: '0.1.0', license: 'MIT' } })
  })

  it('reads the legacy [project] table of older pixi.toml and mojoproject.toml', () => {
    expect(
      parsePixiManifest('[project]\nname = "old"\nversion = "0.3.0"\n', 'mojoproject.toml').workspace
    ).toEqual({
      name: 'old',
      version: '0.3.0',
      license: undefined
    })
  })

  it('reads a pixi-build [package], inheriting fields marked workspace = true', () => {
    const pixi = parsePixiManifest(
      `[workspace]
name = "lib-ws"
version = "2.0.0"
license = "Apache-2.0"
preview = ["pixi-build"]

[package]
name = "fastmath"
version.workspace = true

[package.build]
backend = { name = "pixi-build-mojo", version = "*" }
`,
      'pixi.toml'
    )
    expect(pixi.package).toEqual({ name: 'fastmath', version: '2.0.0', license: undefined })
  })

  it('requires a [package] name', () => {
    expect(() => parsePixiManifest('[package]\nversion = "0.1.0"\n', 'pixi.toml')).toThrow(
      'pixi.toml: [package] needs name = "<package>".'
    )
  })
})

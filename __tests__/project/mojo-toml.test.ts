import { describe, expect, it } from '@jest/globals'
import { ProjectFileError } from '../../src/errors.js'
import { parseMojoToml } from '../../src/project/mojo-toml.js'

const file = 'shared/data/mojo.toml'

describe('parseMojoToml', () => {
  it('reads project fields, dependencies and verify imports', () => {
    const manifest = parseMojoToml(
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

  it('rejects a version that is neither SemVer nor PEP 440, naming the file and the fix', () => {
    const parse = () => parseMojoToml('[project]\nname = "data"\nversion = "1.0-final-2"\n', file)
    expect(parse).toThrow(ProjectFileError)
    expect(parse).toThrow(
      /^shared\/data\/mojo\.toml: \[project\] version '1\.0-final-2' is neither a SemVer nor a PEP 440 version: write it like "0\.1\.0" or "0\.26\.1\.2"/
    )
  })

  it('reads a 4-part PEP 440 version', () => {
    expect(parseMojoToml('[project]\nname = "data"\nversion = "0.26.1.2"\n', file).version).toBe('0.26.1.2')
  })

  it('requires a name', () => {
    expect(() => parseMojoToml('[project]\nversion = "0.1.0"\n', file)).toThrow(
      'shared/data/mojo.toml: needs a package name: add [project] with name = "<package>".'
    )
  })

  it('rejects a name that cannot become an import name', () => {
    expect(() => parseMojoToml('[project]\nname = "2d-tools"\n', file)).toThrow(
      /'2d-tools' is not a usable package name/
    )
  })

  it('rejects a dependency whose range is not SemVer', () => {
    expect(() => parseMojoToml('[project]\nname = "t"\n[dependencies]\ndata = "latest!"\n', file)).toThrow(
      /\[dependencies\] data must be a SemVer range or PEP 440 specifier string, e.g. data = "\^0\.1\.0"/
    )
  })

  it('rejects verify imports that are not identifiers', () => {
    expect(() => parseMojoToml('[project]\nname = "t"\n[verify]\nimports = ["a b"]\n', file)).toThrow(
      "[verify] imports: 'a b' is not a Mojo identifier."
    )
  })

  it('reports TOML syntax errors with their place', () => {
    expect(() => parseMojoToml('[project\nname = "x"', file)).toThrow(
      /^shared\/data\/mojo\.toml: is not valid TOML \(line 1/
    )
  })
})

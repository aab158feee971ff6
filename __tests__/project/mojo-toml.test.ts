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

  it('refuses a license holding a newline, naming the file and key (it would add a METADATA header)', () => {
    const text =
      '[project]\nname = "data"\nversion = "0.1.0"\nlicense = "MIT\\nRequires-Dist: evilpkg==6.6.6"\n'
    expect(() => parseMojoToml(text, file)).toThrow(
      'shared/data/mojo.toml: [project].license holds a control character (\\n): write it on one line, without control characters.'
    )
  })

  it('refuses a description holding a lone carriage return, and takes one written over several lines', () => {
    const manifest = (description: string) =>
      `[project]\nname = "data"\nversion = "0.1.0"\ndescription = "${description}"\n`
    expect(() => parseMojoToml(manifest('Data.\\rRequires-Dist: evilpkg'), file)).toThrow(
      '[project].description holds a control character (\\r)'
    )
    expect(parseMojoToml(manifest('Data\\n  loaders.'), file).description).toBe('Data\n  loaders.')
  })

  it('refuses an author holding a control character', () => {
    const text = '[project]\nname = "data"\nversion = "0.1.0"\nauthors = ["A\\u001b[31m"]\n'
    expect(() => parseMojoToml(text, file)).toThrow('[project].authors holds a control character (\\x1b)')
  })

  it('refuses a license that is not an SPDX expression', () => {
    const text = '[project]\nname = "data"\nversion = "0.1.0"\nlicense = "MIT License, see LICENSE"\n'
    expect(() => parseMojoToml(text, file)).toThrow(
      "[project].license 'MIT License, see LICENSE' is not an SPDX license expression"
    )
  })
})

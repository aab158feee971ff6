import { describe, expect, it } from '@jest/globals'
import { ProjectFileError } from '../../src/errors.js'
import { compilerDependency, parsePixiToml } from '../../src/project/pixi-toml.js'
import { readToml } from '../../src/project/toml.js'
import { MOJOPROJECT, PIXI_APP, PIXI_LIBRARY, PIXI_NIGHTLY } from './project-files.js'

describe('compilerDependency', () => {
  const read = (text: string) => compilerDependency(readToml(text, 'pixi.toml'))

  it('reads [dependencies] mojo of an app pixi.toml', () => {
    expect(read(PIXI_APP)).toEqual({ name: 'mojo', spec: '==1.2.0', table: '[dependencies]' })
  })

  it('reads the version of a table-form dependency', () => {
    expect(read(PIXI_NIGHTLY)?.spec).toBe('>=1.0.0b3.dev2026072406,<2')
  })

  it('reads mojo-compiler from [package.host-dependencies] of a pixi-build library', () => {
    expect(read(PIXI_LIBRARY)).toEqual({
      name: 'mojo-compiler',
      spec: '1.2.*',
      table: '[package.host-dependencies]'
    })
  })

  it('reads a mojoproject.toml', () => {
    expect(read(MOJOPROJECT)?.spec).toBe('=0.26.2')
  })

  it('reads a modular pin when Mojo is not named', () => {
    expect(read('[dependencies]\nmodular = ">=25.7.0,<26"\n')).toEqual({
      name: 'modular',
      spec: '>=25.7.0,<26',
      table: '[dependencies]'
    })
  })

  it('returns undefined when Mojo is not named', () => {
    expect(read('[dependencies]\npython = "3.12.*"\n')).toBeUndefined()
  })
})

describe('parsePixiToml', () => {
  it('reads a [workspace] with no package', () => {
    expect(
      parsePixiToml(
        '[workspace]\nname = "ml-odyssey"\nversion = "0.1.0"\nlicense = "MIT"\nchannels = []\n',
        'pixi.toml'
      )
    ).toEqual({
      workspace: { name: 'ml-odyssey', version: '0.1.0', license: 'MIT' },
      compiler: undefined,
      dependencies: []
    })
  })

  it('lists the other conda dependencies with the table that declares each', () => {
    const text =
      '[dependencies]\nmojo = "==1.2.0"\nsmall_time = "==0.0.2"\n\n[package]\nname = "x"\n\n[package.host-dependencies]\nvectors = ">=0.1"\n'
    expect(parsePixiToml(text, 'pixi.toml').dependencies).toEqual([
      { name: 'small_time', table: '[dependencies]' },
      { name: 'vectors', table: '[package.host-dependencies]' }
    ])
  })

  it('reads the legacy [project] table of older pixi.toml and mojoproject.toml', () => {
    expect(
      parsePixiToml('[project]\nname = "old"\nversion = "0.3.0"\n', 'mojoproject.toml').workspace
    ).toEqual({
      name: 'old',
      version: '0.3.0',
      license: undefined
    })
  })

  it('reads a pixi-build [package], inheriting fields marked workspace = true', () => {
    const pixi = parsePixiToml(
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

  it('names the file when the TOML is broken', () => {
    expect(() => parsePixiToml('[dependencies\nmojo = 1', 'pixi.toml')).toThrow(ProjectFileError)
  })

  it('requires a [package] name', () => {
    expect(() => parsePixiToml('[package]\nversion = "0.1.0"\n', 'pixi.toml')).toThrow(
      'pixi.toml: [package] needs name = "<package>".'
    )
  })
})

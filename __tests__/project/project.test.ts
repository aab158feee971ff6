import { afterEach, describe, expect, it } from '@jest/globals'
import path from 'node:path'
import { InputError, ProjectFileError } from '../../src/errors.js'
import { loadProject, type ProjectInputs } from '../../src/project/project.js'
import { fixtureCopy, fixtureWorkspace, removeTempDirs, tempDir, writeFiles } from '../support/temp.js'

const fixture = fixtureWorkspace

/** A copy of the fixture workspace with `files` (path -> content) written into it; `null`: only `files`. */
function workspaceWith(files: Record<string, string>, base: typeof fixture | null = fixture): string {
  return base ? fixtureCopy(files) : writeFiles(tempDir('project'), files)
}

afterEach(removeTempDirs)

const inputs = (workspace: string, more: Partial<ProjectInputs> = {}): ProjectInputs => ({
  workspace,
  packages: [],
  outputDir: 'dist',
  version: '',
  checkTag: true,
  ...more
})

const pkgToml = (name: string, version = '0.1.0') => `[project]\nname = "${name}"\nversion = "${version}"\n`
const names = (project: { packages: { relDir: string }[] }) => project.packages.map((p) => p.relDir)

describe('loadProject', () => {
  it('discovers the fixture packages with their manifests and workspace metadata', async () => {
    const project = await loadProject(inputs(fixture), {})
    expect(project).toMatchObject({ name: 'ml-odyssey', version: '0.1.0', license: 'MIT' })
    expect(project.packages.map((p) => [p.relDir, p.name, p.import, p.version, p.dependencies])).toEqual([
      ['shared/data', 'data', 'data', '0.1.0', []],
      ['shared/training', 'training', 'training', '0.1.0', ['odyssey_utils']],
      ['shared/utils', 'odyssey-utils', 'odyssey_utils', '0.1.0', []]
    ])
  })

  it('fills every field of a package from its mojo.toml', async () => {
    const project = await loadProject(inputs(fixture), {})
    expect(project.packages.find((p) => p.name === 'training')).toEqual({
      dir: path.join(fixture, 'shared', 'training'),
      relDir: 'shared/training',
      mojoToml: 'shared/training/mojo.toml',
      name: 'training',
      import: 'training',
      version: '0.1.0',
      description: 'Training loops for ml-odyssey.',
      license: 'MIT',
      authors: ['ML Odyssey <ml@example.org>'],
      requires: { 'odyssey-utils': '^0.1.0' },
      dependencies: ['odyssey_utils'],
      verifyImports: ['Trainer', 'train']
    })
  })

  it('skips the output folder, dot-folders and node_modules', async () => {
    const init = '"""x"""\n'
    const ws = workspaceWith({
      'dist/built/__init__.mojo': init,
      'dist/built/mojo.toml': pkgToml('built'),
      '.pixi/envs/pkg/__init__.mojo': init,
      '.pixi/envs/pkg/mojo.toml': pkgToml('pixienv'),
      'node_modules/m/__init__.mojo': init,
      'node_modules/m/mojo.toml': pkgToml('nodemod')
    })
    expect(names(await loadProject(inputs(ws), {}))).toEqual([
      'shared/data',
      'shared/training',
      'shared/utils'
    ])
  })

  it('leaves out package folders without mojo.toml when discovering', async () => {
    const ws = workspaceWith({ 'tools/helpers/__init__.mojo': '' })
    expect(names(await loadProject(inputs(ws), {}))).not.toContain('tools/helpers')
  })

  it('finds no packages in a workspace without any (the action is then a setup step)', async () => {
    const ws = workspaceWith({ 'README.md': 'hi' }, null)
    expect(await loadProject(inputs(ws), {})).toEqual({
      name: path.basename(ws),
      version: undefined,
      license: undefined,
      packages: []
    })
  })

  it('selects packages by folder and glob', async () => {
    const project = await loadProject(
      inputs(fixture, { packages: ['shared/{data,utils}', './shared/utils/'] }),
      {}
    )
    expect(names(project)).toEqual(['shared/data', 'shared/utils'])
  })

  it('selects packages with ** globs', async () => {
    expect(names(await loadProject(inputs(fixture, { packages: ['**/d*'] }), {}))).toEqual(['shared/data'])
  })

  it('rejects a packages line that matches no package folder, naming the line', async () => {
    const load = loadProject(inputs(fixture, { packages: ['shared/*', 'libs/*'] }), {})
    await expect(load).rejects.toThrow(InputError)
    await expect(load).rejects.toThrow(
      /^Input 'packages': 'libs\/\*' matches no folder holding __init__\.mojo/
    )
  })

  it('rejects a packages folder that is not a package', async () => {
    await expect(loadProject(inputs(fixture, { packages: ['site'] }), {})).rejects.toThrow(
      /Input 'packages': 'site' matches no folder holding __init__\.mojo/
    )
  })

  it('rejects a selection that leaves out a dependency', async () => {
    await expect(loadProject(inputs(fixture, { packages: ['shared/training'] }), {})).rejects.toThrow(
      /shared\/training\/mojo\.toml: \[dependencies\] names 'odyssey-utils', which is not a package being built/
    )
  })

  it('names a folder without mojo.toml after the folder and versions it from pixi.toml', async () => {
    const ws = workspaceWith({ 'extra/fast-io/__init__.mojo': '' })
    const project = await loadProject(inputs(ws, { packages: ['extra/fast-io'] }), {})
    expect(project.packages.map((p) => [p.name, p.import, p.version, p.mojoToml])).toEqual([
      ['fast-io', 'fast_io', '0.1.0', undefined]
    ])
  })

  it('asks for mojo.toml or the version input when a package has no version anywhere', async () => {
    const ws = workspaceWith({ 'lib/__init__.mojo': '' }, null)
    const load = loadProject(inputs(ws, { packages: ['lib'] }), {})
    await expect(load).rejects.toThrow(ProjectFileError)
    await expect(load).rejects.toThrow(
      /^lib\/mojo\.toml: is missing, and no version is given .* set the 'version' input\./
    )
  })

  it('finds the package pixi.toml [package] describes in <name>/', async () => {
    const ws = workspaceWith(
      {
        'pixi.toml': '[workspace]\nname = "ws"\n\n[package]\nname = "fastmath"\nversion = "1.4.0"\n',
        'fastmath/__init__.mojo': ''
      },
      null
    )
    const project = await loadProject(inputs(ws), {})
    expect(project.packages.map((p) => [p.relDir, p.name, p.version])).toEqual([
      ['fastmath', 'fastmath', '1.4.0']
    ])
  })

  it('finds the pixi.toml [package] in src/', async () => {
    const ws = workspaceWith(
      { 'pixi.toml': '[package]\nname = "fast-math"\nversion = "1.4.0"\n', 'src/__init__.mojo': '' },
      null
    )
    const project = await loadProject(inputs(ws), {})
    expect(project.packages.map((p) => [p.relDir, p.import])).toEqual([['src', 'fast_math']])
  })

  it('applies the version input to every package', async () => {
    const project = await loadProject(inputs(fixture, { version: '0.3.0' }), {})
    expect(new Set(project.packages.map((p) => p.version))).toEqual(new Set(['0.3.0']))
  })

  it('rejects a version input that is not SemVer', async () => {
    await expect(loadProject(inputs(fixture, { version: '0.3' }), {})).rejects.toThrow(
      "Input 'version': '0.3' is not a SemVer version: write it like 0.1.0."
    )
  })

  it('rejects two packages with the same import name, naming both folders', async () => {
    const ws = workspaceWith({
      'more/utils2/__init__.mojo': '',
      'more/utils2/mojo.toml': pkgToml('odyssey_utils')
    })
    await expect(loadProject(inputs(ws), {})).rejects.toThrow(
      /the packages in more\/utils2 \('odyssey_utils'\) and shared\/utils \('odyssey-utils'\) would both be imported as 'odyssey_utils'/
    )
  })

  it('checks the packages against a release tag', async () => {
    await expect(loadProject(inputs(fixture), { GITHUB_REF: 'refs/tags/v0.2.0' })).rejects.toThrow(
      /the tag v0\.2\.0 says version 0\.2\.0, but data is 0\.1\.0/
    )
  })

  it('skips the tag check when check-tag is false', async () => {
    const project = await loadProject(inputs(fixture, { checkTag: false }), {
      GITHUB_REF: 'refs/tags/v0.2.0'
    })
    expect(project.packages).toHaveLength(3)
  })
})

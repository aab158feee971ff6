import { afterEach, describe, expect, it } from '@jest/globals'
import path from 'node:path'
import { InputError, ProjectFileError } from '../../src/errors.js'
import { loadProject, type ProjectInputs } from '../../src/project/project.js'
import { withStdout } from '../support/stdout.js'
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
const pkgs = (project: { packages: { relDir: string; import: string; name: string; version: string }[] }) =>
  project.packages.map((p) => [p.relDir, p.import, p.name, p.version])

describe('loadProject', () => {
  it('discovers the fixture packages with their manifests and workspace metadata', async () => {
    const project = await loadProject(inputs(fixture), {})
    expect(project).toMatchObject({ name: 'ml-odyssey', version: '0.1.0', license: 'MIT' })
    expect(project.packages.map((p) => [p.relDir, p.name, p.import, p.version, p.dependencies])).toEqual([
      ['shared/data', 'data', 'data', '0.1.0', []],
      ['shared/odyssey_utils', 'odyssey-utils', 'odyssey_utils', '0.1.0', []],
      ['shared/training', 'training', 'training', '0.1.0', ['odyssey_utils']]
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
      'shared/odyssey_utils',
      'shared/training'
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
      declaredDependencies: {},
      packages: []
    })
  })

  it('selects packages by folder and glob', async () => {
    const project = await loadProject(
      inputs(fixture, { packages: ['shared/{data,utils}', './shared/odyssey_utils/'] }),
      {}
    )
    expect(names(project)).toEqual(['shared/data', 'shared/odyssey_utils'])
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
    const ws = workspaceWith({ 'extra/fast_io/__init__.mojo': '' })
    const project = await loadProject(inputs(ws, { packages: ['extra/fast_io'] }), {})
    expect(project.packages.map((p) => [p.name, p.import, p.version, p.mojoToml])).toEqual([
      ['fast_io', 'fast_io', '0.1.0', undefined]
    ])
  })

  it('imports a package by its folder, whatever name its mojo.toml gives', async () => {
    const ws = workspaceWith({ 'shared/data/mojo.toml': pkgToml('ml-odyssey-data') })
    const data = (await loadProject(inputs(ws), {})).packages.find((p) => p.relDir === 'shared/data')
    expect([data?.name, data?.import]).toEqual(['ml-odyssey-data', 'data'])
  })

  it('refuses a package folder whose name code cannot import, saying how to rename it', async () => {
    const ws = workspaceWith({ 'extra/fast-io/__init__.mojo': '' })
    await expect(loadProject(inputs(ws, { packages: ['extra/fast-io'] }), {})).rejects.toThrow(
      "extra/fast-io: code imports a package by its folder's name, and 'fast-io' is not a Mojo identifier: rename the folder (e.g. fast_io)."
    )
  })

  it('gives a package without mojo.toml the workspace packages it imports as dependencies', async () => {
    const ws = workspaceWith({
      'apps/cli/__init__.mojo':
        'from odyssey_utils import clamp\nimport data.dataset\nfrom std.math import sqrt\n'
    })
    const project = await loadProject(inputs(ws, { packages: ['apps/cli', 'shared/*'] }), {})
    expect(project.packages.find((p) => p.relDir === 'apps/cli')?.dependencies).toEqual([
      'data',
      'odyssey_utils'
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

  it('rejects a version input that is neither SemVer nor PEP 440', async () => {
    await expect(loadProject(inputs(fixture, { version: 'one' }), {})).rejects.toThrow(
      "Input 'version': 'one' is neither a SemVer nor a PEP 440 version: write it like 0.1.0 or 0.26.1.2."
    )
  })

  it('takes a 4-part PEP 440 version and checks ranges against it', async () => {
    const ws = workspaceWith({
      'shared/odyssey_utils/mojo.toml': pkgToml('odyssey-utils', '0.26.1.2'),
      'shared/training/mojo.toml': `${pkgToml('training')}\n[dependencies]\nodyssey-utils = ">=0.26.1,<0.27"\n`
    })
    const utils = (await loadProject(inputs(ws), {})).packages.find((p) => p.import === 'odyssey_utils')
    expect(utils?.version).toBe('0.26.1.2')
  })

  it('rejects two packages with the same import name, naming both folders', async () => {
    const ws = workspaceWith({
      'more/odyssey_utils/__init__.mojo': '',
      'more/odyssey_utils/mojo.toml': pkgToml('more-utils')
    })
    await expect(loadProject(inputs(ws), {})).rejects.toThrow(
      /the packages in more\/odyssey_utils \('more-utils'\) and shared\/odyssey_utils \('odyssey-utils'\) would both be imported as 'odyssey_utils': rename one of the folders/
    )
  })

  it('finds the package a pixi workspace is named after, with no [package]', async () => {
    const ws = workspaceWith(
      { 'pixi.toml': '[workspace]\nname = "marrowish"\nversion = "0.1.0"\n', 'marrowish/__init__.mojo': '' },
      null
    )
    expect(names(await loadProject(inputs(ws), {}))).toEqual(['marrowish'])
  })

  it('finds a mojoproject.toml [project] package in src/<name>', async () => {
    const ws = workspaceWith(
      {
        'mojoproject.toml': '[project]\nname = "web-kit"\nversion = "0.2.0"\n',
        'src/web_kit/__init__.mojo': ''
      },
      null
    )
    const project = await loadProject(inputs(ws), {})
    expect(project.packages.map((p) => [p.relDir, p.name, p.import, p.version])).toEqual([
      ['src/web_kit', 'web-kit', 'web_kit', '0.2.0']
    ])
  })

  it('ships the library a workspace mojo.toml [packages] lists, leaving out program folders', async () => {
    const ws = workspaceWith(
      {
        'mojo.toml':
          '[package]\nname = "odyssey"\nversion = "0.3.0"\nlicense = "BSD-3-Clause"\n\n' +
          '[packages]\nodyssey = "src/odyssey"\nexamples = "examples"\ntests = "tests"\n',
        'src/odyssey/__init__.mojo': '',
        'examples/__init__.mojo': '',
        'tests/__init__.mojo': ''
      },
      null
    )
    const project = await loadProject(inputs(ws), {})
    expect(project.packages.map((p) => [p.relDir, p.name, p.import, p.version, p.license])).toEqual([
      ['src/odyssey', 'odyssey', 'odyssey', '0.3.0', 'BSD-3-Clause']
    ])
  })

  it('fails, naming the folder and the fix, when a library folder is left unbuilt', async () => {
    const ws = workspaceWith({ 'lib/__init__.mojo': '' }, null)
    const load = loadProject(inputs(ws), {})
    await expect(load).rejects.toThrow(ProjectFileError)
    await expect(load).rejects.toThrow(
      /^lib: a library folder with no mojo\.toml, in a project that gives no name and version, so this build would ship nothing\. List the ones to build in the 'packages' input \(e\.g\. packages: lib with version: 0\.1\.0\), or add a mojo\.toml/
    )
  })

  it("builds nothing, on purpose, with 'packages: none'", async () => {
    const ws = workspaceWith({ 'lib/__init__.mojo': '', 'other/__init__.mojo': '' }, null)
    const project = await loadProject(inputs(ws, { packages: ['none'] }), {})
    expect(project.packages).toEqual([])
  })

  it('stays a setup step, with a warning, when the only __init__.mojo folders are tests', async () => {
    const ws = workspaceWith({ 'tests/__init__.mojo': '' }, null)
    const out = await withStdout(() => loadProject(inputs(ws), {}))
    expect(out.result?.packages).toEqual([])
    expect(out.stdout).toContain(
      '::warning::Found folders with __init__.mojo (tests), but none is a package to build'
    )
  })

  it('finds the only library folder of a pixi [package] (src/lib for my-lib)', async () => {
    const ws = workspaceWith(
      {
        'pixi.toml': '[workspace]\nchannels = []\n\n[package]\nname = "my-lib"\nversion = "0.3.0"\n',
        'src/lib/__init__.mojo': '',
        'tests/test_lib.mojo': ''
      },
      null
    )
    expect(pkgs(await loadProject(inputs(ws), {}))).toEqual([['src/lib', 'lib', 'my-lib', '0.3.0']])
  })

  it('finds the only library folder of a pixi [workspace] with a name and a version', async () => {
    const ws = workspaceWith(
      {
        'pixi.toml': '[workspace]\nname = "odyssey"\nversion = "1.2.0"\n',
        'src/kernels/__init__.mojo': '',
        'examples/demo/__init__.mojo': ''
      },
      null
    )
    expect(pkgs(await loadProject(inputs(ws), {}))).toEqual([['src/kernels', 'kernels', 'odyssey', '1.2.0']])
  })

  it('finds the pyproject.toml [project] package at the root, named as an identifier', async () => {
    const ws = workspaceWith(
      {
        'pyproject.toml': '[project]\nname = "My.Lib"\nversion = "0.4.0"\n',
        'my_lib/__init__.mojo': '',
        'other/__init__.mojo': ''
      },
      null
    )
    expect(pkgs(await loadProject(inputs(ws), {}))).toEqual([['my_lib', 'my_lib', 'My.Lib', '0.4.0']])
  })

  it('finds the folder a recipe.yaml build script packages', async () => {
    const ws = workspaceWith(
      {
        'pixi.toml': '[workspace]\nname = "tools"\nversion = "0.1.0"\n',
        'recipe/recipe.yaml':
          'build:\n  script:\n    - mkdir -p $PREFIX/lib/mojo\n    - mojo package -I deps $SRC_DIR/core/fastcore -o $PREFIX/lib/mojo/fastcore.mojopkg\n',
        'core/fastcore/__init__.mojo': '',
        'extras/__init__.mojo': ''
      },
      null
    )
    const out = await withStdout(() => loadProject(inputs(ws), {}))
    expect(pkgs(out.result!)).toEqual([['core/fastcore', 'fastcore', 'tools', '0.1.0']])
    expect(out.stdout).toContain(
      "fastcore (core/fastcore): the folder recipe/recipe.yaml's build script packages"
    )
  })

  it("reads a recipe's templated -o file as one word, and imports the package by its name", async () => {
    const ws = workspaceWith(
      {
        'pixi.toml': '[package]\nname = "aligner"\nversion = "1.4.0"\n',
        'recipe.yaml':
          'build:\n  script:\n    - mojo package -o ${{ PREFIX }}/share/mojo/alignlib.mojopkg ./src\n',
        'src/__init__.mojo': '',
        'tools/__init__.mojo': ''
      },
      null
    )
    const out = await withStdout(() => loadProject(inputs(ws), {}))
    expect(pkgs(out.result!)).toEqual([['src', 'alignlib', 'aligner', '1.4.0']])
    expect(out.stdout).toContain("alignlib (src): the folder recipe.yaml's build script packages")
  })

  it('finds the folder a pixi task packages, under the name its -o file gives', async () => {
    const ws = workspaceWith(
      {
        'mojoproject.toml':
          '[project]\nname = "sdl-bindings"\nversion = "0.1.0"\n\n' +
          '[tasks]\nbuild = "mojo package src -o sdl.mojopkg && echo done"\n',
        'src/__init__.mojo': ''
      },
      null
    )
    const out = await withStdout(() => loadProject(inputs(ws), {}))
    expect(pkgs(out.result!)).toEqual([['src', 'sdl', 'sdl-bindings', '0.1.0']])
    expect(out.stdout).toContain('sdl (src): the folder a mojoproject.toml task packages')
  })

  it('also builds the library folders a found package imports, transitively', async () => {
    const ws = workspaceWith(
      {
        'pixi.toml': '[workspace]\nname = "tls"\nversion = "0.3.0"\n',
        'tls/__init__.mojo': 'from crypto.hash import sha\n',
        'crypto/__init__.mojo': 'import bigint\n',
        'bigint/__init__.mojo': '',
        'x509/__init__.mojo': ''
      },
      null
    )
    const out = await withStdout(() => loadProject(inputs(ws), {}))
    expect(pkgs(out.result!)).toEqual([
      ['bigint', 'bigint', 'bigint', '0.3.0'],
      ['crypto', 'crypto', 'crypto', '0.3.0'],
      ['tls', 'tls', 'tls', '0.3.0']
    ])
    expect(out.stdout).toContain('crypto (crypto): imported by tls')
    expect(out.stdout).toContain('bigint (bigint): imported by crypto')
  })

  it('leaves out an imported folder that pixi.toml declares as a dependency: a vendored copy', async () => {
    const ws = workspaceWith(
      {
        'pixi.toml': '[workspace]\nname = "geo"\nversion = "0.1.0"\n\n[dependencies]\nvectors = ">=0.1.0"\n',
        'geo/__init__.mojo': 'from vectors import Vec\n',
        'vendor/vectors/__init__.mojo': ''
      },
      null
    )
    expect(pkgs(await loadProject(inputs(ws), {}))).toEqual([['geo', 'geo', 'geo', '0.1.0']])
  })

  it("finds pixi-build-mojo's [package.build.configuration.pkg] name in src/<name>", async () => {
    const ws = workspaceWith(
      {
        'pixi.toml':
          '[package]\nname = "greetings-kit"\nversion = "2.0.0"\n\n' +
          '[package.build.configuration.pkg]\nname = "greetings"\n',
        'src/greetings/__init__.mojo': '',
        'src/other/__init__.mojo': ''
      },
      null
    )
    const out = await withStdout(() => loadProject(inputs(ws), {}))
    expect(pkgs(out.result!)).toEqual([['src/greetings', 'greetings', 'greetings-kit', '2.0.0']])
    expect(out.stdout).toContain(
      'greetings (src/greetings): pixi.toml [package.build.configuration.pkg] name greetings'
    )
  })

  it("takes pixi-build-mojo's [package.build.configuration.pkg] path, named by its name", async () => {
    const ws = workspaceWith(
      {
        'pixi.toml':
          '[package]\nname = "greetings-kit"\nversion = "2.0.0"\n\n' +
          '[package.build.configuration.pkg]\nname = "greetings"\npath = "./lib/greet_src/"\n',
        'lib/greet_src/__init__.mojo': '',
        'src/other/__init__.mojo': ''
      },
      null
    )
    expect(pkgs(await loadProject(inputs(ws), {}))).toEqual([
      ['lib/greet_src', 'greetings', 'greetings-kit', '2.0.0']
    ])
  })

  it('takes src/ itself as the package when src/__init__.mojo exists, imported by the project name', async () => {
    const ws = workspaceWith(
      { 'mojoproject.toml': '[project]\nname = "fast-path"\nversion = "0.5.0"\n', 'src/__init__.mojo': '' },
      null
    )
    expect(pkgs(await loadProject(inputs(ws), {}))).toEqual([['src', 'fast_path', 'fast-path', '0.5.0']])
  })

  it('fails on several library folders and no rule to choose, naming them and the packages input', async () => {
    const ws = workspaceWith(
      {
        'pixi.toml': '[workspace]\nname = "suite"\nversion = "0.1.0"\n',
        'alpha/__init__.mojo': '',
        'src/beta/__init__.mojo': ''
      },
      null
    )
    await expect(loadProject(inputs(ws), {})).rejects.toThrow(
      /^alpha, src\/beta: several library folders and no rule to choose.*List the ones to build in the 'packages' input/
    )
  })

  it('does not take a folder under tests/ or fixtures/ as the library', async () => {
    const ws = workspaceWith(
      {
        'pixi.toml': '[workspace]\nname = "suite"\nversion = "0.1.0"\n',
        'src/mylib/__init__.mojo': '',
        'tests/fixtures/fakepkg/__init__.mojo': '',
        'integration/fixtures/other/__init__.mojo': ''
      },
      null
    )
    expect(names(await loadProject(inputs(ws), {}))).toEqual(['src/mylib'])
  })

  it('logs which rule found each package', async () => {
    const out = await withStdout(() => loadProject(inputs(fixture), {}))
    expect(out.stdout).toContain('data (shared/data): its mojo.toml\n')
    const picked = await withStdout(() => loadProject(inputs(fixture, { packages: ['shared/data'] }), {}))
    expect(picked.stdout).toContain("data (shared/data): the 'packages' input\n")
  })

  it('logs the only-library-folder rule with the project it came from', async () => {
    const ws = workspaceWith(
      { 'pixi.toml': '[package]\nname = "my-lib"\nversion = "0.3.0"\n', 'src/lib/__init__.mojo': '' },
      null
    )
    const out = await withStdout(() => loadProject(inputs(ws), {}))
    expect(out.stdout).toContain("lib (src/lib): the only library folder of pixi.toml's package my-lib\n")
  })

  it('accepts a tag spelled as a 4-part version', async () => {
    const ws = workspaceWith(
      { 'pixi.toml': '[package]\nname = "fast"\nversion = "0.26.1.2"\n', 'src/__init__.mojo': '' },
      null
    )
    const project = await loadProject(inputs(ws), { GITHUB_REF: 'refs/tags/v0.26.1.2' })
    expect(project.packages[0].version).toBe('0.26.1.2')
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

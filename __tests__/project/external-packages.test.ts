import { afterEach, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { collectExternals } from '../../src/project/external-packages.js'
import type { Project } from '../../src/project/package-spec.js'
import { removeTempDirs, tempDir, writeFiles } from '../support/temp.js'

afterEach(removeTempDirs)

const project = (...imports: string[]): Project =>
  ({ name: 'ws', packages: imports.map((i) => ({ import: i })) }) as unknown as Project

function collect(files: Record<string, string>, lines: string[], environment = '', imports = ['data']) {
  const workspace = writeFiles(tempDir('externals'), files)
  const found = collectExternals(
    { workspace, externalPackages: lines, pixiEnvironment: environment },
    project(...imports)
  )
  return found.map((e) => [e.import, e.kind, path.relative(workspace, e.path), e.from])
}

describe('collectExternals', () => {
  it('takes a precompiled file, a source package folder and a folder of both', () => {
    expect(
      collect(
        {
          'deps/json.mojoc': 'x',
          'vendor/small_time/__init__.mojo': '',
          'more/net.mojopkg': 'x',
          'more/fmt/__init__.mojo': '',
          'more/notes.txt': 'x'
        },
        ['deps/json.mojoc', 'vendor/small_time', 'more']
      )
    ).toEqual([
      ['json', 'precompiled', 'deps/json.mojoc', 'external-packages: deps/json.mojoc'],
      ['small_time', 'source', 'vendor/small_time', 'external-packages: vendor/small_time'],
      ['fmt', 'source', 'more/fmt', 'external-packages: more'],
      ['net', 'precompiled', 'more/net.mojopkg', 'external-packages: more']
    ])
  })

  it("adds the pixi environment's lib/mojo, for the environment pixi-environment names", () => {
    const files = {
      '.pixi/envs/gpu/lib/mojo/emberjson.mojoc': 'x',
      '.pixi/envs/default/lib/mojo/other.mojoc': 'x'
    }
    expect(collect(files, [], 'gpu')).toEqual([
      ['emberjson', 'precompiled', '.pixi/envs/gpu/lib/mojo/emberjson.mojoc', '.pixi/envs/gpu/lib/mojo']
    ])
  })

  it('leaves out what the workspace builds itself, and keeps the first of two with one name', () => {
    const files = { 'a/data.mojoc': 'x', 'a/json.mojoc': 'x', 'b/json.mojoc': 'x' }
    expect(collect(files, ['a', 'b']).map(([name, , file]) => [name, file])).toEqual([
      ['json', 'a/json.mojoc']
    ])
  })

  it('names the input and what it takes when a line holds no package', () => {
    expect(() => collect({ 'docs/readme.md': 'x' }, ['docs'])).toThrow(
      "Input 'external-packages': 'docs' holds no package: name a .mojoc or .mojopkg file, a folder of them, or a source package folder (holding __init__.mojo)."
    )
  })

  it('refuses a relative line that links out of the repository, and takes the same package named absolute', () => {
    const outside = writeFiles(tempDir('canary'), { 'json.mojoc': 'x' })
    const workspace = tempDir('externals')
    fs.symlinkSync(outside, path.join(workspace, 'deps'))
    const collectLine = (line: string) =>
      collectExternals({ workspace, externalPackages: [line], pixiEnvironment: '' }, project('data'))
    expect(() => collectLine('deps/json.mojoc')).toThrow(
      /^Input 'external-packages': 'deps\/json\.mojoc' leads out of the repository \(deps: .*\): write its absolute path/
    )
    expect(collectLine(path.join(outside, 'json.mojoc')).map((e) => e.import)).toEqual(['json'])
  })

  it('refuses a file whose name code cannot import', () => {
    expect(() => collect({ 'deps/my-json.mojoc': 'x' }, ['deps/my-json.mojoc'])).toThrow(
      /'my-json' is not a Mojo identifier/
    )
  })
})

import { afterEach, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { findLicenseFile } from '../../src/project/license-file.js'
import { loadProject } from '../../src/project/project.js'
import { fixtureCopy, fixtureWorkspace, removeTempDirs, tempDir, writeFiles } from '../support/temp.js'

afterEach(removeTempDirs)

const load = (workspace: string) =>
  loadProject({ workspace, packages: [], outputDir: 'dist', version: '', checkTag: false }, {})

const pkg = (name: string, extra = '') => ({
  [`${name}/__init__.mojo`]: '"""x"""\n',
  [`${name}/mojo.toml`]: `[project]\nname = "${name}"\nversion = "0.1.0"\n${extra}`
})

describe('findLicenseFile', () => {
  it('takes LICENSE before LICENSE.md, LICENCE and COPYING', async () => {
    const dir = writeFiles(tempDir('ws'), {
      COPYING: 'c',
      'LICENSE.md': 'm',
      'licence.txt': 't',
      LICENSE: 'l'
    })
    expect(await findLicenseFile(dir, dir)).toBe(path.join(dir, 'LICENSE'))
    fs.rmSync(path.join(dir, 'LICENSE'))
    expect(await findLicenseFile(dir, dir)).toBe(path.join(dir, 'LICENSE.md'))
  })

  it('finds none in a folder without one', async () => {
    const dir = writeFiles(tempDir('ws'), { 'README.md': 'hi', 'LICENSES/MIT.txt': 'x' })
    expect(await findLicenseFile(dir, dir)).toBeUndefined()
  })

  it("takes a link to the workspace's license file", async () => {
    const ws = writeFiles(tempDir('ws'), { LICENSE: 'MIT text', ...pkg('data') })
    fs.symlinkSync('../LICENSE', path.join(ws, 'data', 'LICENSE'))
    expect(await findLicenseFile(ws, path.join(ws, 'data'))).toBe(path.join(ws, 'data', 'LICENSE'))
  })

  it('refuses a link that resolves outside the workspace, naming it', async () => {
    const outside = writeFiles(tempDir('elsewhere'), { LICENSE: 'x' })
    const ws = writeFiles(tempDir('ws'), pkg('data'))
    fs.symlinkSync(path.join(outside, 'LICENSE'), path.join(ws, 'data', 'LICENSE'))
    await expect(findLicenseFile(ws, path.join(ws, 'data'))).rejects.toThrow(
      /^data\/LICENSE: the license file resolves to .*, outside the repository/
    )
  })

  it("takes the file a manifest's license-file names, relative to the manifest", async () => {
    const ws = writeFiles(tempDir('ws'), { 'docs/LICENSE.txt': 'x', LICENSE: 'y' })
    const declared = { value: 'docs/LICENSE.txt', manifest: 'pixi.toml' }
    expect(await findLicenseFile(ws, ws, declared)).toBe(path.join(ws, 'docs', 'LICENSE.txt'))
  })

  it('refuses a license-file that names no file, naming the manifest and the key', async () => {
    const ws = writeFiles(tempDir('ws'), pkg('data'))
    const declared = { value: 'LICENSE', manifest: 'data/mojo.toml' }
    await expect(findLicenseFile(ws, path.join(ws, 'data'), declared)).rejects.toThrow(
      "data/mojo.toml: license-file 'LICENSE' is not a file in the workspace: name the file holding the license text"
    )
  })
})

describe('loadProject', () => {
  it("gives the fixture's packages no license file of their own and the workspace its LICENSE", async () => {
    const project = await load(fixtureWorkspace)
    expect(project.licenseFile).toBe(path.join(fixtureWorkspace, 'LICENSE'))
    expect(project.manifest).toBe('pixi.toml')
    expect(project.packages.map((p) => [p.relDir, p.license, p.licenseFile])).toEqual([
      ['shared/data', 'MIT', undefined],
      ['shared/odyssey_utils', 'MIT', undefined],
      ['shared/training', 'MIT', undefined]
    ])
  })

  it("takes a package folder's own license file", async () => {
    const ws = fixtureCopy({ 'shared/data/LICENSE.md': 'Apache text' })
    const data = (await load(ws)).packages.find((p) => p.relDir === 'shared/data')
    expect(data?.licenseFile).toBe(path.join(ws, 'shared', 'data', 'LICENSE.md'))
  })

  it('reads license-file from mojo.toml [project] and pixi.toml [workspace]', async () => {
    const ws = writeFiles(tempDir('ws'), {
      'pixi.toml': '[workspace]\nname = "ws"\nversion = "0.1.0"\nlicense-file = "legal/COPYING"\n',
      'legal/COPYING': 'GPL text',
      'legal/data.txt': 'data text',
      ...pkg('data', 'license = "MIT"\nlicense-file = "../legal/data.txt"\n'),
      ...pkg('plain')
    })
    const project = await load(ws)
    expect(project.licenseFile).toBe(path.join(ws, 'legal', 'COPYING'))
    expect(project.packages.map((p) => [p.name, p.licenseFile])).toEqual([
      ['data', path.join(ws, 'legal', 'data.txt')],
      ['plain', undefined]
    ])
  })

  it('finds no license file in a workspace without one', async () => {
    const project = await load(writeFiles(tempDir('ws'), pkg('data')))
    expect([project.licenseFile, project.manifest, project.packages[0].licenseFile]).toEqual([
      undefined,
      undefined,
      undefined
    ])
  })
})

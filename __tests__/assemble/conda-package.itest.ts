/**
 * A conda package of a package the real 1.2.0 compiler precompiled, installed as pixi and conda users get
 * one: a real conda client (py-rattler) indexes a local channel holding it and the real compiler (as a
 * conda package built from its wheels), solves, installs into a fresh prefix, and the prefix's own `mojo`
 * imports it with no -I, given the driver settings that point at the prefix as activation does.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { condaVersion, writeConda } from '../../src/assemble/conda-package.js'
import type { Distribution } from '../../src/assemble/distribution.js'
import { driverEnv } from '../../src/toolchain/env.js'
import {
  compilerConda,
  condaChannel,
  condaInstall,
  condaSorted,
  exec,
  PLATFORM_SUBDIR
} from '../support/conda.js'
import { GEOMETRY_APP, precompiledGeometry } from '../support/geometry.js'
import { removeTempDirs, tempDir } from '../support/temp.js'
import { testToolchain } from '../support/toolchain.js'

afterAll(removeTempDirs)

let geometry: Distribution
let geometryConda: string
let compiler: string

beforeAll(async () => {
  const toolchain = await testToolchain('1.2.0')
  geometry = precompiledGeometry(toolchain)
  geometryConda = await writeConda(geometry, tempDir('dist'))
  compiler = await compilerConda('1.2.0', tempDir('compiler'))
})

describe('a conda package of a real precompiled package', () => {
  it('installs with a conda client, which brings the exact compiler, and the prefix mojo imports it', async () => {
    const channel = condaChannel({ noarch: [geometryConda], platform: [compiler] })
    const prefix = path.join(tempDir('env'), 'prefix')
    const installed = await condaInstall(channel, prefix, ['geometry'])
    expect(installed).toMatchObject({ code: 0, stderr: '' })
    expect(JSON.parse(installed.stdout)).toEqual([
      { name: 'geometry', version: '0.1.0', build: 'mojo_1.2.0_0', subdir: 'noarch' },
      { name: 'mojo-compiler', version: '1.2.0', build: 'release', subdir: PLATFORM_SUBDIR }
    ])
    const installedFile = path.join(prefix, 'lib', 'mojo', 'geometry.mojoc')
    expect(fs.readFileSync(installedFile)).toEqual(fs.readFileSync(geometry.package!.file))
    expect(fs.existsSync(path.join(prefix, 'conda-meta', 'geometry-0.1.0-mojo_1.2.0_0.json'))).toBe(true)

    // An empty folder: `mojo run` also searches the program's own folder, which must not hold the package.
    const work = tempDir('app')
    fs.writeFileSync(path.join(work, 'app.mojo'), GEOMETRY_APP)
    const env = {
      ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('MODULAR_'))),
      ...driverEnv(prefix),
      HOME: work
    }
    const mojoRun = () => exec(path.join(prefix, 'bin', 'mojo'), ['run', 'app.mojo'], env, work)
    expect(await mojoRun()).toMatchObject({ code: 0, stdout: 'area: 12\n' })
    // And the conda package is what provided it: without its file, the import fails.
    fs.rmSync(installedFile)
    const without = await mojoRun()
    expect(without.code).not.toBe(0)
    expect(without.stderr).toContain("unable to locate module 'geometry'")
  })

  it('is not installed when the channel has only another compiler version', async () => {
    const other = await compilerConda('1.1.0', tempDir('compiler'))
    const channel = condaChannel({ noarch: [geometryConda], platform: [other] })
    const installed = await condaInstall(channel, path.join(tempDir('env'), 'prefix'), ['geometry'])
    expect(installed.code).toBe(1)
    expect(installed.stderr).toContain('mojo-compiler ==1.2.0')
  })

  it('as a bundle brings every package it depends on, and the compiler', async () => {
    const bundle = await writeConda(
      { ...geometry, name: 'shapes', package: undefined, requires: [{ name: 'geometry', version: '0.1.0' }] },
      tempDir('dist')
    )
    const channel = condaChannel({ noarch: [geometryConda, bundle], platform: [compiler] })
    const installed = await condaInstall(channel, path.join(tempDir('env'), 'prefix'), ['shapes'])
    expect(installed).toMatchObject({ code: 0, stderr: '' })
    expect(JSON.parse(installed.stdout).map((r: { name: string }) => r.name)).toEqual([
      'geometry',
      'mojo-compiler',
      'shapes'
    ])
  })
})

describe('condaVersion', () => {
  it('keeps the order of SemVer and PEP 440 versions in conda', async () => {
    const ordered = [
      '0.9.0',
      '1.0.0.dev1',
      '1.0.0a1.dev1',
      '1.0.0-alpha.1',
      '1.0.0-beta.2',
      '1.0.0-rc.1',
      '1.0.0',
      '1.0.0.post1.dev1',
      '1.0.0.post1',
      '1.0.1'
    ].map((v) => condaVersion(v)!)
    expect(await condaSorted([...ordered].reverse())).toEqual(ordered)
  })
})

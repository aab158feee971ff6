/**
 * A wheel of a package the real 1.2.0 compiler precompiled, installed as its users install one: plain
 * pip in a fresh venv, offline from a folder holding only the wheel and the real compiler wheels, then
 * the venv's own `mojo` (no -I, no MODULAR_* variables, from an empty folder) imports it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import type { Distribution } from '../../src/assemble/distribution.js'
import { writeWheel } from '../../src/assemble/wheel.js'
import { GEOMETRY_APP, precompiledGeometry } from '../support/geometry.js'
import { removeTempDirs, tempDir } from '../support/temp.js'
import { testToolchain } from '../support/toolchain.js'
import { ensureWheels } from '../support/wheels.js'

afterAll(removeTempDirs)

interface Ran {
  code: number
  stdout: string
  stderr: string
}

/** Runs a tool with exactly `env`, never throwing: the test reads the exit code and the output. */
function exec(file: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(file, args, { env, cwd, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
      resolve({ code, stdout, stderr })
    })
  })
}

/** This process's environment without the variables `drop` matches. */
function envWithout(drop: RegExp, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !drop.test(key))), ...extra }
}

// No pip configuration of this machine (extra indexes, find-links, constraints): only the folder given.
const PIP_ENV = envWithout(/^PIP_/, { PIP_CONFIG_FILE: '/dev/null', PIP_DISABLE_PIP_VERSION_CHECK: '1' })

let geometry: Distribution
let wheel: string
let venv: string

/** A find-links folder holding `wheel` and the real 1.2.0 compiler wheels, and nothing else. */
function offlineIndex(wheelFile: string): string {
  const dir = tempDir('find-links')
  for (const file of [wheelFile, ...ensureWheels('1.2.0').map((w) => w.path)])
    fs.symlinkSync(file, path.join(dir, path.basename(file)))
  return dir
}

function pipInstall(findLinks: string): Promise<Ran> {
  const args = ['install', '--no-index', '--find-links', findLinks, 'geometry==0.1.0']
  return exec(path.join(venv, 'bin', 'pip'), args, PIP_ENV)
}

beforeAll(async () => {
  const toolchain = await testToolchain('1.2.0')
  const licenseFile = path.join(tempDir('ws'), 'LICENSE')
  fs.writeFileSync(licenseFile, 'MIT License\n\nCopyright (c) 2026 Geometry authors\n')
  geometry = { ...precompiledGeometry(toolchain), licenseFile }
  wheel = await writeWheel(geometry, tempDir('dist'))
  venv = path.join(tempDir('user'), 'venv')
  expect(await exec('python3', ['-m', 'venv', venv], PIP_ENV)).toMatchObject({ code: 0 })
})

describe('a wheel of a real precompiled package', () => {
  it('passes check-wheel-contents (W010, no Python modules, aside) and twine check, with its license file', async () => {
    const contents = await exec(
      'python3',
      ['-m', 'check_wheel_contents', '--ignore', 'W010', wheel],
      process.env
    )
    expect(contents).toMatchObject({ code: 0, stdout: `${wheel}: OK\n` })
    const twine = await exec('python3', ['-m', 'twine', 'check', '--strict', wheel], process.env)
    expect(twine).toMatchObject({ code: 0, stdout: expect.stringContaining('PASSED') })
  })

  it('is refused by pip when only another compiler version is available', async () => {
    const other = await writeWheel({ ...geometry, mojo: '1.1.0' }, tempDir('dist'))
    const installed = await pipInstall(offlineIndex(other))
    expect(installed.code).not.toBe(0)
    expect(installed.stderr).toContain('mojo-compiler==1.1.0')
  })

  it('installs with plain pip, which brings the exact compiler, and the venv mojo imports it', async () => {
    const installed = await pipInstall(offlineIndex(wheel))
    expect(installed).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/Successfully installed .*geometry-0\.1\.0 .*mojo-compiler-1\.2\.0/)
    })
    const sitePackages = fs.globSync(path.join(venv, 'lib', 'python*', 'site-packages'))[0]
    expect(fs.readFileSync(path.join(sitePackages, 'modular', 'lib', 'mojo', 'geometry.mojoc'))).toEqual(
      fs.readFileSync(geometry.package!.file)
    )
    // pip keeps the license beside the metadata that names it.
    const licenses = path.join(sitePackages, 'geometry-0.1.0.dist-info', 'licenses')
    expect(fs.readFileSync(path.join(licenses, 'LICENSE'))).toEqual(fs.readFileSync(geometry.licenseFile!))
    expect(
      fs.readFileSync(path.join(sitePackages, 'geometry-0.1.0.dist-info', 'METADATA'), 'utf8')
    ).toContain('License-File: LICENSE\n')
    // An empty folder: `mojo run` also searches the program's own folder, which must not hold the package.
    const work = tempDir('app')
    fs.writeFileSync(path.join(work, 'app.mojo'), GEOMETRY_APP)
    const mojoRun = () =>
      exec(path.join(venv, 'bin', 'mojo'), ['run', 'app.mojo'], envWithout(/^MODULAR_/), work)
    expect(await mojoRun()).toMatchObject({ code: 0, stdout: 'area: 12\n' })
    // And the wheel is what provided it: uninstalled, the import fails.
    const pip = path.join(venv, 'bin', 'pip')
    expect(await exec(pip, ['uninstall', '--yes', 'geometry'], PIP_ENV)).toMatchObject({ code: 0 })
    const without = await mojoRun()
    expect(without.code).not.toBe(0)
    expect(without.stderr).toContain("unable to locate module 'geometry'")
  })
})

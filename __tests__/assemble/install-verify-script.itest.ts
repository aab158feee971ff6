/**
 * install_verify.sh run by hand, as a user runs it after installing: the fixture's packages compiled by
 * the real 1.2.0 compiler, copied (or their sources extracted) into a folder, checked with the `mojo` on
 * PATH. The wheel and conda routes run in the verify stage's tests (release.itest.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { installVerifyScript, writeInstallVerify } from '../../src/assemble/install-verify-script.js'
import { installedName } from '../../src/assemble/install-plan.js'
import { writeSourceArchive } from '../../src/assemble/source.js'
import type { Toolchain } from '../../src/types.js'
import { ccDir } from '../../src/verify/clean-env.js'
import { fixtureCopy, removeTempDirs, tempDir } from '../support/temp.js'
import { testToolchain } from '../support/toolchain.js'
import { build, type Built } from '../verify/workspace.js'
import { run } from './support.js'

afterAll(removeTempDirs)

interface Ran {
  code: number
  stdout: string
  stderr: string
}

let toolchain: Toolchain
let built: Built
let out: string
let download: string

/** A user's shell: the toolchain's mojo first on PATH, a fresh HOME, nothing of this process. */
function userEnv(mojo: Toolchain): Record<string, string> {
  return {
    ...mojo.env,
    PATH: [path.dirname(mojo.mojo), '/usr/bin', '/bin', ccDir()].filter(Boolean).join(':'),
    HOME: tempDir('home'),
    TMPDIR: tempDir('tmp')
  }
}

function check(args: string[], env = userEnv(toolchain)): Promise<Ran> {
  return new Promise((resolve) => {
    execFile('sh', ['install_verify.sh', ...args], { cwd: download, env }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr })
    )
  })
}

/** A library folder holding the named packages' precompiled files under their installed names. */
function lib(...imports: string[]): string {
  const dir = tempDir('lib')
  for (const a of built.artifacts.filter((a) => imports.includes(a.import!)))
    fs.copyFileSync(path.join(out, a.file), path.join(dir, installedName(a)))
  return dir
}

beforeAll(async () => {
  toolchain = await testToolchain('1.2.0')
  out = tempDir('out')
  built = await build(fixtureCopy(), toolchain, out)
  download = tempDir('download')
  const options = {
    name: 'ml-odyssey',
    version: '0.1.0',
    imports: built.specs.map((s) => s.import),
    symbols: built.verifyImports,
    mojo: toolchain.version
  }
  await writeInstallVerify(download, installVerifyScript(options), options)
})

describe('install_verify.sh dir FOLDER', () => {
  it('passes every package installed in the folder, naming the mojo it used', async () => {
    const folder = lib('data', 'odyssey_utils', 'training')
    expect(await check(['dir', folder])).toEqual({
      code: 0,
      stdout: [
        `mojo: ${toolchain.mojo} (Mojo 1.2.0), packages from ${folder}`,
        'ok    data',
        'ok    odyssey_utils',
        'ok    training',
        '3 passed, 0 failed',
        ''
      ].join('\n'),
      stderr: ''
    })
  })

  it('fails a package that is not installed, and one whose dependency is not, with the compiler error', async () => {
    const ran = await check(['dir', lib('data', 'training')])
    expect(ran.code).toBe(1)
    expect(ran.stdout).toMatch(/^ok {4}data\nFAIL {2}odyssey_utils\n/m)
    expect(ran.stdout).toMatch(
      /^FAIL {2}training\n(?: {6}.*\n)*? {6}.*unable to locate module 'odyssey_utils'/m
    )
    expect(ran.stdout).toMatch(/\n1 passed, 2 failed\n$/)
  })

  it('checks only the packages -p names', async () => {
    const ran = await check(['-p', 'data', 'dir', lib('data')])
    expect([ran.code, ran.stdout.split('\n').slice(1)]).toEqual([0, ['ok    data', '1 passed, 0 failed', '']])
  })

  it('passes the source archives extracted into the folder, built on import', async () => {
    const folder = tempDir('lib')
    for (const spec of built.specs) {
      const archive = await writeSourceArchive(spec, { outDir: out, epoch: 0 })
      await run('tar', ['-xzf', path.join(out, archive.file), '-C', folder])
    }
    const ran = await check(['dir', folder])
    expect([ran.code, ran.stdout.split('\n').at(-2)]).toEqual([0, '3 passed, 0 failed'])
  })

  it('warns and fails when the mojo on PATH is another version than the one that built them', async () => {
    const older = await testToolchain('0.26.2.0')
    const ran = await check(['dir', lib('data', 'odyssey_utils', 'training')], userEnv(older))
    expect(ran.stderr).toBe('install_verify.sh: warning: the precompiled packages load only in Mojo 1.2.0\n')
    expect(ran.stdout).toMatch(/^mojo: .* \(Mojo 0\.26\.2\.0\), packages from /)
    expect([ran.code, ran.stdout.split('\n').at(-2)]).toEqual([1, '0 passed, 3 failed'])
  })

  it('leaves nothing behind in TMPDIR', async () => {
    const env = userEnv(toolchain)
    await check(['dir', lib('data')], env)
    expect(fs.readdirSync(env.TMPDIR)).toEqual([])
  })
})

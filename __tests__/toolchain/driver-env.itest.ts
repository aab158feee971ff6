/**
 * The environment the action exports (`exportToolchain`, from `driverEnv`) is enough for `mojo run` and
 * `mojo build` in a later step, on every mojo-compiler release, and each required variable is required.
 * The child gets only that environment: no HOME, and PATH holding just the exported toolchain `bin` and
 * the folder of `cc` (`mojo build` links with it; 0.25.x with `c++`, which sits beside it on runners).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { driverEnv, exportToolchain } from '../../src/toolchain/env.js'
import type { Toolchain } from '../../src/types.js'
import { ccDir } from '../../src/verify/clean-env.js'
import { testToolchain } from '../support/toolchain.js'
import { MOJO_RELEASES } from '../support/wheels.js'

let dir: string

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'driver-env-'))
  // `def main()` is the one entry point every release accepts: 1.0.0b2 made `fn` an error.
  fs.writeFileSync(path.join(dir, 'hello.mojo'), 'def main():\n    print("hello", 1 + 1)\n')
})

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

type Result = [code: number, stdout: string, stderr: string]

/** Runs `file args` in `dir` with exactly `env`. */
function run(file: string, args: string[], env: Record<string, string>): Promise<Result> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: dir, env }, (error, out, err) =>
      resolve([error ? Number(error.code ?? 1) : 0, out, err])
    )
  })
}

/** What a later workflow step gets from `exportToolchain`: the GITHUB_ENV variables and GITHUB_PATH folders. */
function exported(toolchain: Toolchain): { env: Record<string, string>; path: string[] } {
  const files = { GITHUB_ENV: path.join(dir, 'github-env'), GITHUB_PATH: path.join(dir, 'github-path') }
  for (const file of Object.values(files)) fs.writeFileSync(file, '')
  // exportToolchain also sets this process's env and PATH: put them back afterwards.
  const saved = { ...process.env }
  Object.assign(process.env, files)
  try {
    exportToolchain(toolchain)
  } finally {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name]
    Object.assign(process.env, saved)
  }
  const env: Record<string, string> = {}
  // @actions/core writes `NAME<<DELIMITER\nVALUE\nDELIMITER` per variable.
  for (const [, name, , value] of fs
    .readFileSync(files.GITHUB_ENV, 'utf8')
    .matchAll(/^(\w+)<<(.+)\n([\s\S]*?)\n\2$/gm)) {
    env[name] = value
  }
  return { env, path: fs.readFileSync(files.GITHUB_PATH, 'utf8').split('\n').filter(Boolean) }
}

function without(env: Record<string, string>, name: string): Record<string, string> {
  const rest = { ...env }
  delete rest[name]
  return rest
}

/** 0.25.x drivers ignore the package root and need their runtime files named (see driverEnv). */
const isMojo025 = (version: string): boolean => version.startsWith('0.25.')

describe.each(MOJO_RELEASES)('the %s driver', (version) => {
  let toolchain: Toolchain
  let cc: string
  /** driverEnv plus PATH for `cc`: the base of the "each variable is required" checks. */
  let env: Record<string, string>

  beforeAll(async () => {
    toolchain = await testToolchain(version)
    const found = ccDir()
    if (!found) throw new Error('no cc on PATH: `mojo build` needs a C compiler to link')
    cc = found
    env = { ...driverEnv(toolchain.root), PATH: cc }
  })

  const mojo = (args: string[], childEnv: Record<string, string>): Promise<Result> =>
    run(toolchain.mojo, args, childEnv)

  it('runs and builds a program in a later step with the exported environment and no HOME', async () => {
    const later = exported(toolchain)
    expect(later.env).toEqual(toolchain.env)
    const step = { ...later.env, PATH: [...later.path, cc].join(path.delimiter) }
    // The later step calls `mojo` by name, as a workflow does.
    expect(await run('mojo', ['run', 'hello.mojo'], step)).toEqual([0, 'hello 2\n', ''])
    const program = path.join(dir, `hello-${version}`)
    expect(await run('mojo', ['build', 'hello.mojo', '-o', program], step)).toEqual([0, '', ''])
    // The program finds the toolchain's runtime libraries by itself (rpath), with no environment at all.
    expect(await run(program, [], {})).toEqual([0, 'hello 2\n', ''])
  })

  it("cannot find the standard library without MODULAR_MOJO_MAX_IMPORT_PATH ('stdlib' before 0.26.1.0)", async () => {
    const [code, , stderr] = await mojo(['run', 'hello.mojo'], without(env, 'MODULAR_MOJO_MAX_IMPORT_PATH'))
    const module = isMojo025(version) ? 'stdlib' : 'std'
    expect([code, stderr]).toEqual([1, expect.stringContaining(`error: unable to locate module '${module}'`)])
  })

  if (!isMojo025(version)) {
    it('cannot find its runtime without MODULAR_MOJO_MAX_PACKAGE_ROOT', async () => {
      const [code, , stderr] = await mojo(
        ['run', 'hello.mojo'],
        without(env, 'MODULAR_MOJO_MAX_PACKAGE_ROOT')
      )
      expect([code, stderr]).toEqual([1, expect.stringContaining('error: unable to locate compiler_rt')])
    })

    it('gets no 0.25.x runtime paths (they would override this driver’s own)', () => {
      expect(Object.keys(env)).not.toContain('MODULAR_MOJO_MAX_COMPILERRT_PATH')
      expect(Object.keys(env)).not.toContain('MODULAR_MOJO_MAX_SHARED_LIBS')
    })
  } else {
    it('cannot find compiler_rt without MODULAR_MOJO_MAX_COMPILERRT_PATH, even with the package root', async () => {
      const [code, , stderr] = await mojo(
        ['run', 'hello.mojo'],
        without(env, 'MODULAR_MOJO_MAX_COMPILERRT_PATH')
      )
      expect([code, stderr]).toEqual([
        1,
        expect.stringContaining('error: unable to locate compiler_rt /lib/libKGENCompilerRTShared')
      ])
    })

    it('cannot link without MODULAR_MOJO_MAX_SHARED_LIBS', async () => {
      const program = path.join(dir, `unlinked-${version}`)
      const [code, , stderr] = await mojo(
        ['build', 'hello.mojo', '-o', program],
        without(env, 'MODULAR_MOJO_MAX_SHARED_LIBS')
      )
      expect([code, stderr]).toEqual([1, expect.stringContaining('cannot find /lib/libAsyncRTMojoBindings')])
    })
  }
})

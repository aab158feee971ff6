/**
 * The environment `driverEnv` gives the native driver is enough, and each required variable is required:
 * checked with the real 1.2.0 and 0.26.2.0 drivers, with no PATH entries, no HOME and no C compiler.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { driverEnv } from '../../src/toolchain/env.js'
import type { Toolchain } from '../../src/types.js'
import { testToolchain } from '../support/toolchain.js'

let dir: string

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'driver-env-'))
  fs.writeFileSync(path.join(dir, 'hello.mojo'), 'def main():\n    print("hello", 1 + 1)\n')
})

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

/** `mojo run hello.mojo` with exactly `env` (plus an empty PATH): exit code, stdout, stderr. */
function mojoRun(toolchain: Toolchain, env: Record<string, string>): Promise<[number, string, string]> {
  return new Promise((resolve) => {
    execFile(
      toolchain.mojo,
      ['run', 'hello.mojo'],
      { cwd: dir, env: { PATH: '', ...env } },
      (error, out, err) => resolve([error ? Number(error.code ?? 1) : 0, out, err])
    )
  })
}

function without(env: Record<string, string>, name: string): Record<string, string> {
  const rest = { ...env }
  delete rest[name]
  return rest
}

describe.each(['1.2.0', '0.26.2.0'])('the %s driver', (version) => {
  let toolchain: Toolchain

  beforeAll(async () => {
    toolchain = await testToolchain(version)
  })

  it('runs a program with only driverEnv, printing nothing on stderr', async () => {
    expect(await mojoRun(toolchain, driverEnv(toolchain.root))).toEqual([0, 'hello 2\n', ''])
  })

  it('cannot find its runtime without MODULAR_MOJO_MAX_PACKAGE_ROOT', async () => {
    const [code, , stderr] = await mojoRun(
      toolchain,
      without(driverEnv(toolchain.root), 'MODULAR_MOJO_MAX_PACKAGE_ROOT')
    )
    expect([code, stderr]).toEqual([1, expect.stringContaining('error: unable to locate compiler_rt')])
  })

  it("cannot find 'std' without MODULAR_MOJO_MAX_IMPORT_PATH", async () => {
    const [code, , stderr] = await mojoRun(
      toolchain,
      without(driverEnv(toolchain.root), 'MODULAR_MOJO_MAX_IMPORT_PATH')
    )
    expect([code, stderr]).toEqual([1, expect.stringContaining("error: unable to locate module 'std'")])
  })
})

/**
 * install_verify.sh without a compiler: its check programs, its usage and the mistakes it refuses
 * before running anything. install-verify.itest.ts runs its checks with the real compilers.
 */
import { afterAll, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { exampleProgram } from '../../src/assemble/install-plan.js'
import { installVerifyScript, writeInstallVerify } from '../../src/assemble/install-verify-script.js'
import { removeTempDirs, tempDir } from '../support/temp.js'

afterAll(removeTempDirs)

const symbols = new Map([
  ['data', ['Dataset', 'make_dataset']],
  ['training', ['Trainer', 'train']]
])
const options = {
  name: 'ml-odyssey',
  version: '0.1.0',
  imports: ['data', 'odyssey_utils', 'training'],
  symbols,
  mojo: '1.2.0'
}

interface Ran {
  code: number
  stdout: string
  stderr: string
}

/** Runs the script with dash (POSIX sh) and a PATH of the system folders only: no mojo on it. */
async function runScript(args: string[], env: Record<string, string> = {}): Promise<Ran> {
  const dir = tempDir('download')
  await writeInstallVerify(dir, installVerifyScript(options), options)
  return new Promise((resolve) => {
    execFile(
      '/usr/bin/dash',
      ['install_verify.sh', ...args],
      { cwd: dir, env: { PATH: '/usr/bin:/bin', ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr })
    )
  })
}

const USAGE = [
  'usage: sh install_verify.sh [-p PACKAGE]... wheel          after pip or uv installed the wheels into the venv whose mojo is on PATH',
  '       sh install_verify.sh [-p PACKAGE]... conda [PREFIX] after pixi or conda installed the conda packages (PREFIX: $CONDA_PREFIX)',
  '       sh install_verify.sh [-p PACKAGE]... dir FOLDER     after copying the .mojoc files, or extracting the sources, into FOLDER',
  '-p checks only that package (repeatable; packages: data odyssey_utils training); -h prints this.',
  'Prints each result; exits 1 when a check fails, 2 on a usage error.',
  ''
].join('\n')

describe('install_verify.sh', () => {
  it('holds, for each package, the check program verification runs (the package and the names it exports)', () => {
    const script = installVerifyScript(options)
    for (const name of options.imports) {
      expect(script).toContain(
        `  ${name})\n    cat <<'MOJO_PROGRAM'\n${exampleProgram([name], symbols)}MOJO_PROGRAM\n`
      )
    }
    expect(exampleProgram(['training'], symbols)).toMatch(/^from training import Trainer, train\n/)
  })

  it('holds the program that checks every package at once, the one it runs first', () => {
    expect(installVerifyScript(options)).toContain(
      `  all-packages)\n    cat <<'MOJO_PROGRAM'\n${exampleProgram(options.imports, symbols)}MOJO_PROGRAM\n`
    )
  })

  it('is written executable, and recorded as the script artifact that checks every package', async () => {
    const dir = tempDir('out')
    const artifact = await writeInstallVerify(dir, installVerifyScript(options), options)
    expect(fs.statSync(path.join(dir, 'install_verify.sh')).mode & 0o777).toBe(0o755)
    expect(artifact).toMatchObject({
      kind: 'script',
      name: 'install_verify',
      version: '0.1.0',
      file: 'install_verify.sh',
      size: fs.statSync(path.join(dir, 'install_verify.sh')).size,
      contents: ['data', 'odyssey_utils', 'training']
    })
  })

  it('prints its usage with -h', async () => {
    expect(await runScript(['-h'])).toEqual({ code: 0, stdout: USAGE, stderr: '' })
  })

  it.each([
    ['no route', []],
    ['an unknown route', ['pip']],
    ['dir without a folder', ['dir']],
    ['wheel with a folder', ['wheel', 'lib']],
    ['an unknown option', ['-x', 'wheel']]
  ])('refuses %s with its usage and exit code 2', async (_what, args) => {
    const ran = await runScript(args)
    expect(ran.code).toBe(2)
    expect(ran.stderr).toContain(USAGE)
  })

  it('refuses a package the release does not have, naming the ones it has', async () => {
    expect(await runScript(['-p', 'dta', 'dir', '.'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        "install_verify.sh: 'dta' is not a package of this release (packages: data odyssey_utils training)\n"
    })
  })

  it('refuses a folder that does not exist', async () => {
    const ran = await runScript(['dir', 'no such lib'])
    expect([ran.code, ran.stderr]).toEqual([2, "install_verify.sh: there is no folder './no such lib'\n"])
  })

  it('asks for the environment when conda gets no PREFIX and CONDA_PREFIX is unset', async () => {
    const ran = await runScript(['conda'])
    expect([ran.code, ran.stderr]).toEqual([
      2,
      'install_verify.sh: give the environment as PREFIX, or run it in the environment (pixi run, conda activate)\n'
    ])
  })

  it('takes the environment from CONDA_PREFIX, and checks its lib/mojo', async () => {
    const prefix = tempDir('prefix')
    const ran = await runScript(['conda'], { CONDA_PREFIX: prefix })
    expect([ran.code, ran.stderr]).toEqual([
      2,
      `install_verify.sh: there is no folder '${prefix}/lib/mojo'\n`
    ])
  })

  it('says so when there is no mojo on PATH', async () => {
    const ran = await runScript(['dir', tempDir('lib')])
    expect([ran.code, ran.stderr]).toEqual([
      2,
      'install_verify.sh: there is no mojo on PATH: activate the environment you installed the packages into\n'
    ])
  })
})

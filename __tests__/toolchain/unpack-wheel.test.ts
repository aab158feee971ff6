import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import yazl from 'yazl'
import { ToolchainError } from '../../src/errors.js'
import { extractToolchain, readWheelMetadata, toolchainPath } from '../../src/toolchain/unpack-wheel.js'

const PREFIX = 'mojo_compiler-1.2.0.data/platlib/modular/'

describe('toolchainPath', () => {
  it('maps entries of the modular tree to paths under the root', () => {
    expect(toolchainPath(`${PREFIX}bin/mojo`, PREFIX, 'w.whl')).toBe('bin/mojo')
  })

  it('leaves out everything else in the wheel', () => {
    expect(toolchainPath('mojo/_entrypoints.py', PREFIX, 'w.whl')).toBeUndefined()
  })

  it.each([`${PREFIX}../../../etc/passwd`, `${PREFIX}lib/./x`, `${PREFIX}/abs`, `${PREFIX}bin\\..\\x`])(
    'refuses %s',
    (name) => {
      expect(() => toolchainPath(name, PREFIX, 'w.whl')).toThrow(ToolchainError)
    }
  )
})

describe('extractToolchain', () => {
  let dir: string
  let wheelPath: string

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'extract-'))
    wheelPath = path.join(dir, 'mojo_compiler-1.2.0-py3-none-manylinux_2_34_x86_64.whl')
    const zip = new yazl.ZipFile()
    zip.addBuffer(Buffer.from('#!/bin/sh\n'), `${PREFIX}bin/mojo`, { mode: 0o100777 })
    zip.addBuffer(Buffer.from('std'), `${PREFIX}lib/mojo/std.mojoc`, { mode: 0o100644 })
    zip.addBuffer(Buffer.from('print()'), 'mojo/_entrypoints.py')
    zip.addBuffer(Buffer.from('Name: mojo-compiler\n'), 'mojo_compiler-1.2.0.dist-info/METADATA')
    zip.end()
    await new Promise<void>((resolve) =>
      zip.outputStream.pipe(fs.createWriteStream(wheelPath)).on('close', () => resolve())
    )
    await extractToolchain(wheelPath, path.join(dir, 'modular'))
  })

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('writes only the modular tree', () => {
    expect(fs.readdirSync(path.join(dir, 'modular'), { recursive: true }).sort()).toEqual([
      'bin',
      'bin/mojo',
      'lib',
      'lib/mojo',
      'lib/mojo/std.mojoc'
    ])
  })

  it('keeps the executable bit, without group and other write', () => {
    expect([
      fs.statSync(path.join(dir, 'modular/bin/mojo')).mode & 0o777,
      fs.statSync(path.join(dir, 'modular/lib/mojo/std.mojoc')).mode & 0o777
    ]).toEqual([0o755, 0o644])
  })

  it('reads the METADATA of a wheel', async () => {
    expect(await readWheelMetadata(wheelPath)).toBe('Name: mojo-compiler\n')
  })
})

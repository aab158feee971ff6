import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import yazl from 'yazl'
import {
  firstDifference,
  parseRecord,
  proveTree,
  wheelTree,
  type TreeManifest
} from '../../src/toolchain/file-facts.js'
import { extractToolchain } from '../../src/toolchain/unpack-wheel.js'
import { removeTempDirs, tempDir } from '../support/temp.js'

const PREFIX = 'mojo_compiler-1.2.0.data/platlib/modular/'
const MOJO = Buffer.from('#!/bin/sh\necho mojo\n')
const STD = Buffer.from('std')

const sha256 = (bytes: Buffer): string => crypto.createHash('sha256').update(bytes).digest('hex')
const recordHash = (bytes: Buffer): string =>
  `sha256=${crypto.createHash('sha256').update(bytes).digest('base64url')}`

const expected: TreeManifest = {
  'bin/mojo': { sha256: sha256(MOJO), size: MOJO.length, mode: 0o755 },
  'lib/mojo/std.mojoc': { sha256: sha256(STD), size: STD.length, mode: 0o644 }
}

afterAll(removeTempDirs)

describe('parseRecord', () => {
  it('reads each entry’s sha256 as hex and its size', () => {
    const text = `${PREFIX}bin/mojo,${recordHash(MOJO)},${MOJO.length}\n`
    expect(parseRecord(text).get(`${PREFIX}bin/mojo`)).toEqual({ sha256: sha256(MOJO), size: MOJO.length })
  })

  it('reads a quoted path holding a comma', () => {
    const text = `"a,""b"".txt",${recordHash(STD)},3\r\n`
    expect([...parseRecord(text).keys()]).toEqual(['a,"b".txt'])
  })

  it('leaves out entries without a sha256 (the RECORD itself)', () => {
    expect(parseRecord('x.dist-info/RECORD,,\n').size).toBe(0)
  })
})

describe('firstDifference', () => {
  const changed = (rel: string, facts: Partial<TreeManifest[string]>): TreeManifest => ({
    ...expected,
    [rel]: { ...expected[rel], ...facts }
  })

  it('finds none in the same tree', () => {
    expect(firstDifference(expected, { ...expected })).toBeUndefined()
  })

  it('names a changed file', () => {
    expect(firstDifference(expected, changed('bin/mojo', { sha256: 'f'.repeat(64) }))).toBe(
      `'bin/mojo' has sha256 ${'f'.repeat(64)}, not ${sha256(MOJO)}`
    )
  })

  it('names a file whose mode changed', () => {
    expect(firstDifference(expected, changed('bin/mojo', { mode: 0o777 }))).toBe(
      "'bin/mojo' has mode 777, not 755"
    )
  })

  it('names a missing file', () => {
    const rest = { ...expected }
    delete rest['bin/mojo']
    expect(firstDifference(expected, rest)).toBe("'bin/mojo' is missing")
  })

  it('names an added file', () => {
    expect(firstDifference(expected, { ...expected, 'lib/evil.so': expected['bin/mojo'] })).toBe(
      "'lib/evil.so' was added"
    )
  })
})

describe('a wheel’s tree, and proving what it unpacked to', () => {
  let wheel: string
  let root: string

  beforeAll(async () => {
    const dir = tempDir('manifest')
    wheel = path.join(dir, 'mojo_compiler-1.2.0-py3-none-manylinux_2_34_x86_64.whl')
    const zip = new yazl.ZipFile()
    zip.addBuffer(MOJO, `${PREFIX}bin/mojo`, { mode: 0o100777 })
    zip.addBuffer(STD, `${PREFIX}lib/mojo/std.mojoc`, { mode: 0o100644 })
    zip.addBuffer(
      Buffer.from(
        `${PREFIX}bin/mojo,${recordHash(MOJO)},${MOJO.length}\n` +
          `${PREFIX}lib/mojo/std.mojoc,${recordHash(STD)},${STD.length}\n` +
          'mojo_compiler-1.2.0.dist-info/RECORD,,\n'
      ),
      'mojo_compiler-1.2.0.dist-info/RECORD'
    )
    zip.end()
    await new Promise<void>((resolve) =>
      zip.outputStream.pipe(fs.createWriteStream(wheel)).on('close', () => resolve())
    )
    root = path.join(dir, 'modular')
    await extractToolchain(wheel, root)
  })

  it('takes sizes and sha256 from the RECORD and modes from the zip', async () => {
    expect(await wheelTree(wheel)).toEqual(expected)
  })

  it('proves the unpacked tree', async () => {
    expect(await proveTree(root, expected)).toBeUndefined()
  })

  it('names a file changed after the unpacking', async () => {
    const copy = tempDir('changed')
    fs.cpSync(root, copy, { recursive: true })
    fs.appendFileSync(path.join(copy, 'bin', 'mojo'), 'evil\n')
    expect(await proveTree(copy, expected)).toMatch(/^'bin\/mojo' has \d+ bytes/)
  })
})

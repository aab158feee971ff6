import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import yazl from 'yazl'
import { proveRestored, type InstallRecord } from '../../src/toolchain/proof.js'
import { extractToolchain } from '../../src/toolchain/unpack-wheel.js'
import { removeTempDirs, tempDir } from '../support/temp.js'

const WHEEL = 'mojo_compiler-1.2.0-py3-none-manylinux_2_34_x86_64.whl'
const PREFIX = 'mojo_compiler-1.2.0.data/platlib/modular/'
const MOJO = Buffer.from('#!/bin/sh\necho mojo\n')

const sha256 = (bytes: Buffer): string => crypto.createHash('sha256').update(bytes).digest('hex')

/** A PEP 503 file:// index listing the compiler wheel with `hash`. */
function indexListing(hash: string): string {
  const dir = tempDir('index')
  fs.mkdirSync(path.join(dir, 'mojo-compiler'))
  fs.writeFileSync(
    path.join(dir, 'mojo-compiler', 'index.html'),
    `<a href="https://files.example/${WHEEL}#sha256=${hash}">${WHEEL}</a>\n`
  )
  return pathToFileURL(dir).href
}

afterAll(removeTempDirs)
// Keeps the warning about an unreadable index out of the test log.
jest.spyOn(process.stdout, 'write').mockImplementation(() => true)

describe('proving a toolchain restored from the Actions cache', () => {
  let toolDir: string
  let record: InstallRecord

  beforeAll(async () => {
    toolDir = tempDir('restored')
    fs.mkdirSync(path.join(toolDir, 'wheels'))
    const wheel = path.join(toolDir, 'wheels', WHEEL)
    const zip = new yazl.ZipFile()
    zip.addBuffer(MOJO, `${PREFIX}bin/mojo`, { mode: 0o100755 })
    const hash = crypto.createHash('sha256').update(MOJO).digest('base64url')
    zip.addBuffer(
      Buffer.from(`${PREFIX}bin/mojo,sha256=${hash},${MOJO.length}\n`),
      'mojo_compiler-1.2.0.dist-info/RECORD'
    )
    zip.end()
    await new Promise<void>((resolve) =>
      zip.outputStream.pipe(fs.createWriteStream(wheel)).on('close', () => resolve())
    )
    await extractToolchain(wheel, path.join(toolDir, 'modular'))
    // What the cache entry says of itself: consistent, and so proves nothing on its own.
    record = {
      version: '1.2.0',
      wheels: [{ filename: WHEEL, sha256: sha256(fs.readFileSync(wheel)) }],
      tree: {}
    }
  })

  it('proves one whose wheels the index lists', async () => {
    expect(await proveRestored(toolDir, record, indexListing(record.wheels[0].sha256))).toBeUndefined()
  })

  it('refuses one forged whole: wheels, record and files that agree, but not with the index', async () => {
    const listed = 'a'.repeat(64)
    expect(await proveRestored(toolDir, record, indexListing(listed))).toBe(
      `'wheels/${WHEEL}' has sha256 ${record.wheels[0].sha256}, not ${listed}`
    )
  })

  it('holds the wheels to the recorded sha256 when the index cannot be read', async () => {
    const damaged = { ...record, wheels: [{ filename: WHEEL, sha256: 'b'.repeat(64) }] }
    const unreadable = pathToFileURL(tempDir('empty-index')).href
    expect(await proveRestored(toolDir, damaged, unreadable)).toMatch(/^'wheels\/.*' has sha256 /)
  })

  it('refuses genuine wheels of another version under this version’s key', async () => {
    const older = { ...record, version: '1.1.0' }
    expect(await proveRestored(toolDir, older, indexListing(record.wheels[0].sha256))).toBe(
      `'wheels/${WHEEL}' is not a wheel of 1.1.0`
    )
  })

  it('ignores the tree the record claims: the files are held to the wheels’ RECORD', async () => {
    const copy = tempDir('changed')
    fs.cpSync(toolDir, copy, { recursive: true })
    fs.appendFileSync(path.join(copy, 'modular', 'bin', 'mojo'), 'x')
    expect(await proveRestored(copy, record, indexListing(record.wheels[0].sha256))).toMatch(
      /^'bin\/mojo' has \d+ bytes/
    )
  })
})

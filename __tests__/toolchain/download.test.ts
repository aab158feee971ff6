import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { downloadVerified } from '../../src/toolchain/download.js'

describe('downloadVerified', () => {
  let dir: string
  let out: string
  let url: string
  const bytes = Buffer.from('wheel bytes')
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex')

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'download-'))
    out = path.join(dir, 'out')
    fs.mkdirSync(out)
    fs.writeFileSync(path.join(dir, 'x-1.0-py3-none-any.whl'), bytes)
    url = pathToFileURL(path.join(dir, 'x-1.0-py3-none-any.whl')).href
  })

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('keeps a file whose sha256 matches the index', async () => {
    const file = await downloadVerified({ filename: 'x-1.0-py3-none-any.whl', url, sha256 }, out)
    expect(fs.readFileSync(file)).toEqual(bytes)
  })

  it('fails on a mismatch and leaves no file', async () => {
    const wrong = 'f'.repeat(64)
    await expect(
      downloadVerified({ filename: 'x-1.0-py3-none-any.whl', url, sha256: wrong }, out)
    ).rejects.toThrow(
      `sha256 mismatch for x-1.0-py3-none-any.whl from ${url}: the index lists ${wrong}, the download is ${sha256}.`
    )
    expect(fs.readdirSync(out)).toEqual([])
  })

  it('refuses a file the index lists no sha256 for, before downloading it', async () => {
    await expect(downloadVerified({ filename: 'x-1.0-py3-none-any.whl', url }, out)).rejects.toThrow(
      /lists no sha256 for x-1\.0-py3-none-any\.whl/
    )
    expect(fs.readdirSync(out)).toEqual([])
  })
})

import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { downloadVerified, progressLogger } from '../../src/toolchain/download.js'

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

describe('progressLogger', () => {
  it('logs how far a download got at most once per interval, with its share and rate', () => {
    const lines: string[] = []
    let clock = 0
    const progress = progressLogger(
      'mojo.whl',
      100e6,
      (line) => lines.push(line),
      5_000,
      () => clock
    )
    for (const at of [1_000, 4_000, 5_000, 7_000, 10_000]) {
      clock = at
      progress(10e6)
    }
    expect(lines).toEqual([
      'Downloading mojo.whl: 30.0 of 100.0 MB (30%), 6.0 MB/s',
      'Downloading mojo.whl: 50.0 of 100.0 MB (50%), 5.0 MB/s'
    ])
  })
})

/**
 * The test index serves each wheel's own METADATA (PEP 658), read out of the real wheel, and advertises
 * the sha256 of exactly those bytes.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import { startIndexServer, type IndexServer } from './index-server.js'
import { ensureWheels } from './wheels.js'

const [compiler, libs] = ensureWheels('1.2.0')
let index: IndexServer

beforeAll(async () => {
  index = await startIndexServer({ versions: ['1.2.0'] })
})

afterAll(async () => {
  await index.close()
})

/** What `unzip` prints for the wheel's METADATA: a reader independent of the server's. */
function unzipped(wheelPath: string): Buffer {
  return execFileSync('unzip', ['-p', wheelPath, '*.dist-info/METADATA'])
}

async function served(file: string): Promise<Buffer> {
  const response = await fetch(new URL(`../files/${file}.metadata`, index.url))
  expect(response.status).toBe(200)
  return Buffer.from(await response.arrayBuffer())
}

describe('PEP 658 metadata', () => {
  it('is the compiler wheel’s own METADATA, byte for byte', async () => {
    const bytes = await served(compiler.file)
    const text = bytes.toString('utf8')
    expect(text).toMatch(/^Name: mojo-compiler$/m)
    expect(text).toMatch(/^Version: 1\.2\.0$/m)
    expect(text).toMatch(/^Requires-Dist: mojo-compiler-mojo-libs==1\.2\.0$/m)
    expect(bytes.equals(unzipped(compiler.path))).toBe(true)
    // Cached beside the wheel under its PEP 658 name, so the wheel is opened once per machine.
    expect(fs.readFileSync(`${compiler.path}.metadata`).equals(bytes)).toBe(true)
  })

  it('is the libs wheel’s own METADATA, byte for byte', async () => {
    const bytes = await served(libs.file)
    expect(bytes.toString('utf8')).toMatch(/^Name: mojo-compiler-mojo-libs$/m)
    expect(bytes.equals(unzipped(libs.path))).toBe(true)
  })

  it('is advertised with the sha256 of the served bytes (JSON and HTML pages)', async () => {
    const json = (await (
      await fetch(new URL('mojo-compiler/', index.url), {
        headers: { accept: 'application/vnd.pypi.simple.v1+json' }
      })
    ).json()) as { files: { filename: string; 'core-metadata': { sha256: string } }[] }
    const sha256 = crypto
      .createHash('sha256')
      .update(await served(compiler.file))
      .digest('hex')
    expect(json.files.find((f) => f.filename === compiler.file)?.['core-metadata']).toEqual({ sha256 })
    const html = await (await fetch(new URL('mojo-compiler/', index.url))).text()
    expect(html).toContain(`data-core-metadata="sha256=${sha256}"`)
  })
})

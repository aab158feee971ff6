/**
 * A locked conda package's bytes are whoever publishes to the channel's (and the lock naming it may come
 * from a pull request): hostile archives, written here member by member, never put anything but a
 * regular `lib/mojo/<name>.mojoc` into the tool cache, and never anything outside it.
 */
import { afterAll, beforeEach, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import zlib from 'node:zlib'
import tar from 'tar-stream'
import { condaMojoFiles } from '../../src/compile/conda-dependency.js'
import { removeTempDirs, tempDir } from '../support/temp.js'

afterAll(removeTempDirs)

type Member = Parameters<ReturnType<typeof tar.pack>['entry']>[0] & { body?: Buffer | string }

async function tarOf(members: Member[]): Promise<Buffer> {
  const pack = tar.pack()
  for (const { body, ...header } of members) pack.entry(header, body ?? '')
  pack.finalize()
  const chunks: Buffer[] = []
  for await (const chunk of pack) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/** A `.conda`: a zip holding the members in `pkg-*.tar.zst` (the `zip` tool stores it as is). */
async function condaOf(members: Member[], zstd: Buffer | undefined = undefined): Promise<string> {
  const dir = tempDir('conda')
  const inner = path.join(dir, 'pkg-evil-1.0-0.tar.zst')
  fs.writeFileSync(inner, zstd ?? zlib.zstdCompressSync(await tarOf(members)))
  const file = path.join(dir, 'evil-1.0-0.conda')
  execFileSync('zip', ['-0', '-q', '-j', file, inner])
  return file
}

async function tarBz2Of(members: Member[]): Promise<string> {
  const file = path.join(tempDir('conda'), 'evil-1.0-0.tar')
  fs.writeFileSync(file, await tarOf(members))
  execFileSync('bzip2', [file])
  return `${file}.bz2`
}

const sha256 = (file: string): string => createHash('sha256').update(fs.readFileSync(file)).digest('hex')
const unpack = (file: string, limit?: number): Promise<string> =>
  condaMojoFiles(pathToFileURL(file).href, sha256(file), limit)

/** Every entry under `dir`, with its kind. */
const listing = (dir: string): string[] =>
  fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((e) => `${path.relative(dir, path.join(e.parentPath, e.name))}:${e.isFile() ? 'file' : 'other'}`)
    .sort()

beforeEach(() => {
  process.env.RUNNER_TOOL_CACHE = tempDir('tool-cache')
})

describe('condaMojoFiles', () => {
  it('keeps the regular lib/mojo package files of a .conda and nothing else', async () => {
    const file = await condaOf([
      { name: 'lib/mojo/good.mojoc', body: 'good' },
      { name: 'lib/libgood.so', body: 'so' },
      { name: 'info/index.json', body: '{}' }
    ])
    const dir = await unpack(file)
    expect(listing(dir)).toEqual(['good.mojoc:file'])
    expect(fs.readFileSync(path.join(dir, 'good.mojoc'), 'utf8')).toBe('good')
  })

  it('writes no link, FIFO, `../` or absolute member of a .conda, in the cache or outside it', async () => {
    const outside = tempDir('outside')
    const file = await condaOf([
      { name: 'lib/mojo/link.mojoc', type: 'symlink', linkname: '/etc/passwd' },
      { name: 'lib/mojo/hard.mojoc', type: 'link', linkname: 'info/index.json' },
      { name: 'lib/mojo/fifo.mojoc', type: 'fifo' },
      { name: 'lib/mojo/../../../../escape.mojoc', body: 'x' },
      { name: `${outside}/lib/mojo/abs.mojoc`, body: 'x' },
      { name: 'lib/mojo/ok.mojoc', body: 'ok' }
    ])
    const dir = await unpack(file)
    expect(listing(dir)).toEqual(['ok.mojoc:file'])
    expect(listing(outside)).toEqual([])
  })

  it('reads no lib/mojo a .tar.bz2 links out of the package (lib -> a folder of the runner)', async () => {
    const outside = tempDir('outside')
    fs.mkdirSync(path.join(outside, 'mojo'))
    fs.writeFileSync(path.join(outside, 'mojo', 'stolen.mojoc'), 'runner file')
    const file = await tarBz2Of([
      { name: 'lib', type: 'symlink', linkname: outside },
      { name: 'lib/mojo/through.mojoc', body: 'x' },
      { name: '../escape.mojoc', body: 'x' }
    ])
    const dir = await unpack(file)
    // The member is the archive's own bytes, written as a file of the cache, not through the link.
    expect(listing(dir)).toEqual(['through.mojoc:file'])
    expect(fs.readFileSync(path.join(dir, 'through.mojoc'), 'utf8')).toBe('x')
    expect(listing(outside)).toEqual(['mojo/stolen.mojoc:file', 'mojo:other'].sort())
  })

  it('copies nothing from a folder of the runner a .tar.bz2 holding only `lib -> there` names', async () => {
    const outside = tempDir('outside')
    fs.mkdirSync(path.join(outside, 'mojo'))
    fs.writeFileSync(path.join(outside, 'mojo', 'stolen.mojoc'), 'runner file')
    const dir = await unpack(await tarBz2Of([{ name: 'lib', type: 'symlink', linkname: outside }]))
    expect(listing(dir)).toEqual([])
  })

  it('stops a .conda whose tar unpacks past the limit (a zstd bomb), keeping nothing', async () => {
    const file = await condaOf([{ name: 'lib/mojo/big.mojoc', body: Buffer.alloc(4 << 20) }])
    expect(fs.statSync(file).size).toBeLessThan(64 << 10)
    await expect(unpack(file, 1 << 20)).rejects.toThrow(
      `evil-1.0-0.conda unpacks to more than ${1 << 20} bytes: not a Mojo library's package`
    )
    expect(fs.readdirSync(process.env.RUNNER_TOOL_CACHE!, { recursive: true })).toEqual([])
  })

  it('stops a .tar.bz2 that unpacks past the limit', async () => {
    const file = await tarBz2Of([{ name: 'lib/mojo/big.mojoc', body: Buffer.alloc(4 << 20) }])
    await expect(unpack(file, 1 << 20)).rejects.toThrow('unpacks to more than')
  })

  it('fails on a zstd stream that is not one, naming nothing it wrote', async () => {
    const file = await condaOf([], Buffer.from('not zstd at all'))
    await expect(unpack(file)).rejects.toThrow()
    expect(fs.readdirSync(process.env.RUNNER_TOOL_CACHE!, { recursive: true })).toEqual([])
  })

  it('refuses a download whose sha256 is not the locked one, caching nothing', async () => {
    const file = await condaOf([{ name: 'lib/mojo/good.mojoc', body: 'good' }])
    await expect(condaMojoFiles(pathToFileURL(file).href, '0'.repeat(64))).rejects.toThrow(
      /sha256 mismatch for evil-1\.0-0\.conda/
    )
    expect(fs.readdirSync(process.env.RUNNER_TOOL_CACHE!, { recursive: true })).toEqual([])
  })
})

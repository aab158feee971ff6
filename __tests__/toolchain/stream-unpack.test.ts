import { afterAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import yazl from 'yazl'
import { StreamUnpacker } from '../../src/toolchain/stream-unpack.js'
import { extractToolchain, wheelPrefix } from '../../src/toolchain/unpack-wheel.js'

const WHEEL = 'mojo_compiler-1.2.0-py3-none-manylinux_2_34_x86_64.whl'
const PREFIX = wheelPrefix(WHEEL)
const dirs: string[] = []

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stream-unpack-'))
  dirs.push(dir)
  return dir
}

afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })))

/** A wheel with `files` (name -> text) under the modular tree; `streamed` entries get data descriptors. */
async function wheel(files: Record<string, string>, options: { streamed?: boolean } = {}): Promise<string> {
  const zip = new yazl.ZipFile()
  for (const [name, text] of Object.entries(files)) {
    const mode = name.startsWith('bin/') ? 0o100755 : 0o100644
    if (options.streamed) zip.addReadStream(Readable.from([Buffer.from(text)]), `${PREFIX}${name}`, { mode })
    else zip.addBuffer(Buffer.from(text), `${PREFIX}${name}`, { mode })
  }
  zip.addBuffer(Buffer.from('Name: mojo-compiler\n'), 'mojo_compiler-1.2.0.dist-info/METADATA')
  zip.end()
  const file = path.join(tempDir(), WHEEL)
  await new Promise<void>((resolve) =>
    zip.outputStream.pipe(fs.createWriteStream(file)).on('close', () => resolve())
  )
  return file
}

/** Pushes the file's bytes in `size`-byte chunks, as a slow download would deliver them. */
async function stream(file: string, root: string, size = 7): Promise<StreamUnpacker> {
  const unpacker = new StreamUnpacker(WHEEL, PREFIX, root)
  const bytes = fs.readFileSync(file)
  for (let at = 0; at < bytes.length; at += size) unpacker.push(bytes.subarray(at, at + size))
  return unpacker
}

const tree = (root: string): string[] => (fs.readdirSync(root, { recursive: true }) as string[]).sort()

describe('StreamUnpacker', () => {
  const files = {
    'bin/mojo': '#!/bin/sh\necho mojo\n'.repeat(50),
    'lib/mojo/std.mojoc': 'std',
    'lib/empty': ''
  }

  it('writes the modular tree while the bytes arrive, the same files as extraction from the zip', async () => {
    const file = await wheel(files)
    const streamedRoot = tempDir()
    const unpacker = await stream(file, streamedRoot)
    expect(await unpacker.finish()).toBe(true)
    const fromFile = tempDir()
    await extractToolchain(file, fromFile)
    expect(tree(streamedRoot)).toEqual(tree(fromFile))
    expect(fs.readFileSync(path.join(streamedRoot, 'bin/mojo'), 'utf8')).toBe(files['bin/mojo'])
  })

  it('gets its modes from the zip directory once the download is complete', async () => {
    const file = await wheel(files)
    const root = tempDir()
    const unpacker = await stream(file, root)
    await unpacker.finish()
    await extractToolchain(file, root, unpacker.files)
    expect(fs.statSync(path.join(root, 'bin/mojo')).mode & 0o777).toBe(0o755)
  })

  it('gives up on a zip whose sizes come after the data, and leaves no file behind', async () => {
    const file = await wheel(files, { streamed: true })
    const root = tempDir()
    const unpacker = await stream(file, root)
    expect([
      await unpacker.finish(),
      tree(root).filter((f) => !fs.statSync(path.join(root, f)).isDirectory())
    ]).toEqual([false, []])
  })

  it('refuses a path that escapes the toolchain as soon as its header arrives', async () => {
    // yazl refuses to write such a name: write a safe one of the same length and swap the bytes.
    const file = await wheel({ 'lib/aaaaaaaaaaaaa': 'x' })
    const bytes = fs.readFileSync(file)
    fs.writeFileSync(
      file,
      Buffer.from(bytes.toString('latin1').replaceAll('lib/aaaaaaaaaaaaa', '../../../etc/evil'), 'latin1')
    )
    await expect(stream(file, tempDir())).rejects.toThrow(/unsafe path/)
  })

  it('refuses a streamed file the zip directory lists with another size', async () => {
    const root = tempDir()
    const unpacker = await stream(await wheel({ 'bin/mojo': 'short' }), root)
    await unpacker.finish()
    const other = await wheel({ 'bin/mojo': 'a longer file' })
    await expect(extractToolchain(other, root, unpacker.files)).rejects.toThrow(
      /differs between its local header/
    )
  })
})

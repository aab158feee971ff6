/**
 * Unpacks the toolchain from a wheel without pip: only `<dist>-<V>.data/platlib/modular/**`, with the
 * Unix modes the zip records (bin/mojo must stay executable), refusing anything that escapes the target.
 */
import fs from 'node:fs'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import yauzl, { type Entry, type ZipFile } from 'yauzl'
import { ToolchainError } from '../errors.js'
import { parseWheelName } from './wheel.js'

const S_IFMT = 0o170000
const S_IFLNK = 0o120000

/**
 * Where an entry goes, relative to the toolchain root: undefined for entries outside the modular tree;
 * throws for names that would escape it.
 */
export function toolchainPath(entryName: string, prefix: string, wheel: string): string | undefined {
  if (!entryName.startsWith(prefix)) return undefined
  const rel = entryName.slice(prefix.length)
  const parts = rel.split('/')
  if (rel.includes('\\') || rel.startsWith('/') || parts.some((p) => p === '..' || p === '.')) {
    throw new ToolchainError(`${wheel} holds an unsafe path '${entryName}'; refusing to extract it.`)
  }
  return rel
}

/** Unix permission bits of an entry, without group/other write. */
export function entryMode(externalFileAttributes: number, directory: boolean): number {
  const mode = (externalFileAttributes >>> 16) & 0o777
  return (mode || (directory ? 0o755 : 0o644)) & 0o755
}

/** Extracts the wheel's modular tree into `root`; returns how many files it wrote. */
export async function extractToolchain(wheelPath: string, root: string): Promise<number> {
  const wheel = path.basename(wheelPath)
  const name = parseWheelName(wheel)
  if (!name) throw new ToolchainError(`${wheel} is not a wheel file name.`)
  const prefix = `${name.dist}-${name.version}.data/platlib/modular/`
  let zip: ZipFile
  try {
    zip = await yauzl.openPromise(wheelPath, { lazyEntries: true, strictFileNames: true, autoClose: false })
  } catch (error) {
    throw new ToolchainError(
      `${wheel} is not a readable zip file: ${error instanceof Error ? error.message : error}`
    )
  }
  try {
    // Collect the entries first, then inflate them concurrently: zlib runs on libuv's thread pool, so
    // bin/mojo and bin/lld (most of the bytes) unpack on separate cores.
    const files: Array<{ entry: Entry; target: string }> = []
    for await (const entry of zip.eachEntry()) {
      const rel = toolchainPath(entry.fileName, prefix, wheel)
      if (rel === undefined || rel === '') continue
      if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) {
        throw new ToolchainError(
          `${wheel} holds a symbolic link '${entry.fileName}'; refusing to extract it.`
        )
      }
      const target = path.join(root, rel)
      if (entry.fileName.endsWith('/')) fs.mkdirSync(target, { recursive: true })
      else files.push({ entry, target })
    }
    await Promise.all(
      files.map(async ({ entry, target }) => {
        fs.mkdirSync(path.dirname(target), { recursive: true })
        const mode = entryMode(entry.externalFileAttributes, false)
        await pipeline(
          await zip.openReadStreamPromise(entry),
          fs.createWriteStream(target, { mode, flags: 'wx' })
        )
        fs.chmodSync(target, mode) // the umask may have taken bits the wheel asked for
      })
    )
    return files.length
  } finally {
    zip.close()
  }
}

/** The METADATA file of a wheel on disk (its Requires-Dist names the toolchain's other parts). */
export async function readWheelMetadata(wheelPath: string): Promise<string> {
  const zip = await yauzl.openPromise(wheelPath, { lazyEntries: true })
  try {
    for await (const entry of zip.eachEntry()) {
      if (/^[^/]+\.dist-info\/METADATA$/.test(entry.fileName)) {
        const chunks: Buffer[] = []
        for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer)
        return Buffer.concat(chunks).toString('utf8')
      }
    }
  } finally {
    zip.close()
  }
  throw new ToolchainError(`${path.basename(wheelPath)} has no .dist-info/METADATA; it is not a valid wheel.`)
}

/**
 * Unpacks the toolchain from a wheel without pip: only `<dist>-<V>.data/platlib/modular/**`, with the
 * Unix modes the zip records (bin/mojo must stay executable), refusing anything that escapes the target.
 */
import fs from 'node:fs'
import path from 'node:path'
import { PassThrough, type Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import zlib from 'node:zlib'
import yauzl, { type Entry, type ZipFile } from 'yauzl'
import { ToolchainError } from '../errors.js'
import { parseWheelName } from './wheel-name.js'

const S_IFMT = 0o170000
const S_IFLNK = 0o120000

/** One file written from the stream: its bytes as the local header declared them, and when it is done. */
export interface Streamed {
  size: number
  written: Promise<void>
}

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

/**
 * The stream that turns an entry's stored bytes into the file. zlib's default 16 KiB output chunks
 * cost more than the inflating itself on a 146 MB binary: 1 MiB chunks unpack the compiler 2.5x faster.
 */
function inflater(entry: Entry): Transform {
  if (entry.compressionMethod === 0) return new PassThrough()
  if (entry.compressionMethod === 8) return zlib.createInflateRaw({ chunkSize: 1 << 20 })
  throw new ToolchainError(
    `'${entry.fileName}' uses zip compression method ${entry.compressionMethod}, not deflate.`
  )
}

/** Where the modular tree sits in a wheel: `<dist>-<version>.data/platlib/modular/`. */
export function wheelPrefix(wheel: string): string {
  const name = parseWheelName(wheel)
  if (!name) throw new ToolchainError(`${wheel} is not a wheel file name.`)
  return `${name.dist}-${name.version}.data/platlib/modular/`
}

/** Checks a file the stream wrote against the entry the zip's directory lists for it. */
function checkStreamed(wheel: string, entry: Entry, streamed: Streamed | undefined, target: string): void {
  if (streamed?.size !== entry.uncompressedSize || fs.statSync(target).size !== entry.uncompressedSize) {
    throw new ToolchainError(
      `${wheel}: '${entry.fileName}' differs between its local header and the zip's directory; refusing it.`
    )
  }
}

/**
 * Extracts the wheel's modular tree into `root`; returns how many files it holds. With `streamed`
 * (what StreamUnpacker wrote during the download) the files are there already: they are checked
 * against the zip's directory and given their modes.
 */
export async function extractToolchain(
  wheelPath: string,
  root: string,
  streamed?: ReadonlyMap<string, Streamed>
): Promise<number> {
  const wheel = path.basename(wheelPath)
  const prefix = wheelPrefix(wheel)
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
    const files: Array<{ entry: Entry; target: string; rel: string }> = []
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
      else files.push({ entry, target, rel })
    }
    if (streamed) {
      const listed = new Set(files.map((f) => f.rel))
      const extra = [...streamed.keys()].find((rel) => !listed.has(rel))
      if (extra !== undefined)
        throw new ToolchainError(`${wheel}: '${extra}' is not in the zip's directory; refusing it.`)
      for (const { entry, target, rel } of files) {
        checkStreamed(wheel, entry, streamed.get(rel), target)
        fs.chmodSync(target, entryMode(entry.externalFileAttributes, false))
      }
      return files.length
    }
    await Promise.all(
      files.map(async ({ entry, target }) => {
        fs.mkdirSync(path.dirname(target), { recursive: true })
        const mode = entryMode(entry.externalFileAttributes, false)
        await pipeline(
          await zip.openReadStreamPromise(entry, { decompress: false }),
          inflater(entry),
          fs.createWriteStream(target, { mode, flags: 'wx' })
        )
        if (fs.statSync(target).size !== entry.uncompressedSize) {
          throw new ToolchainError(`${wheel}: '${entry.fileName}' does not unpack to the size the zip lists.`)
        }
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

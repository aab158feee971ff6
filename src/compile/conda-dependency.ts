/**
 * A conda package a lock names, reduced to its Mojo packages: downloaded once (its sha256 checked),
 * its `lib/mojo/*.mojoc|*.mojopkg` kept in the tool cache under that sha256, so a later run on the
 * runner reuses them. A `.conda` is a zip holding `pkg-*.tar.zst`, streamed through Node's own zstd; an
 * older `.tar.bz2` is decompressed by the runner's `bzip2`. Both tars are read by one reader that
 * writes nothing but regular files named `lib/mojo/<name>.mojoc` (no link, no path of the archive's),
 * and stops past a size: the package's bytes are whoever publishes to the channel's.
 */
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { Transform, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import zlib from 'node:zlib'
import tar from 'tar-stream'
import yauzl from 'yauzl'
import { inheritedEnv } from '../child-env.js'
import { ToolchainError } from '../errors.js'
import { describeExit, runProcess } from '../process.js'
import { downloadVerified } from '../toolchain/download.js'
import { discardStaging, placeInToolCache, stagingBeside } from '../toolchain/tool-cache.js'

const MOJO_FILE = /^lib\/mojo\/([A-Za-z_][A-Za-z0-9_]*)\.(mojoc|mojopkg)$/
const BZIP2_TIMEOUT_MS = 120_000
/** A Mojo library's package unpacks to megabytes; a zstd or bzip2 bomb to whatever fills the runner. */
const UNPACKED_LIMIT = 4 * 1024 ** 3

/** Counts the bytes passing through; fails once there are more than `limit`. */
function bounded(limit: number, file: string): Transform {
  let total = 0
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      total += chunk.length
      if (total > limit)
        done(
          new ToolchainError(
            `${path.basename(file)} unpacks to more than ${limit} bytes: not a Mojo library's package`
          )
        )
      else done(null, chunk)
    }
  })
}

/** Writes the `lib/mojo` package files of the tar `source` gives (through `filters`) into `out`. */
async function fromTar(out: string, source: Readable, ...filters: Transform[]): Promise<void> {
  const extract = tar.extract()
  const done = (async () => {
    for await (const entry of extract) {
      const name = entry.header.name.replace(/^\.\//, '')
      // Only a regular file, under its own base name: a link, `../`, or an absolute path writes nothing.
      if (entry.header.type === 'file' && MOJO_FILE.test(name))
        await pipeline(entry, fs.createWriteStream(path.join(out, path.basename(name)), { flags: 'wx' }))
      else entry.resume()
    }
  })()
  await Promise.all([pipeline([source, ...filters, extract]), done])
}

/** The Mojo packages of one `.conda` file, by file name (`mist.mojoc`) in `lib/mojo`. */
async function fromConda(file: string, out: string, limit: number): Promise<void> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true, strictFileNames: true, autoClose: false })
  try {
    for await (const entry of zip.eachEntry()) {
      if (!/^pkg-[^/]+\.tar\.zst$/.test(entry.fileName)) continue
      const zst = await zip.openReadStreamPromise(entry)
      await fromTar(out, zst, zlib.createZstdDecompress(), bounded(limit, file))
    }
  } finally {
    zip.close()
  }
}

/** The same of a `.tar.bz2`, decompressed beside it by `bzip2` (Node has no bzip2), its tar read here. */
async function fromTarBz2(file: string, out: string, limit: number): Promise<void> {
  const result = await runProcess(['bzip2', '-d', '-k', '--', file], {
    env: inheritedEnv({ LC_ALL: 'C' }),
    timeoutMs: BZIP2_TIMEOUT_MS
  })
  const tarFile = file.replace(/\.bz2$/, '')
  try {
    if (result.code !== 0)
      throw new ToolchainError(
        `bzip2 could not decompress ${path.basename(file)}: ${result.stderr.trim() || describeExit(result)}`
      )
    await fromTar(out, fs.createReadStream(tarFile), bounded(limit, file))
  } finally {
    await fsp.rm(tarFile, { force: true })
  }
}

/** Where the Mojo packages of the conda file with this sha256 are kept. */
function cacheDir(sha256: string): string {
  const root = process.env.RUNNER_TOOL_CACHE || path.join(os.tmpdir(), 'mojo-tool-cache')
  return path.join(root, 'mojo-dependencies', sha256)
}

/**
 * The folder holding the Mojo package files of the conda package at `url` (verified against `sha256`),
 * from the tool cache when a run put them there.
 */
export async function condaMojoFiles(url: string, sha256: string, limit = UNPACKED_LIMIT): Promise<string> {
  const dir = cacheDir(sha256)
  if (fs.existsSync(`${dir}.complete`) && fs.existsSync(dir)) return dir
  const staging = stagingBeside(dir)
  try {
    const filename = decodeURIComponent(url.slice(url.lastIndexOf('/') + 1))
    const download = await fsp.mkdtemp(path.join(staging, '.download-'))
    const file = await downloadVerified({ filename, url, sha256 }, download)
    await (filename.endsWith('.tar.bz2') ? fromTarBz2(file, staging, limit) : fromConda(file, staging, limit))
    await fsp.rm(download, { recursive: true, force: true })
    if (placeInToolCache(staging, dir)) return dir
  } catch (error) {
    discardStaging(staging)
    throw error
  }
  discardStaging(staging) // another run placed it meanwhile
  return dir
}

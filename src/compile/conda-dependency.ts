/**
 * A conda package a lock names, reduced to its Mojo packages: downloaded once (its sha256 checked),
 * its `lib/mojo/*.mojoc|*.mojopkg` kept in the tool cache under that sha256, so a later run on the
 * runner reuses them. A `.conda` is a zip holding `pkg-*.tar.zst`, read here with Node's own zstd; an
 * older `.tar.bz2` is unpacked by the runner's `tar`.
 */
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { promisify } from 'node:util'
import tar from 'tar-stream'
import yauzl from 'yauzl'
import { inheritedEnv } from '../child-env.js'
import { ToolchainError } from '../errors.js'
import { describeExit, runProcess } from '../process.js'
import { downloadVerified } from '../toolchain/download.js'
import { discardStaging, placeInToolCache, stagingBeside } from '../toolchain/tool-cache.js'

const zstdDecompress = promisify(zlib.zstdDecompress)
const MOJO_FILE = /^lib\/mojo\/([A-Za-z_][A-Za-z0-9_]*)\.(mojoc|mojopkg)$/
const TAR_TIMEOUT_MS = 120_000

/** The Mojo packages of one conda package, by file name (`mist.mojoc`) in `lib/mojo`. */
async function fromConda(file: string, out: string): Promise<void> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true, strictFileNames: true, autoClose: false })
  try {
    for await (const entry of zip.eachEntry()) {
      if (!/^pkg-[^/]+\.tar\.zst$/.test(entry.fileName)) continue
      const chunks: Buffer[] = []
      for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer)
      await fromTar(await zstdDecompress(Buffer.concat(chunks)), out)
    }
  } finally {
    zip.close()
  }
}

/** Writes the `lib/mojo` package files of an uncompressed tar into `out`. */
async function fromTar(bytes: Buffer, out: string): Promise<void> {
  const extract = tar.extract()
  const done = (async () => {
    for await (const entry of extract) {
      const name = entry.header.name.replace(/^\.\//, '')
      const chunks: Buffer[] = []
      for await (const chunk of entry) chunks.push(chunk as Buffer)
      if (entry.header.type === 'file' && MOJO_FILE.test(name))
        await fsp.writeFile(path.join(out, path.basename(name)), Buffer.concat(chunks), { flag: 'wx' })
    }
  })()
  extract.end(bytes)
  await done
}

async function fromTarBz2(file: string, out: string): Promise<void> {
  const unpacked = await fsp.mkdtemp(path.join(os.tmpdir(), 'mojo-conda-'))
  try {
    const result = await runProcess(['tar', '-xjf', file, '-C', unpacked], {
      env: inheritedEnv({ LC_ALL: 'C' }),
      timeoutMs: TAR_TIMEOUT_MS
    })
    if (result.code !== 0)
      throw new ToolchainError(
        `tar could not unpack ${path.basename(file)}: ${result.stderr.trim() || describeExit(result)}`
      )
    const lib = path.join(unpacked, 'lib', 'mojo')
    for (const name of fs.existsSync(lib) ? await fsp.readdir(lib) : []) {
      const full = path.join(lib, name)
      if (MOJO_FILE.test(`lib/mojo/${name}`) && (await fsp.lstat(full)).isFile())
        await fsp.copyFile(full, path.join(out, name))
    }
  } finally {
    await fsp.rm(unpacked, { recursive: true, force: true })
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
export async function condaMojoFiles(url: string, sha256: string): Promise<string> {
  const dir = cacheDir(sha256)
  if (fs.existsSync(`${dir}.complete`) && fs.existsSync(dir)) return dir
  const staging = stagingBeside(dir)
  try {
    const filename = decodeURIComponent(url.slice(url.lastIndexOf('/') + 1))
    const download = await fsp.mkdtemp(path.join(staging, '.download-'))
    const file = await downloadVerified({ filename, url, sha256 }, download)
    await (filename.endsWith('.tar.bz2') ? fromTarBz2(file, staging) : fromConda(file, staging))
    await fsp.rm(download, { recursive: true, force: true })
    if (placeInToolCache(staging, dir)) return dir
  } catch (error) {
    discardStaging(staging)
    throw error
  }
  discardStaging(staging) // another run placed it meanwhile
  return dir
}

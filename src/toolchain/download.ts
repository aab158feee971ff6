/** Downloads that fail closed: a file is kept only when its bytes match the sha256 the index lists. */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import * as core from '@actions/core'
import { ToolchainError } from '../errors.js'
import { untrusted } from '../log.js'
import { DOWNLOAD_LIMITS, open, readBytes } from './fetch.js'
import type { IndexFile } from './simple-index.js'

function checkHashListed(what: string, url: string, sha256: string | undefined): string {
  if (!sha256) {
    throw new ToolchainError(
      `the index lists no sha256 for ${what} (${url}), so it cannot be verified; use an index that publishes sha256 hashes (PEP 503 '#sha256=' or PEP 691 'hashes').`
    )
  }
  return sha256
}

const INDEX_FIX = 'Nothing was installed; check the index or mirror (index-url) and retry.'

function mismatch(
  what: string,
  url: string,
  expected: string,
  actual: string,
  fix = INDEX_FIX
): ToolchainError {
  return new ToolchainError(
    `sha256 mismatch for ${what} from ${url}: the index lists ${expected}, the download is ${actual}. ${fix}`
  )
}

/** Logs a download's progress at most every few seconds, so a slow index shows it is still moving. */
export function progressLogger(
  name: string,
  size: number | undefined,
  log: (line: string) => void = core.info,
  everyMs = 5_000,
  now: () => number = Date.now
): (bytes: number) => void {
  const started = now()
  let next = started + everyMs
  let total = 0
  const mb = (bytes: number): string => (bytes / 1e6).toFixed(1)
  return (bytes) => {
    total += bytes
    if (now() < next) return
    next = now() + everyMs
    const of = size ? ` of ${mb(size)} MB (${Math.floor((100 * total) / size)}%)` : ' MB'
    const rate = mb((1000 * total) / Math.max(1, now() - started))
    log(`Downloading ${untrusted(name)}: ${mb(total)}${of}, ${rate} MB/s`)
  }
}

/**
 * Streams `file` into `dir`, hashing as it goes and handing each chunk to `onChunk` (which may
 * unpack it); returns the path, or throws and leaves no file. `fix`: what a mismatch tells the user.
 */
export async function downloadVerified(
  file: IndexFile,
  dir: string,
  onChunk?: (chunk: Buffer) => void,
  fix = INDEX_FIX
): Promise<string> {
  const expected = checkHashListed(file.filename, file.url, file.sha256)
  const source = await open(file.url, { limits: DOWNLOAD_LIMITS })
  if (!source)
    throw new ToolchainError(`${file.url} is listed by the index but not there (HTTP 404); retry later.`)
  const target = path.join(dir, path.basename(file.filename))
  const hash = crypto.createHash('sha256')
  const progress = progressLogger(file.filename, source.size)
  try {
    await pipeline(
      source.body,
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          hash.update(chunk)
          progress(chunk.length)
          onChunk?.(chunk)
          yield chunk
        }
      },
      fs.createWriteStream(target, { flags: 'wx' })
    )
    const actual = hash.digest('hex')
    if (actual !== expected) throw mismatch(file.filename, file.url, expected, actual, fix)
    return target
  } catch (error) {
    fs.rmSync(target, { force: true })
    if (error instanceof ToolchainError) throw error
    throw new ToolchainError(
      `downloading ${file.url} failed: ${error instanceof Error ? error.message : error}; retry the job.`
    )
  }
}

/** A wheel's METADATA served by the index (PEP 658), verified like a download; undefined if not offered. */
export async function fetchMetadata(file: IndexFile): Promise<string | undefined> {
  if (!file.metadata) return undefined
  const url = `${file.url}.metadata`
  const source = await open(url)
  if (!source) return undefined
  const bytes = await readBytes(source)
  if (file.metadata.sha256) {
    const actual = crypto.createHash('sha256').update(bytes).digest('hex')
    if (actual !== file.metadata.sha256)
      throw mismatch(`${file.filename}.metadata`, url, file.metadata.sha256, actual)
  }
  return bytes.toString('utf8')
}

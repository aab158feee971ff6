/**
 * What an installed toolchain must hold, file by file (size, mode, sha256), and the proof that it does.
 *
 * The facts come from the wheels, never from the installed files: each wheel's RECORD (PEP 376/427)
 * lists the sha256 and size of every file it holds, the zip gives the modes, and the wheel itself was
 * verified against the sha256 the index listed when it was downloaded. A tree that matches them is the
 * tree those wheels install, byte for byte: no file changed, none missing, none added (an extra `.so`
 * in `lib/` would be loaded too).
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import yauzl from 'yauzl'
import { mapLimit } from '../concurrency.js'
import { ToolchainError } from '../errors.js'
import { entryMode, toolchainPath, wheelPrefix } from './unpack-wheel.js'

interface FileFacts {
  sha256: string
  size: number
  /** Permission bits (bin/mojo must stay executable, nothing may become writable by others). */
  mode: number
}

/** Paths relative to the toolchain root (`bin/mojo`) -> what the file must be. */
export type TreeManifest = Record<string, FileFacts>

/** Files hashed at once: every file of a toolchain (7 in 1.2.0), without running out of descriptors. */
const OPEN_FILES = 16
const S_IFMT = 0o170000
const S_IFREG = 0o100000

/** One RECORD field: CSV, quoted when the path holds a comma or a quote. */
function splitRecordLine(line: string): string[] {
  const fields: string[] = []
  for (let i = 0; i <= line.length;) {
    if (line[i] === '"') {
      let value = ''
      for (i++; i < line.length; i++) {
        if (line[i] === '"' && line[i + 1] === '"') value += line[i++]
        else if (line[i] === '"') break
        else value += line[i]
      }
      fields.push(value)
      i += 2 // the closing quote and the comma
    } else {
      const end = line.indexOf(',', i)
      fields.push(line.slice(i, end === -1 ? line.length : end))
      i = end === -1 ? line.length + 1 : end + 1
    }
  }
  return fields
}

/** A wheel's RECORD: entry name -> sha256 (hex) and size, for the entries that list a sha256. */
export function parseRecord(text: string): Map<string, { sha256: string; size: number }> {
  const listed = new Map<string, { sha256: string; size: number }>()
  for (const line of text.split(/\r?\n/)) {
    const [name, hash, size] = splitRecordLine(line)
    const m = /^sha256=([A-Za-z0-9_-]+)$/.exec(hash ?? '')
    if (!name || !m) continue
    listed.set(name, { sha256: Buffer.from(m[1], 'base64url').toString('hex'), size: Number(size) })
  }
  return listed
}

/** The facts of every file of a wheel's modular tree, from its RECORD and its zip directory. */
export async function wheelTree(wheelPath: string): Promise<TreeManifest> {
  const wheel = path.basename(wheelPath)
  const prefix = wheelPrefix(wheel)
  const modes = new Map<string, { rel: string; mode: number }>()
  let record: string | undefined
  const zip = await yauzl.openPromise(wheelPath, { lazyEntries: true, autoClose: false })
  try {
    for await (const entry of zip.eachEntry()) {
      if (/^[^/]+\.dist-info\/RECORD$/.test(entry.fileName)) {
        const chunks: Buffer[] = []
        for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer)
        record = Buffer.concat(chunks).toString('utf8')
        continue
      }
      const rel = toolchainPath(entry.fileName, prefix, wheel)
      if (rel === undefined || rel === '' || entry.fileName.endsWith('/')) continue
      modes.set(entry.fileName, { rel, mode: entryMode(entry.externalFileAttributes, false) })
    }
  } finally {
    zip.close()
  }
  if (record === undefined)
    throw new ToolchainError(`${wheel} has no .dist-info/RECORD; it is not a valid wheel.`)
  const listed = parseRecord(record)
  const tree: TreeManifest = {}
  for (const [name, { rel, mode }] of modes) {
    const facts = listed.get(name)
    if (!facts)
      throw new ToolchainError(`${wheel}: its RECORD lists no sha256 for '${name}'; it is not a valid wheel.`)
    tree[rel] = { ...facts, mode }
  }
  return tree
}

/** The tree the wheels install together. */
export async function wheelsTree(wheelPaths: string[]): Promise<TreeManifest> {
  return Object.assign({}, ...(await Promise.all(wheelPaths.map(wheelTree)))) as TreeManifest
}

/** sha256 of a file, streamed. */
export async function hashFile(file: string): Promise<string> {
  const hash = crypto.createHash('sha256')
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 }))
    hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/**
 * The facts of every file under `root`, hashed concurrently (the reads overlap the hashing; bin/mojo,
 * more than half of the bytes, sets the pace). Anything but a regular file gets sha256 ''.
 */
async function hashTree(root: string): Promise<TreeManifest> {
  const entries = fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => !d.isDirectory())
    .map((d) => path.join(d.parentPath, d.name))
  const facts = await mapLimit(entries, OPEN_FILES, async (file): Promise<[string, FileFacts]> => {
    const stat = fs.lstatSync(file)
    const regular = (stat.mode & S_IFMT) === S_IFREG
    const rel = path.relative(root, file).split(path.sep).join('/')
    return [rel, { sha256: regular ? await hashFile(file) : '', size: stat.size, mode: stat.mode & 0o7777 }]
  })
  return Object.fromEntries(facts)
}

/** The first file where `actual` is not `expected`, said for a user; undefined when they agree. */
export function firstDifference(expected: TreeManifest, actual: TreeManifest): string | undefined {
  for (const [rel, want] of Object.entries(expected)) {
    const have = actual[rel] as FileFacts | undefined
    if (!have) return `'${rel}' is missing`
    if (have.sha256 === '') return `'${rel}' is not a regular file`
    if (have.size !== want.size) return `'${rel}' has ${have.size} bytes, not ${want.size}`
    if (have.sha256 !== want.sha256) return `'${rel}' has sha256 ${have.sha256}, not ${want.sha256}`
    if (have.mode !== want.mode)
      return `'${rel}' has mode ${have.mode.toString(8)}, not ${want.mode.toString(8)}`
  }
  const added = Object.keys(actual).find((rel) => !(rel in expected))
  return added === undefined ? undefined : `'${added}' was added`
}

/** Why the tree at `root` is not `expected` (naming the file), or undefined when it is. */
export async function proveTree(root: string, expected: TreeManifest): Promise<string | undefined> {
  return fs.existsSync(root) ? firstDifference(expected, await hashTree(root)) : `'${root}' is missing`
}

/**
 * A cached toolchain is proven before it runs. The install writes a record beside the toolchain, in the
 * tool-cache folder (so the Actions cache carries it too): the wheels with the sha256 the index listed,
 * and the facts of every installed file as those wheels' RECORDs state them (file-facts.ts).
 *
 * - A tool-cache hit is checked against that record: every file hashed (about 0.3 s for Mojo 1.2.0).
 *   The record sits on the same disk as the files, so this catches a changed, missing or added file,
 *   not someone who rewrites the record as well; whoever can do that owns the runner anyway.
 * - An Actions-cache restore is anyone's upload under that key, record included, so its record is
 *   not believed: the kept wheels are hashed and compared with the sha256 the index lists now, the
 *   file facts are read again from those wheels' RECORDs, and the tree is checked against them. When
 *   the index cannot be read, the wheels are held to the sha256 in the restored record, with a warning:
 *   that still catches a damaged or partly swapped entry, not one forged whole.
 */
import fs from 'node:fs'
import path from 'node:path'
import * as core from '@actions/core'
import * as pep440 from '@renovatebot/pep440'
import { untrusted } from '../log.js'
import { hashFile, proveTree, wheelsTree, type TreeManifest } from './file-facts.js'
import { listFiles } from './simple-index.js'
import { COMPILER } from './compiler-files.js'
import { isWheelOf, parseWheelName } from './wheel-name.js'

/** The tool-cache folder holds `modular/` (the toolchain root), the wheels and this record. */
export const RECORD = 'mojo-toolchain.json'
/**
 * And the wheels it came from: wheel verification installs them into a fresh venv with pip, as a user
 * does, with no second download and no index.
 */
export const WHEELS = 'wheels'
export const ROOT = 'modular'

export interface InstallRecord {
  version: string
  /** The wheels, with the sha256 the index listed when they were downloaded. */
  wheels: Array<{ filename: string; sha256: string }>
  /** What every file under `modular/` must be. */
  tree: TreeManifest
}

export function readRecord(toolDir: string, version: string): InstallRecord | undefined {
  try {
    const record = JSON.parse(fs.readFileSync(path.join(toolDir, RECORD), 'utf8')) as InstallRecord
    const whole = Array.isArray(record.wheels) && typeof record.tree === 'object' && record.tree !== null
    return whole && pep440.eq(record.version, version) ? record : undefined
  } catch {
    return undefined
  }
}

export function writeRecord(toolDir: string, record: InstallRecord): void {
  fs.writeFileSync(path.join(toolDir, RECORD), JSON.stringify(record, null, 2))
}

const wheelPath = (toolDir: string, filename: string): string =>
  path.join(toolDir, WHEELS, path.basename(filename))

/** Why the toolchain in `toolDir` is not the one its record describes, or undefined. */
export async function proveInstalled(toolDir: string, record: InstallRecord): Promise<string | undefined> {
  return proveTree(path.join(toolDir, ROOT), record.tree)
}

/** The sha256 the index lists for each of `wheels`, or undefined when the index cannot be read. */
async function indexHashes(index: string, wheels: string[]): Promise<Map<string, string> | undefined> {
  try {
    const listed = await Promise.all(
      wheels.map(async (filename) => listFiles(index, parseWheelName(filename)?.dist ?? filename))
    )
    return new Map(listed.flat().map((f) => [f.filename, f.sha256 ?? '']))
  } catch (error) {
    core.warning(
      untrusted(
        `The restored toolchain's wheels could not be checked against ${index} (${error instanceof Error ? error.message : error}); checking them against the sha256 the cache entry recorded.`
      )
    )
    return undefined
  }
}

/** Why a toolchain restored into `toolDir` is not what the index's wheels install, or undefined. */
export async function proveRestored(
  toolDir: string,
  record: InstallRecord,
  index: string
): Promise<string | undefined> {
  const names = record.wheels.map((w) => w.filename)
  if (!names.some((name) => isWheelOf(name, COMPILER))) return `${RECORD} names no ${COMPILER} wheel`
  // Genuine wheels of another version (an older compiler) under this version's key are refused too.
  const foreign = names.find((name) => !pep440.eq(parseWheelName(name)?.version ?? '', record.version))
  if (foreign !== undefined) return `'${WHEELS}/${foreign}' is not a wheel of ${record.version}`
  const [listed, hashes] = await Promise.all([
    indexHashes(index, names),
    Promise.all(names.map(async (name) => hashFile(wheelPath(toolDir, name)).catch(() => 'missing')))
  ])
  for (const [i, { filename, sha256 }] of record.wheels.entries()) {
    const expected = listed ? (listed.get(filename) ?? 'none (the index does not list it)') : sha256
    if (hashes[i] !== expected) return `'${WHEELS}/${filename}' has sha256 ${hashes[i]}, not ${expected}`
  }
  return proveTree(path.join(toolDir, ROOT), await wheelsTree(names.map((name) => wheelPath(toolDir, name))))
}

/**
 * The matrix cells the merge step reads: one folder per cell under `path`, as actions/download-artifact
 * with a `pattern` writes them, each holding what the main step wrote to its output-dir. A cell counts
 * only once every file its SHA256SUMS lists hashes as listed, and its manifest.json has the shape
 * src/assemble/manifest.ts writes.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import * as pep440 from '@renovatebot/pep440'
import { CHECKSUMS_FILE, parseChecksums } from '../assemble/checksums.js'
import { MANIFEST_FILE, type Manifest } from '../assemble/manifest.js'
import { fileDigest } from '../digest.js'
import { BuildError, InputError } from '../errors.js'
import { untrusted } from '../log.js'
import { readWorkspaceFile, workspaceFile } from '../workspace-files.js'

export interface Cell {
  /** The cell's folder name (the artifact's name). */
  name: string
  /** Absolute. */
  dir: string
  manifest: Manifest
  /** Where it was built and verified: manifest.json's `platform`, else the cell's folder name. */
  platform: string
}

/**
 * A file of the cell, read as the main step reads the workspace (workspace-files.ts): a link out of the
 * repository (to /etc/passwd, a home folder) or into its .git, a FIFO or a device is refused, naming it;
 * undefined when there is none.
 */
const cellFile = (dir: string, file: string): string | undefined =>
  workspaceFile(dir, file, 'file of a merged cell')

/** Throws unless every file SHA256SUMS lists lies in the cell with that hash. */
async function checkSums(name: string, dir: string): Promise<Array<{ file: string; sha256: string }>> {
  const text = await readWorkspaceFile(dir, CHECKSUMS_FILE, 'file of a merged cell')
  if (text === undefined) {
    throw new BuildError(
      `Cell ${untrusted(name)} has no ${CHECKSUMS_FILE}: it is not an output folder of the main step; download each cell's output-dir as one artifact.`
    )
  }
  let listed: Array<{ file: string; sha256: string }>
  try {
    listed = parseChecksums(text)
  } catch (error) {
    throw new BuildError(`Cell ${untrusted(name)}: ${(error as Error).message}`)
  }
  for (const { file, sha256 } of listed) {
    if (file.includes('/') || file.startsWith('.')) {
      throw new BuildError(
        `Cell ${untrusted(name)}: ${CHECKSUMS_FILE} lists '${untrusted(file)}', not a plain file name.`
      )
    }
    const real = cellFile(dir, file)
    const digest = real === undefined ? undefined : await fileDigest(real)
    if (digest === undefined)
      throw new BuildError(
        `Cell ${untrusted(name)}: ${untrusted(file)} is listed in ${CHECKSUMS_FILE} but missing.`
      )
    if (digest.sha256 !== sha256) {
      throw new BuildError(
        `Cell ${untrusted(name)}: ${untrusted(file)} has sha256 ${digest.sha256}, ${CHECKSUMS_FILE} lists ${sha256}: ` +
          'the file changed after it was built (or in transfer); run the cell again.'
      )
    }
  }
  return listed
}

/** A version or platform as the main step writes them: no markup, no table separator, no line break. */
const PLAIN = /^[A-Za-z0-9_.+!-]{1,64}$/

async function readManifest(name: string, dir: string): Promise<Manifest> {
  const text = await readWorkspaceFile(dir, MANIFEST_FILE, 'file of a merged cell')
  const bad = (why: string): BuildError =>
    new BuildError(
      `Cell ${untrusted(name)}: ${MANIFEST_FILE} ${why}; it is not an output folder of the main step.`
    )
  if (text === undefined) throw bad('is missing')
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    throw bad('is not JSON')
  }
  const { mojo, version, artifacts } = (data ?? {}) as Record<string, unknown>
  if (typeof mojo !== 'string' || typeof version !== 'string' || !Array.isArray(artifacts))
    throw bad('has no mojo, version and artifacts')
  // `mojo` names the release's folder (mojo-<version>/): a path such as ../../x would write outside it.
  if (pep440.valid(mojo) === null || !PLAIN.test(mojo))
    throw bad(`names the compiler '${untrusted(mojo)}', not a Mojo version`)
  // Both reach the log, the job summary's table and INSTALL.md's heading.
  const { platform } = data as Manifest
  if (!PLAIN.test(version)) throw bad(`gives the version '${untrusted(version)}', not a version`)
  if (platform !== undefined && (typeof platform !== 'string' || !PLAIN.test(platform)))
    throw bad(`gives the platform '${untrusted(String(platform))}', not a platform name such as linux-x64`)
  return data as Manifest
}

/** Reads and checks every cell folder under `root`, in name order. */
export async function readCells(root: string): Promise<Cell[]> {
  const entries = await fs.readdir(root, { withFileTypes: true }).catch(() => {
    throw new InputError(
      'path',
      `'${untrusted(root)}' is not a folder: give the folder actions/download-artifact wrote the cells into.`
    )
  })
  const folders = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
  if (folders.length === 0) {
    throw new InputError(
      'path',
      `'${untrusted(root)}' holds no cell folders: download the cells' artifacts with a pattern (and without merge-multiple), one folder each.`
    )
  }
  const cells: Cell[] = []
  for (const name of folders) {
    const dir = path.join(root, name)
    const listed = await checkSums(name, dir)
    const manifest = await readManifest(name, dir)
    if (cellFile(dir, 'INSTALL.md') === undefined)
      throw new BuildError(
        `Cell ${untrusted(name)} has no INSTALL.md: it is not an output folder of the main step.`
      )
    const sums = new Map(listed.map((l) => [l.file, l.sha256]))
    for (const a of manifest.artifacts) {
      if (a.file === undefined || sums.get(a.file) !== a.sha256) {
        throw new BuildError(
          `Cell ${untrusted(name)}: ${MANIFEST_FILE} lists ${untrusted(a.file ?? '(no file)')} with a sha256 ${CHECKSUMS_FILE} does not list; the cell's output folder is not as the main step wrote it.`
        )
      }
    }
    cells.push({ name, dir, manifest, platform: manifest.platform ?? name })
  }
  return cells
}

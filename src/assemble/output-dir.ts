/**
 * Whether output-dir may be replaced. The action replaces the folder as a whole (src/assemble/promote.ts),
 * so it refuses, before anything is downloaded, a folder whose replacement would delete the user's
 * files: the workspace or a folder holding it, a package folder or one holding one, a file, and a
 * folder holding anything the action did not write. promote.ts applies the same rule again just before
 * it deletes the old folder, since the folder may have changed during the build.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import { InputError } from '../errors.js'
import { CHECKSUMS_FILE } from './checksums.js'
import { MANIFEST_FILE } from './manifest.js'
import { ARTIFACT_KINDS } from '../types.js'
import { boundaryOf, isAtomicTemp, isWithin } from '../workspace-files.js'

interface OutputTarget {
  /** Absolute. */
  workspace: string
  /** Absolute, resolved. */
  outputDir: string
  /** Absolute package folders. */
  packageDirs: string[]
}

/** One entry directly inside the output folder. */
interface Entry {
  name: string
  kind: 'file' | 'folder' | 'other'
}

const FIX = 'set output-dir to a folder of its own, e.g. dist'

const within = (inner: string, outer: string): boolean =>
  inner === outer || inner.startsWith(outer.endsWith(path.sep) ? outer : outer + path.sep)

/** Names from the repository are shown JSON-quoted: no line break can start a workflow command. */
const quote = (name: string): string => JSON.stringify(name)

/** Why output-dir's place rules it out (workspace, package folders), or undefined. Paths absolute. */
function placementProblem(target: OutputTarget, shown: string): string | undefined {
  const { workspace, outputDir } = target
  if (within(workspace, outputDir)) {
    const what = workspace === outputDir ? 'is the workspace itself' : 'contains the workspace'
    return `'${shown}' ${what}: replacing it with the built files would delete the repository; ${FIX}.`
  }
  for (const dir of target.packageDirs) {
    const pkg = path.relative(workspace, dir).split(path.sep).join('/') || '.'
    if (within(dir, outputDir)) {
      return `'${shown}' contains the package folder '${pkg}': replacing it would delete its sources; ${FIX}.`
    }
    if (within(outputDir, dir)) {
      return `'${shown}' is inside the package folder '${pkg}': the built files would become part of that package's sources; ${FIX} outside the package folders.`
    }
  }
  return undefined
}

/**
 * The file names an earlier run wrote, read from its manifest.json; undefined when the text is not a
 * manifest this action wrote. "Wrote" means the shape src/assemble/manifest.ts gives it: an object with
 * string `mojo` and `version` and an `artifacts` array whose every entry has a known `kind`, a string
 * `name`, a plain file name as `file` (no folder part), a 64-hex `sha256` and a numeric `size`. A user's
 * own manifest.json (a web app manifest, a package list) does not have that shape.
 */
function writtenFiles(manifestText: string): Set<string> | undefined {
  let data: unknown
  try {
    data = JSON.parse(manifestText)
  } catch {
    return undefined
  }
  if (typeof data !== 'object' || data === null) return undefined
  const { mojo, version, artifacts } = data as Record<string, unknown>
  if (typeof mojo !== 'string' || typeof version !== 'string' || !Array.isArray(artifacts)) return undefined
  const files = new Set([MANIFEST_FILE, CHECKSUMS_FILE, 'INSTALL.md'])
  for (const artifact of artifacts as unknown[]) {
    if (typeof artifact !== 'object' || artifact === null) return undefined
    const { kind, name, file, sha256, size } = artifact as Record<string, unknown>
    const plainName =
      typeof file === 'string' && file !== '' && file !== '.' && file !== '..' && !/[\\/]/.test(file)
    if (
      !(ARTIFACT_KINDS as readonly unknown[]).includes(kind) ||
      typeof name !== 'string' ||
      !plainName ||
      typeof sha256 !== 'string' ||
      !/^[0-9a-f]{64}$/.test(sha256) ||
      typeof size !== 'number'
    ) {
      return undefined
    }
    files.add(file)
  }
  return files
}

/**
 * The entries of an existing output folder that the action did not write. Only regular files are ever
 * the action's: it writes no folders, so a folder (and everything under it) is the user's, and so is a
 * symbolic link even if it bears an artifact's name. Without a manifest of the action, everything is,
 * but for a temporary file of a write a killed run did not finish (`.manifest.json.tmp-*`).
 */
function strayEntries(entries: Entry[], manifestText: string | undefined): Entry[] {
  const written = manifestText === undefined ? undefined : writtenFiles(manifestText)
  return entries.filter(
    (e) => e.kind !== 'file' || (!isAtomicTemp(e.name) && (written === undefined || !written.has(e.name)))
  )
}

/** Why an existing folder's contents rule it out, or undefined when it is empty or an earlier output. */
function contentsProblem(shown: string, stray: Entry[]): string | undefined {
  if (stray.length === 0) return undefined
  const names = stray.slice(0, 5).map((e) => quote(e.kind === 'folder' ? `${e.name}/` : e.name))
  const more = stray.length > 5 ? ` and ${stray.length - 5} more` : ''
  return (
    `'${shown}' holds files this action did not write (${names.join(', ')}${more}); it replaces ` +
    `output-dir as a whole, so they would be deleted. Move them elsewhere, or ${FIX}.`
  )
}

async function listEntries(dir: string): Promise<Entry[]> {
  const dirents = await fs.readdir(dir, { withFileTypes: true })
  return dirents.map((d) => ({
    name: d.name,
    kind: d.isFile() ? 'file' : d.isDirectory() ? 'folder' : 'other'
  }))
}

/**
 * Throws InputError('output-dir') unless `dir` is absent, empty, or holds only files an earlier run of
 * this action wrote. `shown` is how the message names it.
 */
export async function checkReplaceable(dir: string, shown: string): Promise<void> {
  const stat = await fs.lstat(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined
    throw new InputError('output-dir', `'${shown}' cannot be read (${error.code ?? error.message}).`)
  })
  if (stat === undefined) return
  if (!stat.isDirectory()) {
    const what = stat.isSymbolicLink() ? 'a symbolic link' : stat.isFile() ? 'a file' : 'not a folder'
    throw new InputError(
      'output-dir',
      `'${shown}' is ${what}: the action replaces output-dir with a folder of built files, so it would be deleted; ${FIX}.`
    )
  }
  const manifestFile = path.join(dir, MANIFEST_FILE)
  const manifestText = await fs.readFile(manifestFile, 'utf8').catch(() => undefined)
  const problem = contentsProblem(shown, strayEntries(await listEntries(dir), manifestText))
  if (problem !== undefined) throw new InputError('output-dir', problem)
}

/** The path with its existing part resolved through symbolic links, so `link/dist` is compared where it lies. */
async function realPath(target: string): Promise<string> {
  const real = await fs.realpath(target).catch(() => undefined)
  if (real !== undefined) return real
  const parent = path.dirname(target)
  return parent === target ? target : path.join(await realPath(parent), path.basename(target))
}

/** Runs before any download: refuses an output-dir whose replacement would delete the user's files. */
export async function checkOutputDir(target: OutputTarget): Promise<void> {
  const rel = path.relative(target.workspace, target.outputDir).split(path.sep).join('/') || '.'
  const real: OutputTarget = {
    workspace: await realPath(target.workspace),
    outputDir: await realPath(target.outputDir),
    packageDirs: await Promise.all(target.packageDirs.map(realPath))
  }
  const problem = placementProblem(target, rel) ?? placementProblem(real, rel)
  if (problem !== undefined) throw new InputError('output-dir', problem)
  const repository = await realPath(boundaryOf(target.workspace))
  if (!isWithin(real.outputDir, repository)) {
    throw new InputError(
      'output-dir',
      `'${rel}' resolves to ${real.outputDir}, outside the repository, through a symbolic link; ${FIX}.`
    )
  }
  await checkReplaceable(target.outputDir, rel)
}

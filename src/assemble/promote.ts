/**
 * Moves a fully written staging folder into the output folder, so a failed run never leaves a partial
 * output folder and an earlier one stays as it was until the new one is complete.
 *
 * 1. The staging folder must be complete: SHA256SUMS and manifest.json present, every file SHA256SUMS
 *    lists present with that hash. Otherwise nothing is touched.
 * 2. It is renamed to a hidden sibling of the output folder (`.dist.new-*`; copied when it lies on
 *    another file system), so the final step is a rename within one folder.
 * 3. The old output folder is renamed aside (`.dist.old-*`), the new one renamed into place, the old one
 *    deleted. If the last rename fails, the old folder is renamed back. Between the two renames (a few
 *    microseconds) no output folder exists; Node has no atomic exchange of two folders.
 *
 * The old folder is deleted only when it holds nothing but an earlier output of the action (the rule of
 * output-dir.ts, checked before anything moves and again on the renamed-aside copy, which nothing else
 * writes to, since the folder may have changed during the build); otherwise it is put back untouched.
 */
import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { BuildError, InputError } from '../errors.js'
import { CHECKSUMS_FILE, parseChecksums } from './checksums.js'
import { fileDigest } from '../digest.js'
import { MANIFEST_FILE } from './manifest.js'
import { checkReplaceable } from './output-dir.js'

/**
 * Whether `name` is one of the hidden siblings a promotion of the output folder named `outputName` makes
 * (`.dist.new-*`, `.dist.old-*`): the action's own, even when a killed run left it behind.
 */
export function isPromotionLeftover(outputName: string, name: string): boolean {
  const prefix = `.${outputName}.`
  return name.startsWith(prefix) && /^(new|old)-[0-9a-f]{8}$/.test(name.slice(prefix.length))
}

/** Deletes what killed runs left beside the output folder `to` (the new output is in place by then). */
async function removeLeftovers(to: string): Promise<void> {
  const parent = path.dirname(to)
  for (const name of await fs.readdir(parent)) {
    if (isPromotionLeftover(path.basename(to), name))
      await fs.rm(path.join(parent, name), { recursive: true, force: true }).catch(() => undefined)
  }
}

async function readOrUndefined(file: string): Promise<string | undefined> {
  return fs.readFile(file, 'utf8').catch(() => undefined)
}

async function checkStagingComplete(staging: string): Promise<void> {
  const incomplete = (why: string): BuildError =>
    new BuildError(`The build in ${staging} is incomplete (${why}); the output folder was left as it was.`)
  const sums = await readOrUndefined(path.join(staging, CHECKSUMS_FILE))
  if (sums === undefined) throw incomplete(`no ${CHECKSUMS_FILE}`)
  if ((await readOrUndefined(path.join(staging, MANIFEST_FILE))) === undefined)
    throw incomplete(`no ${MANIFEST_FILE}`)
  for (const { file, sha256 } of parseChecksums(sums)) {
    const digest = await fileDigest(path.join(staging, file)).catch(() => undefined)
    if (digest === undefined) throw incomplete(`${file} is missing`)
    if (digest.sha256 !== sha256) throw incomplete(`${file} does not match its sha256`)
  }
}

type Rename = (from: string, to: string) => Promise<void>

async function moveFolder(from: string, to: string, rename: Rename): Promise<void> {
  try {
    await rename(from, to)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error
    await fs.cp(from, to, { recursive: true, preserveTimestamps: true })
    await fs.rm(from, { recursive: true, force: true })
  }
}

/** `rename` moves the staging folder (tests pass one that fails with EXDEV, as across file systems). */
export async function promoteStaging(
  staging: string,
  outputDir: string,
  rename: Rename = fs.rename
): Promise<void> {
  const from = path.resolve(staging)
  const to = path.resolve(outputDir)
  const within = (a: string, b: string): boolean => a === b || a.startsWith(b + path.sep)
  if (within(from, to) || within(to, from)) {
    throw new BuildError(
      `The staging folder ${from} and the output folder ${to} must not contain each other.`
    )
  }
  await checkStagingComplete(from)
  await checkReplaceable(to, to)
  const parent = path.dirname(to)
  await fs.mkdir(parent, { recursive: true })
  const tag = randomBytes(4).toString('hex')
  const incoming = path.join(parent, `.${path.basename(to)}.new-${tag}`)
  const previous = path.join(parent, `.${path.basename(to)}.old-${tag}`)
  let hadPrevious = false
  try {
    await moveFolder(from, incoming, rename)
    hadPrevious = await fs.rename(to, previous).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return false
        throw error
      }
    )
    try {
      if (hadPrevious) await checkReplaceable(previous, to)
      await fs.rename(incoming, to)
    } catch (error) {
      if (hadPrevious) await fs.rename(previous, to)
      throw error
    }
  } catch (error) {
    await fs.rm(incoming, { recursive: true, force: true })
    if (error instanceof InputError) throw error
    throw new BuildError(`Could not move the build into ${to}: ${(error as Error).message}`)
  }
  // The new output is in place: an old copy that cannot be deleted is only clutter, and so is what an
  // earlier run, killed between its renames, left beside it.
  if (hadPrevious) await fs.rm(previous, { recursive: true, force: true }).catch(() => undefined)
  await removeLeftovers(to)
}

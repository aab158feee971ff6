/**
 * The one way the action reads the project's files and folders, and writes its own files. Whatever is
 * read resolves (through symbolic links) inside the repository and is a regular file or folder: a link
 * that stays inside is followed, one that leads out (to a home folder, /proc/self/environ) is refused
 * with a WorkspaceFileError naming it, so nothing outside the checkout reaches a log line or an
 * artifact. A FIFO, device or socket is refused too: reading one hangs or yields what is not a file.
 * Writes go to a temporary name renamed into place, so a failed write leaves no cut file behind.
 */
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import path from 'node:path'
import { WorkspaceFileError } from './errors.js'
import { untrusted } from './log.js'

/**
 * The folder nothing read may leave: the repository (GITHUB_WORKSPACE) when it holds the workspace (a
 * working-directory may link to the repository's README or CHANGELOG), else the workspace itself.
 */
export function boundaryOf(workspace: string, repository = process.env.GITHUB_WORKSPACE): string {
  const ws = path.resolve(workspace)
  return repository && isWithin(ws, path.resolve(repository)) ? path.resolve(repository) : ws
}

/** Whether `inner` is `outer` or lies under it (paths compared as given: resolve links first). */
export function isWithin(inner: string, outer: string): boolean {
  const rel = path.relative(outer, inner)
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))
}

/**
 * Whether `real` lies in a `.git` folder of the repository `boundary`. Never read: actions/checkout
 * keeps the job's token in `.git/config` (persist-credentials), so a link or a license-file into .git
 * would ship it.
 */
export function inGitDir(real: string, boundary: string): boolean {
  return path.relative(boundary, real).split(path.sep).includes('.git')
}

const realOrSelf = (p: string): string => {
  try {
    return fs.realpathSync(p)
  } catch {
    return p
  }
}

const posix = (p: string): string => p.split(path.sep).join('/')

/** `abs` as the messages name it: workspace-relative when inside, else as given. */
function shown(workspace: string, abs: string): string {
  const rel = path.relative(workspace, abs)
  return untrusted(rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? abs : posix(rel))
}

/** The first symbolic link on the way from the workspace down to `abs` that resolves outside `boundary`. */
function leavingLink(workspace: string, abs: string, boundary: string): string | undefined {
  const parts = path.relative(workspace, abs).split(path.sep)
  let at = workspace
  for (const part of parts) {
    at = path.join(at, part)
    if (!fs.lstatSync(at, { throwIfNoEntry: false })?.isSymbolicLink()) continue
    if (!isWithin(realOrSelf(at), boundary)) return at
  }
  return undefined
}

type EntryKind = 'file' | 'folder'

/**
 * What `file` (absolute, or relative to `workspace`) is, through links: undefined when it does not
 * exist, else its kind and real path. Throws WorkspaceFileError when it resolves outside the
 * repository or is neither a regular file nor a folder. `what` says what it is for, e.g. `README`.
 */
export function workspaceEntry(
  workspace: string,
  file: string,
  what: string
): { kind: EntryKind; real: string } | undefined {
  const abs = path.resolve(workspace, file)
  const boundary = realOrSelf(boundaryOf(workspace))
  const name = shown(workspace, abs)
  let real: string
  try {
    real = fs.realpathSync(abs)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined
    throw error
  }
  if (!isWithin(real, boundary)) {
    const link = isWithin(abs, path.resolve(workspace))
      ? leavingLink(path.resolve(workspace), abs, boundary)
      : undefined
    // Named by the link, the thing to fix; the file read through it too when that is another path.
    const linkName = link === undefined ? name : shown(workspace, link)
    const through =
      link === undefined
        ? ''
        : ` (the link ${linkName} -> ${untrusted(fs.readlinkSync(link))}${linkName === name ? '' : `, reading ${name}`})`
    throw new WorkspaceFileError(
      linkName,
      `the ${what} resolves to ${untrusted(real)}${through}, outside the repository; the action reads only ` +
        'files of the checkout: copy the file into the repository instead of linking to it.'
    )
  }
  if (inGitDir(real, boundary)) {
    throw new WorkspaceFileError(
      name,
      `the ${what} resolves to ${untrusted(real)}, inside .git, which the action never reads (actions/checkout ` +
        "keeps the job's token in .git/config): name a file of the checkout itself."
    )
  }
  const stat = fs.statSync(real)
  if (stat.isFile()) return { kind: 'file', real }
  if (stat.isDirectory()) return { kind: 'folder', real }
  throw new WorkspaceFileError(
    name,
    `the ${what} is not a regular file or folder (a FIFO, device or socket): replace it with a plain file.`
  )
}

/** The real path of the regular file `file`, or undefined when there is none (absent, or a folder). */
export function workspaceFile(workspace: string, file: string, what: string): string | undefined {
  const entry = workspaceEntry(workspace, file, what)
  return entry?.kind === 'file' ? entry.real : undefined
}

/** The text of `file`, or undefined when there is no such file. */
export function readWorkspaceFileSync(workspace: string, file: string, what: string): string | undefined {
  const real = workspaceFile(workspace, file, what)
  return real === undefined ? undefined : fs.readFileSync(real, 'utf8')
}

/** The text of `file`, or undefined when there is no such file. */
export async function readWorkspaceFile(
  workspace: string,
  file: string,
  what: string
): Promise<string | undefined> {
  const real = workspaceFile(workspace, file, what)
  return real === undefined ? undefined : fsp.readFile(real, 'utf8')
}

interface WalkedFile {
  /** Relative to the walked folder, `/`-separated, as the tree shows it (a link keeps its own name). */
  rel: string
  /** The file to read: a link's target. */
  real: string
}

export interface WalkOptions {
  /** Leaves an entry (file or folder) out, unread. */
  skip?: (name: string) => boolean
  /** The files wanted (e.g. Mojo sources); the others are left unread, so a link among them is no error. */
  take?: (name: string) => boolean
  /**
   * What to do with an entry under `dir` that links out of the repository: `refuse` (the default, for
   * files that are built or shipped), or `leave` it out unread (for a walk that only looks, such as
   * the compile cache's key).
   */
  outside?: 'refuse' | 'leave'
}

/**
 * The files `take` wants under `dir`, sorted, following links that stay in the repository and refusing
 * the others (folders included: what lies under them would be taken). A link back up is walked once.
 */
export async function walkWorkspaceDir(
  workspace: string,
  dir: string,
  what: string,
  { skip = () => false, take = () => true, outside = 'refuse' }: WalkOptions = {}
): Promise<WalkedFile[]> {
  const found: WalkedFile[] = []
  const boundary = realOrSelf(boundaryOf(workspace))
  const walk = async (abs: string, rel: string, ancestors: string[]): Promise<void> => {
    const entry = workspaceEntry(workspace, abs, what)
    if (entry === undefined) return
    if (entry.kind === 'file') return void found.push({ rel, real: entry.real })
    if (ancestors.includes(entry.real)) return
    for (const name of (await fsp.readdir(abs)).sort()) {
      const child = path.join(abs, name)
      // stat follows links without opening the file: a FIFO that is not wanted is not touched.
      const isFolder = fs.statSync(child, { throwIfNoEntry: false })?.isDirectory() ?? false
      if (name === '.git' || skip(name) || (!isFolder && !take(name))) continue
      if (outside === 'leave' && !isWithin(realOrSelf(child), boundary)) continue
      await walk(child, rel === '' ? name : `${rel}/${name}`, [...ancestors, entry.real])
    }
  }
  await walk(path.resolve(workspace, dir), '', [])
  return found.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0))
}

/** Whether `name` is a temporary file of `writeAtomically`, which only a killed run leaves behind. */
export const isAtomicTemp = (name: string): boolean => /^\..+\.tmp-[0-9a-f]{8}$/.test(name)

/**
 * Makes `file` with `write(temp)`, writing a temporary sibling renamed into place: a write that fails
 * (a full disk, a killed process) leaves the earlier file or none, never a cut one.
 */
export async function writeAtomically(file: string, write: (temp: string) => Promise<void>): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.tmp-${randomBytes(4).toString('hex')}`)
  try {
    await write(temp)
    await fsp.rename(temp, file)
  } catch (error) {
    await fsp.rm(temp, { force: true })
    throw error
  }
}

/** `data` written to `file` with `writeAtomically`, with `mode` whatever the umask. */
export async function writeFileAtomic(file: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
  await writeAtomically(file, async (temp) => {
    await fsp.writeFile(temp, data, { mode, flag: 'wx' })
    await fsp.chmod(temp, mode)
  })
}

/**
 * Lists archives with the system tools a user has (`tar`, `unzip`), refusing entries that would land
 * outside the target folder (extraction itself runs the install plan), and checks the extracted tree.
 */
import fs from 'node:fs'
import path from 'node:path'
import { ownEnv } from '../child-env.js'
import { VerifyError } from '../errors.js'
import type { ArchiveFormat } from '../names.js'
import { describeExit, runProcess } from '../process.js'

/** The listing of one archive by a system tool; a tool that fails fails the verification. */
async function list(argv: string[]): Promise<string> {
  const result = await runProcess(argv, {
    env: ownEnv({ PATH: '/usr/bin:/bin', LC_ALL: 'C' }),
    timeoutMs: 5 * 60_000,
    maxOutput: 64 << 20
  })
  if (result.code !== 0) {
    throw new VerifyError(`'${argv.join(' ')}' failed with ${describeExit(result)}: ${result.stderr.trim()}`)
  }
  return result.stdout
}

export interface ListedEntry {
  /** As the tool prints it; directories end with `/` (zip) or are typed `d` (tar). */
  path: string
  type: 'file' | 'directory' | 'symlink' | 'hardlink' | 'other'
  /** Permission bits as listed, when the archive records them. */
  mode?: number
  /** Symlink or hard link target. */
  target?: string
}

const TYPES: Record<string, ListedEntry['type']> = {
  '-': 'file',
  d: 'directory',
  l: 'symlink',
  h: 'hardlink'
}

/** `rwxr-xr-x` (with s/S/t/T) -> 0o755. */
function permissionBits(perms: string): number {
  let mode = 0
  for (let i = 0; i < 9; i++) {
    const c = perms[i]
    if (c !== '-' && c !== 'S' && c !== 'T') mode |= 1 << (8 - i)
  }
  return mode
}

/**
 * Pairs the plain name listing (`tar -tzf`, `unzip -Z1`) with the verbose one (`tar -tvzf`, `unzip -Z`),
 * which prints entries in the same order, each line starting with `ls`-style permissions and ending
 * with the name (then ` -> target` or ` link to target`).
 */
export function parseListing(names: string, verbose: string): ListedEntry[] {
  const paths = names.split('\n').filter((n) => n !== '')
  const lines = verbose.split('\n').filter((l) => /^[-dlhcbps][rwxsStT-]{9}[+@.]?\s/.test(l))
  return paths.map((p, i) => {
    const line = lines.length === paths.length ? lines[i] : undefined
    const type = line ? (TYPES[line[0]] ?? 'other') : p.endsWith('/') ? 'directory' : 'file'
    const entry: ListedEntry = { path: p, type }
    if (line) entry.mode = permissionBits(line.slice(1, 10))
    if (line && (type === 'symlink' || type === 'hardlink')) {
      const marker = type === 'symlink' ? ` -> ` : ` link to `
      const at = line.lastIndexOf(`${p.replace(/\/$/, '')}${marker}`)
      if (at >= 0) entry.target = line.slice(at + p.replace(/\/$/, '').length + marker.length)
    }
    return entry
  })
}

/** Why an entry may not be extracted: absolute, `..`, or a link pointing outside the folder. */
export function unsafeEntries(entries: ListedEntry[]): string[] {
  const problems: string[] = []
  const escapes = (p: string): boolean => {
    const normal = path.posix.normalize(p)
    return path.posix.isAbsolute(p) || normal === '..' || normal.startsWith('../') || /^[A-Za-z]:/.test(p)
  }
  for (const entry of entries) {
    if (escapes(entry.path) || entry.path.split(/[\\/]/).includes('..')) {
      problems.push(`'${entry.path}' would be written outside the folder`)
    } else if (entry.type === 'symlink' && entry.target !== undefined) {
      if (
        path.posix.isAbsolute(entry.target) ||
        escapes(path.posix.join(path.posix.dirname(entry.path), entry.target))
      ) {
        problems.push(`'${entry.path}' links to '${entry.target}', outside the folder`)
      }
    } else if (entry.type === 'hardlink' && entry.target !== undefined && escapes(entry.target)) {
      problems.push(`'${entry.path}' is a hard link to '${entry.target}', outside the folder`)
    } else if (entry.type === 'other') {
      problems.push(`'${entry.path}' is a device or special file`)
    }
  }
  return problems
}

export async function listArchive(file: string, format: ArchiveFormat): Promise<ListedEntry[]> {
  if (format === 'zip')
    return parseListing(await list(['unzip', '-Z1', file]), await list(['unzip', '-Z', file]))
  return parseListing(await list(['tar', '-tzf', file]), await list(['tar', '-tvzf', file]))
}

/** Symlinks in the extracted tree that resolve outside `root` (the last line of defence). */
export function escapingLinks(root: string): string[] {
  // `.native` resolves as the kernel does: the JS version applies `..` after a link lexically, so
  // `up -> here/../..` with `here -> .` would look inside while it reads the folder above.
  const real = fs.realpathSync.native(root)
  const found: string[] = []
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, entry.name)
      if (entry.isSymbolicLink()) {
        let target: string
        try {
          target = fs.realpathSync.native(abs)
        } catch {
          continue // dangling: points nowhere, reads nothing
        }
        if (path.relative(real, target).startsWith('..')) found.push(path.relative(root, abs))
      } else if (entry.isDirectory()) walk(abs)
    }
  }
  walk(root)
  return found
}

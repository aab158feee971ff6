/**
 * Collects the workspace files an archive takes. Only regular files inside the repository are ever
 * read: patterns with `..` or absolute paths are refused, and so is a match that is (or lies under) a
 * symbolic link resolving outside the repository, or that is a FIFO, device or socket. Links inside
 * are followed and stored as the files they point to (zip has no portable symbolic links). `.git`
 * folders and the excluded folders (the output folder, and what a killed run left beside it) are
 * never walked.
 */
import { hasControl, replaceControls, untrusted } from '../log.js'
import fs from 'node:fs/promises'
import path from 'node:path'
import { InputError } from '../errors.js'
import { globToRegExp, literalBase, matchesFile, patternProblem } from '../glob.js'
import { isPromotionLeftover } from './promote.js'
import { boundaryOf, inGitDir, isWithin } from '../workspace-files.js'

export interface SourceFile {
  /** Workspace-relative, `/`-separated. */
  path: string
  /** The file to read (a link's target). */
  abs: string
  /** Normalised: 0o755 when any execute bit is set, else 0o644. */
  mode: number
  size: number
}

interface CollectOptions {
  workspace: string
  /** Folders never archived, absolute or workspace-relative (the output folder, a staging folder). */
  exclude: string[]
  /** The archive's name, for error messages. */
  archive: string
}

interface Walk {
  workspace: string
  /** The workspace's real path: links must resolve inside it. */
  root: string
  isExcluded: (rel: string) => boolean
  files: SourceFile[]
  /** Walked paths that cannot be archived; an error only if a pattern takes them. */
  refused: Array<{ path: string; reason: string }>
}

/** `ancestors` holds the real folders on the way down, so a link back up cannot loop forever. */
async function walk(w: Walk, rel: string, ancestors: string[], checkReal: boolean): Promise<void> {
  if (rel !== '' && w.isExcluded(rel)) return
  const abs = path.join(w.workspace, rel)
  let stat = await fs.lstat(abs).catch(() => undefined)
  if (stat === undefined) return // not there: the pattern matches nothing here
  let real = abs
  if (stat.isSymbolicLink() || checkReal) {
    const resolved = await fs.realpath(abs).catch(() => undefined)
    if (resolved === undefined) return void w.refused.push({ path: rel, reason: 'is a broken symbolic link' })
    if (!isWithin(resolved, w.root)) {
      return void w.refused.push({ path: rel, reason: `resolves to ${resolved}, outside the workspace` })
    }
    if (inGitDir(resolved, w.root)) {
      return void w.refused.push({
        path: rel,
        reason: `resolves to ${resolved}, inside .git (never archived)`
      })
    }
    real = resolved
    stat = await fs.stat(real)
  }
  if (hasControl(rel)) {
    return void w.refused.push({
      path: rel,
      reason: 'has a control character (such as a newline) in its name'
    })
  }
  if (stat.isDirectory()) {
    const realDir = await fs.realpath(abs)
    if (ancestors.includes(realDir)) return
    for (const name of await fs.readdir(abs)) {
      await walk(w, rel === '' ? name : `${rel}/${name}`, [...ancestors, realDir], false)
    }
  } else if (stat.isFile()) {
    w.files.push({ path: rel, abs: real, mode: stat.mode & 0o111 ? 0o755 : 0o644, size: stat.size })
  } else {
    w.refused.push({ path: rel, reason: 'is not a regular file (a FIFO, device or socket)' })
  }
}

export async function collectFiles(patterns: string[], options: CollectOptions): Promise<SourceFile[]> {
  // Links may lead anywhere in the repository, as for every file the action reads (workspace-files.ts).
  const root = await fs.realpath(boundaryOf(options.workspace))
  const excluded = options.exclude
    .map((folder) => path.relative(options.workspace, path.resolve(options.workspace, folder)))
    .filter((rel) => rel !== '' && !rel.startsWith('..'))
    .map((rel) => rel.split(path.sep).join('/'))
  // A promotion's hidden siblings of an excluded folder (`.dist.old-*`) are the action's too.
  const isLeftover = (rel: string): boolean =>
    excluded.some((x) => {
      const parts = rel.split('/')
      const depth = x.split('/').length - 1
      return (
        parts.length > depth &&
        parts.slice(0, depth).join('/') === path.posix.dirname(x).replace(/^\.$/, '') &&
        isPromotionLeftover(path.posix.basename(x), parts[depth])
      )
    })
  const isExcluded = (rel: string): boolean =>
    rel.split('/').includes('.git') ||
    excluded.some((x) => rel === x || rel.startsWith(`${x}/`)) ||
    isLeftover(rel)

  const result = new Map<string, SourceFile>()
  for (const pattern of patterns) {
    const where = `pattern '${pattern}' of archive '${options.archive}'`
    const problem = patternProblem(pattern)
    if (problem !== undefined) throw new InputError('archives', `${where} ${problem}.`)
    const re = globToRegExp(pattern)
    // The walk starts where the pattern's wildcards start; that start itself must be inside too.
    const base = literalBase(pattern)
    const w: Walk = { workspace: options.workspace, root, isExcluded, files: [], refused: [] }
    await walk(w, base, [], true)
    // A name with a control character is judged as if that character were a plain one: the glob's
    // wildcards do not match a newline, and the file must not drop out of the archive unseen.
    const bad = w.refused.find(
      (r) => r.path === base || matchesFile(re, r.path) || matchesFile(re, replaceControls(r.path, '_'))
    )
    if (bad !== undefined) {
      throw new InputError(
        'archives',
        `'${untrusted(bad.path)}' (taken by ${where}) ${bad.reason}; archives only take plain files inside ` +
          'the workspace: rename it or leave it out of the pattern.'
      )
    }
    const matched = w.files.filter((file) => matchesFile(re, file.path))
    if (matched.length === 0) {
      throw new InputError(
        'archives',
        `${where} matches no file in the workspace (.git and the output folder are never archived): ` +
          'fix or remove the pattern.'
      )
    }
    for (const file of matched) result.set(file.path, file)
  }
  return [...result.values()]
}

/** Finds package folders: every folder holding `__init__.mojo`, or those the `packages` input names. */
import fs from 'node:fs/promises'
import path from 'node:path'
import { InputError, ProjectFileError } from '../errors.js'
import { hasControl, untrusted } from '../log.js'
import { globToRegExp, isGlob } from '../glob.js'
import { walkWorkspaceDir, workspaceFile, type WalkOptions } from '../workspace-files.js'
import type { PackageSpec } from './package-spec.js'

/** Mojo accepts both source extensions. */
const SOURCE_EXTENSIONS = ['.mojo', '.🔥']
export const INIT_FILES = SOURCE_EXTENSIONS.map((ext) => `__init__${ext}`)

export function isMojoSource(file: string): boolean {
  return SOURCE_EXTENSIONS.some((ext) => file.endsWith(ext))
}

/**
 * The Mojo sources under `dir` (not in dot-folders), relative and `/`-separated, sorted. A linked
 * source is taken when it stays in the repository and refused when it leaves, never dropped unseen.
 */
export async function mojoSources(
  dir: string,
  workspace = dir,
  outside: WalkOptions['outside'] = 'refuse'
): Promise<string[]> {
  const files = await walkWorkspaceDir(workspace, dir, 'package source', {
    skip: (name) => name.startsWith('.'),
    take: isMojoSource,
    outside
  })
  // A module whose name holds a newline would reach the log, archives and their listings: refused.
  const bad = files.find((f) => hasControl(f.rel))
  if (bad !== undefined) {
    const shown = untrusted(path.relative(workspace, path.join(dir, bad.rel)).split(path.sep).join('/'))
    throw new ProjectFileError(
      shown,
      'this module has a control character (such as a newline) in its name: rename it.'
    )
  }
  return files.map((f) => f.rel)
}

/** The workspace `spec` was read from: its folder less its workspace-relative path. */
export const workspaceOf = (spec: Pick<PackageSpec, 'dir' | 'relDir'>): string =>
  path.resolve(
    spec.dir,
    ...spec.relDir
      .split('/')
      .filter(Boolean)
      .map(() => '..')
  )

/** Never package sources: tool and dependency folders (any dot-folder: .git, .pixi, .venv) and these. */
const SKIPPED = new Set(['node_modules'])

/** Whether `rel` (workspace-relative) holds `__init__.mojo`; throws when it links out of the repository. */
export function isPackageDir(workspace: string, rel: string): boolean {
  return INIT_FILES.some(
    (init) => workspaceFile(workspace, path.join(rel, init), 'package folder') !== undefined
  )
}

const toPosix = (p: string): string => p.split(path.sep).join('/')

/**
 * Workspace-relative folders holding `__init__.mojo`, sorted. A package's sub-folders are its own
 * sub-packages, so the walk does not descend into a package. `skip` holds relative folders to leave out.
 * The walk does not follow folder links (an unrelated link out of the repository is no error here);
 * the `packages` input may name a linked folder, which is then checked like any file read.
 */
export async function packageFolders(workspace: string, skip: string[] = []): Promise<string[]> {
  const skipped = new Set(skip.map((s) => toPosix(path.normalize(s)).replace(/\/$/, '')))
  const found: string[] = []
  const walk = async (rel: string): Promise<void> => {
    const entries = await fs.readdir(path.join(workspace, rel), { withFileTypes: true })
    for (const entry of entries) {
      if (!entry.isDirectory() || entry.name.startsWith('.') || SKIPPED.has(entry.name)) continue
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`
      if (skipped.has(child)) continue
      const isPackage = isPackageDir(workspace, child)
      // A name with a newline would reach the log, outputs and archives: refuse it here, once.
      if (isPackage && hasControl(child)) {
        throw new ProjectFileError(
          untrusted(child),
          'this package folder has a control character (such as a newline) in its path: rename it.'
        )
      }
      if (isPackage) found.push(child)
      else await walk(child)
    }
  }
  await walk('')
  return found.sort()
}

/** A single-file module `<name>.mojo` at the root or in `src/`, workspace-relative, if there is one. */
export function moduleFile(workspace: string, name: string): string | undefined {
  const files = ['', 'src/'].flatMap((dir) => SOURCE_EXTENSIONS.map((ext) => `${dir}${name}${ext}`))
  return files.find((rel) => workspaceFile(workspace, rel, 'module') !== undefined)
}

/** Folders that hold programs, tests or docs using a library, and test fixtures: never the library. */
const NOT_LIBRARY = new Set([
  'tests',
  'test',
  'examples',
  'example',
  'benchmarks',
  'benchmark',
  'bench',
  'docs',
  'scripts',
  'fixtures'
])

/**
 * The library folders: package folders (see `packageFolders`) outside tests, examples, benchmarks,
 * docs, scripts and fixtures, at any depth. These are what a project that ships nothing leaves unbuilt.
 */
export async function libraryFolders(workspace: string, skip: string[] = []): Promise<string[]> {
  const all = await packageFolders(workspace, skip)
  return all.filter((rel) => !rel.split('/').some((part) => NOT_LIBRARY.has(part)))
}

/** `./shared/data/` -> `shared/data`; refuses paths leaving the workspace. */
function normaliseLine(line: string): string {
  if (hasControl(line)) {
    throw new InputError(
      'packages',
      `'${untrusted(line)}' holds a control character: list plain folder names.`
    )
  }
  const rel = path.posix.normalize(line.replace(/\\/g, '/')).replace(/\/$/, '')
  if (rel.startsWith('../') || rel === '..' || path.posix.isAbsolute(rel)) {
    throw new InputError('packages', `'${line}' must be a folder or glob inside the workspace.`)
  }
  return rel === '.' ? '' : rel
}

/**
 * The package folders the `packages` input names (folders or globs, relative to the workspace).
 * Every line must match at least one folder holding `__init__.mojo`.
 */
export async function selectPackageFolders(
  workspace: string,
  lines: string[],
  skip: string[]
): Promise<string[]> {
  let candidates: string[] | undefined
  const selected = new Set<string>()
  for (const line of lines) {
    const rel = normaliseLine(line)
    let matches: string[]
    if (isGlob(rel)) {
      candidates ??= await packageFolders(workspace, skip)
      const re = globToRegExp(rel)
      matches = candidates.filter((c) => re.test(c))
    } else {
      matches = isPackageDir(workspace, rel) ? [rel] : []
    }
    if (matches.length === 0) {
      throw new InputError(
        'packages',
        `'${line}' matches no folder holding __init__.mojo in ${workspace}: ` +
          `list package folders (e.g. shared/data) or globs (e.g. shared/*).`
      )
    }
    for (const m of matches) selected.add(m)
  }
  return [...selected].sort()
}

/**
 * The Mojo dependencies a project's pixi files name, read before anything downloads: the conda
 * packages `pixi.lock` locks (URL and sha256) and the git sources it locks (`conda_source: name[hash] @
 * git+URL?tag=v1#COMMIT` since format v7, `conda: git+URL?tag=v1#COMMIT` with a `name` before), and the
 * `{ git = ..., tag/branch/rev = ... }` dependencies of `pixi.toml` that no lock pins. Only those a
 * package imports are kept; fetching and building them is compile/fetch-dependencies.ts.
 */
import { ProjectFileError } from '../errors.js'
import { condaPlatform, currentHost } from '../host.js'
import { hasControl, untrusted } from '../log.js'
import { importName, isIdentifier } from '../names.js'
import { readWorkspaceFileSync } from '../workspace-files.js'
import { packageImports } from './imports.js'
import type { Project } from './package-spec.js'
import { PIXI_FILES } from './project.js'
import { condaFileName, LOCK_FILES, namedPlatforms, parseLock, platformKey } from './pixi-lock.js'
import { COMPILER_NAMES, dependencyTables } from './pixi-toml.js'
import { isTable, readToml, type Table } from './toml.js'

/** Where a git dependency is: the repository, the ref the project names, the commit the lock pins. */
export interface GitSource {
  url: string
  /** `tag=v1`, `branch=main` or `rev=abc` as written, for messages; absent when only a commit is known. */
  ref?: { kind: 'tag' | 'branch' | 'rev'; name: string }
  /** The exact commit (lock files); absent for a manifest entry no lock pins. */
  commit?: string
  /** The folder of the repository that holds the dependency's own project (pixi's `subdirectory`). */
  subdirectory?: string
}

export type LockedDependency = { name: string; import: string; file: string } & (
  | { kind: 'conda'; url: string; sha256: string; version: string; compiler: string }
  | { kind: 'git'; source: GitSource }
)

/** Transports git runs a program or opens a descriptor for: never from a project file. */
const REFUSED_TRANSPORT = /^[A-Za-z][A-Za-z0-9+.-]*::/
const GIT_PROTOCOLS = new Set(['https:', 'http:', 'ssh:', 'git:', 'file:'])
/** Where a locked conda package is downloaded from: a channel's server, or a local channel folder. */
const CONDA_PROTOCOLS = new Set(['https:', 'http:', 'file:'])
const COMMIT = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/

function refuse(file: string, what: string, why: string): never {
  throw new ProjectFileError(file, `${untrusted(what)}: ${why}`)
}

/**
 * A URL the action fetches from a project file: one of `protocols`, no credentials (a lock from a pull
 * request must not make the action print or ship one), nothing that would end the quote or code span
 * INSTALL.md and manifest.json show it in.
 */
function checkUrl(url: string, protocols: ReadonlySet<string>, file: string, what: string): string {
  if (/[\s"'`\\]/.test(url) || hasControl(url))
    refuse(file, what, `'${url}' holds a space, quote or backslash.`)
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    refuse(file, what, `'${url}' is not a URL: write https://host/path.`)
  }
  if (!protocols.has(parsed.protocol))
    refuse(
      file,
      what,
      `${parsed.protocol} is not fetched: use ${[...protocols].map((p) => `${p}//`).join(', ')}.`
    )
  // ssh and git's other helpers take a host or user beginning with `-` as an option (-oProxyCommand=...).
  if (parsed.hostname.startsWith('-') || parsed.username.startsWith('-'))
    refuse(file, what, `'${url}' names a host or user beginning with '-'.`)
  // ssh:// names its user (git@); any other user name, and every password, is a credential.
  if (parsed.password || (parsed.username && parsed.protocol !== 'ssh:'))
    refuse(
      file,
      what,
      'the URL holds credentials: remove them and give them the usual way (a credential helper, or url.<base>.insteadOf in the runner user’s git config; pixi auth for a channel).'
    )
  return url
}

/** A repository URL git may fetch: a plain transport, no credentials, nothing git reads as an option. */
function checkGitUrl(url: string, file: string, what: string): string {
  if (REFUSED_TRANSPORT.test(url)) refuse(file, what, 'the action fetches no ext:: or fd:: git transport.')
  return checkUrl(url, GIT_PROTOCOLS, file, what)
}

function checkRefName(name: string, file: string, what: string): string {
  if (name === '' || name.startsWith('-') || /[\s~^:?*[\\]/.test(name) || hasControl(name))
    refuse(file, what, `'${name}' is not a git ref name.`)
  return name
}

/** `git+https://host/o/r?tag=v1&subdirectory=x#COMMIT` -> its parts; refuses what git must not fetch. */
export function parseGitSource(text: string, file: string, what: string): GitSource {
  if (!text.startsWith('git+')) refuse(file, what, `'${text}' is not a git+URL source.`)
  const [beforeFragment, commit] = text.slice(4).split('#', 2)
  const [url, query = ''] = beforeFragment.split('?', 2)
  const params = new URLSearchParams(query)
  const source: GitSource = { url: checkGitUrl(url, file, what) }
  for (const kind of ['tag', 'branch', 'rev'] as const) {
    const name = params.get(kind)
    if (name !== null) source.ref = { kind, name: checkRefName(name, file, what) }
  }
  const subdirectory = params.get('subdirectory')
  if (subdirectory !== null) source.subdirectory = checkSubdirectory(subdirectory, file, what)
  if (commit !== undefined) {
    if (!COMMIT.test(commit)) refuse(file, what, `'#${commit}' is not a full commit hash.`)
    source.commit = commit
  }
  return source
}

function checkSubdirectory(dir: string, file: string, what: string): string {
  const parts = dir.split('/').filter((p) => p !== '' && p !== '.')
  if (dir.startsWith('/') || parts.includes('..'))
    refuse(file, what, `subdirectory '${dir}' must be a relative path inside the repository.`)
  return parts.join('/')
}

/** `mist[a1b2c3d4] @ git+https://...` (format v7) -> the name and the source text. */
function splitCondaSource(text: string): { name: string; source: string } | undefined {
  const m = /^\s*([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?\s*@\s*(\S+)\s*$/.exec(text)
  return m ? { name: m[1], source: m[2] } : undefined
}

/** The `depends` entry on the compiler (`mojo-compiler ==1.2.0`), for the message when it does not load. */
function compilerDepends(entry: Table | undefined): string | undefined {
  const depends = Array.isArray(entry?.depends) ? entry.depends : []
  return depends.find(
    (d): d is string =>
      typeof d === 'string' && (COMPILER_NAMES as readonly string[]).includes(d.split(/[ =<>!~]/)[0])
  )
}

/**
 * Every conda package and git source `text` (a pixi lock) locks for `environment` on `platform`;
 * empty when it locks nothing there (the compiler pin says why). A git entry without a name or a
 * commit, or a conda entry without a sha256, fails naming the file.
 */
export function lockedDependencies(
  text: string,
  file: string,
  platform: string,
  environment: string
): LockedDependency[] {
  const doc = parseLock(text, file)
  if (!isTable(doc) || !isTable(doc.environments)) return []
  const env = doc.environments[environment]
  const byPlatform = isTable(env) && isTable(env.packages) ? env.packages : {}
  const key = platformKey(namedPlatforms(doc), byPlatform, platform)?.key
  if (key === undefined) return []
  const described = (Array.isArray(doc.packages) ? doc.packages : []).filter(isTable)
  const describing = (field: string, value: string) =>
    described.find(
      (p) => p[field] === value && (p.subdir === undefined || p.subdir === platform || p.subdir === 'noarch')
    )
  const found: LockedDependency[] = []
  for (const entry of (byPlatform[key] as unknown[]).filter(isTable)) {
    if (typeof entry.conda_source === 'string') {
      const what = `conda_source '${entry.conda_source}'`
      const split = splitCondaSource(entry.conda_source)
      if (!split) refuse(file, what, 'write it as name[hash] @ source, as pixi does.')
      // A path source is a package of this workspace (pixi-build), not a dependency to fetch.
      if (!split.source.startsWith('git+')) continue
      const source = parseGitSource(split.source, file, what)
      if (!source.commit) refuse(file, what, 'a locked git source names its commit after #; run `pixi lock`.')
      found.push(gitEntry(split.name, source, file, what))
    } else if (typeof entry.conda === 'string' && entry.conda.startsWith('git+')) {
      const what = `conda '${entry.conda}'`
      const source = parseGitSource(entry.conda, file, what)
      const name = describing('conda', entry.conda)?.name
      if (typeof name !== 'string') refuse(file, what, 'its packages entry has no name; run `pixi lock`.')
      if (!source.commit) refuse(file, what, 'a locked git source names its commit after #; run `pixi lock`.')
      found.push(gitEntry(name, source, file, what))
    } else if (typeof entry.conda === 'string') {
      const parsed = condaFileName(entry.conda)
      const described = describing('conda', entry.conda)
      const compiler = compilerDepends(described)
      // A Mojo library depends on the compiler (python, openssl do not); the compiler is the toolchain's.
      if (!parsed || !compiler || (COMPILER_NAMES as readonly string[]).includes(parsed.name)) continue
      const sha256 = described?.sha256
      found.push({
        kind: 'conda',
        name: parsed.name,
        import: importName(parsed.name),
        file,
        url: entry.conda,
        version: parsed.version,
        // Checked only for a package that is fetched: most locked packages never are.
        sha256: typeof sha256 === 'string' ? sha256 : '',
        compiler
      })
    }
  }
  return found
}

function gitEntry(name: string, source: GitSource, file: string, what: string): LockedDependency {
  if (!isIdentifier(importName(name))) refuse(file, what, `'${name}' is not a package name.`)
  return { kind: 'git', name, import: importName(name), file, source }
}

/** The `{ git = ... }` dependencies of a pixi manifest (every dependency table), by name. */
export function manifestGitDependencies(text: string, file: string): LockedDependency[] {
  const doc = readToml(text, file)
  const found = new Map<string, LockedDependency>()
  for (const [where, deps] of dependencyTables(doc)) {
    if (!isTable(deps)) continue
    for (const [name, spec] of Object.entries(deps)) {
      if (!isTable(spec) || spec.git === undefined || found.has(name)) continue
      const what = `[${where}] ${name}`
      if (typeof spec.git !== 'string') refuse(file, what, 'git must be a URL string.')
      const ref = (['tag', 'branch', 'rev'] as const).find((k) => typeof spec[k] === 'string')
      const query = new URLSearchParams({
        ...(ref ? { [ref]: spec[ref] as string } : {}),
        ...(typeof spec.subdirectory === 'string' ? { subdirectory: spec.subdirectory } : {})
      }).toString()
      const source = parseGitSource(`git+${spec.git}${query ? `?${query}` : ''}`, file, what)
      found.set(name, gitEntry(name, source, file, what))
    }
  }
  return [...found.values()]
}

/**
 * The dependencies to fetch for code importing `imports`: the lock's entries first (an exact commit,
 * an exact file), then manifest git entries no lock pins; none whose import `provided` holds (the
 * workspace's packages, the external-packages input, an installed pixi environment). A conda entry
 * that is fetched must name its sha256, and a URL the action may download.
 */
export function dependenciesToFetch(
  locked: LockedDependency[],
  declared: LockedDependency[],
  imports: ReadonlySet<string>,
  provided: ReadonlySet<string>
): LockedDependency[] {
  const chosen = new Map<string, LockedDependency>()
  for (const dep of [...locked, ...declared]) {
    if (!imports.has(dep.import) || provided.has(dep.import) || chosen.has(dep.import)) continue
    if (dep.kind === 'conda') {
      checkUrl(dep.url, CONDA_PROTOCOLS, dep.file, `conda '${dep.url}'`)
      if (!/^[0-9a-f]{64}$/.test(dep.sha256))
        refuse(dep.file, `conda '${dep.url}'`, 'its packages entry has no sha256; run `pixi lock`.')
    }
    chosen.set(dep.import, dep)
  }
  return [...chosen.values()]
}

/** The first of `files` the project at `root` has, with its text; each read once. */
function firstFile(
  root: string,
  files: readonly string[],
  what: string
): { file: string; text: string } | undefined {
  for (const file of files) {
    const text = readWorkspaceFileSync(root, file, what)
    if (text !== undefined) return { file, text }
  }
  return undefined
}

/** The lock's and the manifest's dependencies of the project at `root` (the workspace, or a git checkout). */
export function projectDependencies(
  root: string,
  platform: string,
  environment: string
): { locked: LockedDependency[]; declared: LockedDependency[] } {
  const lock = firstFile(root, LOCK_FILES, 'lock file')
  const manifest = firstFile(root, PIXI_FILES, 'pixi manifest')
  return {
    locked: lock ? lockedDependencies(lock.text, lock.file, platform, environment) : [],
    declared: manifest ? manifestGitDependencies(manifest.text, manifest.file) : []
  }
}

/**
 * The dependencies the workspace's packages need from its pixi files, checked now (a malformed entry
 * fails before any download): what the packages import that neither they nor `provided` offer.
 */
export async function workspaceDependencies(
  workspace: string,
  project: Project,
  environment: string,
  provided: ReadonlySet<string>,
  platform = condaPlatform(currentHost())
): Promise<LockedDependency[]> {
  if (platform === undefined || project.packages.length === 0) return []
  const { locked, declared } = projectDependencies(workspace, platform, environment || 'default')
  if (locked.length === 0 && declared.length === 0) return []
  const imports = new Set<string>()
  for (const p of project.packages)
    for (const name of await packageImports(workspace, p.relDir)) imports.add(name)
  const own = new Set([...provided, ...project.packages.map((p) => p.import)])
  return dependenciesToFetch(locked, declared, imports, own)
}

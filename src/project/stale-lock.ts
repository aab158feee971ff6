/**
 * A lock file that no longer matches its manifest is stale: the version it locks is not the one the
 * project would get today. Checked before a locked version is used, so the step fails before the
 * download, naming both files, both versions and the command that refreshes the lock.
 */
import * as pep440 from '@renovatebot/pep440'
import { ProjectFileError } from '../errors.js'
import { untrusted } from '../log.js'
import { normaliseProject } from '../requirement.js'
import type { CompilerDependency } from './pixi-toml.js'
import { isTable } from './toml.js'
import { parseVersionRequest } from './version-request.js'

/** A package a lock file locks. */
interface LockedPackage {
  name: string
  version: string
}

/**
 * Packages whose versions are the declared one's: `mojo` and `mojo-compiler` share Mojo's numbering,
 * `modular`, `max` and `max-core` are released in lockstep under the platform's.
 */
const SAME_NUMBERING: Record<string, string[]> = {
  mojo: ['mojo', 'mojo-compiler'],
  'mojo-compiler': ['mojo-compiler', 'mojo'],
  modular: ['modular', 'max', 'max-core'],
  max: ['max', 'max-core', 'modular']
}

/** Whether the range `spec` (PEP 440, or a conda spec as pixi writes it) admits `version`. */
function admits(spec: string, version: string): boolean {
  const request = parseVersionRequest(spec)
  if (!request || !pep440.valid(version)) return true // unreadable: no proof the lock is stale
  if (request.kind === 'exact') return pep440.eq(version, request.version)
  if (request.kind === 'range') return pep440.satisfies(version, request.specifier, { prereleases: true })
  return true
}

interface LockAndManifest {
  /** The lock file and its manifest, workspace-relative. */
  lock: string
  manifest: string
  /** What the lock locks, for the environment and platform read. */
  locked: LockedPackage[]
  /** The compiler dependencies the manifest declares for them. */
  declared: CompilerDependency[]
  /** Where in the lock, for the message: `for linux-64 (environment default)`. */
  where: string
  /** The command that refreshes the lock: `pixi lock`, `uv lock`. */
  refresh: string
}

const at = (files: LockAndManifest): string => (files.where ? ` ${files.where}` : '')

function stale(files: LockAndManifest, why: string): ProjectFileError {
  return new ProjectFileError(
    files.lock,
    untrusted(
      `is stale: ${why}. Run \`${files.refresh}\` and commit ${files.lock}, or set the mojo-version input to ` +
        'the version to use.'
    )
  )
}

/**
 * Throws when a declared compiler dependency is not locked, or is locked at a version outside its range.
 * A package several features declare is fresh when one of their specs admits the locked version (pixi
 * lets one feature's spec override another's).
 */
export function checkLockMatchesManifest(files: LockAndManifest): void {
  const byName = new Map<string, CompilerDependency[]>()
  for (const dep of files.declared) byName.set(dep.name, [...(byName.get(dep.name) ?? []), dep])
  for (const [name, deps] of byName) {
    const names = SAME_NUMBERING[name] ?? [name]
    const locked = names.flatMap((n) => files.locked.filter((p) => p.name === n))[0]
    const declared = deps.map((dep) => `${dep.table} ${dep.name} = "${dep.spec}"`)
    const manifest = `${files.manifest} ${declared.join(', ')}`
    if (!locked) {
      throw stale(files, `${manifest}, but ${files.lock} locks no ${names.join(' or ')}${at(files)}`)
    }
    if (!deps.some((dep) => admits(dep.spec, locked.version))) {
      const verdict = deps.length === 1 ? `${manifest} does not admit it` : `none of ${manifest} admits it`
      throw stale(files, `${files.lock} locks ${locked.name} ${locked.version}${at(files)}, but ${verdict}`)
    }
  }
}

/**
 * Throws when uv.lock's root package (the one at `.`, editable or virtual) is not the project
 * pyproject.toml names: the lock was made for another project.
 */
export function checkUvRoot(
  files: LockAndManifest,
  packages: Array<Record<string, unknown>>,
  project: string
): void {
  const root = packages.find(
    (p) => isTable(p.source) && (p.source.editable === '.' || p.source.virtual === '.')
  )
  if (!root || typeof root.name !== 'string') return
  if (normaliseProject(root.name) !== normaliseProject(project)) {
    throw stale(
      files,
      `its root package is '${root.name}', but ${files.manifest} [project] name is '${project}'`
    )
  }
}

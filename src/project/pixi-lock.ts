/**
 * Reads the compiler a pixi lock file (`pixi.lock`, or `magic.lock` from pixi's predecessor) locks for
 * one environment and platform. Lock files since format v4 list each environment's packages per
 * platform as `- conda: <url>`, and a conda file name is `<name>-<version>-<build>.conda`. Format v7
 * keys them by named platforms a top-level list defines: `- name: p1`, `subdir: linux-64`
 * (the name itself when absent), `virtual-packages: [__cuda=12, ...]`.
 */
import { parse } from 'yaml'
import { InputError, ProjectFileError } from '../errors.js'
import { isTable } from './toml.js'

export const LOCK_FILES = ['pixi.lock', 'magic.lock'] as const

/** Conda packages that carry the compiler, in order of preference. */
const COMPILER_PACKAGES = ['mojo-compiler', 'mojo', 'max-core', 'max']

/** Virtual packages every runner of a subdir has; any other (`__cuda`) a runner may lack. */
const RUNNER_VIRTUAL_PACKAGES = new Set(['__unix', '__linux', '__glibc', '__archspec', '__osx', '__win'])

interface Locked {
  locked: true
  name: string
  version: string
  /** The format v7 named platform (`p1`) that holds the runner's subdir, when not named after it. */
  platformName?: string
  /** Every conda package locked for that environment and platform. */
  packages: Array<{ name: string; version: string }>
  /** Why one of several named platforms of this subdir was chosen, for the log. */
  note?: string
}

type LockedCompiler = Locked | { locked: false; why: string }

interface NamedPlatform {
  name: string
  subdir: string
  virtualPackages: string[]
}

/** The top-level `platforms` list of format v7; empty for older formats. */
export function namedPlatforms(doc: Record<string, unknown>): NamedPlatform[] {
  const list = Array.isArray(doc.platforms) ? doc.platforms.filter(isTable) : []
  return list.flatMap((p) => {
    if (typeof p.name !== 'string') return []
    const virtual = Array.isArray(p['virtual-packages']) ? p['virtual-packages'] : []
    return [
      {
        name: p.name,
        subdir: typeof p.subdir === 'string' ? p.subdir : p.name,
        virtualPackages: virtual.filter((v): v is string => typeof v === 'string')
      }
    ]
  })
}

/** A virtual package (`__cuda=12.0`) a runner of this subdir may lack. */
const lacking = (virtual: string): boolean => !RUNNER_VIRTUAL_PACKAGES.has(virtual.split(/[=<>!~ ]/)[0])

/**
 * The key of `packages` that holds `subdir` in this environment: the subdir itself (formats before v7,
 * or a v7 platform named after it), else a v7 platform of that subdir, preferring the first that needs
 * no virtual package a runner may lack.
 */
export function platformKey(
  named: NamedPlatform[],
  locked: Record<string, unknown>,
  subdir: string
): { key: string; name?: string; note?: string } | undefined {
  const candidates = named.filter((p) => p.subdir === subdir && Array.isArray(locked[p.name]))
  if (candidates.length === 0) return Array.isArray(locked[subdir]) ? { key: subdir } : undefined
  const plain = candidates.find((p) => !p.virtualPackages.some(lacking))
  const chosen = plain ?? candidates[0]
  const name = chosen.name === subdir ? undefined : chosen.name
  if (candidates.length === 1) return { key: chosen.name, name }
  const names = candidates.map((p) => p.name).join(', ')
  const skipped = candidates
    .slice(0, candidates.indexOf(chosen))
    .map((p) => `${p.name} needs ${p.virtualPackages.filter(lacking).join(', ')}`)
  const why = plain
    ? `the first that needs no virtual package a runner may lack${skipped.length ? ` (${skipped.join('; ')})` : ''}`
    : `the first; each needs a virtual package a runner may lack (${chosen.name}: ${chosen.virtualPackages.filter(lacking).join(', ')})`
  return {
    key: chosen.name,
    name,
    note: `several locked platforms are ${subdir} (${names}): using ${chosen.name}, ${why}`
  }
}

/** `https://.../linux-64/mojo-compiler-1.0.0b2-release.conda` -> name and version. */
export function condaFileName(url: string): { name: string; version: string } | undefined {
  const file = url.slice(url.lastIndexOf('/') + 1).replace(/\.(conda|tar\.bz2)$/, '')
  const m = /^(.+)-([^-]+)-([^-]+)$/.exec(file)
  return m ? { name: m[1], version: m[2] } : undefined
}

/**
 * The compiler locked in `environment` for `platform`. `environmentInput` is true when the user named
 * the environment: an environment the lock lacks is then an error, not a reason to look elsewhere.
 */
let parsed: { text: string; doc: unknown } | undefined

/**
 * The YAML document of the lock `text` (read from `file`). The compiler pin and the locked
 * dependencies both read it: the last one parsed is kept, so a large lock is parsed once a run.
 */
export function parseLock(text: string, file: string): unknown {
  if (parsed?.text === text) return parsed.doc
  try {
    parsed = { text, doc: parse(text) }
  } catch (error) {
    throw new ProjectFileError(file, `is not valid YAML: ${(error as Error).message.split('\n')[0]}`)
  }
  return parsed.doc
}

export function lockedCompiler(
  text: string,
  file: string,
  platform: string,
  environment: string,
  environmentInput: boolean
): LockedCompiler {
  const doc = parseLock(text, file)
  const environments = isTable(doc) && isTable(doc.environments) ? doc.environments : undefined
  if (!isTable(doc) || !environments)
    return { locked: false, why: `${file} has no environments (format too old to read)` }
  const env = environments[environment]
  if (!isTable(env)) {
    const known = Object.keys(environments).join(', ') || 'none'
    if (environmentInput) {
      throw new InputError(
        'pixi-environment',
        `${file} has no environment '${environment}' (it has: ${known}): name one of them.`
      )
    }
    return { locked: false, why: `${file} has no '${environment}' environment (it has: ${known})` }
  }
  const byPlatform = isTable(env.packages) ? env.packages : {}
  const named = namedPlatforms(doc)
  const found = platformKey(named, byPlatform, platform)
  if (!found) {
    const subdirOf = (key: string) => named.find((p) => p.name === key && p.subdir !== key)?.subdir
    const keys = Object.keys(byPlatform).map((k) => (subdirOf(k) ? `${k} (${subdirOf(k)})` : k))
    const platforms = keys.join(', ') || 'none'
    return { locked: false, why: `${file} locks nothing for ${platform} (it locks: ${platforms})` }
  }
  const entries = byPlatform[found.key] as unknown[]
  const conda = entries
    .map((entry) =>
      isTable(entry) && typeof entry.conda === 'string' ? condaFileName(entry.conda) : undefined
    )
    .filter((p) => p !== undefined)
  for (const name of COMPILER_PACKAGES) {
    const compiler = conda.find((p) => p.name === name)
    if (compiler) {
      return { locked: true, ...compiler, platformName: found.name, packages: conda, note: found.note }
    }
  }
  const where = found.name ? `${platform} (platform ${found.name})` : platform
  return { locked: false, why: `${file} locks no Mojo compiler for ${where} in '${environment}'` }
}

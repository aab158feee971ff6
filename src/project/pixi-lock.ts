/**
 * Reads the compiler a pixi lock file (`pixi.lock`, or `magic.lock` from pixi's predecessor) locks for
 * one environment and platform. Lock files since format v4 list each environment's packages per
 * platform as `- conda: <url>`, and a conda file name is `<name>-<version>-<build>.conda`.
 */
import { parse } from 'yaml'
import { InputError, ProjectFileError } from '../errors.js'
import { isTable } from './toml.js'

export const LOCK_FILES = ['pixi.lock', 'magic.lock'] as const

/** Conda packages that carry the compiler, in order of preference. */
const COMPILER_PACKAGES = ['mojo-compiler', 'mojo', 'max-core', 'max']

type LockedCompiler = { locked: true; name: string; version: string } | { locked: false; why: string }

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
export function lockedCompiler(
  text: string,
  file: string,
  platform: string,
  environment: string,
  environmentInput: boolean
): LockedCompiler {
  let doc: unknown
  try {
    doc = parse(text)
  } catch (error) {
    throw new ProjectFileError(file, `is not valid YAML: ${(error as Error).message.split('\n')[0]}`)
  }
  const environments = isTable(doc) && isTable(doc.environments) ? doc.environments : undefined
  if (!environments) return { locked: false, why: `${file} has no environments (format too old to read)` }
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
  const packages = isTable(env.packages) ? env.packages[platform] : undefined
  if (!Array.isArray(packages)) {
    const platforms = isTable(env.packages) ? Object.keys(env.packages).join(', ') : 'none'
    return { locked: false, why: `${file} locks nothing for ${platform} (it locks: ${platforms})` }
  }
  const conda = packages
    .map((entry) =>
      isTable(entry) && typeof entry.conda === 'string' ? condaFileName(entry.conda) : undefined
    )
    .filter((p) => p !== undefined)
  for (const name of COMPILER_PACKAGES) {
    const found = conda.find((p) => p.name === name)
    if (found) return { locked: true, ...found }
  }
  return { locked: false, why: `${file} locks no Mojo compiler for ${platform} in '${environment}'` }
}

/**
 * The Actions cache key of a toolchain, and the state the main step leaves for the post step to save
 * it and the compile cache. Without @actions/core: the post step reads the state here and, when there
 * is nothing to save, exits without loading anything more.
 */
import { normaliseVersion } from './version.js'

/** Bump when the cached folder's layout changes, so old entries are not restored. */
// v2: the tool-cache folder also keeps the compiler wheels (for wheel verification).
// v3: its record holds the facts of every file, which a restore is proven against (proof.ts).
const FORMAT = 'v3'

/** Names of the main step's state (`core.saveState`). */
export const CACHE_STATE = {
  key: 'toolchain-cache-key',
  dir: 'toolchain-cache-dir',
  source: 'toolchain-source',
  /** Set only when the compile cache is to be saved (its exact key missed). */
  compileKey: 'compile-cache-key',
  compileDir: 'compile-cache-dir'
} as const

/** `mojo-compiler-0.26.2-linux-x64-v3`: equal PEP 440 versions share a key. */
export function cacheKey(
  version: string,
  platform: string = process.platform,
  arch: string = process.arch
): string {
  return `mojo-compiler-${normaliseVersion(version)}-${platform}-${arch}-${FORMAT}`
}

/**
 * Whether the post step has anything to save: a downloaded toolchain, or a compile cache whose key
 * missed. The runner hands state to the post step as `STATE_<name>`, which is what `core.getState` reads.
 */
export function postHasWork(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[`STATE_${CACHE_STATE.source}`] === 'download' || Boolean(env[`STATE_${CACHE_STATE.compileKey}`])
}

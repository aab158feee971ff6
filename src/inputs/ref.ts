/** The release a build's ref names: what makes a run a tag build. */
import { normalisePackageVersion } from '../package-version.js'

/**
 * The version a `refs/tags/vX.Y.Z` or `refs/tags/X.Y.Z` ref names (SemVer, or PEP 440 such as
 * `v0.26.1.2`); undefined for other refs and tags.
 */
export function tagVersion(ref: string | undefined): string | undefined {
  const tag = /^refs\/tags\/(v?\d+\.\d+\.\d+\S*)$/.exec(ref ?? '')?.[1]
  return tag === undefined ? undefined : normalisePackageVersion(tag)
}

/**
 * Versions of the user's own packages. Libraries write SemVer (`0.1.0`) or, often when they track
 * Mojo's own numbering, PEP 440 release versions (`0.26.1.2`, `1.0.0b2`), which pixi, conda and
 * wheels all accept. Dependency ranges in mojo.toml are SemVer ranges (`^0.1.0`) or PEP 440
 * specifiers (`>=0.26.1,<0.27`).
 */
import * as pep440 from '@renovatebot/pep440'
import semver from 'semver'

/** The version normalised (`v1.2.3` -> `1.2.3`, `0.26.1.2` stays), or undefined when it is neither kind. */
export function normalisePackageVersion(text: string): string | undefined {
  const value = text.trim()
  const sem = semver.parse(value)
  if (sem) return sem.version
  // A leading `v` is a tag's, not part of the version (PEP 440 accepts it too).
  return pep440.valid(value) ? (pep440.clean(value) ?? undefined) : undefined
}

/** Whether two package versions are the same release (`v0.26.1.2` and `0.26.1.2`, `1.0` and `1.0.0`). */
export function sameVersion(a: string, b: string): boolean {
  if (semver.valid(a) && semver.valid(b)) return semver.eq(a, b)
  return pep440.valid(a) !== null && pep440.valid(b) !== null && pep440.eq(a, b)
}

export function isVersionRange(range: string): boolean {
  return semver.validRange(range) !== null || pep440.validRange(range)
}

/** Whether `version` satisfies `range`: as SemVer where both are, else as PEP 440. */
export function satisfiesRange(version: string, range: string): boolean {
  if (semver.valid(version) && semver.validRange(range) !== null) {
    return semver.satisfies(version, range, { includePrerelease: true })
  }
  if (pep440.valid(version) && pep440.validRange(range))
    return pep440.satisfies(version, range, { prereleases: true })
  // A PEP 440 version against a SemVer range: compare its first three numbers (0.26.1.2 is in ^0.26.1).
  const coerced = semver.coerce(version)
  return coerced !== null && semver.validRange(range) !== null && semver.satisfies(coerced, range)
}

/** The range to suggest for depending on `version`: `^0.1.0` for SemVer, `>=0.26.1.2` otherwise. */
export function suggestedRange(version: string): string {
  return semver.valid(version) ? `^${version}` : `>=${version}`
}

/**
 * The PEP 440 normal form pip and PyPI use (`1.0.0-beta.2` -> `1.0.0b2`, `0.26.1.2` stays), or
 * undefined when the version has none that keeps its meaning.
 */
export function wheelVersion(version: string): string | undefined {
  const parsed = pep440.explain(version)
  // PyPI refuses local versions, and SemVer build metadata (`+build.5`) is not one: it carries no order.
  if (!parsed || parsed.local !== null) return undefined
  // PEP 440 reads SemVer prerelease `1.0.0-1` as `1.0.0.post1`, which sorts after 1.0.0 instead of before.
  if (semver.prerelease(version) && !parsed.is_prerelease) return undefined
  return parsed.public
}

/**
 * Mojo compiler versions are PEP 440 versions (`1.0.0b2`, `1.3.0.dev2026103105`, four-part `0.26.2.0`),
 * not SemVer: everything here goes through a PEP 440 implementation.
 */
import * as pep440 from '@renovatebot/pep440'
import { ToolchainError } from '../errors.js'
import { describeRequest, type VersionRequest } from '../project/version-request.js'

/** Nightly builds live on their own index: used for `nightly` and requests that name a dev build. */
export function wantsNightlyIndex(request: VersionRequest): boolean {
  if (request.kind === 'nightly') return true
  if (request.kind === 'exact') return pep440.explain(request.version)?.is_devrelease ?? false
  if (request.kind === 'range') return /dev/i.test(request.specifier)
  return false
}

function namesPrerelease(specifier: string): boolean {
  return specifier
    .split(',')
    .some((clause) => pep440.explain(clause.replace(/^[<>=!~\s]+/, '').replace(/\.\*$/, ''))?.is_prerelease)
}

function comparePep440Desc(a: string, b: string): number {
  return pep440.rcompare(a, b)
}

/**
 * Picks the version to install from the versions the index offers (yanked ones already removed).
 * latest: newest final release; nightly: newest dev build; exact: the listed spelling of an equal version
 * (`0.26.2` finds `0.26.2.0`); range: newest match, pre-releases only when the specifier names one.
 */
export function resolveVersion(request: VersionRequest, available: string[], yanked: string[] = []): string {
  const versions = available.filter((v) => pep440.valid(v)).sort(comparePep440Desc)
  let found: string | null | undefined
  switch (request.kind) {
    case 'latest':
      found = versions.find((v) => !pep440.explain(v)?.is_prerelease)
      break
    case 'nightly':
      found = versions.find((v) => pep440.explain(v)?.is_devrelease)
      break
    case 'exact':
      found = versions.find((v) => pep440.eq(v, request.version))
      break
    case 'range':
      // PEP 440: a specifier that names a pre-release admits pre-releases in every clause.
      found = pep440.maxSatisfying(versions, request.specifier, {
        prereleases: namesPrerelease(request.specifier)
      })
      break
  }
  if (found) return found
  const wanted = describeRequest(request)
  const yankedMatch = request.kind === 'exact' ? yanked.find((v) => pep440.eq(v, request.version)) : undefined
  const why = yankedMatch ? ` (${yankedMatch} was yanked from the index)` : ''
  const nearby = request.kind === 'exact' ? nearest(versions, request.version) : versions.slice(0, 12)
  const shown = nearby.join(', ') + (nearby.length < versions.length ? ', ...' : '')
  throw new ToolchainError(
    versions.length === 0
      ? `no mojo-compiler version satisfies '${wanted}': the index lists no installable version for this runner; check index-url.`
      : `no mojo-compiler version satisfies '${wanted}'${why}: ${request.kind === 'exact' ? 'nearest' : 'available'}: ${shown}; set mojo-version to one of them.`
  )
}

/**
 * Up to three versions on each side of `wanted` (a locked nightly that was deleted), closest first in
 * version order: the next newer, the next older, the second newer, the second older, and so on.
 */
function nearest(newestFirst: string[], wanted: string): string[] {
  const older = newestFirst.findIndex((v) => pep440.lt(v, wanted))
  const at = older === -1 ? newestFirst.length : older
  const newer = newestFirst.slice(Math.max(0, at - 3), at).reverse()
  const below = newestFirst.slice(at, at + 3)
  return [0, 1, 2].flatMap((i) => [newer[i], below[i]]).filter((v) => v !== undefined)
}

/**
 * The canonical spelling used in cache keys, so equal versions share one entry: trailing zero release
 * components are dropped down to three (`0.26.2.0` and `0.26.2` -> `0.26.2`; `1.2` -> `1.2.0`).
 */
export function normaliseVersion(version: string): string {
  const v = explain(version)
  const release = canonicalRelease(v.release)
  let text = (v.epoch ? `${v.epoch}!` : '') + release.join('.')
  if (v.pre) text += v.pre.join('')
  if (v.post !== null && v.post !== undefined) text += `.post${v.post}`
  if (v.dev !== null && v.dev !== undefined) text += `.dev${v.dev}`
  if (v.local) text += `+${v.local}`
  return text
}

/**
 * `@actions/tool-cache` only finds SemVer folder names, so a PEP 440 version is spelled as SemVer for it:
 * the first three release numbers, and everything else (extra release numbers, pre, post, dev, epoch,
 * local) as pre-release identifiers. Equal PEP 440 versions get the same name; different ones never share.
 */
export function toolCacheVersion(version: string): string {
  const v = explain(version)
  const release = canonicalRelease(v.release)
  const extra: string[] = []
  if (release.length > 3) extra.push('r', ...release.slice(3).map(String))
  if (v.pre) extra.push(v.pre.join(''))
  if (v.post !== null && v.post !== undefined) extra.push(`post${v.post}`)
  if (v.dev !== null && v.dev !== undefined) extra.push(`dev${v.dev}`)
  if (v.epoch) extra.push(`epoch${v.epoch}`)
  if (v.local) extra.push(`local-${v.local.replace(/[^0-9A-Za-z-]/g, '-')}`)
  return release.slice(0, 3).join('.') + (extra.length ? `-${extra.join('.')}` : '')
}

function explain(version: string): pep440.Pep440Version {
  const v = pep440.explain(version)
  if (!v) throw new ToolchainError(`'${version}' is not a PEP 440 version.`)
  return v
}

/** Release numbers without trailing zeros past the third, padded to three. */
function canonicalRelease(release: number[]): number[] {
  const out = [...release]
  while (out.length > 3 && out[out.length - 1] === 0) out.pop()
  while (out.length < 3) out.push(0)
  return out
}

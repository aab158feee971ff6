/**
 * The version-bump rule, pure: which tag is the earlier release, how big a bump is, and how big a
 * change of the public API needs it to be. SemVer's rule from 1.0, Cargo's before it (an incompatible
 * change needs a minor bump, an addition a patch bump); in 4-part PEP 440 versions (`0.26.1.2`) the
 * first three parts play major, minor and patch.
 */
import type { ApiChange } from '../compile/public-api.js'
import * as pep440 from '@renovatebot/pep440'
import semver from 'semver'
import type { Finding, FindingState } from './items.js'
import { tagVersion } from '../inputs/ref.js'

/** Bump sizes, smallest first. `other`: an increase below the patch part (a fourth part, a pre-release to its release). */
const BUMPS = ['none', 'other', 'patch', 'minor', 'major'] as const
export type Bump = (typeof BUMPS)[number]

const atLeast = (bump: Bump, needed: Bump): boolean => BUMPS.indexOf(bump) >= BUMPS.indexOf(needed)

/** Orders two package versions: as SemVer where both are, else as PEP 440. */
export function compareVersions(a: string, b: string): number {
  if (semver.valid(a) && semver.valid(b)) return semver.compare(a, b)
  return pep440.compare(a, b)
}

/** The release numbers, at least three (`1.2` is `1.2.0`). */
function releaseParts(version: string): number[] {
  const sem = semver.parse(version)
  const parts = sem ? [sem.major, sem.minor, sem.patch] : (pep440.explain(version)?.release ?? [])
  return [...parts, 0, 0, 0].slice(0, Math.max(3, parts.length))
}

/** How big the step from `from` to `to` is; `none` when `to` is not above `from`. */
export function bumpOf(from: string, to: string): Bump {
  if (compareVersions(to, from) <= 0) return 'none'
  const [a, b] = [releaseParts(from), releaseParts(to)]
  const at = b.findIndex((n, i) => n !== (a[i] ?? 0))
  return (['major', 'minor', 'patch'] as const)[at] ?? 'other'
}

/** The bump a change of the public API needs, after the version `from`. */
export function neededBump(from: string, change: ApiChange): Bump {
  const stable = releaseParts(from)[0] > 0
  if (change.removed.length > 0) return stable ? 'major' : 'minor'
  if (change.added.length > 0) return stable ? 'minor' : 'patch'
  return 'other'
}

/** The smallest version after `from` with the bump `bump` (`0.2.0` for a minor bump of `0.1.3`). */
function nextVersion(from: string, bump: 'patch' | 'minor' | 'major'): string {
  const parts = releaseParts(from)
  const at = ['major', 'minor', 'patch'].indexOf(bump)
  return parts.map((n, i) => (i < at ? n : i === at ? n + 1 : 0)).join('.')
}

export interface Tagged {
  tag: string
  version: string
}

/**
 * The earlier release: the highest version tag reachable from HEAD that is not above the current
 * version, leaving out the tags on HEAD itself (a tag build's own tag). A tag of the current version
 * on an earlier commit counts: that version was released, so what changed since needs a bump.
 */
export function earlierRelease(merged: string[], atHead: string[], current: string): Tagged | undefined {
  const head = new Set(atHead)
  let best: Tagged | undefined
  for (const tag of merged) {
    const version = tagVersion(`refs/tags/${tag}`)
    if (version === undefined || head.has(tag) || compareVersions(version, current) > 0) continue
    if (best === undefined || compareVersions(version, best.version) > 0) best = { tag, version }
  }
  return best
}

/** What the version-bump check found for one package whose sources changed since the earlier release. */
export interface BumpCase {
  /** Distribution name. */
  name: string
  /** Where its version is set: its mojo.toml, the workspace's pixi.toml, the 'version' input. */
  where: string
  /** That file, workspace-relative, for the annotation. */
  file?: string
  since: Tagged
  /** Its version at the earlier release, and now. */
  from: string
  to: string
  /** Source files changed since then. */
  changed: number
  /** How the public API changed; undefined when it was not compared (`note` says why). */
  api?: ApiChange
  note?: string
}

const code = (names: string[]): string =>
  names
    .slice(0, 5)
    .map((n) => `\`${n}\``)
    .join(', ') + (names.length > 5 ? ` and ${names.length - 5} more` : '')

/** `removes `a`, changes `b`, adds `c``: a name in both lists had its signature changed. */
function describeChange(change: ApiChange): string {
  const removed = [...new Set(change.removed)]
  const added = [...new Set(change.added)]
  const changed = removed.filter((n) => added.includes(n))
  const parts = [
    [removed.filter((n) => !changed.includes(n)), 'removes'],
    [changed, 'changes the signature of'],
    [added.filter((n) => !changed.includes(n)), 'adds']
  ] as const
  const said = parts.filter(([names]) => names.length > 0).map(([names, verb]) => `${verb} ${code(names)}`)
  return said.length > 0 ? `its public API ${said.join(', ')}` : 'its public API is unchanged'
}

type BumpMode = 'error' | 'warn'

/** The finding for one changed package: fine, or too small a bump (a warning or a failure by `mode`). */
export function bumpFinding(c: BumpCase, mode: BumpMode): Finding {
  const item = 'Version bump appropriately (patch/minor/major)' as const
  const problem: FindingState = mode === 'error' ? 'fail' : 'warn'
  const bump = bumpOf(c.from, c.to)
  const since = `since ${c.since.tag}`
  if (bump === 'none') {
    const now = c.to === c.from ? `is still ${c.to}` : `went from ${c.from} to ${c.to}`
    return {
      item,
      state: problem,
      file: c.file,
      detail:
        `${c.name}: ${c.changed} source file${c.changed === 1 ? '' : 's'} changed ${since}, but its version ${now}: ` +
        `raise it in ${c.where}.`
    }
  }
  const step = `${c.name} ${c.from} → ${c.to} (${bump}) ${since}`
  if (c.api === undefined) return { item, state: 'pass', file: c.file, detail: `${step}; ${c.note}` }
  const needed = neededBump(c.from, c.api)
  if (atLeast(bump, needed))
    return { item, state: 'pass', file: c.file, detail: `${step}: ${describeChange(c.api)}.` }
  const rule = releaseParts(c.from)[0] > 0 ? '' : ' before 1.0'
  const next = nextVersion(c.from, needed as 'patch' | 'minor' | 'major')
  return {
    item,
    state: problem,
    file: c.file,
    detail:
      `${step}, but ${describeChange(c.api)}: that needs a ${needed} bump${rule}, ${next} at least. ` +
      `Raise the version in ${c.where}.`
  }
}

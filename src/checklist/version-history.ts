/**
 * The git half of the version-bump check, before the download: the earlier release tag, the packages
 * whose sources changed since, and their versions then and now. A package that changed without a bump
 * is a finding here; one that was bumped waits for the comparison of its public API (src/checklist/
 * api-bumps.ts), which needs the compiler.
 */
import type { Finding, FindingState } from './items.js'
import { isMojoSource } from '../project/discover.js'
import { git, gitReason, zList, type Checkout } from '../project/git.js'
import { parseMojoToml } from '../project/mojo-toml.js'
import type { PackageSpec } from '../project/package-spec.js'
import { workspaceFile } from '../workspace-files.js'
import { bumpFinding, bumpOf, earlierRelease, type BumpCase, type Tagged } from './version-bump.js'
import type { VersionBumpMode } from '../inputs/inputs.js'

const ITEM = 'Version bump appropriately (patch/minor/major)' as const

/** A package that changed and was bumped: its API is compared once the compiler is installed. */
export interface PendingBump extends BumpCase {
  spec: PackageSpec
}

export interface VersionHistory {
  mode: VersionBumpMode
  findings: Finding[]
  /** The earlier release, when there is one. */
  since?: Tagged
  pending: PendingBump[]
  /** Workspace-relative folders of packages that existed at the earlier release. */
  atRelease: Set<string>
}

interface HistoryOptions {
  workspace: string
  packages: PackageSpec[]
  /** The version being built (the tag's on a tag build). */
  version: string
  mode: VersionBumpMode
  /** The `version` input, which sets every package's version. */
  versionInput: string
  checkout: Checkout
}

const SHALLOW_FIX =
  'the clone is shallow (actions/checkout fetches one commit by default), so the earlier release tag ' +
  'cannot be found: set `fetch-depth: 0` on actions/checkout'

/** The files the workspace's packages take their version from when they have no mojo.toml. */
const VERSION_FILES = ['pixi.toml', 'mojoproject.toml', 'mojo.toml']

/** Where a package's version is set: its mojo.toml, the workspace file, or the `version` input. */
function versionSource(
  workspace: string,
  p: PackageSpec,
  versionInput: string
): { where: string; file?: string } {
  if (versionInput !== '') return { where: "the 'version' input" }
  const file = p.mojoToml ?? VERSION_FILES.find((f) => workspaceFile(workspace, f, 'manifest') !== undefined)
  return file === undefined ? { where: 'the package manifest' } : { where: file, file }
}

/** The package's version at the earlier release: its mojo.toml's then, else the tag's. */
async function versionAt(
  workspace: string,
  since: Tagged,
  p: PackageSpec,
  versionInput: string
): Promise<string> {
  if (versionInput !== '' || p.mojoToml === undefined) return since.version
  const shown = await git(workspace, ['show', `${since.tag}:./${p.mojoToml}`])
  if (shown.code !== 0) return since.version
  try {
    return parseMojoToml(shown.stdout, p.mojoToml).version ?? since.version
  } catch {
    return since.version // a mojo.toml this version cannot read: the tag says which version it was
  }
}

/** The package whose folder holds `file` (workspace-relative); the root package holds the rest. */
function ownerOf(file: string, packages: PackageSpec[]): PackageSpec | undefined {
  const inside = packages.filter((p) => p.relDir === '' || file.startsWith(`${p.relDir}/`))
  return inside.sort((a, b) => b.relDir.length - a.relDir.length)[0]
}

/** The NUL-separated (`-z`) or, for tag names (which hold no control character), line-separated output. */
async function lines(workspace: string, args: string[]): Promise<string[] | string> {
  const result = await git(workspace, args)
  if (result.code !== 0) return gitReason(result)
  return args.includes('-z') ? zList(result.stdout) : result.stdout.split('\n').filter((l) => l !== '')
}

export async function checkVersionHistory(options: HistoryOptions): Promise<VersionHistory> {
  const { workspace, packages, mode } = options
  const history: VersionHistory = { mode, findings: [], pending: [], atRelease: new Set() }
  const skip = (detail: string): VersionHistory => ({
    ...history,
    findings: [{ item: ITEM, state: 'skip', detail }]
  })
  if (mode === 'off') return skip('check-version-bump is off')
  const { checkout } = options
  if (checkout.state === 'none') return skip(checkout.reason)
  const merged = await lines(workspace, ['tag', '--merged', 'HEAD'])
  const atHead = await lines(workspace, ['tag', '--points-at', 'HEAD'])
  if (typeof merged === 'string') return skip(`cannot list the tags: ${merged}`)
  if (typeof atHead === 'string') return skip(`cannot list the tags: ${atHead}`)
  const since = earlierRelease(merged, atHead, options.version)
  const problem: FindingState = mode === 'error' ? 'fail' : 'warn'
  if (since === undefined) {
    if (checkout.shallow)
      return { ...history, findings: [{ item: ITEM, state: problem, detail: SHALLOW_FIX }] }
    return skip(`no release tag (vX.Y.Z) at or below ${options.version} before HEAD: nothing to compare with`)
  }

  const changed = await lines(workspace, ['diff', '--name-only', '--relative', '-z', since.tag, 'HEAD'])
  const existing = await lines(workspace, ['ls-tree', '-r', '--name-only', '-z', since.tag])
  if (typeof changed === 'string') return skip(`cannot compare with ${since.tag}: ${changed}`)
  if (typeof existing === 'string') return skip(`cannot read ${since.tag}: ${existing}`)
  const files = new Set(existing)
  for (const p of packages) {
    if (files.has(p.relDir === '' ? '__init__.mojo' : `${p.relDir}/__init__.mojo`))
      history.atRelease.add(p.relDir)
  }
  const counts = new Map<PackageSpec, number>()
  for (const file of changed.filter(isMojoSource)) {
    const owner = ownerOf(file, packages)
    if (owner !== undefined) counts.set(owner, (counts.get(owner) ?? 0) + 1)
  }
  for (const p of packages) {
    const count = counts.get(p)
    // A package new since the release has no earlier version to bump.
    if (count === undefined || !history.atRelease.has(p.relDir)) continue
    const from = await versionAt(workspace, since, p, options.versionInput)
    const found: PendingBump = {
      spec: p,
      name: p.name,
      ...versionSource(workspace, p, options.versionInput),
      since,
      from,
      to: p.version,
      changed: count
    }
    if (bumpOf(from, p.version) === 'none') history.findings.push(bumpFinding(found, mode))
    else history.pending.push(found)
  }
  if (history.findings.length === 0 && history.pending.length === 0) {
    history.findings.push({
      item: ITEM,
      state: 'pass',
      detail: `no package's sources changed since ${since.tag}`
    })
  }
  return { ...history, since }
}

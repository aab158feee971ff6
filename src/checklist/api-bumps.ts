/**
 * The compiler half of the version-bump check: for each package that changed and was bumped since the
 * earlier release (version-history.ts), its public API at that tag and now, read with
 * `mojo doc`, and whether the bump is as big as the change. The tag's sources are written with
 * `git archive` into a temp folder; the worktree is never touched. When the tag's sources no longer
 * compile with this compiler, the finding says so and only the bump itself was checked.
 */
import * as core from '@actions/core'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { mapLimit, mojoSlots } from '../concurrency.js'
import { untrusted } from '../log.js'
import type { ExternalPackage } from '../project/external-packages.js'
import { extractTree } from '../project/git.js'
import { transitiveDependencies } from '../project/plan.js'
import type { PackageSpec } from '../project/package-spec.js'
import { bumpFinding } from './version-bump.js'
import type { PendingBump, VersionHistory } from './version-history.js'
import type { Finding } from './items.js'
import type { Toolchain } from '../types.js'
import { placeExternals } from '../compile/place-externals.js'
import { countOf } from '../compile/compile-report.js'
import { copyMojoTree } from '../compile/isolate.js'
import { diffApi, DocError, readPublicApi, type PublicApi } from '../compile/public-api.js'

interface ApiBumpOptions {
  workspace: string
  toolchain: Toolchain
  /** Every package of the workspace, for the dependencies of the changed ones. */
  packages: PackageSpec[]
  externals: ExternalPackage[]
  /** `compile-timeout`: one `mojo doc` is a compile. */
  timeoutMs: number
}

/** `pkg` and the workspace packages it imports. */
const withDependencies = (pkg: PackageSpec, all: PackageSpec[]): PackageSpec[] => [
  pkg,
  ...transitiveDependencies(pkg, all).map((name) => all.find((p) => p.import === name)!)
]

/**
 * Lays `pkg` and the workspace packages it imports out in `lib` under their import names, from the
 * tree at `root` (the workspace, or the tag's sources), and reads its public API there.
 */
async function apiIn(
  root: string,
  pkg: PackageSpec,
  lib: string,
  options: ApiBumpOptions & { importPaths: string[]; present: (relDir: string) => boolean }
): Promise<PublicApi> {
  const laidOut = withDependencies(pkg, options.packages).filter((d) => options.present(d.relDir))
  for (const p of laidOut) await copyMojoTree(path.join(root, p.relDir), path.join(lib, p.import))
  return readPublicApi(options.toolchain, path.join(lib, pkg.import), options).catch((error: unknown) => {
    // The compiler names files in `lib`: name them as the workspace does.
    const from = error instanceof DocError && laidOut.find((p) => error.message.startsWith(`${p.import}/`))
    if (!from) throw error
    throw new DocError(path.posix.join(from.relDir, error.message.slice(from.import.length + 1)))
  })
}

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/** Turns a DocError into the sentence a finding's note gives; other errors are bugs and stay thrown. */
const docFailure =
  (what: string) =>
  (error: unknown): string => {
    if (!(error instanceof DocError)) throw error
    return `${what} (${error.message})`
  }

export async function checkApiBumps(history: VersionHistory, options: ApiBumpOptions): Promise<Finding[]> {
  const { pending, since, mode } = history
  if (pending.length === 0 || since === undefined || mode === 'off') return []
  const mojo = `Mojo ${options.toolchain.version}`
  const scratch = await fs.mkdtemp(path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'mojo-api-'))
  try {
    const importPaths = options.externals.length
      ? [await placeExternals(options.externals, path.join(scratch, 'external'))]
      : []
    const release = path.join(scratch, 'release')
    const wanted = new Set(
      pending.flatMap((p) => withDependencies(p.spec, options.packages).map((d) => d.relDir))
    )
    const extracted = await extractTree(
      options.workspace,
      since.tag,
      [...wanted].filter((d) => history.atRelease.has(d)),
      release
    ).then(
      () => undefined,
      (error: unknown) => reason(error)
    )
    const at = { ...options, importPaths }
    // Each package's two `mojo doc` runs in turn, packages side by side as compiles are.
    const compare = async ([i, p]: [number, PendingBump]): Promise<Finding> => {
      const lib = (side: string): string => path.join(scratch, `${side}-${i}`)
      const now = await apiIn(options.workspace, p.spec, lib('now'), { ...at, present: () => true }).catch(
        docFailure(`mojo doc cannot read the sources now`)
      )
      const then =
        extracted !== undefined
          ? `the sources at ${since.tag} could not be read (${extracted})`
          : await apiIn(release, p.spec, lib('then'), {
              ...at,
              present: (relDir) => history.atRelease.has(relDir)
            }).catch(docFailure(`the sources at ${since.tag} no longer compile with ${mojo}`))
      const found: PendingBump = { ...p }
      if (typeof now === 'string' || typeof then === 'string') {
        found.note = `the public API was not compared: ${typeof then === 'string' ? then : now}; only the bump was checked`
      } else {
        found.api = diffApi(then, now)
        core.info(
          untrusted(
            `${p.name}: public API at ${since.tag}: ${countOf(then.size, 'name')}, now ${now.size}; removed or changed: ` +
              `${found.api.removed.join(', ') || 'none'}; added: ${found.api.added.join(', ') || 'none'}`
          )
        )
      }
      return bumpFinding(found, mode)
    }
    return await mapLimit([...pending.entries()], mojoSlots(options.toolchain.version), compare)
  } finally {
    await fs.rm(scratch, { recursive: true, force: true })
  }
}

/**
 * Verifies the merged channel on the runner, for each compiler of the matrix: resolve each package as a
 * solver does against the channel's own records (`buildFor`: exactly one build per package for that
 * compiler, and its dependencies' builds for the same compiler), lay those builds into a fresh prefix as
 * a conda client lays a noarch package (src/verify/conda-install.ts, each file checked against its
 * paths.json), and import the package from the prefix's `lib/mojo` with that compiler, installed by the
 * toolchain stage's own installer, in a clean environment. No conda client runs on the runner: the
 * solver's choice is the one rule above, which the tests check against a real client (py-rattler).
 */
import fs from 'node:fs'
import path from 'node:path'
import { exampleProgram } from '../assemble/install-plan.js'
import { describeExit, runProcess } from '../process.js'
import type { Toolchain } from '../types.js'
import { ccDir, cleanEnv, makeCleanDirs } from '../verify/clean-env.js'
import { installConda } from '../verify/conda-install.js'
import { buildFor, type ChannelRecord } from './channel.js'

/** One package with one compiler: ✅ or the reason. */
export interface MergeCheck {
  name: string
  mojo: string
  ok: boolean
  reason?: string
  /** The build the resolution picked. */
  build?: string
}

interface ChannelCheckOptions {
  /** The channel folder (holds noarch/). */
  channel: string
  records: ChannelRecord[]
  compilers: string[]
  /** Conda package name -> the names its check imports. */
  imports: ReadonlyMap<string, string[]>
  /** The workspace: the clean folders must lie outside it. */
  workspace: string
  toolchainFor: (mojo: string) => Promise<Toolchain>
}

const RUN_TIMEOUT_MS = 10 * 60_000

async function checkOne(
  options: ChannelCheckOptions,
  toolchain: Toolchain,
  name: string
): Promise<MergeCheck> {
  const mojo = toolchain.version
  const resolved = buildFor(options.records, name, mojo)
  if ('reason' in resolved) return { name, mojo, ok: false, reason: resolved.reason }
  const build = resolved.records[0].build
  const dirs = makeCleanDirs(options.workspace)
  try {
    const prefix = path.join(dirs.work, 'prefix')
    for (const record of resolved.records) {
      const problems = await installConda(
        path.join(options.channel, 'noarch', record.file),
        prefix,
        path.join(dirs.root, 'pkgs')
      )
      if (problems.length > 0) return { name, mojo, ok: false, build, reason: problems.join('; ') }
    }
    const app = path.join(dirs.work, 'app')
    fs.mkdirSync(app)
    fs.writeFileSync(path.join(app, 'app.mojo'), exampleProgram(options.imports.get(name) ?? []))
    const env = cleanEnv(toolchain, dirs, { cc: ccDir(), importPath: [path.join(prefix, 'lib', 'mojo')] })
    const result = await runProcess([toolchain.mojo, 'run', 'app.mojo'], {
      cwd: app,
      env,
      timeoutMs: RUN_TIMEOUT_MS
    })
    if (result.code === 0 && !result.timedOut) return { name, mojo, ok: true, build }
    const last = result.output.trim().split('\n').slice(-3).join(' ')
    return { name, mojo, ok: false, build, reason: `the import failed (${describeExit(result)}): ${last}` }
  } finally {
    fs.rmSync(dirs.root, { recursive: true, force: true })
  }
}

/** Every package with every compiler; a compiler that cannot be installed fails its column. */
export async function verifyChannel(options: ChannelCheckOptions): Promise<MergeCheck[]> {
  const names = [...new Set(options.records.map((r) => r.name))].sort()
  const checks: MergeCheck[] = []
  for (const mojo of options.compilers) {
    let toolchain: Toolchain
    try {
      toolchain = await options.toolchainFor(mojo)
    } catch (error) {
      const reason = `Mojo ${mojo} could not be installed: ${(error as Error).message}`
      checks.push(...names.map((name) => ({ name, mojo, ok: false, reason })))
      continue
    }
    for (const name of names) checks.push(await checkOne(options, toolchain, name))
  }
  return checks
}

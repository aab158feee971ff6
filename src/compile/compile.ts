/**
 * Compiles the planned packages into a staging folder. Each package is compiled under its import
 * name into a private folder (the name is baked into the file), against only the packages it
 * depends on; when every package compiled, the versioned copies `<import>-<version>.<ext>` are
 * written to the top of the staging folder. A failure leaves no versioned file behind.
 */
import { existsSync } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import { CompileError, type InputError } from '../errors.js'
import { transitiveDependencies } from '../project/plan.js'
import type { PackageSpec } from '../project/package-spec.js'
import type { Artifact, PackageFormat, Toolchain } from '../types.js'
import { firstError, parseDiagnostics, type Diagnostic } from './diagnostics.js'
import { annotateCompile, compileLogGroup, packageResults } from './compile-report.js'
import { buildArgs, chooseFormat, formatRefusal, hasPrecompile } from './format.js'
import { distFileName, installedFileName } from './naming.js'
import { isolateSource } from './isolate.js'
import { checkShadowing } from './shadowing.js'
import { placeExternals } from './place-externals.js'
import type { ExternalPackage } from '../project/external-packages.js'
import { suggestedRange } from '../package-version.js'
import { mojoSlots, runGraph } from '../concurrency.js'
import { fileDigest } from '../digest.js'
import { describeExit, succeeded } from '../process.js'
import { runMojo } from '../toolchain/driver.js'
import { printUntrusted } from '../log.js'
import { phase, recordPhase } from '../phases.js'
import { writeAtomically } from '../workspace-files.js'

export interface CompileOptions {
  format: 'auto' | PackageFormat
  /** Empty or fresh folder the versioned files go to; nothing else is written. */
  staging: string
  /** One compile that runs longer is stopped (`compile-timeout`). */
  timeoutMs: number
  /** Packages the workspace's import that are not built here (see usableExternals), on every `-I` path. */
  externals?: ExternalPackage[]
  /** Import-style name -> where the workspace declares such a dependency, for the missing-module hint. */
  declaredDependencies?: Record<string, string>
}

export interface CompiledPackage {
  spec: PackageSpec
  format: PackageFormat
  /** Absolute path of the versioned file (`<staging>/<import>-<version>.<ext>`). */
  file: string
  artifact: Artifact
  /** The compiler's arguments (after the driver path). */
  args: string[]
  /** When the compile started and finished (ms since the epoch). */
  startedAt: number
  finishedAt: number
  /** What the compiler printed (warnings, on success). */
  log: string
}

interface CompileRun {
  spec: PackageSpec
  /** The private folder it compiled in, standing for the workspace (see isolate.ts). */
  root: string
  args: string[]
  /** The compiler's output file, named `<import>.<ext>`. */
  output: string
  startedAt: number
  finishedAt: number
  ok: boolean
  /** "exit code 1", "killed by SIGILL (...)", "was stopped after ...". */
  exit: string
  log: string
  diagnostics: Diagnostic[]
  /** Set when the compiler refused the output format itself. */
  refusal?: InputError
}

/** The workspace-relative module `name` next to the package folder, when there is one. */
function besideInSource(spec: PackageSpec, name: string): string | undefined {
  const parent = path.dirname(spec.dir)
  const found = [`${name}.mojo`, `${name}.🔥`, name].find((f) => existsSync(path.join(parent, f)))
  return found && path.posix.join(path.posix.dirname(spec.relDir), found)
}

/** What to do about a module the compiler could not locate, or '' when it gives no hint. */
function missingModuleHint(
  missing: string,
  c: CompileRun,
  all: PackageSpec[],
  options: CompileOptions
): string {
  const sibling = all.find((p) => p.import === missing)
  if (sibling) {
    if (transitiveDependencies(c.spec, all).includes(missing)) return ''
    const line = `${sibling.name} = "${suggestedRange(sibling.version)}"`
    return ` (${sibling.name} is a workspace package: add ${line} to [dependencies] in ${c.spec.mojoToml ?? `${c.spec.relDir}/mojo.toml`})`
  }
  if (options.externals?.some((e) => e.import === missing)) return ''
  // Compiling in the workspace would have found a module beside the package; its users will not.
  const beside = besideInSource(c.spec, missing)
  if (beside) {
    return ` (${beside} is beside the package in the source tree, not in it: move it into ${c.spec.relDir} and import it as .${missing})`
  }
  const declared = options.declaredDependencies?.[missing]
  return (
    ` ('${missing}' is neither the standard library, a workspace package nor an external package` +
    `${declared ? `; ${declared} declares it` : ''}: give its .mojoc or source folder in the 'external-packages' input` +
    // Mojo 1.x imports the standard library by its package: `testing` is found as `std.testing`.
    `${declared ? '' : `; if it is a standard library module, import it as std.${missing}`})`
  )
}

/** Why a package failed, in one line, with a hint when it imports a package it cannot see. */
function failureReason(c: CompileRun, all: PackageSpec[], options: CompileOptions): string {
  const first =
    firstError(c.diagnostics, c.root, c.root) ??
    (c.log.trim().split('\n').at(-1) || `the compiler ended with ${c.exit}`)
  const missing = /unable to locate module '([^']+)'/.exec(first)?.[1]
  const hint = missing === undefined ? '' : missingModuleHint(missing, c, all, options)
  return `${c.spec.name} (${c.spec.relDir}): ${first}${hint}`
}

export async function compilePackages(
  plan: PackageSpec[][],
  toolchain: Toolchain,
  options: CompileOptions
): Promise<CompiledPackage[]> {
  const { staging } = options
  const precompile = await phase('compiler probe', () => hasPrecompile(toolchain))
  const chosen = chooseFormat(options.format, toolchain.version, precompile)
  const all = plan.flat()
  await fs.mkdir(staging, { recursive: true })
  const work = await fs.mkdtemp(path.join(staging, '.compile-'))
  /** The folder of external packages, on every compile's import path. */
  const external: string[] = []
  const outputs = new Map<string, string>()

  const compile = async (spec: PackageSpec): Promise<CompileRun> => {
    const out = path.join(work, spec.import)
    await fs.mkdir(out)
    const output = path.join(out, installedFileName(spec.import, chosen.format))
    const deps = [...transitiveDependencies(spec, all).map((d) => path.dirname(outputs.get(d)!)), ...external]
    // Only its declared dependencies are visible; the source path stays relative (1.x stores it in
    // the package, so an absolute one would make the same commit build different bytes elsewhere).
    const { root, source } = await isolateSource(spec, path.join(out, 'src'))
    const args = buildArgs(chosen, source, output, deps)
    const startedAt = Date.now()
    const limit = { timeoutMs: options.timeoutMs, limitName: 'compile-timeout' }
    const result = await runMojo(toolchain, args, { cwd: root, ...limit })
    const finishedAt = Date.now()
    recordPhase(`compile ${spec.import}`, finishedAt - startedAt)
    const log = `${result.stdout}${result.stderr}`
    const logGroup = compileLogGroup(chosen.command, spec.relDir)
    // Printed whole when the compile ends, so parallel compiles do not interleave in the log.
    printUntrusted(
      logGroup,
      `${toolchain.mojo} ${args.join(' ')}\n${log.trimEnd() || '(no output)'}\n${describeExit(result, limit)}`
    )
    const diagnostics = parseDiagnostics(result.stderr)
    const ok = succeeded(result)
    const exit = describeExit(result, limit)
    const compiled = { spec, root, args, output, startedAt, finishedAt, ok, exit, log, diagnostics }
    const refusal = ok ? undefined : formatRefusal(result.stderr, chosen.format, toolchain.version)
    if (refusal) return { ...compiled, refusal }
    // The private copy mirrors the workspace: paths relative to `root` are the workspace's.
    annotateCompile(diagnostics, { workspace: root, cwd: root, pkg: spec.name, logGroup })
    return compiled
  }

  try {
    if (options.externals?.length)
      external.push(await placeExternals(options.externals, path.join(work, 'external')))
    await phase('compiler probe', () => checkShadowing(all, toolchain, chosen, work))
    const byImport = new Map(all.map((p) => [p.import, p]))
    // Each package starts as soon as its own dependencies are compiled, as many at once as cores and
    // memory allow; after a failure nothing new starts.
    const runs = await runGraph(
      all,
      (spec) => spec.dependencies.map((d) => byImport.get(d)!),
      mojoSlots(toolchain.version),
      compile,
      (run) => {
        if (run.ok) outputs.set(run.spec.import, run.output)
        return run.ok
      }
    )
    const refusal = runs.find((r) => r.refusal)?.refusal
    if (refusal) throw refusal
    const failed = runs.filter((r) => !r.ok)
    if (failed.length > 0) {
      const reasons = failed.map((f) => failureReason(f, all, options))
      const groups = failed.map((f) => `'${compileLogGroup(chosen.command, f.spec.relDir)}'`)
      throw new CompileError(
        `Could not compile ${reasons.join('; ')} (every diagnostic is in the log ` +
          `group${groups.length === 1 ? '' : 's'} ${groups.join(', ')})`,
        packageResults(plan, runs, chosen.command)
      )
    }
    // In the plan's order, whatever order they finished in: the same build lists the same files.
    const compiled = all.map((spec) => runs.find((r) => r.spec === spec)!)
    return await phase('hash and write packages', () =>
      Promise.all(compiled.map((c) => ship(c, chosen.format, toolchain, staging)))
    )
  } finally {
    await fs.rm(work, { recursive: true, force: true })
  }
}

/** Copies a compiled package to its versioned name in `staging` and describes it. */
async function ship(
  c: CompileRun,
  format: PackageFormat,
  toolchain: Toolchain,
  staging: string
): Promise<CompiledPackage> {
  const { spec } = c
  const file = path.join(staging, distFileName(spec.import, spec.version, format))
  await writeAtomically(file, (temp) => fs.copyFile(c.output, temp))
  const artifact: Artifact = {
    kind: 'package',
    name: spec.import,
    version: spec.version,
    file: path.basename(file),
    ...(await fileDigest(file)),
    import: spec.import,
    distribution: spec.name,
    mojoToml: spec.mojoToml,
    mojo: toolchain.version,
    dependencies: spec.dependencies
  }
  return {
    spec,
    format,
    file,
    artifact,
    args: c.args,
    startedAt: c.startedAt,
    finishedAt: c.finishedAt,
    log: c.log
  }
}

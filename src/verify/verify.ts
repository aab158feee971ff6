/**
 * The verify stage: proves every artifact installs and works in a clean environment (see clean-env.ts
 * for exactly what that holds). The packages of one format are checked together (packages.ts); those
 * checks and the other artifacts' run in parallel, as many as mojoSlots allows; each prints one log group
 * when it ends (so parallel logs never interleave) and one error annotation per failing artifact.
 * A failing artifact never throws: its `verification` says why. Unusable options do throw.
 */
import { annotate } from '../annotate.js'
import { writeManifest } from '../assemble/manifest.js'
import fs from 'node:fs'
import path from 'node:path'
import { parseDiagnostics, workspaceFile } from '../compile/diagnostics.js'
import { isIdentifier } from '../names.js'
import { checkScript } from '../project/check-inputs.js'
import { InputError, VerifyError } from '../errors.js'
import type { VerifyCommand } from '../inputs/inputs.js'
import type { Artifact, Toolchain, Verification } from '../types.js'
import { verifyArchive, verifyBundle } from './archive.js'
import { ccDir } from './clean-env.js'
import type { Outcome, VerifyContext } from './context.js'
import { verifyInstallScript } from './run-install-verify.js'
import { readWorkspaceFileSync } from '../workspace-files.js'
import { verifyFormat, type Checks } from './packages.js'
import type { ExternalPackage } from '../project/external-packages.js'
import { importedModules } from '../project/imports.js'
import { findSourceModule, isSourceFile } from './sources.js'
import { mapLimit, mojoSlots } from '../concurrency.js'
import { printUntrusted } from '../log.js'

/** The package formats, each verified in one environment. */
const FORMATS: Artifact['kind'][] = ['wheel', 'conda', 'package', 'source']

export interface VerifyOptions {
  /** Absolute folder holding the artifacts' files. */
  outputDir: string
  toolchain: Toolchain
  workspace: string
  /** Import name -> symbols the package must export (see exportedSymbols). */
  verifyImports: Map<string, string[]>
  /** `.mojo` files relative to the workspace, run against every built package. */
  scripts: string[]
  commands: VerifyCommand[]
  /** Packages the built ones import that are not shipped here: installed in every clean environment. */
  externals?: ExternalPackage[]
  /** At most this many verifications at once; default: as many Mojo processes as cores and memory allow. */
  concurrency?: number
}

function validate(artifacts: Artifact[], options: VerifyOptions): Map<string, Artifact> {
  if (!path.isAbsolute(options.outputDir) || !fs.existsSync(options.outputDir)) {
    throw new VerifyError(`the output folder '${options.outputDir}' must be an existing absolute folder.`)
  }
  const packages = new Map<string, Artifact>()
  // Each package's symbols are checked on the first form that ships it: the precompiled file, else its
  // source archive, wheel or conda package (a bundle's wheel or conda package has no import of its own).
  for (const kind of ['package', 'source', 'wheel', 'conda'] as const) {
    for (const a of artifacts)
      if (a.kind === kind && a.import && !packages.has(a.import)) packages.set(a.import, a)
  }
  const built = [...packages.keys()].join(', ') || 'none'
  for (const [key, symbols] of options.verifyImports) {
    if (!packages.has(key)) {
      throw new InputError('verify-imports', `'${key}' is not a package built in this run (built: ${built}).`)
    }
    const bad = symbols.find((s) => !isIdentifier(s))
    if (bad !== undefined)
      throw new InputError('verify-imports', `'${bad}' (for ${key}) is not a Mojo identifier.`)
  }
  for (const script of options.scripts) {
    checkScript(options.workspace, script)
    if (packages.size === 0) {
      throw new InputError('verify-script', `no packages were built to run '${script}' against.`)
    }
  }
  const archives = artifacts.filter((a) => a.kind === 'archive').map((a) => a.name)
  for (const command of options.commands) {
    if (!archives.includes(command.archive)) {
      throw new InputError(
        'verify-commands',
        `'${command.archive}' is not an archive built in this run (archives: ${archives.join(', ') || 'none'}).`
      )
    }
  }
  return packages
}

/**
 * Prints a finished verification: one whole log group, and an error annotation when it failed, at
 * `file` (mojo.toml, script) unless a diagnostic names a workspace file.
 */
function report(title: string, outcome: Outcome, workspace: string, file?: string, annotated = true): void {
  printUntrusted(title, outcome.log.join('\n'))
  const { ok, reason, output } = outcome.verification
  if (ok || !annotated) return
  // Point at the source line when the compiler blamed a workspace file, else at `file`.
  const located = parseDiagnostics(output ?? '')
    .filter((d) => d.severity === 'error' && d.file !== undefined)
    .map((d) => ({ file: workspaceFile(d.file!, workspace, workspace), startLine: d.line }))
    .find((d) => d.file !== undefined)
  annotate('error', reason ?? 'verification failed', { title, ...(located ?? (file ? { file } : {})) })
}

/**
 * A compile cache restored from the Actions cache may be junk (a damaged or foreign entry); then every
 * check fails and the packages are blamed. A check that fails while it is in use runs once more after
 * the folder is emptied, with a warning; failing again, it is the package's failure.
 */
export function distrustRestoredCompileCache(
  toolchain: Toolchain
): (title: string, check: () => Promise<Outcome>) => Promise<Outcome> {
  let restored = toolchain.restoredCompileCache
  return async (title, check) => {
    const dir = restored // a check that started before the emptying ran with the restored content too
    const outcome = await check()
    if (outcome.verification.ok || dir === undefined) return outcome
    if (restored !== undefined) {
      restored = undefined
      fs.rmSync(dir, { recursive: true, force: true })
      fs.mkdirSync(dir, { recursive: true })
    }
    annotate(
      'warning',
      `${title} failed with the compile cache restored from the Actions cache; it was emptied and the check runs again. If this repeats, the cache entry is broken: run once with compile-cache: false.`,
      { title }
    )
    return check()
  }
}

function combine(own: Verification, scripts: Verification[]): Verification {
  const all = [own, ...scripts]
  const failed = all.filter((v) => !v.ok)
  const output = all.map((v) => v.output).filter((o) => o !== undefined)
  return {
    ok: failed.length === 0,
    ...(failed.length > 0 ? { reason: failed.map((v) => v.reason).join('; ') } : {}),
    ...(output.length > 0 ? { output: output.join('\n\n') } : {})
  }
}

export async function verifyArtifacts(artifacts: Artifact[], options: VerifyOptions): Promise<Artifact[]> {
  const packages = validate(artifacts, options)
  const ctx: VerifyContext = {
    outputDir: options.outputDir,
    toolchain: options.toolchain,
    workspace: options.workspace,
    artifacts,
    packages,
    symbols: options.verifyImports,
    externals: options.externals ?? [],
    cc: ccDir(),
    explain: {
      built: new Map([...packages].map(([name, a]) => [name, a.mojoToml])),
      sourceModule: (name) => findSourceModule(options.workspace, name),
      isSourceFile: (p) => isSourceFile(options.workspace, p)
    }
  }

  const checks: Checks = {
    checked: distrustRestoredCompileCache(options.toolchain),
    report: (title, outcome, file, annotated = true) =>
      report(title, outcome, options.workspace, annotated ? file : undefined, annotated)
  }
  const verifyOne = async (artifact: Artifact): Promise<Verification> => {
    const commands = options.commands.filter((c) => c.archive === artifact.name)
    const title = `verify ${artifact.file}`
    const outcome = await checks.checked(title, () =>
      artifact.kind === 'bundle'
        ? verifyBundle(artifact, ctx)
        : artifact.kind === 'archive'
          ? verifyArchive(artifact, commands, ctx)
          : verifyInstallScript(artifact, ctx)
    )
    report(title, outcome, options.workspace, artifact.mojoToml)
    return outcome.verification
  }

  // One job per format (every package in it checked together; the verify-scripts run in the environment
  // of the form `packages` checks symbols on), and one for each other artifact (bundle, archives,
  // install_verify.sh). The longest start first, so none is left to run alone at the end.
  const primary = packages.values().next().value?.kind
  const formats = FORMATS.map((kind) => artifacts.filter((a) => a.kind === kind)).filter((g) => g.length > 0)
  const others = artifacts.filter((a) => !FORMATS.includes(a.kind))
  type Job = { group: Artifact[] } | { artifact: Artifact }
  const jobs: Job[] = [...formats.map((group) => ({ group })), ...others.map((artifact) => ({ artifact }))]
  const scriptsOf = (group: Artifact[]) => (group[0].kind === primary ? options.scripts : [])
  // Roughly, in `mojo run`s: pip unpacking the compiler costs about two; install_verify.sh runs one
  // per package; a verify-command may run one.
  const cost = (job: Job): number =>
    'group' in job
      ? 1 + scriptsOf(job.group).length + (job.group[0].kind === 'wheel' ? 2 : 0)
      : job.artifact.kind === 'script'
        ? packages.size
        : job.artifact.kind === 'archive'
          ? options.commands.filter((c) => c.archive === job.artifact.name).length
          : 1
  jobs.sort((a, b) => cost(b) - cost(a))
  const limit = options.concurrency ?? mojoSlots(options.toolchain.version)
  const results = new Map<Artifact, Verification>()
  const scriptVerifications: Verification[] = []
  await mapLimit(jobs, limit, async (job) => {
    if ('artifact' in job) {
      results.set(job.artifact, await verifyOne(job.artifact))
      return
    }
    const scripts = scriptsOf(job.group)
    const result = await verifyFormat(job.group, scripts, ctx, checks)
    job.group.forEach((artifact, i) => results.set(artifact, result.packages[i]))
    if (scripts.length > 0) scriptVerifications.push(...result.scripts)
  })

  // A script's result belongs to the packages it imports (all packages when it imports none of them).
  const scriptResults = options.scripts.map((script, i) => {
    const imported = importedModules(readWorkspaceFileSync(options.workspace, script, 'verify-script') ?? '')
    const owners = imported.filter((name) => packages.has(name))
    return {
      owners: owners.length > 0 ? owners : [...packages.keys()],
      verification: scriptVerifications[i]
    }
  })
  return artifacts.map((artifact) => {
    const name = artifact.import ?? artifact.name
    const scripts =
      packages.get(name) === artifact
        ? scriptResults.filter((s) => s.owners.includes(name)).map((s) => s.verification)
        : []
    return { ...artifact, verification: combine(results.get(artifact)!, scripts) }
  })
}

/** Verifies the release in output-dir, and records each artifact's result in its manifest.json. */
export async function verifyRelease(
  artifacts: Artifact[],
  options: VerifyOptions & { mojo: string; version: string }
): Promise<Artifact[]> {
  const verified = await verifyArtifacts(artifacts, options)
  const { mojo, version, externals } = options
  await writeManifest(options.outputDir, { mojo, version, artifacts: verified, externals })
  return verified
}

/**
 * Archives and the bundle: listed before extraction (entries escaping the folder are refused), extracted
 * by the install plan's own commands (`tar -xzf`, `unzip -q`), then checked: nothing escaped, no expected
 * entry or license file missing, every file executable in the workspace still executable. Then the
 * bundle's install.sh runs (also a plan command) and its example imports every package; an archive runs
 * its verify-commands.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { VerifyCommand } from '../inputs/inputs.js'
import type { Artifact } from '../types.js'
import type { CleanDirs } from './clean-env.js'
import { cleanEnv } from './clean-env.js'
import {
  download,
  fail,
  inClean,
  installAll,
  logged,
  missingLicenses,
  pass,
  planFor,
  runCommands,
  runExample,
  type Outcome,
  type VerifyContext
} from './context.js'
import { explainFailure } from './diagnose.js'
import { archiveFormat } from '../names.js'
import { escapingLinks, listArchive, unsafeEntries, type ListedEntry } from './archive-entries.js'
import { describeExit } from '../process.js'

const octal = (mode: number): string => `0${(mode & 0o777).toString(8)}`

/** Problems of the extracted tree under `download/`: escaping links, missing entries, lost exec bits. */
function inspectExtracted(
  artifact: Artifact,
  listed: ListedEntry[],
  dirs: CleanDirs,
  workspace: string
): string[] {
  const problems = escapingLinks(dirs.download).map((p) => `'${p}' links outside the folder`)
  const root = `${artifact.name}-${artifact.version}/`
  // An archive's contents are its entries; a bundle's are import names, proven by its example instead.
  for (const entry of artifact.kind === 'archive' ? (artifact.contents ?? []) : []) {
    if (!fs.existsSync(path.join(dirs.download, entry))) problems.push(`expected entry '${entry}' is missing`)
  }
  for (const entry of listed) {
    if (entry.type !== 'file') continue
    const extracted = path.join(dirs.download, entry.path)
    if (!fs.existsSync(extracted)) continue
    const mode = fs.statSync(extracted).mode
    if (mode & 0o100) continue
    if (entry.mode !== undefined && entry.mode & 0o100) {
      problems.push(
        `'${entry.path}' lost its executable bit in extraction (${octal(entry.mode)} in the archive)`
      )
      continue
    }
    // The archive's files come from the workspace under `NAME-VERSION/`: the source says what it should be.
    const source =
      artifact.kind === 'archive' && entry.path.startsWith(root)
        ? path.join(workspace, entry.path.slice(root.length))
        : undefined
    const sourceMode = source && fs.existsSync(source) ? fs.statSync(source).mode : undefined
    if (sourceMode !== undefined && sourceMode & 0o100) {
      problems.push(
        `'${entry.path.slice(root.length)}' lost its executable bit (${octal(mode)} extracted, ${octal(sourceMode)} in the workspace)`
      )
    }
  }
  return problems
}

/** Lists, extracts (by the plan) and inspects; returns the failure reason, or undefined. */
async function extractChecked(
  ctx: VerifyContext,
  artifact: Artifact,
  dirs: CleanDirs,
  env: Record<string, string>,
  log: string[]
): Promise<string | undefined> {
  const format = archiveFormat(artifact.file)
  if (format === undefined) return `'${artifact.file}' is neither a .tar.gz nor a .zip`
  const plan = planFor(ctx, artifact, dirs)
  if (typeof plan === 'string') return plan
  download(ctx, [plan], dirs, log)
  let listed: ListedEntry[]
  try {
    listed = await listArchive(path.join(dirs.download, artifact.file), format)
  } catch (error) {
    return `cannot list ${artifact.file}: ${(error as Error).message.trim()}`
  }
  log.push(`listed ${listed.length} entries`)
  const unsafe = unsafeEntries(listed)
  if (unsafe.length > 0) return `refused to extract: ${unsafe.join('; ')}`
  if (plan.kind !== 'bundle' && plan.kind !== 'archive')
    return `${artifact.file} is a package, not an archive`
  // Extract, inspect what landed, and only then install (the bundle's install.sh).
  const failed = await runCommands([plan.extract], dirs, env, log)
  if (failed !== undefined) return failed
  const problems = inspectExtracted(artifact, listed, dirs, ctx.workspace)
  const missing = missingLicenses(artifact, dirs.download)
  if (missing !== undefined) problems.push(missing)
  if (problems.length > 0) return problems.join('; ')
  return runCommands(plan.install, dirs, env, log)
}

export async function verifyBundle(artifact: Artifact, ctx: VerifyContext): Promise<Outcome> {
  const log: string[] = []
  const subject = `bundle ${artifact.file}`
  return inClean(ctx, log, async (dirs, env) => {
    const failed = await extractChecked(ctx, artifact, dirs, env, log)
    if (failed !== undefined) return fail(`${subject}: ${failed}`, log)
    const plan = planFor(ctx, artifact, dirs)
    if (typeof plan === 'string') return fail(`${subject}: ${plan}`, log)
    if (plan.kind !== 'bundle') return fail(`${subject}: ${artifact.file} is not a bundle`, log)
    return runExample(ctx, plan.usage, dirs, env, subject, log)
  })
}

/**
 * An archive: extracted and inspected, then each verify-command runs in its root folder `NAME-VERSION/`
 * (argv, no shell) with the clean environment plus the toolchain's `bin` on PATH and every built package
 * installed in a folder named by MOJO_LIBS (the variable install.sh also reads).
 */
export async function verifyArchive(
  artifact: Artifact,
  commands: VerifyCommand[],
  ctx: VerifyContext
): Promise<Outcome> {
  const log: string[] = []
  const name = artifact.name
  return inClean(ctx, log, async (dirs, env) => {
    const failed = await extractChecked(ctx, artifact, dirs, env, log)
    if (failed !== undefined) return fail(`${name}: ${failed}`, log)
    if (commands.length === 0) return pass(log)
    const installFailed = await installAll(ctx, dirs, env, log)
    if (installFailed !== undefined) return fail(`${name}: ${installFailed}`, log)
    const commandEnv = {
      ...cleanEnv(ctx.toolchain, dirs, { cc: ctx.cc, extraPath: [path.dirname(ctx.toolchain.mojo)] }),
      MOJO_LIBS: path.join(dirs.work, 'lib')
    }
    const cwd = path.join(dirs.download, `${artifact.name}-${artifact.version}`)
    let output = ''
    for (const command of commands) {
      const result = await logged(command.argv, cwd, commandEnv, log)
      output += `$ ${command.argv.join(' ')}\n${result.output}`
      if (result.code !== 0) {
        const reason = explainFailure(result.output, describeExit(result), {
          ...ctx.explain,
          subject: `${name}: verify-command '${command.argv.join(' ')}'`,
          installed: new Set(ctx.packages.keys())
        })
        return fail(reason, log, output)
      }
    }
    return pass(log, output)
  })
}

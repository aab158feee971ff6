/**
 * How a run ends, whatever happened: the job summary (the error alone when the checks stopped the run
 * before the compiler was chosen), the time per phase, the verdict as the log's last line, and the
 * step's error naming the compiler.
 */
import type { ExternalPackage } from '../project/external-packages.js'
import * as core from '@actions/core'
import type { Finding } from '../checklist/items.js'
import { ActionError, CompileError, ToolchainError } from '../errors.js'
import { untrusted } from '../log.js'
import { logPhases, phase } from '../phases.js'
import type { Plan } from '../prepare.js'
import { describeRequest } from '../project/version-request.js'
import type { Toolchain } from '../types.js'
import {
  describeCompiler,
  renderRefusal,
  renderSummary,
  verdict,
  type BuiltReport,
  type SummaryInput
} from './summary.js'

/** How far the run got, filled in as the stages pass. */
export interface Progress {
  /** Set once every input and project file passed its checks. */
  plan?: Plan
  toolchain?: Toolchain
  /** The Mojo dependencies fetched from what the pixi files name, once fetched. */
  fetched?: ExternalPackage[]
  compiled?: boolean
  built?: BuiltReport
  /** The release checklist's findings so far, each stage adding its own (none for a setup step). */
  findings: Finding[]
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error))

function summaryInput(progress: Progress, plan: Plan, failure: unknown): SummaryInput {
  const compiler = {
    request: describeRequest(plan.pin.request),
    origin: plan.pin.origin,
    toolchain: progress.toolchain
  }
  const asFar = plan.project.packages.map((p) => ({
    name: p.name,
    relDir: p.relDir,
    ...(progress.compiled
      ? { state: 'built' as const }
      : { state: 'not built' as const, reason: 'the step failed before compiling' })
  }))
  return {
    version: plan.version,
    compiler,
    packages: failure instanceof CompileError ? failure.packages : asFar,
    failure: failure === undefined ? undefined : messageOf(failure),
    checklist: plan.release ? progress.findings : undefined,
    changelog: plan.release?.changelog,
    fetched: progress.fetched,
    built: progress.built
  }
}

export async function report(progress: Progress, failure: unknown): Promise<void> {
  const { plan } = progress
  // Before a plan there is nothing to summarise (the error names the input or file to fix), and a setup
  // step that passed has nothing to report.
  const summary =
    plan && (plan.building || failure !== undefined) ? summaryInput(progress, plan, failure) : undefined
  const markdown = summary
    ? renderSummary(summary)
    : failure !== undefined
      ? renderRefusal(messageOf(failure))
      : undefined
  if (markdown !== undefined) {
    // The summary only reports: failing to write it cannot fail the step.
    await phase('summary', () => core.summary.addRaw(markdown).write()).catch((error: unknown) =>
      core.warning(`Could not write the job summary: ${messageOf(error)}`)
    )
  }
  logPhases()
  if (summary) core.info(untrusted(verdict(summary)))
  if (failure === undefined) return
  // Our own errors carry the fix in their message; anything else is a bug: keep its stack in the log.
  if (!(failure instanceof ActionError) && failure instanceof Error && failure.stack)
    core.debug(failure.stack)
  const named =
    summary && !(failure instanceof ToolchainError) ? ` (${describeCompiler(summary.compiler)})` : ''
  core.setFailed(`${messageOf(failure)}${named}`)
}

/**
 * How a compile is reported: annotations within what GitHub keeps, a count line in the log, and what
 * became of each package when a build fails (for the job summary).
 */
import * as core from '@actions/core'
import { annotate } from '../annotate.js'
import { untrusted } from '../log.js'
import { transitiveDependencies } from '../project/plan.js'
import type { PackageSpec } from '../project/package-spec.js'
import type { PackageResult } from '../types.js'
import {
  capAnnotations,
  errorLines,
  toAnnotations,
  type Annotation,
  type AnnotationCounts,
  type Diagnostic
} from './diagnostics.js'

/** The log group that holds a package's whole compiler output. */
export function compileLogGroup(command: string, relDir: string): string {
  return `mojo ${command} ${relDir}`
}

/** `1,148 errors`, `1 warning`. */
export const countOf = (n: number, what: string): string =>
  `${n.toLocaleString('en-US')} ${what}${n === 1 ? '' : 's'}`

/** `data: 1,148 errors (3 annotated); every diagnostic is in the log group '...'`, or undefined when there were none. */
export function annotationCountLine(
  pkg: string,
  all: Annotation[],
  annotated: Annotation[],
  logGroup: string
): string | undefined {
  const parts = (['error', 'warning'] as const).flatMap((level) => {
    const total = all.filter((a) => a.level === level).length
    const shown = annotated.filter((a) => a.level === level).length
    return total === 0 ? [] : [`${countOf(total, level)} (${shown} annotated)`]
  })
  if (parts.length === 0) return undefined
  return `${pkg}: ${parts.join(', ')}; every diagnostic is in the log group '${logGroup}'`
}

/** What this step has annotated so far: GitHub's limit is per step, and the step is this process. */
const emitted: AnnotationCounts = { error: 0, warning: 0 }

/** Annotates one package's diagnostics within the caps, and logs how many there were. */
export function annotateCompile(
  diagnostics: Diagnostic[],
  options: { workspace: string; cwd: string; pkg: string; logGroup: string }
): void {
  const all = toAnnotations(diagnostics, options)
  const annotated = capAnnotations(all, emitted)
  for (const a of annotated) {
    emitted[a.level]++
    annotate(a.level, a.message, a.properties)
  }
  const line = annotationCountLine(options.pkg, all, annotated, options.logGroup)
  if (line) core.info(untrusted(line))
}

/** One compile as `compilePackages` ran it: `root` is the folder its paths are relative to. */
export interface CompileOutcome {
  spec: PackageSpec
  ok: boolean
  exit: string
  root: string
  diagnostics: Diagnostic[]
}

/** Every planned package's result, in plan order, from the compiles that ran before the build stopped. */
export function packageResults(
  plan: PackageSpec[][],
  ran: CompileOutcome[],
  command: string
): PackageResult[] {
  const all = plan.flat()
  const failed = ran.filter((r) => !r.ok).map((r) => r.spec)
  return all.map((spec): PackageResult => {
    const base = { name: spec.name, relDir: spec.relDir }
    const run = ran.find((r) => r.spec === spec)
    if (run?.ok) return { ...base, state: 'built' }
    if (run) {
      const errors = errorLines(run.diagnostics, run.root, run.root)
      const logGroup = compileLogGroup(command, spec.relDir)
      return { ...base, state: 'failed', errors, exit: run.exit, logGroup }
    }
    const needs = transitiveDependencies(spec, all)
    const blocking = failed.filter((f) => needs.includes(f.import)).map((f) => f.name)
    const reason =
      blocking.length > 0
        ? `depends on ${blocking.join(', ')}, which failed`
        : `the build stopped when ${failed.map((f) => f.name).join(', ')} failed`
    return { ...base, state: 'not built', reason }
  })
}

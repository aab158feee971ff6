/**
 * Turns a failed check's output (compiler diagnostics, a runtime exception, a command's output) into a
 * one-line reason that names the package and the symbol, import or file, followed by the compiler's own
 * message. Pure: what it needs to know about the workspace comes in as lookups.
 */
import { parseDiagnostics, type Diagnostic } from '../compile/diagnostics.js'

/** The driver's summary after a real error: says nothing the first error does not. */
const GENERIC =
  /^(failed to parse the provided Mojo source module|execution exited with a non-zero result: \d+)$/

/** What the explanation may ask about the workspace and the check. */
export interface FailureContext {
  /** Who failed: a package's import name, `bundle ml-odyssey-0.1.0`, `verify-script tests/x.mojo`. */
  subject: string
  /** Import name -> workspace-relative manifest, for every package built in this run. */
  built: Map<string, string | undefined>
  /** Import names installed in the clean folder for this check. */
  installed: Set<string>
  /** The package imported on a line of the check program (names the package in a bundle check). */
  packageAt?: (file: string, line: number) => string | undefined
  /** Workspace-relative path of a source-tree module `name` (`shared/helpers.mojo`), if one exists. */
  sourceModule: (name: string) => string | undefined
  /** Whether `p` (as a program printed it) names a file of the workspace's source tree. */
  isSourceFile: (p: string) => boolean
}

function quoted(message: string): string[] {
  return [...message.matchAll(/'([^']+)'/g)].map((m) => m[1])
}

function explainDiagnostic(d: Diagnostic, ctx: FailureContext): string | undefined {
  const who = (d.file && d.line !== undefined && ctx.packageAt?.(d.file, d.line)) || ctx.subject
  const compiler = `(error: ${d.message})`
  const missingSymbol = /^package '([^']+)' does not contain '([^']+)'/.exec(d.message)
  if (missingSymbol) {
    return `${missingSymbol[1]}: symbol '${missingSymbol[2]}' is not exported ${compiler}`
  }
  const missingModule = /^unable to locate module '([^']+)'/.exec(d.message)
  if (missingModule) {
    const name = missingModule[1]
    if (ctx.built.has(name) && !ctx.installed.has(name)) {
      const manifest = ctx.built.get(who)
      return `${who}: imports '${name}', which is not a declared dependency: add it to [dependencies] in ${manifest ?? `the mojo.toml of ${who}`} ${compiler}`
    }
    const source = ctx.sourceModule(name)
    if (source !== undefined) {
      return `${who}: imports '${name}', a file of the source tree (${source}) that no built package provides: move it into the package or make it a package of its own and declare it ${compiler}`
    }
    return `${who}: imports '${name}', which is neither a built package nor part of the standard library ${compiler}`
  }
  return undefined
}

const UNHANDLED = /^Unhandled exception caught during execution: (.*)$/

/** Reads a runtime failure: a path printed that exists only in the source tree, or the uncaught error. */
function explainRuntime(output: string, ctx: FailureContext): string | undefined {
  const lines = output.split('\n').map((l) => l.trim())
  for (const line of lines) {
    const file = quoted(line).find((q) => ctx.isSourceFile(q))
    if (file !== undefined) {
      const message = UNHANDLED.exec(line)?.[1] ?? line
      return `${ctx.subject}: reads '${file}', a file of the source tree that the clean environment does not have (error: ${message})`
    }
  }
  const raised = lines.map((l) => UNHANDLED.exec(l)?.[1]).find((m) => m !== undefined)
  return raised === undefined ? undefined : `${ctx.subject}: raised an error: ${raised}`
}

/** The reason for a failed check; `exit` says how the child ended (`exit code 1`, `killed by SIGSEGV`). */
export function explainFailure(output: string, exit: string, ctx: FailureContext): string {
  const errors = parseDiagnostics(output).filter((d) => d.severity === 'error' && !GENERIC.test(d.message))
  const crashed = exit.startsWith('killed') ? ` (the compiler crashed: ${exit})` : ''
  const explained = [...new Set(errors.map((d) => explainDiagnostic(d, ctx)).filter((r) => r !== undefined))]
  if (explained.length > 0) return explained.join('; ') + crashed
  const runtime = explainRuntime(output, ctx)
  if (runtime !== undefined) return runtime
  if (errors.length > 0) return `${ctx.subject}: error: ${errors[0].message}${crashed}`
  const last = output
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .pop()
  return `${ctx.subject}: failed with ${exit}${last ? `: ${last}` : ''}`
}

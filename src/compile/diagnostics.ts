/**
 * Pure parsing of the Mojo compiler's diagnostics (stderr), and their translation into GitHub
 * annotations. What the compilers print (1.2.0 and 0.26.2.0, captured in __tests__/compile/fixtures):
 *
 *   Included from /ws/shared/data/__init__.mojo:1:          (0.26: the file that pulled the next one in)
 *   /ws/shared/data/dataset.mojo:14:19: error: no matching function in initialization
 *       return Dataset(size, 7)                             (source line, then a caret line)
 *   Mojo/stdlib/std/builtin/len.mojo:147:1: note: ...      (notes follow their error; stdlib paths are relative)
 *   /path/bin/mojo: error: failed to parse the provided Mojo source module   (the driver's own)
 */
import path from 'node:path'

type Severity = 'error' | 'warning' | 'note'

export interface Diagnostic {
  severity: Severity
  message: string
  /** As printed: absolute, or relative to the compiler's working folder. Absent for the driver's own. */
  file?: string
  line?: number
  /** Notes may lack it. */
  column?: number
  /** The `Included from` / `Imported from` file:line printed before it. */
  via?: string
  /** Notes that followed this error or warning. */
  notes: Diagnostic[]
}

const LOCATED = /^(.+?):(\d+):(?:(\d+):)? (error|warning|note): (.*)$/
const DRIVER = /^(?:.*mojo(?:\.exe)?: )?(error|warning): (.*)$/
const VIA = /^(?:Included|Imported) from (.+:\d+):$/

export function parseDiagnostics(stderr: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = []
  let via: string | undefined
  for (const line of stderr.split(/\r?\n/)) {
    const from = VIA.exec(line)
    if (from) {
      via = from[1]
      continue
    }
    let diagnostic: Diagnostic | undefined
    const located = LOCATED.exec(line)
    const driver = located ? null : DRIVER.exec(line)
    if (located) {
      const [, file, row, column, severity, message] = located
      diagnostic = {
        severity: severity as Severity,
        message,
        file,
        line: Number(row),
        column: column === undefined ? undefined : Number(column),
        via,
        notes: []
      }
    } else if (driver) {
      diagnostic = { severity: driver[1] as Severity, message: driver[2], notes: [] }
    }
    if (!diagnostic) continue
    via = undefined
    const previous = diagnostics.at(-1)
    if (diagnostic.severity === 'note' && previous) previous.notes.push(diagnostic)
    else diagnostics.push(diagnostic)
  }
  return diagnostics
}

/** The driver's closing line after any located error: it says nothing the errors did not. */
const GENERIC = /^failed to parse the provided Mojo source module$/

export interface Annotation {
  level: 'error' | 'warning'
  message: string
  properties: { title: string; file?: string; startLine?: number; startColumn?: number }
}

/** `file` relative to the workspace (POSIX), or undefined when it is not inside it (e.g. the stdlib). */
export function workspaceFile(file: string, workspace: string, cwd: string): string | undefined {
  const rel = path.relative(workspace, path.resolve(cwd, file))
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined
  return rel.split(path.sep).join('/')
}

/** `shared/data/dataset.mojo:14:19`, relative to the workspace when it is inside it. */
export function location(d: Diagnostic, workspace: string, cwd: string): string | undefined {
  if (d.file === undefined) return undefined
  const file = workspaceFile(d.file, workspace, cwd) ?? d.file
  return [file, d.line, d.column].filter((part) => part !== undefined).join(':')
}

/**
 * The errors and warnings worth reporting, notes in their error. The driver's closing line counts only
 * when no located error explains the failure.
 */
function reported(diagnostics: Diagnostic[]): Diagnostic[] {
  const locatedErrors = diagnostics.some((d) => d.severity === 'error' && d.file !== undefined)
  return diagnostics
    .filter((d) => d.severity !== 'note')
    .filter((d) => !(d.file === undefined && locatedErrors && GENERIC.test(d.message)))
}

/**
 * Annotations for the errors and warnings of one package's compile (`title` names the package).
 * Notes join their error's message; a diagnostic outside the workspace is annotated without a file.
 */
export function toAnnotations(
  diagnostics: Diagnostic[],
  options: { workspace: string; cwd: string; pkg: string }
): Annotation[] {
  const { workspace, cwd, pkg } = options
  return reported(diagnostics).map((d) => {
    const level = d.severity as Annotation['level']
    const file = d.file === undefined ? undefined : workspaceFile(d.file, workspace, cwd)
    const notes = d.notes.map((n) => `\nnote: ${location(n, workspace, cwd)}: ${n.message}`).join('')
    const where = d.file !== undefined && file === undefined ? `${location(d, workspace, cwd)}: ` : ''
    const properties: Annotation['properties'] = { title: `Mojo compile ${level} (${pkg})` }
    if (file !== undefined) Object.assign(properties, { file, startLine: d.line, startColumn: d.column })
    return { level, message: `${where}${d.message}${notes}`, properties }
  })
}

export type AnnotationCounts = Record<Annotation['level'], number>

/**
 * GitHub keeps 10 error and 10 warning annotations per step and drops the rest, so one package with
 * a thousand errors would hide why the others failed. Each level gets its own budget (a warning never
 * takes an error's place): the first 3 of a package (later ones often follow from them), 10 a step.
 */
const ANNOTATION_CAPS = { perPackage: 3, perStep: 10 }

/** The annotations of one package to emit, when the step has emitted `emitted` of each level so far. */
export function capAnnotations(annotations: Annotation[], emitted: AnnotationCounts): Annotation[] {
  const taken: AnnotationCounts = { error: 0, warning: 0 }
  return annotations.filter((a) => {
    const keep =
      taken[a.level] < ANNOTATION_CAPS.perPackage &&
      emitted[a.level] + taken[a.level] < ANNOTATION_CAPS.perStep
    if (keep) taken[a.level]++
    return keep
  })
}

/**
 * Every error of a compile as one line each (`file:line:col: message`, relative to the workspace),
 * located ones first: the driver's own say less.
 */
export function errorLines(diagnostics: Diagnostic[], workspace: string, cwd: string): string[] {
  const errors = reported(diagnostics).filter((d) => d.severity === 'error')
  return [...errors.filter((d) => d.file !== undefined), ...errors.filter((d) => d.file === undefined)].map(
    (d) => {
      const where = location(d, workspace, cwd)
      return where === undefined ? d.message : `${where}: ${d.message}`
    }
  )
}

/** One line for an error message: the first error, located (`file:line:col: message`). */
export function firstError(diagnostics: Diagnostic[], workspace: string, cwd: string): string | undefined {
  return errorLines(diagnostics, workspace, cwd).at(0)
}
